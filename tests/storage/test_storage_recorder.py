"""The record of interactions: what is kept, what never is, and that answering never waits."""
from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace

from mnemonic import Mnemonic
from sqlalchemy import select, text

from bot.core.engine import Engine
from bot.storage import Recorder, Store
from bot.storage.hashing import KEY_SETTING
from bot.storage.models import QUESTION_MAX, Interaction, Setting

# a checksum-valid BIP39 phrase (entropy 00 01 .. 0f): the safety guard must flag it
SEED = Mnemonic("english").to_mnemonic(bytes(range(16)))


def rows(store):
    with store.session() as s:
        return list(s.scalars(select(Interaction).order_by(Interaction.id)))


def test_an_answer_is_recorded_with_hashed_chat(recorder, store, engine):
    """A question's decision, entry, score and text are kept; the chat id only as a hash."""
    reply = replace(engine.open("add-bsc-network"), decision="answer", match=engine.match("chain id of bsc"))
    recorder.interaction("telegram", -1001234567890, reply, question="how do i add bnb smart chain to metamask, chain id?",
                         message=77)
    assert recorder.flush()
    [row] = rows(store)
    assert (row.platform, row.source, row.decision, row.entry) == ("telegram", "question", "answer", "add-bsc-network")
    assert row.score == round(reply.match.score, 4) > 0 and row.route == "add-bsc-network"
    assert row.question.startswith("how do i add bnb smart chain")
    assert "1234567890" not in row.chat and len(row.chat) == 32
    assert row.chat == store.chat_ref("telegram", -1001234567890) != store.chat_ref("discord", -1001234567890)


def test_long_and_odd_questions_are_truncated_and_storable(recorder, store, engine):
    """100 kB, NUL bytes and lone surrogates are stored as at most 500 clean characters."""
    odd = "where is my bnb \x00 \ud800 " + "x" * 100_000
    recorder.interaction("discord", 5, engine.ask(odd), question=odd, message=1)
    assert recorder.flush()
    [row] = rows(store)
    assert len(row.question) <= QUESTION_MAX and "\x00" not in row.question
    assert row.question.startswith("where is my bnb")


def test_a_question_holding_a_secret_is_kept_without_its_text(recorder, store, engine):
    """A recovery phrase is never stored: the row says 'secret' and has no text."""
    question = f"is this ok? {SEED}"
    reply = engine.ask(question)
    assert reply.kind == "secret"
    recorder.interaction("telegram", 1, reply, question=question, message=2)
    assert recorder.flush()
    [row] = rows(store)
    assert row.decision == "secret" and row.question is None and row.entry is None
    assert "liar" not in repr([(r.question, r.route) for r in rows(store)])


def test_the_recorders_own_guard_drops_secret_text(store, content, engine):
    """Text the guard flags is dropped even when the reply came from an engine without a guard."""
    unguarded = Engine(content, matcher=engine.matcher)
    question = f"my words are {SEED} where is my bnb"
    reply = unguarded.ask(question)
    assert reply.kind != "secret" and engine.guard(question)
    r = Recorder(store, guard=engine.guard, purge_every=None)
    r.interaction("telegram", 1, reply, question=question, message=3)
    assert r.flush()
    r.close()
    assert [row.question for row in rows(store)] == [None]


def test_route_through_buttons_is_recorded(recorder, store, engine):
    """Presses on one message extend its route: start > exchange-wallet > an entry."""
    menu = engine.open("start")
    recorder.interaction("telegram", 9, menu, message=10, via="button")
    step = engine.press("go:exchange-wallet")
    recorder.interaction("telegram", 9, step, message=10, via="button")
    leaf = engine.press("go:withdraw-from-exchange")
    recorder.interaction("telegram", 9, leaf, message=10, via="button")
    recorder.interaction("telegram", 9, engine.open("start"), message=11, via="button")
    assert recorder.flush()
    got = [(r.source, r.decision, r.entry, r.route) for r in rows(store)]
    assert got == [("button", "open", None, "start"),
                   ("button", "open", None, "start>exchange-wallet"),
                   ("button", "open", "withdraw-from-exchange", "start>exchange-wallet>withdraw-from-exchange"),
                   ("button", "open", None, "start")]


def test_writes_wait_in_the_background_not_on_the_caller(tmp_path, engine, env):
    """While another process holds the SQLite file locked, recording returns at once and the
    rows arrive after the lock is released."""
    path = tmp_path / "locked.db"
    store = Store.open(f"sqlite:///{path}", env)
    r = Recorder(store, purge_every=None)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        for i in range(50):
            r.interaction("telegram", 1, engine.ask("gas fees on bsc?"), question="gas fees on bsc?", message=i)
        assert rows_count_raw(blocker) == 0  # nothing could be written yet, and nobody waited
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    assert r.flush()
    assert len(rows(store)) == 50
    r.close()


def rows_count_raw(conn) -> int:
    return conn.execute("SELECT count(*) FROM interactions").fetchone()[0]


def test_a_broken_database_costs_one_log_line_not_an_answer(store, engine, caplog):
    """With the table gone, recording neither raises nor floods the log."""
    r = Recorder(store, purge_every=None)
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE interactions"))
    caplog.set_level(logging.WARNING, logger="bnb_route.storage")
    for i in range(20):
        r.interaction("telegram", 1, engine.ask("gas fees?"), question="gas fees?", message=i)
        assert r.flush()
    warnings = [rec for rec in caplog.records if rec.name == "bnb_route.storage"]
    assert len(warnings) == 1 and "carries on" in warnings[0].getMessage()
    assert "gas fees" not in warnings[0].getMessage()  # no SQL parameters (question text) in logs
    assert r.dropped == 20
    r.close()


def test_a_full_queue_drops_records_instead_of_waiting(tmp_path, engine, env, caplog):
    """Past the queue's size, records are dropped and counted; the caller never blocks."""
    path = tmp_path / "full.db"
    store = Store.open(f"sqlite:///{path}", env)
    r = Recorder(store, maxsize=3, purge_every=None)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        for i in range(20):
            r.interaction("telegram", 1, engine.open("start"), message=i, via="button")
        assert r.dropped >= 20 - 3 - 1  # the writer may hold one batch while it waits for the lock
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    assert r.flush()
    r.close()


def test_unreachable_database_means_no_recording_and_no_crash(engine, caplog):
    """A bot whose database is down at start answers anyway: one error line, recording off."""
    caplog.set_level(logging.ERROR, logger="bnb_route.storage")
    r = Recorder.start("postgresql+psycopg://bot:hunter2@127.0.0.1:1/none", env={})
    assert not r.enabled
    r.interaction("telegram", 1, engine.ask("gas fees?"), question="gas fees?", message=1)
    assert r.flush()
    [line] = [rec.getMessage() for rec in caplog.records if rec.name == "bnb_route.storage"]
    assert "recording is off" in line and "hunter2" not in line
    r.close()


def test_hashes_are_stable_across_restarts_with_a_generated_key(db_url):
    """Without BOT_HASH_KEY a key is generated once and kept, so a restart hashes alike."""
    first = Store.open(db_url, {})
    ref = first.chat_ref("discord", 123)
    first.close()
    again = Store.open(db_url, {})
    try:
        assert again.chat_ref("discord", 123) == ref
        with again.session() as s:
            assert s.scalar(select(Setting.value).where(Setting.key == KEY_SETTING))
    finally:
        again.close()


def test_a_configured_key_is_used_and_never_stored(db_url):
    """BOT_HASH_KEY decides the hashes and is not written to the database."""
    a = Store.open(db_url, {"BOT_HASH_KEY": "key-one"})
    b = Store.open(db_url, {"BOT_HASH_KEY": "key-two"})
    try:
        assert a.user_ref("telegram", 5) != b.user_ref("telegram", 5)
        with a.session() as s:
            kept = list(s.scalars(select(Setting.value)))
        assert "key-one" not in kept and "key-two" not in kept
        assert "key-one" not in repr(a.hasher)
    finally:
        a.close()
        b.close()


def test_a_64_hex_string_is_never_stored():
    """A bare 64-hex string (maybe a tx hash, maybe a key) is redacted before storage."""
    from bot.storage.recorder import keepable_question

    key = "ab" * 32
    stored = keepable_question(f"is this ok 0x{key} ? and {key.upper()}")
    assert key not in stored.lower() and stored.count("[64-hex]") == 2
