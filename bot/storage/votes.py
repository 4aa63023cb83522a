"""Counting a "Did this help?" vote in the database: once per voter per answer,
across restarts and workers (the unique key settles two presses at once)."""
from __future__ import annotations

from datetime import datetime
from typing import Hashable

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.core.feedback import COUNTED, DUPLICATE, REASON_ADDED, AnswerRef, Cast, Vote, decide, tally_of

from .models import Vote as VoteRow
from .store import Store


def cast_vote(store: Store, answer: AnswerRef, voter: Hashable, vote: Vote, at: datetime) -> Cast:
    message = store.message_ref(answer.platform, answer.chat, answer.message)
    who = store.user_ref(answer.platform, voter)
    same_answer = (VoteRow.message == message, VoteRow.entry == vote.entry)
    with store.session() as session:
        votes = {row.voter: (row.helped, row.reason) for row in session.execute(
            select(VoteRow.voter, VoteRow.helped, VoteRow.reason).where(*same_answer))}
        status = decide(votes.get(who), vote)
        if status == COUNTED:
            session.add(VoteRow(at=at, platform=answer.platform[:16], message=message, entry=vote.entry,
                                voter=who, helped=vote.helped, reason=vote.reason))
            votes[who] = (vote.helped, vote.reason)
        elif status == REASON_ADDED:
            changed = session.execute(update(VoteRow).where(
                *same_answer, VoteRow.voter == who, VoteRow.reason.is_(None)).values(reason=vote.reason))
            if changed.rowcount:
                votes[who] = (False, vote.reason)
            else:  # a second press of a reason beat this one to it
                status = DUPLICATE
        try:
            session.commit()
        except IntegrityError:  # the same voter's other press won the race
            session.rollback()
            rows = session.execute(select(VoteRow.helped, VoteRow.reason).where(*same_answer)).all()
            return Cast(DUPLICATE, tally_of(rows))
    return Cast(status, tally_of(votes.values()))
