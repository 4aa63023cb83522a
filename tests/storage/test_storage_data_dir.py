"""Where the record lives by default: a per-user data directory, never the current one."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.storage import Store
from bot.storage.config import data_dir, database_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def user(tmp_path, monkeypatch):
    """A user whose home and XDG data folder are in tmp_path, standing in an empty folder."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    for name in ("DATABASE_URL", "BOT_DATA_DIR", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    return home, work


def files_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_data_dir_is_per_user_unless_configured(tmp_path):
    """~/.local/share/bnb-route; $XDG_DATA_HOME/bnb-route; BOT_DATA_DIR; DATABASE_URL wins over all."""
    home = tmp_path / "home"
    assert data_dir({"HOME": str(home)}) == home / ".local" / "share" / "bnb-route"
    assert data_dir({"HOME": str(home), "XDG_DATA_HOME": str(tmp_path / "xdg")}) == tmp_path / "xdg" / "bnb-route"
    # the XDG spec: a relative XDG_DATA_HOME is invalid, so it never lands in the current directory
    assert data_dir({"HOME": str(home), "XDG_DATA_HOME": "xdg"}) == home / ".local" / "share" / "bnb-route"
    chosen = {"HOME": str(home), "XDG_DATA_HOME": str(tmp_path / "xdg"), "BOT_DATA_DIR": str(tmp_path / "srv")}
    assert data_dir(chosen) == tmp_path / "srv"
    assert database_url(chosen) == f"sqlite:///{tmp_path / 'srv' / 'bnb-route.db'}"
    assert database_url({**chosen, "DATABASE_URL": "postgres://u:p@db/bot"}) == "postgresql+psycopg://u:p@db/bot"
    assert database_url({"HOME": str(home)}) == f"sqlite:///{home / '.local/share/bnb-route/bnb-route.db'}"


def test_stats_without_a_record_says_so_and_creates_nothing(user, tmp_path):
    """`python -m bot stats` before the bot ever ran: one line, exit 0, no file or folder anywhere."""
    home, work = user
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    done = subprocess.run([sys.executable, "-m", "bot", "stats"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "No record yet" in done.stdout and str(tmp_path / "xdg" / "bnb-route" / "bnb-route.db") in done.stdout
    assert files_under(tmp_path) == [home, work]  # not even the data folder, nor ./data
    assert main(["stats", "--json"]) == 0 and main(["purge"]) == 0
    assert files_under(tmp_path) == [home, work]


def test_the_bot_and_stats_meet_in_the_per_user_folder(user, engine, capsys):
    """What the bot records by default, `stats` run from any other folder reads; the current
    directory stays empty."""
    from bot.storage import Recorder

    home, work = user
    store = Store.open()
    recorder = Recorder(store, guard=engine.guard, purge_every=None)
    recorder.interaction("telegram", 1, engine.ask("withdrew BNB can't use pancakeswap"),
                         question="withdrew BNB can't use pancakeswap", message=1)
    recorder.close()
    assert (home / ".local" / "share" / "bnb-route" / "bnb-route.db").is_file()
    assert files_under(work) == []
    elsewhere = home / "elsewhere"
    elsewhere.mkdir()
    os.chdir(elsewhere)
    assert main(["stats", "--json"]) == 0
    assert '"questions": 1' in capsys.readouterr().out
    assert files_under(elsewhere) == []
