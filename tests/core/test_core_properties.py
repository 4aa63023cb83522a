"""Property tests: any text gives a valid reply, never an exception."""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.render import render_text

DECISIONS = {"answer", "clarify", "none", "secret"}


def check_reply(engine, text):
    reply = engine.ask(text)
    assert reply.decision in DECISIONS
    if reply.decision == "answer":
        assert reply.node in engine.content.entries
    for fmt in ("html", "markdown", "plain"):
        assert isinstance(render_text(reply, fmt), str)
    m = engine.match(text)
    assert 0.0 <= m.score <= 1.0 and len(m.candidates) <= 5
    return reply


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=500))
def test_any_unicode_gives_a_valid_reply(engine, text):
    """Arbitrary Unicode (surrogates, controls, RTL, emoji) never raises."""
    check_reply(engine, text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["bnb", "bep2", "\u200b", "💥", "<b>", "&amp;", "ｂｎｂ", "0x" + "a" * 40,
                                 "bnb1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "\n", "؟", "ß", "İ"]),
                max_size=60))
def test_domain_fragments_in_any_order(engine, parts):
    """Domain words mixed with odd characters give a valid reply."""
    check_reply(engine, " ".join(parts))


def test_inputs_up_to_100kb(engine):
    """Messages up to 100 kB built from repeated pieces are answered (hypothesis can't draw that long)."""
    rng = random.Random(7)
    pieces = ["withdrew bnb ", "can't use pancakeswap ", "🙂", "\u200b", "<script>", "a" * 999, "\x00", "ﷺ"]
    for size in (10_000, 50_000, 100_000):
        text = "".join(rng.choice(pieces) for _ in range(size // 5))[:size]
        check_reply(engine, text)
    check_reply(engine, "x" * 100_000)
    check_reply(engine, " " * 100_000)
