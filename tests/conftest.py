"""Fixtures shared by every test area: the real content and an engine over it."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bot.core.check import load_valid
from bot.core.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

# fitted matcher models go to a cache of their own (kept between runs: same content, same model),
# also for the `python -m bot` processes tests start
os.environ.setdefault("BNB_ROUTE_CACHE_DIR", str(Path(tempfile.gettempdir()) / "bnb-route-test-cache"))


@pytest.fixture(scope="session", autouse=True)
def data_dir_in_tmp(tmp_path_factory):
    """A test (or a bot process it starts) that opens the default record writes it in a
    temporary folder, never in the user's own data directory."""
    mp = pytest.MonkeyPatch()
    mp.setenv("BOT_DATA_DIR", str(tmp_path_factory.mktemp("bot-data")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def content():
    """The project's real content, validated."""
    return load_valid(CONTENT)


@pytest.fixture(scope="session")
def engine(content):
    """An engine over the real content (built once: the index is immutable)."""
    from bot.safety import guard_for

    return Engine(content, guard=guard_for(content))


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of the real content, for tests that break it on purpose."""
    dest = tmp_path / "content"
    shutil.copytree(CONTENT, dest)
    return dest


@pytest.fixture
def fresh_engine(engine):
    """A fresh engine sharing the matcher: a recorder switches feedback on in the one it is given."""
    return Engine(engine.content, matcher=engine.matcher, guard=engine.guard)


@pytest.fixture
def store(tmp_path):
    """A migrated SQLite store in tmp_path."""
    from bot.storage import Store

    s = Store.open(f"sqlite:///{tmp_path / 'data' / 'bnb-route.db'}", {"BOT_HASH_KEY": "test-key"})
    yield s
    s.close()


@pytest.fixture
def recorder(store, fresh_engine):
    """A recorder writing to `store`, with the engine's safety guard."""
    from bot.storage import Recorder

    r = Recorder(store, guard=fresh_engine.guard, purge_every=None)
    yield r
    r.close()
