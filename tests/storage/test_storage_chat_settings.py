"""Per-chat settings (auto-answer, link guard) persist across restarts, keyed by hashed chat."""
from __future__ import annotations

from sqlalchemy import select

from bot.core.chat_settings import Settings
from bot.storage import Recorder, Store, StoredChatSettings
from bot.storage.models import ChatSetting


def test_settings_survive_a_restart(db_url, env):
    """An admin's switches are back after a restart; other chats keep the defaults."""
    first = Recorder(Store.open(db_url, env), purge_every=None)
    settings = StoredChatSettings(first)
    settings.set("telegram", -100123, autoanswer=True)
    settings.set("discord", 777, linkguard=True)
    settings.set("discord", 777, autoanswer=True)
    assert first.flush()
    first.close()

    again = Recorder(Store.open(db_url, env), purge_every=None)
    try:
        restored = StoredChatSettings(again)
        assert restored.get("telegram", -100123) == Settings(autoanswer=True, linkguard=False)
        assert restored.get("discord", 777) == Settings(autoanswer=True, linkguard=True)
        assert restored.get("telegram", 777) == Settings()  # same id, other platform
        assert restored.get("telegram", -1) == Settings()
    finally:
        again.close()


def test_stored_settings_hold_no_raw_chat_id(store):
    """The table keeps a keyed hash of the chat, never the id itself."""
    r = Recorder(store, purge_every=None)
    StoredChatSettings(r).set("telegram", -1005550001, linkguard=True)
    assert r.flush()
    with store.session() as s:
        [row] = s.scalars(select(ChatSetting))
    assert row.chat == store.chat_ref("telegram", -1005550001) and "5550001" not in row.chat
    r.close()


def test_without_a_database_settings_still_work_in_memory():
    """With recording off (database down), settings behave as before, for this run."""
    r = Recorder(None)
    settings = StoredChatSettings(r)
    assert settings.set("telegram", 1, autoanswer=True).autoanswer
    assert settings.get("telegram", 1).autoanswer and not settings.get("telegram", 2).autoanswer


def test_protection_settings_survive_a_restart(db_url, env):
    """Community protection switches (issue 14) persist like the others; untouched ones keep defaults."""
    first = Recorder(Store.open(db_url, env), purge_every=None)
    settings = StoredChatSettings(first)
    settings.set("telegram", -100124, impersonation_action="restrict", hijack_delete=True)
    settings.set("discord", 778, impersonation=False, joinnotice=True, hijack=False)
    assert first.flush()
    first.close()

    again = Recorder(Store.open(db_url, env), purge_every=None)
    try:
        restored = StoredChatSettings(again)
        tg = restored.get("telegram", -100124)
        assert (tg.impersonation, tg.impersonation_action, tg.hijack, tg.hijack_delete, tg.joinnotice) == \
            (True, "restrict", True, True, False)
        dc = restored.get("discord", 778)
        assert (dc.impersonation, dc.impersonation_action, dc.hijack, dc.joinnotice) == (False, "report", False, True)
    finally:
        again.close()


def test_rows_from_before_the_protection_columns_read_as_defaults(store):
    """A row written before migration 0003 (NULL columns) keeps its switches and gets the defaults."""
    from datetime import datetime

    with store.session() as s:
        s.add(ChatSetting(platform="telegram", chat=store.chat_ref("telegram", -7), autoanswer=True,
                          linkguard=True, updated=datetime(2026, 1, 1)))
        s.commit()
    r = Recorder(store, purge_every=None)
    assert StoredChatSettings(r).get("telegram", -7) == Settings(autoanswer=True, linkguard=True)
    r.close()
