"""Schema migrations (Alembic, shipped in this package), applied under a lock.

`python -m bot migrate` and every bot start call `upgrade`: the first worker to
get the lock migrates, the others wait and then find nothing left to do.
"""
from __future__ import annotations

import fcntl
import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

log = logging.getLogger("bnb_route.storage")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# any fixed number: PostgreSQL advisory locks are named by integers ("bnbroute" in ASCII)
PG_LOCK_KEY = 0x626E62726F757465


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    # configparser interpolates '%': a folder name may hold one
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> str | None:
    """Bring the schema to the newest revision; the revision it is at afterwards."""
    with _migration_lock(engine) as conn:
        command.upgrade(alembic_config(conn), "head")
        return MigrationContext.configure(conn).get_current_revision()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection holding the deployment-wide migration lock: a PostgreSQL advisory
    lock (every machine), or a lock file beside a SQLite database (one machine)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            if not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": PG_LOCK_KEY}).scalar():
                log.warning("storage: waiting for the migration lock (PostgreSQL advisory lock %d: another "
                            "process is migrating the database, or is stuck holding it)", PG_LOCK_KEY)
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_LOCK_KEY})
            conn.commit()  # a session-level lock outlives the transaction; Alembic opens its own
            try:
                yield conn
            finally:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_LOCK_KEY})
                conn.commit()
            return
        database = engine.url.database if conn.dialect.name == "sqlite" else None
        if not database or database == ":memory:" or database.startswith("file:"):
            yield conn
            return
        with open(f"{database}.migrate-lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning("storage: waiting for the migration lock %s.migrate-lock (another process "
                            "is migrating the database, or is stuck holding it)", database)
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield conn
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
