"""The console chat, driven through stdin: a secret is never printed back."""
from __future__ import annotations

import io

from safety_samples import leaked

from bot.platforms.console import HIDDEN_ECHO, ConsoleChat


def chat(engine, *lines: str) -> str:
    """Everything the console prints for these piped lines."""
    out = io.StringIO()
    ConsoleChat(engine, out=out).run(io.StringIO("".join(line + "\n" for line in lines)))
    return out.getvalue()


def test_phrase_on_one_line_is_never_printed(engine, quiet_phrase):
    """A pasted phrase is not echoed; the console shows the notice instead."""
    out = chat(engine, "hello", "my seed: " + " ".join(quiet_phrase) + " help", "quit")
    assert leaked(quiet_phrase, out) == []
    assert HIDDEN_ECHO in out and "That looks like a recovery phrase" in out and "compromised" in out


def test_numbered_phrase_one_word_per_line_is_never_printed(engine, quiet_phrase):
    """A phrase pasted as numbered lines is hidden line by line, then recognised as a whole."""
    out = chat(engine, *(f"{i}. {w}" for i, w in enumerate(quiet_phrase, 1)), "quit")
    assert leaked(quiet_phrase, out) == []
    assert "That looks like a recovery phrase" in out


def test_phrase_in_mixed_case_with_commas_is_never_printed(engine, quiet_phrase):
    """Case and commas change nothing: no word of the phrase comes back."""
    out = chat(engine, ", ".join(w.upper() for w in quiet_phrase))
    assert leaked(quiet_phrase, out) == [] and "recovery phrase" in out


def test_key_is_never_printed(engine):
    """A private key typed into the console is neither echoed nor repeated."""
    key = "0x" + "4d" * 32
    out = chat(engine, f"pk {key}")
    assert "4d4d" not in out and "That looks like a private key" in out


def test_unexplained_hex_gets_the_reminder(engine):
    """A bare 64-hex string is answered and followed by the gentle key reminder."""
    out = chat(engine, "0x" + "4d" * 32 + " what is this")
    assert "A note about keys" in out and "That looks like" not in out


def test_ordinary_questions_are_still_echoed(engine):
    """Normal questions are echoed and answered as before."""
    out = chat(engine, "how do I withdraw usdt from binance to metamask")
    assert "> how do I withdraw usdt from binance to metamask" in out


def test_after_a_phrase_the_next_question_is_answered(engine, quiet_phrase):
    """Once a phrase is reported, a following one-word question is answered, not taken for more of it."""
    out = chat(engine, " ".join(quiet_phrase), "bridge")
    assert out.count("That looks like a recovery phrase") == 1
