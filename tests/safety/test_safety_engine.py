"""The engine with the guard: a secret is never matched, echoed or logged."""
from __future__ import annotations

import logging

import pytest
from safety_samples import leaked, seeded_phrase

from bot.core.render import render_text
from bot.safety import scan


@pytest.fixture
def spied_matcher(engine, monkeypatch):
    """Every text the matcher is asked to match, for this test."""
    seen: list[str] = []
    real = engine.matcher.match

    def match(text, *args, **kwargs):
        seen.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(engine.matcher, "match", match)
    return seen


def test_ask_with_a_phrase_returns_the_secret_reply(engine, quiet_phrase, spied_matcher):
    """A question holding a phrase gets the secret reply, and the matcher never sees it."""
    reply = engine.ask("hey my words are " + " ".join(quiet_phrase) + " what now?")
    assert (reply.kind, reply.decision, reply.node, reply.match) == ("secret", "secret", None, None)
    assert not reply.buttons
    text = render_text(reply, "plain")
    assert "recovery phrase" in text and "compromised" in text
    assert leaked(quiet_phrase, text) == []
    assert spied_matcher == []


def test_ask_with_a_key_returns_the_secret_reply(engine, spied_matcher):
    """A private key is a secret too; the reply names a private key."""
    reply = engine.ask("private key: 0x" + "3c" * 32)
    assert reply.kind == "secret" and "private key" in reply.title
    assert "3c3c" not in render_text(reply, "plain") and spied_matcher == []


def test_transaction_hash_question_is_answered_normally(engine):
    """A question quoting a transaction hash is matched like any other question."""
    reply = engine.ask("my withdrawal to metamask tx 0x" + "3c" * 32 + " has not arrived")
    assert reply.kind != "secret"


def test_nothing_logs_the_secret(engine, quiet_phrase, caplog):
    """Scanning, asking and the notices log nothing of the phrase, even at DEBUG for every logger."""
    text = "1. " + "\n".join(quiet_phrase)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger().setLevel(logging.DEBUG)
        finding = scan(text, engine.content.allowed_links, link_guard=True)
        engine.ask(text)
        engine.secret_notice(finding, deleted=False, can_delete=False)
        engine.ask("my private key is 0x" + "7e" * 32)
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert leaked(quiet_phrase, logged) == [] and "7e7e" not in logged


def test_guard_catches_every_seeded_phrase(engine):
    """The engine's guard flags each of a hundred seeded phrases of every length."""
    for seed in range(100):
        words = seeded_phrase(seed, (12, 15, 18, 21, 24)[seed % 5])
        assert engine.guard(" ".join(words))
