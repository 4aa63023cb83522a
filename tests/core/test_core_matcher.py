"""The matcher's three decision bands, on a small corpus and on the real content."""
from __future__ import annotations

from intents import ANSWER, CLARIFY, NONE, Intent, Matcher, Thresholds

INTENTS = [
    Intent("gas", ["why do i need bnb for gas fees", "insufficient funds for gas", "how much are fees on bsc"],
           ["gas", "fee", "insufficient funds"]),
    Intent("bridge", ["how to bridge eth to bsc", "official bridge for bsc", "cross chain transfer"],
           ["bridge", "cross chain"]),
    Intent("bridge-fees", ["bridge fees are too high", "fees for the bridge", "gas fee when bridging"],
           ["bridge fee"]),
]


def matcher(**kw):
    return Matcher(INTENTS, thresholds=Thresholds(answer=0.5, margin=0.1, clarify=0.25, **kw))


def test_answer_band():
    """A clear question gets a confident answer."""
    m = matcher().match("insufficient funds for gas when I swap")
    assert m.decision == ANSWER and m.intent == "gas"
    assert m.candidates[0].intent == "gas" and 0 < m.score <= 1


def test_clarify_band_when_two_are_close():
    """Two plausible intents close together: ask, don't guess."""
    m = Matcher(INTENTS, thresholds=Thresholds(answer=0.5, margin=0.5, clarify=0.1)).match("bridge gas fee")
    assert m.decision == CLARIFY and m.intent is None
    assert {c.intent for c in m.candidates[:2]} >= {"bridge-fees"}


def test_none_band_for_chit_chat():
    """Greetings and off-topic text get nothing."""
    for text in ("gm everyone", "wen moon", "lol", ""):
        m = matcher().match(text)
        assert m.decision == NONE and m.intent is None, text


def test_deterministic():
    """The same text always gives the same ranking and scores."""
    a = matcher().match("bridge eth to bsc")
    b = matcher().match("bridge eth to bsc")
    assert a == b


def test_candidates_capped_and_ordered():
    """At most max_candidates, best first."""
    m = matcher(max_candidates=2).match("bridge fee gas")
    assert len(m.candidates) <= 2
    assert [c.score for c in m.candidates] == sorted((c.score for c in m.candidates), reverse=True)


def test_explain_says_why():
    """--explain shows tokens, thresholds and each candidate's evidence."""
    m = matcher().match("insufficient funds for gas", explain=True)
    first = m.explain["candidates"][0]
    hit = Matcher(INTENTS).normalise("insufficient funds").text
    assert first["entry"] == "gas" and hit in first["keyword_hits"]
    assert set(m.explain["thresholds"]) == {"answer", "margin", "clarify"}


def test_real_content_bands(engine):
    """On the real content: the example from the mission answers BEP2; chit-chat stays quiet."""
    assert engine.match("withdrew BNB can't use pancakeswap").intent == "bep2-not-bep20"
    assert engine.match("how do I add bsc to metamask, chain id?").intent == "add-bsc-network"
    for text in ("gm", "thanks!", "wen lambo", "what's the price of bnb"):
        assert engine.match(text).intent is None, text


def test_direction_matters(engine):
    """From BSC and to BSC are different answers."""
    assert engine.match("move my usdt from ethereum to bsc").candidates[0].intent in ("send-to-bsc", "bridge-evm")
    assert engine.match("move my usdt from bsc to ethereum").candidates[0].intent in ("send-from-bsc", "bridge-evm")
    to = {c.intent: c.score for c in engine.match("move my usdt from ethereum to bsc").candidates}
    fr = {c.intent: c.score for c in engine.match("move my usdt from bsc to ethereum").candidates}
    assert to.get("send-to-bsc", 0) > to.get("send-from-bsc", 0)
    assert fr.get("send-from-bsc", 0) > fr.get("send-to-bsc", 0)
