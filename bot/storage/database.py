"""Connecting: one SQLAlchemy engine per process, tuned per database."""
from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from .config import sqlite_file

SQLITE_BUSY_SECONDS = 30  # the other worker may be writing: wait for it rather than fail
PG_CONNECT_SECONDS = 5  # a database that is down must not hold up a vote for long


def make_engine(url: str) -> Engine:
    """An engine for `url`. SQLite: the folder is created, WAL mode so the Telegram
    and Discord workers (and `stats`) share one file; PostgreSQL: psycopg 3."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        file = sqlite_file(parsed)
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS,
                                                     "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args = {"connect_timeout": PG_CONNECT_SECONDS} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # with WAL, NORMAL loses at most the last commits on power loss, never consistency
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
