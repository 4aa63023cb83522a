"""The conversation engine: every route, back and start over, stateless buttons."""
from __future__ import annotations

from bot.core import contract
from bot.core.engine import Engine, go, parse_action
from bot.core.render import render_text


def test_every_entry_reachable_by_buttons(engine, content):
    """Walking buttons from start reaches every menu and entry."""
    seen, todo = set(), ["start"]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        reply = engine.open(node)
        for row in reply.buttons:
            for b in row:
                nxt = engine.press(b.action)
                assert nxt is not None, b
                todo.append(nxt.node or "start")
    assert set(content.entries) | set(content.menus) <= seen


def test_contract_menus_offer_contract_options(engine):
    """The menus offer the contract's options in order."""
    for menu, options in contract.MENUS.items():
        reply = engine.open(menu)
        actions = [b.action for row in reply.buttons for b in row]
        assert actions[: len(options)] == [go(o) for o in options]


def test_back_goes_to_first_parent_and_start_over_to_start(engine, content):
    """Every step but start has Back (to its parent menu) and Start over."""
    for node in [*content.entries, "exchange-wallet", "bsc-evm"]:
        reply = engine.open(node)
        nav = reply.buttons[-1]
        assert [b.action for b in nav] == [go(engine.parent(node)), go("start")]
    assert engine.parent("withdraw-from-exchange") == "exchange-wallet"
    assert engine.parent("wrong-network") == "bsc-evm"
    assert engine.parent("gas-fees") == "start"
    assert engine.open("start").buttons and all(b.action != go("start") for row in engine.open("start").buttons for b in row)


def test_answer_carries_safety_line_and_warning(engine, content):
    """An answer has its entry's warning and the global safety line."""
    reply = engine.ask("binance sent my bnb as bep2 with a memo, pancakeswap shows 0")
    assert reply.decision == "answer" and reply.node == "bep2-not-bep20"
    text = render_text(reply, "plain")
    assert content.safety_line in text
    assert reply.warning and "⚠️" in text


def test_clarify_offers_candidates(engine):
    """An unsure question offers candidate buttons and a way out."""
    unsure = [q for q in ("bnb bsc binance", "bnb?", "network?", "metamask?", "sent bnb wrong", "bsc?")
              if engine.ask(q).decision == "clarify"]
    assert unsure, "none of these questions is in the clarify band any more; add one that is"
    reply = engine.ask(unsure[0])
    labels = [b.action for row in reply.buttons for b in row]
    assert 2 <= len(labels) <= 4 and labels[-1] == go("start")
    assert all(label.startswith("go:") for label in labels)


def test_off_topic_says_what_the_bot_is_for(engine):
    """Addressed with something off-topic: one line on what the bot helps with, and the menu's
    buttons, instead of the nearest entry."""
    from bot.core.engine import OFFTOPIC_TEXT

    for text in ("gm everyone", "wen lambo"):
        reply = engine.ask(text)
        assert reply.decision == "none" and reply.node == "start", text
        assert len(reply.body) == 1 and OFFTOPIC_TEXT in render_text(reply, "plain")
        assert reply.buttons == engine.open("start").buttons


def test_unsure_shows_menu(engine):
    """On-topic but nothing fits well enough: the start menu, with a line saying so."""
    from intents import NONE, Match

    class Unsure:
        def match(self, text, explain=False):
            return Match(NONE, None, 0.2, ())

    reply = Engine(engine.content, matcher=Unsure()).ask("something about bnb")
    assert reply.decision == "none" and reply.node == "start"
    assert "couldn't tell" in render_text(reply, "plain")


def test_forged_or_unknown_actions_refused(engine):
    """Forged, malformed or stale button data opens nothing."""
    for data in ("go:no-such-entry", "go:../../etc", "go:", "delete:all", "", None, "go:" + "a" * 80, 42, "go:START"):
        assert engine.press(data) is None, data
    assert parse_action("go:gas-fees") == ("go", "gas-fees")


def test_button_actions_fit_platform_limits(engine, content):
    """Every action fits Telegram callback data (64 bytes) and Discord custom ids."""
    for node in [*content.entries, *content.menus]:
        for row in engine.open(node).buttons:
            for b in row:
                assert len(b.action.encode()) <= 64
                assert len("bnbroute:" + b.action) <= 100
                assert 0 < len(b.label) <= 80


def test_warnings(engine, content):
    """Canned warnings exist for the contract's ids, unknown ones are None."""
    for wid in contract.WARNINGS:
        reply = engine.warning(wid)
        assert reply and reply.kind == "warning" and reply.body
    assert engine.warning("SEED") is not None
    assert engine.warning("nope") is None


def test_suggest_for_autocomplete(engine):
    """Autocomplete suggests matching entries first, at most the limit."""
    s = engine.suggest("insufficient funds for gas")
    assert s[0][1] == "gas-fees"
    assert len(engine.suggest("", limit=5)) == 5
    assert all(isinstance(t, str) and isinstance(i, str) for t, i in engine.suggest("bridge"))


def test_rendering_escapes_markup(engine):
    """HTML rendering escapes content; the same reply renders on every platform."""
    reply = engine.open("add-bsc-network")
    html = render_text(reply, "html")
    assert "<b>" in html and "<code>56</code>" in html or "56" in html
    assert "<script" not in html
