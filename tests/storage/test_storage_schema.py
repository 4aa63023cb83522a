"""The schema: Alembic migrations shipped in the package, applied under a lock."""
from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.storage import Store
from bot.storage.config import database_url, normalise_url, retention_days, safe_url
from bot.storage.database import make_engine
from bot.storage.migrate import current_revision, head_revision, upgrade
from bot.storage.models import Base

TABLES = {"interactions", "votes", "chat_settings", "settings", "outbox", "alembic_version"}


def test_migrate_creates_the_tables_and_is_idempotent(db_url):
    """A fresh database gets every table at the newest revision; running again changes nothing."""
    engine = make_engine(db_url)
    try:
        assert upgrade(engine) == head_revision()
        assert upgrade(engine) == head_revision()
        assert TABLES <= set(inspect(engine).get_table_names())
        assert current_revision(engine) == head_revision() is not None
    finally:
        engine.dispose()


def test_migrations_match_the_models(db_url):
    """The migrated schema is exactly what the models declare (no forgotten migration)."""
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_workers_starting_together_do_not_race(db_url, env):
    """Four workers opening a fresh database at once all start, and share one hash key."""
    stores, errors = [], []

    def start():
        try:
            stores.append(Store.open(db_url, {}))
        except Exception as exc:  # collected: the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert len({s.chat_ref("telegram", 42) for s in stores}) == 1
    finally:
        for s in stores:
            s.close()


def test_sqlite_uses_wal_so_workers_share_the_file(tmp_path):
    """SQLite runs in WAL mode, and the folder for the file is created."""
    store = Store.open(f"sqlite:///{tmp_path / 'nested' / 'bot.db'}", {})
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert (tmp_path / "nested" / "bot.db").exists()
    finally:
        store.close()


def test_hosting_platform_postgres_urls_are_accepted():
    """postgres:// and postgresql:// become psycopg 3 URLs; others are kept."""
    assert normalise_url("postgres://u:p@db.example:5432/bot") == "postgresql+psycopg://u:p@db.example:5432/bot"
    assert normalise_url(" postgresql://u@h/db ") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_a_postgres_scheme_url_really_connects(db_url, env):
    """A URL as Heroku-style hosts hand it out (postgres://) opens the real server."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    store = Store.open(db_url.replace("postgresql+psycopg://", "postgres://", 1), env)
    try:
        assert store.engine.dialect.name == "postgresql"
        assert current_revision(store.engine) == head_revision()
    finally:
        store.close()


def test_settings_from_the_environment():
    """DATABASE_URL and RETENTION_DAYS, with defaults; passwords never shown."""
    assert database_url({"HOME": "/home/ann"}) == "sqlite:////home/ann/.local/share/bnb-route/bnb-route.db"
    assert database_url({"DATABASE_URL": "postgres://a:b@h/d"}) == "postgresql+psycopg://a:b@h/d"
    assert retention_days({}) == 90
    assert retention_days({"RETENTION_DAYS": "30"}) == 30
    assert retention_days({"RETENTION_DAYS": "soon"}) == 90 == retention_days({"RETENTION_DAYS": "-5"})
    shown = safe_url("postgresql+psycopg://bot:hunter2@db.example/bot")
    assert "hunter2" not in shown and "db.example" in shown
