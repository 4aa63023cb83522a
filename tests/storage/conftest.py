"""Fixtures for the storage tests: a real database per test, SQLite and PostgreSQL.

`db_url` runs each test that takes it twice: on a SQLite file in tmp_path and on
a fresh database in the PostgreSQL server at TEST_DATABASE_URL (.ci/run starts
one); the PostgreSQL run is skipped when that variable is unset. No mocks.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.core.engine import Engine
from bot.storage import Store
from bot.storage.config import normalise_url

HASH_KEY = "test-hash-key-not-a-real-secret"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL of an empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'bnb-route.db'}"
        return
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        pytest.skip("TEST_DATABASE_URL is not set (.ci/run starts a PostgreSQL server and sets it)")
    admin_url = make_url(normalise_url(server))
    name = f"bnb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def env():
    """The environment the store reads: a fixed hash key, default retention."""
    return {"BOT_HASH_KEY": HASH_KEY}


@pytest.fixture
def store(db_url, env):
    """A migrated store on the test database."""
    s = Store.open(db_url, env)
    yield s
    s.close()


@pytest.fixture(scope="session")
def fb_engine(content, engine):
    """The real engine with "Did this help?" buttons under answers (shares the matcher)."""
    return Engine(content, matcher=engine.matcher, guard=engine.guard, feedback=True)



@pytest.fixture(scope="session")
def answered(fb_engine):
    """entry id -> the reply to a question answered with it (whatever the matcher's tuning)."""
    return lambda entry: replace(fb_engine.open(entry), decision="answer")


@pytest.fixture(scope="session")
def unanswered(fb_engine):
    """The reply to a question nothing fits: the start menu, decision "none"."""
    return replace(fb_engine.open("start"), decision="none")
