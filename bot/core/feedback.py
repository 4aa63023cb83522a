"""The "Did this help?" buttons under answers, and counting each voter once.

Platform-neutral, like the engine. Feedback actions are compact and stateless
like the navigation ones: "fb:<entry-id>:y" (helped), "fb:<entry-id>:n" (didn't
help), and the reasons "fb:<entry-id>:wrong" (wrong topic) and
"fb:<entry-id>:unsolved" (right topic, didn't solve it); the longest is 52 bytes,
inside Telegram's 64-byte callback data even with a platform prefix.

Voting is not navigation: anyone who sees an answer may vote on it, once. The
buttons every viewer shares show the counts, and the reasons appear after the
first "didn't help", so the question "why?" reaches whoever said no on every
platform, also where a bot cannot show one person their own buttons.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Hashable, Protocol

from .content import ID_RE

HELPED_LABEL = "👍 Helped"
NOT_HELPED_LABEL = "👎 Didn't help"
WRONG_LABEL = "Wrong topic"
UNSOLVED_LABEL = "Right topic, didn't solve it"

YES, NO, WRONG, UNSOLVED = "y", "n", "wrong", "unsolved"
REASONS = (WRONG, UNSOLVED)
CHOICES = (YES, NO, *REASONS)

# what the voter is told, privately where the platform allows (toast, ephemeral, console)
THANKS = "Thanks for the feedback!"
ASK_WHY = "Thanks. What went wrong? Pick a reason below the answer."
THANKS_REASON = "Thanks, noted. The moderators read these to improve the answers."
ALREADY = "You already voted on this answer."

# cast outcomes
COUNTED, REASON_ADDED, DUPLICATE = "counted", "reason", "duplicate"


@dataclass(frozen=True)
class Vote:
    entry: str
    choice: str  # one of CHOICES

    @property
    def helped(self) -> bool:
        return self.choice == YES

    @property
    def reason(self) -> str | None:
        return self.choice if self.choice in REASONS else None


@dataclass(frozen=True)
class Tally:
    """The votes on one answer."""

    yes: int = 0
    no: int = 0  # every "didn't help", with or without a reason
    wrong: int = 0
    unsolved: int = 0


@dataclass(frozen=True)
class Cast:
    status: str  # COUNTED, REASON_ADDED or DUPLICATE
    tally: Tally


@dataclass(frozen=True)
class AnswerRef:
    """Which answer was voted on: the platform's chat and the bot message holding it."""

    platform: str
    chat: Hashable
    message: Hashable


class Ballot(Protocol):
    def cast(self, answer: AnswerRef, voter: Hashable, vote: Vote) -> Cast: ...


def action(entry_id: str, choice: str) -> str:
    return f"fb:{entry_id}:{choice}"


def parse_vote(data: object) -> Vote | None:
    """The vote in well-formed feedback action data; None for anything else (forged, stale)."""
    if not isinstance(data, str) or len(data) > 64:
        return None
    verb, _, rest = data.partition(":")
    entry, _, choice = rest.rpartition(":")
    if verb != "fb" or choice not in CHOICES or not ID_RE.match(entry):
        return None
    return Vote(entry, choice)


def _count(label: str, n: int) -> str:
    return f"{label} · {n}" if n else label


def feedback_rows(entry_id: str, tally: Tally = Tally()) -> tuple[tuple, ...]:
    """The feedback rows under an answer: yes/no with counts, then the reasons once
    somebody said it didn't help. Rows of (label, action) pairs."""
    rows = [((_count(HELPED_LABEL, tally.yes), action(entry_id, YES)),
             (_count(NOT_HELPED_LABEL, tally.no), action(entry_id, NO)))]
    if tally.no:
        rows.append(((_count(WRONG_LABEL, tally.wrong), action(entry_id, WRONG)),
                     (_count(UNSOLVED_LABEL, tally.unsolved), action(entry_id, UNSOLVED))))
    return tuple(rows)


def is_feedback_row(row: tuple) -> bool:
    return bool(row) and all(getattr(b, "action", "").startswith("fb:") for b in row)


def decide(previous: tuple[bool, str | None] | None, vote: Vote) -> str:
    """What a vote does given the voter's earlier vote on the same answer, as
    (helped, reason): one vote per voter, plus one reason after a "didn't help"."""
    if previous is None:
        return COUNTED
    helped, reason = previous
    if not helped and reason is None and vote.reason is not None:
        return REASON_ADDED
    return DUPLICATE


def notice(vote: Vote, status: str) -> str:
    if status == DUPLICATE:
        return ALREADY
    if vote.reason is not None:
        return THANKS_REASON
    return THANKS if vote.helped else ASK_WHY


def tally_of(votes) -> Tally:
    """The tally of (helped, reason) pairs."""
    yes = no = wrong = unsolved = 0
    for helped, reason in votes:
        if helped:
            yes += 1
            continue
        no += 1
        wrong += reason == WRONG
        unsolved += reason == UNSOLVED
    return Tally(yes, no, wrong, unsolved)


class MemoryBallot:
    """Votes kept in memory (the console without a database, or while the database
    is down); forgets the oldest answers past `capacity`."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._answers: OrderedDict[tuple, dict[Hashable, tuple[bool, str | None]]] = OrderedDict()
        self._lock = threading.Lock()

    def cast(self, answer: AnswerRef, voter: Hashable, vote: Vote) -> Cast:
        key = (answer.platform, answer.chat, answer.message, vote.entry)
        with self._lock:
            votes = self._answers.setdefault(key, {})
            self._answers.move_to_end(key)
            while len(self._answers) > self.capacity:
                self._answers.popitem(last=False)
            status = decide(votes.get(voter), vote)
            if status == COUNTED:
                votes[voter] = (vote.helped, vote.reason)
            elif status == REASON_ADDED:
                votes[voter] = (False, vote.reason)
            return Cast(status, tally_of(votes.values()))
