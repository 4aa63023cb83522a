"""The console chat with feedback and, when a database is configured, the record."""
from __future__ import annotations

import io

from sqlalchemy import select

from bot.app.cli import main
from bot.platforms.console import ConsoleChat
from bot.storage.models import Interaction, Vote


def numbered(text: str, label: str) -> str:
    """The number the console printed for the button called `label` (the last one shown)."""
    lines = [l for l in text.splitlines() if l.strip().startswith("[") and l.strip().endswith(label)]
    return lines[-1].strip()[1:].split("]")[0]


def open_entry(chat, out, content, entry="withdraw-from-exchange"):
    """Walk the menus to `entry` by typing the numbers of its buttons."""
    chat.handle("start")
    chat.handle(numbered(out.getvalue(), content.menus["exchange-wallet"].label))
    chat.handle(numbered(out.getvalue(), content.entries[entry].label))


def test_console_shows_votes_as_numbered_choices(fb_engine, content):
    """After an answer, 👍/👎 are numbered; "no" then offers the two reasons."""
    out = io.StringIO()
    chat = ConsoleChat(fb_engine, out)
    open_entry(chat, out, content)
    chat.handle(numbered(out.getvalue(), "👎 Didn't help"))
    text = out.getvalue()
    assert "What went wrong?" in text and "Wrong topic" in text
    chat.handle(numbered(text, "Right topic, didn't solve it"))
    assert "Thanks, noted." in out.getvalue()
    before = len(out.getvalue())
    chat.handle(numbered(out.getvalue(), "👍 Helped"))
    assert out.getvalue()[before:].startswith("You already voted on this answer.")


def test_console_records_questions_presses_and_votes(recorder, store, fb_engine, content):
    """With a recorder the console's question, its button route and its vote are stored."""
    out = io.StringIO()
    chat = ConsoleChat(fb_engine, out, recorder=recorder)
    chat.handle("what's the weather like")
    chat.handle(numbered(out.getvalue(), fb_engine.content.menus["bsc-evm"].label))
    assert recorder.flush()
    with store.session() as s:
        rows = list(s.scalars(select(Interaction).order_by(Interaction.id)))
    assert [(r.source, r.question) for r in rows] == [("question", "what's the weather like"), ("button", None)]
    assert rows[0].message == rows[1].message  # one conversation: the route continues
    open_entry(chat, out, content)
    chat.handle(numbered(out.getvalue(), "👍 Helped"))
    with store.session() as s:
        [vote] = s.scalars(select(Vote))
    assert vote.entry == "withdraw-from-exchange" and vote.helped and vote.platform == "console"


def test_console_without_a_database_leaves_no_files(tmp_path, monkeypatch, capsys):
    """`python -m bot chat` records nothing and creates no ./data unless a database is configured."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    # the start menu's first choice is a menu whose first choice is an answer
    monkeypatch.setattr("sys.stdin", io.StringIO("gas fees?\nstart\n1\n1\nquit\n"))
    assert main(["--content", str(_content_dir()), "chat"]) == 0
    assert "👍 Helped" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_console_with_a_database_records_and_says_so_in_help(tmp_path, monkeypatch, capsys):
    """`chat --database URL` records the conversation and /help tells what is kept, for how long."""
    monkeypatch.setenv("RETENTION_DAYS", "30")
    monkeypatch.setattr("sys.stdin", io.StringIO("gas fees on bsc?\nhelp\nquit\n"))
    url = f"sqlite:///{tmp_path / 'console.db'}"
    assert main(["--content", str(_content_dir()), "chat", "--database", url]) == 0
    assert "records, for 30 days, the questions" in capsys.readouterr().out
    assert main(["stats", "--database", url, "--json"]) == 0
    assert '"questions": 1' in capsys.readouterr().out


def _content_dir():
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "content"
