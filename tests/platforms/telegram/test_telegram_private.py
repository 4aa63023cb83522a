"""Private chats: /start (with and without a deep link), /help, and plain questions."""
from __future__ import annotations

from bot.core.render import render_text

QUESTION = "how do I withdraw USDT from Binance to MetaMask?"


async def _private(tg, text):
    chat = tg.private(tg.alice)
    calls = await tg.feed(tg.message(text, chat=chat))
    assert tg.actions(calls) == ["sendMessage"]
    params = calls[0].params
    assert params["chat_id"] == tg.alice["id"]
    assert params["parse_mode"] == "HTML"
    assert "reply_parameters" not in params  # a private chat needs no quote
    return calls[0]


async def test_telegram_start_shows_the_menu(tg, engine):
    """/start shows the start menu with its buttons, and no Dismiss."""
    call = await _private(tg, "/start")
    assert call.params["text"] == render_text(engine.open("start"), "html")
    rows = tg.keyboard(call)
    assert ["go:exchange-wallet"] in rows
    assert ["x"] not in rows


async def test_telegram_start_deep_link_opens_the_entry(tg, engine):
    """/start <entry-id> (from t.me/bot?start=<id>) opens that entry."""
    call = await _private(tg, "/start bep2-not-bep20")
    assert call.params["text"] == render_text(engine.open("bep2-not-bep20"), "html")
    assert [f"go:{engine.parent('bep2-not-bep20')}", "go:start"] in tg.keyboard(call)


async def test_telegram_start_unknown_id_falls_back_to_the_menu(tg, engine):
    """An unknown or malformed deep-link id shows the menu."""
    for payload in ("no-such-entry", "go:start", "<b>x</b>"):
        call = await _private(tg, f"/start {payload}")
        assert call.params["text"] == render_text(engine.open("start"), "html")
        tg.clock.advance(60)  # stay under the per-user limit


async def test_telegram_help_says_what_the_bot_does(tg, engine):
    """/help shows the help text and a button to the menu."""
    call = await _private(tg, "/help")
    assert call.params["text"] == render_text(engine.help(), "html")
    assert call.result["text"].startswith("bnb-route help")
    assert ["go:start"] in tg.keyboard(call)


async def test_telegram_private_question_is_answered(tg, engine):
    """Any text in private is matched and answered."""
    call = await _private(tg, QUESTION)
    assert call.params["text"] == render_text(engine.ask(QUESTION), "html")


async def test_telegram_private_nonsense_shows_the_menu(tg, engine):
    """Text that matches nothing gets the menu (the person addressed the bot)."""
    call = await _private(tg, "banana smoothie recipe")
    assert call.params["text"] == render_text(engine.ask("banana smoothie recipe"), "html")
    assert ["go:exchange-wallet"] in tg.keyboard(call)


async def test_telegram_private_huge_text_and_markup(tg):
    """100 kB and markup characters in private get one valid message back."""
    await _private(tg, "<script>&amp;</script> " + "x" * 100_000)


async def test_telegram_private_edit_is_not_answered_again(tg):
    """Editing a question already answered sends nothing new."""
    update = tg.message(QUESTION, chat=tg.private(tg.alice))
    assert tg.actions(await tg.feed(update)) == ["sendMessage"]
    edit = tg.message(QUESTION + " now", edit_of=update["message"])
    assert tg.actions(await tg.feed(edit)) == []


async def test_telegram_private_unknown_command_gets_help(tg, engine):
    """An unknown /command in private is answered with the help text; in a group it is left alone."""
    call = await _private(tg, "/price bnb")
    assert call.params["text"] == render_text(engine.help(), "html")
    assert tg.actions(await tg.feed(tg.message("/price bnb"))) == []
