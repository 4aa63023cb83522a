"""Votes in the database: once per voter per answer, across restarts, never raw ids."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select, text

from bot.core.feedback import ALREADY, ASK_WHY, THANKS, THANKS_REASON, AnswerRef
from bot.storage import Recorder, Store
from bot.storage.models import Vote

ANSWER = AnswerRef("telegram", -1009876543210, 4242)


def votes(store):
    with store.session() as s:
        return list(s.scalars(select(Vote).order_by(Vote.id)))


def test_votes_are_counted_once_per_voter(recorder, store, fb_engine):
    """Yes from two people, a repeat refused, a no with its reason: four rows' worth, three rows."""
    assert fb_engine.vote("fb:gas-fees:y", recorder, ANSWER, 111).notice == THANKS
    assert fb_engine.vote("fb:gas-fees:y", recorder, ANSWER, 111).notice == ALREADY
    assert fb_engine.vote("fb:gas-fees:y", recorder, ANSWER, 222).tally.yes == 2
    assert fb_engine.vote("fb:gas-fees:n", recorder, ANSWER, 333).notice == ASK_WHY
    last = fb_engine.vote("fb:gas-fees:wrong", recorder, ANSWER, 333)
    assert last.notice == THANKS_REASON
    assert (last.tally.yes, last.tally.no, last.tally.wrong) == (2, 1, 1)
    rows = votes(store)
    assert [(r.entry, r.helped, r.reason) for r in rows] == [
        ("gas-fees", True, None), ("gas-fees", True, None), ("gas-fees", False, "wrong")]
    assert {r.voter for r in rows} == {store.user_ref("telegram", u) for u in (111, 222, 333)}
    assert not any("111" in r.voter or "9876543210" in r.message for r in rows)


def test_votes_survive_a_restart(db_url, env, fb_engine):
    """After a restart the counts are still shown and an earlier voter still cannot vote twice."""
    first = Recorder(Store.open(db_url, env), purge_every=None)
    fb_engine.vote("fb:wrong-network:n", first, ANSWER, 1)
    first.close()
    second = Recorder(Store.open(db_url, env), purge_every=None)
    try:
        again = fb_engine.vote("fb:wrong-network:y", second, ANSWER, 1)
        assert again.notice == ALREADY and (again.tally.yes, again.tally.no) == (0, 1)
        other = fb_engine.vote("fb:wrong-network:y", second, ANSWER, 2)
        assert (other.tally.yes, other.tally.no) == (1, 1)
    finally:
        second.close()


def test_simultaneous_presses_by_one_voter_count_once(recorder, store, fb_engine):
    """Eight presses of the same button at once (a double tap, two workers) make one vote."""
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: fb_engine.vote("fb:gas-fees:y", recorder, ANSWER, 7), range(8)))
    assert sorted(r.notice for r in results).count(THANKS) == 1
    assert len(votes(store)) == 1


def test_votes_still_work_while_the_database_is_broken(store, fb_engine, caplog):
    """With the votes table gone, voting answers from memory and logs one line."""
    r = Recorder(store, purge_every=None)
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE votes"))
    caplog.set_level(logging.WARNING, logger="bnb_route.storage")
    assert fb_engine.vote("fb:gas-fees:y", r, ANSWER, 1).notice == THANKS
    assert fb_engine.vote("fb:gas-fees:y", r, ANSWER, 1).notice == ALREADY
    assert fb_engine.vote("fb:gas-fees:y", r, ANSWER, 2).tally.yes == 2
    assert len([rec for rec in caplog.records if rec.name == "bnb_route.storage"]) == 1
    r.close()
