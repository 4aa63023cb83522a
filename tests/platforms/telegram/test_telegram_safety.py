"""The safety hook: what the bot does in a chat when the guard flags a message.

`bot.safety.scan` is replaced by one that flags a marker text with a chosen
Finding, so these tests hold whatever the real detector decides.
"""
from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

import bot.safety
from bot.core.render import render_text
from bot.safety import Finding

MARK = "zebra canary seven seven three one"
QUESTION = "how do I withdraw USDT from Binance to MetaMask?"


@pytest.fixture
def guard(monkeypatch):
    """scan() returns `guard.finding` for texts holding MARK; records the link_guard it was given."""
    state = SimpleNamespace(finding=None, link_guard=[])
    real = bot.safety.scan

    def scan(text, allowed_domains=(), *, link_guard=False):
        state.link_guard.append(link_guard)
        if MARK in text:
            return state.finding
        return real(text, allowed_domains, link_guard=link_guard)

    monkeypatch.setattr(bot.safety, "scan", scan)
    return state


async def test_telegram_secret_is_deleted_and_never_repeated(tg, engine, guard, caplog):
    """A posted secret is deleted, a notice follows (not quoting it), it is never answered or logged."""
    caplog.set_level(logging.DEBUG)
    guard.finding = Finding("recovery-phrase", "delete")
    update = tg.message(f"@bnbroute_bot {MARK} {QUESTION}", user=tg.bob)
    calls = await tg.feed(update)
    assert tg.actions(calls) == ["deleteMessage", "sendMessage"]
    assert calls[-2].params == {"chat_id": tg.group["id"], "message_id": update["message"]["message_id"]}
    notice = calls[-1]
    expected = engine.secret_notice(guard.finding, True, can_delete=True)
    assert notice.params["text"] == render_text(expected, "html")
    assert "reply_parameters" not in notice.params  # the message is gone
    assert MARK not in notice.params["text"]
    assert not any(MARK in r.getMessage() for r in caplog.records)


async def test_telegram_secret_without_delete_right_asks_admins(tg, api, engine, guard):
    """When the bot may not delete, the notice replies to the message and says so."""
    api.bot_can_delete = False
    guard.finding = Finding("private-key", "delete")
    update = tg.message(f"{MARK}", user=tg.bob, chat=tg.forum, topic=77)
    calls = await tg.feed(update)
    assert tg.actions(calls) == ["sendMessage"]
    notice = calls[-1]
    assert notice.params["text"] == render_text(
        engine.secret_notice(guard.finding, False, can_delete=False), "html")
    assert notice.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert notice.params["message_thread_id"] == 77


async def test_telegram_secret_in_private_and_in_edits(tg, guard):
    """In private the bot deletes without asking for rights; an edit that adds a secret is caught too."""
    guard.finding = Finding("recovery-phrase", "delete")
    calls = await tg.feed(tg.message(MARK, chat=tg.private(tg.alice)))
    assert [c.method for c in calls] == ["deleteMessage", "sendMessage"]
    original = tg.message("hello", user=tg.bob)
    assert tg.actions(await tg.feed(original)) == []
    calls = await tg.feed(tg.message(f"hello {MARK}", edit_of=original["message"]))
    assert tg.actions(calls) == ["deleteMessage", "sendMessage"]


async def test_telegram_remind_adds_a_line_under_the_answer(tg, engine, guard):
    """A 'remind' finding: the question is answered as usual, with the reminder underneath."""
    guard.finding = Finding("possible-key", "remind")
    calls = await tg.feed(tg.message(f"@bnbroute_bot {QUESTION} {MARK}"))
    assert tg.actions(calls) == ["sendMessage"]
    shown = calls[0].result["text"]
    # answered as the engine answers the whole message, with the reminder added underneath
    assert shown.startswith(engine.ask(f"{QUESTION} {MARK}").title)
    assert engine.key_reminder().title in shown
    # unaddressed, nothing is said
    assert tg.actions(await tg.feed(tg.message(f"tx {MARK}"))) == []


async def test_telegram_lookalike_link_is_named_when_the_guard_is_on(tg, api, engine, guard):
    """With /linkguard on, a lookalike link gets a reply naming the real site, and no answer."""
    api.admins.add((tg.group["id"], tg.carol["id"]))
    guard.finding = Finding("lookalike-link", "link", "binance.com")
    await tg.feed(tg.message("/linkguard on", user=tg.carol))
    update = tg.message(f"@bnbroute_bot {QUESTION} {MARK}", user=tg.bob)
    calls = await tg.feed(update)
    assert guard.link_guard[-1] is True
    assert tg.actions(calls) == ["sendMessage"]
    assert calls[-1].params["text"] == render_text(engine.link_notice(guard.finding), "html")
    assert calls[-1].params["reply_parameters"]["message_id"] == update["message"]["message_id"]


async def test_telegram_link_guard_is_off_by_default(tg, guard):
    """The chat's link-guard setting is what the scan is told: off until an admin turns it on."""
    await tg.feed(tg.message("hello"))
    assert guard.link_guard == [False]
