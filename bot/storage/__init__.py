"""The record of what people ask and what the bot answers, and the feedback on it.

SQLAlchemy over SQLite (default, one file in the data directory: config.data_dir) or PostgreSQL
(DATABASE_URL), with Alembic migrations shipped in `migrations/`. Adapters use
a `Recorder` (non-blocking writes) and `StoredChatSettings`; the command line
uses `Store`, `stats`, `export` and `retention`.
"""
from __future__ import annotations

from .chat_settings import StoredChatSettings
from .config import database_url, retention_days
from .recorder import Recorder
from .store import Store

__all__ = ["Recorder", "Store", "StoredChatSettings", "database_url", "record_notice", "retention_days",
           "engine_options"]


def record_notice(days: int) -> str:
    """What the bot keeps and for how long, in one paragraph for /help."""
    return (f"To improve its answers this bot records, for {days} days, the questions it is asked "
            "(without any that contain a recovery phrase or key), what it answered, the buttons "
            "pressed and the \"Did this help?\" votes. Chat and user ids are kept only as keyed "
            "hashes; names and usernames are not kept.")


def engine_options(recorder: Recorder) -> dict:
    """The engine options a recorder brings (a reload keeps them): the "Did this help?"
    buttons, whose votes it counts (in memory while the database is down), and the help
    paragraph on what is kept, when the record is really written."""
    options: dict = {"feedback": True}
    if recorder.enabled:
        options["record_notice"] = record_notice(recorder.store.retention_days)
    return options
