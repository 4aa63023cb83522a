"""The console chat, driven through stdin as a script would."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.platforms.console import ConsoleChat

ROOT = Path(__file__).resolve().parents[2]


def chat(engine, *lines: str) -> str:
    out = io.StringIO()
    ConsoleChat(engine, out).run(io.StringIO("\n".join(lines) + "\n"))
    return out.getvalue()


def test_menu_then_number_then_back_then_start(engine, content):
    """Numbers press buttons; back and start navigate; quit ends."""
    text = chat(engine, "1", "1", "back", "start", "quit")
    ew = content.menus["exchange-wallet"]
    first = content.entries[ew.options[0]]
    assert ew.title in text and first.title in text
    # back from the entry shows its menu again, start shows the root menu again
    assert text.count(ew.title) >= 2 and text.count("What are you trying to do?") >= 2
    assert text.rstrip().endswith("Bye. Stay safe: nobody legitimate will ever ask for your recovery phrase.")


def test_slash_commands_work_like_the_bare_words(engine, content):
    """People used to Telegram type "/back", "/start", "/quit": they act as the words do,
    instead of being matched as a question."""
    text = chat(engine, "1", "/back", "/quit", "how do i add bsc to metamask")
    assert text.count("What are you trying to do?") == 2  # /back from the first menu: the root again
    assert content.entries["add-bsc-network"].title not in text  # it stopped at /quit
    assert text.rstrip().endswith("Bye. Stay safe: nobody legitimate will ever ask for your recovery phrase.")


def test_question_gets_answer_with_safety_line(engine, content):
    """A question is answered with its entry and the safety line."""
    text = chat(engine, "how do i add bnb smart chain to metamask, chain id?", "quit")
    assert content.entries["add-bsc-network"].title in text
    assert content.safety_line in text


def test_out_of_range_choice_is_explained(engine):
    """A number with no button says so politely."""
    assert "There is no choice 99" in chat(engine, "99")


def test_help(engine):
    """`help` shows what the bot does."""
    assert "never asks for your recovery phrase" in chat(engine, "help").lower() or "bnb-route" in chat(engine, "help")


def test_piped_subprocess_with_odd_input():
    """Piped stdin with binary junk, markup and empty lines runs to the end."""
    data = b"\n\xff\xfe\n<b>hi</b> & <script>\n" + ("x" * 100_000).encode() + b"\nquit\n"
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_TOKEN", "DISCORD_TOKEN")}
    r = subprocess.run([sys.executable, "-m", "bot", "chat"], input=data, capture_output=True, cwd=ROOT,
                       env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert b"Bye." in r.stdout and b"Traceback" not in r.stderr
