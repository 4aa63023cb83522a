"""Replies a stop left unsent: kept in the database, taken back once at the next start, and
sent only while fresh; a migration lock someone holds is said, and a database that comes
back after a failed start is used again."""
from __future__ import annotations

import fcntl
import logging
import threading
import time

from bot.core.delivery import NOTICE, Outgoing
from bot.storage import Recorder, Store
from bot.storage.outbox import OutboxStore

HASH_KEY = "test-hash-key-not-a-real-secret"


def test_storage_outbox_keeps_replies_until_the_next_start(db_url):
    """What is kept comes back once, in order, buttons and quoting intact; stale ones apart."""
    store = Store.open(db_url, {"BOT_HASH_KEY": HASH_KEY})
    try:
        kept = OutboxStore(store, max_age=900)
        now = time.time()
        buttons = {"inline_keyboard": [[{"text": "Dismiss", "callback_data": "x"}]]}
        assert kept.keep("telegram", [
            Outgoing(-1001000000001, "<b>first</b>", reply_to=5, topic=7, markup=buttons, created=now - 10),
            Outgoing(1001, "plain line", kind=NOTICE, html=False, created=now - 5),
            Outgoing(1001, "too old", created=now - 3600)]) == 3
        kept.keep("discord", [Outgoing(800000000000000001, "other platform")])
        fresh, stale = kept.take("telegram", now)
        assert [(i.chat, i.text, i.reply_to, i.topic, i.markup, i.kind, i.html) for i in fresh] == [
            (-1001000000001, "<b>first</b>", 5, 7, buttons, "answer", True),
            (1001, "plain line", None, None, None, NOTICE, False)]
        assert [i.text for i in stale] == ["too old"]
        assert abs(fresh[0].created - (now - 10)) < 1
        assert kept.take("telegram", now) == ([], [])  # taken once
        assert [i.text for i in kept.take("discord", now)[0]] == ["other platform"]
    finally:
        store.close()


def test_storage_migration_lock_held_elsewhere_is_said(tmp_path, caplog):
    """A start that finds the migration lock taken says so at once, then goes on when it is free."""
    database = tmp_path / "data" / "bot.db"
    database.parent.mkdir(parents=True)
    holder = open(f"{database}.migrate-lock", "a")
    fcntl.flock(holder, fcntl.LOCK_EX)
    opened = []
    thread = threading.Thread(target=lambda: opened.append(Store.open(f"sqlite:///{database}", {})))
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while "waiting for the migration lock" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "waiting for the migration lock" in caplog.text and not opened
    finally:
        fcntl.flock(holder, fcntl.LOCK_UN)
        holder.close()
        thread.join(30)
    assert opened
    opened[0].close()


def test_storage_recording_comes_back_with_the_database(tmp_path, caplog):
    """A database that was down at start is tried again; once it opens, recording is on."""
    caplog.set_level(logging.INFO)
    attempts = []
    url = f"sqlite:///{tmp_path / 'data' / 'bot.db'}"

    def opener():
        attempts.append(1)
        if len(attempts) < 3:
            raise OSError("connection refused")
        return Store.open(url, {"BOT_HASH_KEY": HASH_KEY})

    recorder = Recorder(None)
    recorder.reopen_later(opener, every=0.01)
    try:
        deadline = time.monotonic() + 30
        while not recorder.enabled and time.monotonic() < deadline:
            time.sleep(0.01)
        assert recorder.enabled and len(attempts) == 3
        assert "recording is on" in caplog.text
    finally:
        recorder.close()
