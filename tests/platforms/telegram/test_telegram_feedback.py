"""The record and "Did this help?" on Telegram, with a real SQLite store (no database mocks)."""
from __future__ import annotations

import pytest
from leak_samples import leak
from sqlalchemy import select

from bot.core.access import Access
from bot.core.feedback import ALREADY, ASK_WHY, THANKS, THANKS_REASON
from bot.core.render import render_text
from bot.platforms.telegram.gaps import MAX_CHARACTERS, within_limit
from bot.storage.models import Interaction, Vote

QUESTION = "how do I withdraw USDT from Binance to MetaMask?"
UNANSWERED = "banana <smoothie> & recipe"
OPERATOR_ID = 1003  # Carol, in BOT_OPERATORS as telegram:1003


@pytest.fixture
def engine(fresh_engine):
    """This module's bots get a fresh engine: recording switches feedback on in it."""
    return fresh_engine


@pytest.fixture
def app_options(recorder):
    """The bot under test records, and Carol is an operator."""
    return {"recorder": recorder, "access": Access(operators=frozenset({("telegram", str(OPERATOR_ID))}))}


def rows(recorder, store) -> list[Interaction]:
    """Every interaction recorded so far, oldest first (after the background writes are done)."""
    assert recorder.flush()
    with store.session() as s:
        return list(s.scalars(select(Interaction).order_by(Interaction.id)))


def votes(store) -> list[tuple[bool, str | None]]:
    with store.session() as s:
        return [(v.helped, v.reason) for v in s.scalars(select(Vote).order_by(Vote.id))]


def labels(call) -> list[list[str]]:
    """The button labels of the keyboard a call sent, row by row."""
    return [[b["text"] for b in row] for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", [])]


async def group_answer(tg):
    """Alice asks in the group; the bot's answer as Telegram shows it (quoting her question)."""
    calls = await tg.feed(tg.message(f"@bnbroute_bot {QUESTION}"))
    assert tg.actions(calls) == ["sendMessage"]
    return tg.bot_message(calls[0])


async def test_telegram_answer_is_recorded_with_decision_and_entry(tg, engine, recorder, store):
    """A question is stored with what the bot decided, the entry, the score and the text; chat ids hashed."""
    expected = engine.ask(QUESTION)
    calls = await tg.feed(tg.message(QUESTION, chat=tg.private(tg.alice)))
    assert calls[-1].params["text"] == render_text(expected, "html")
    [row] = rows(recorder, store)
    assert (row.platform, row.source, row.decision, row.entry) == ("telegram", "question", "answer", expected.node)
    assert row.question == QUESTION and row.score is not None and row.route == expected.node
    assert str(tg.alice["id"]) not in row.chat and row.message is not None


async def test_telegram_menu_and_help_are_not_questions(tg, recorder, store):
    """/start and /help show things but record nothing; /help says what is kept and for how long."""
    await tg.feed(tg.message("/start", chat=tg.private(tg.alice)))
    calls = await tg.feed(tg.message("/help", chat=tg.private(tg.alice)))
    assert "records, for 90 days, the questions" in calls[-1].result["text"]
    assert rows(recorder, store) == []


async def test_telegram_button_presses_add_to_the_route(tg, engine, recorder, store):
    """The asker's presses extend the answer's route; a stranger's press (sent to private) does not."""
    answer = await group_answer(tg)
    await tg.feed(tg.press(answer, "go:exchange-wallet"))
    await tg.feed(tg.press(answer, "go:withdraw-from-exchange"))
    await tg.feed(tg.press(answer, "go:gas-fees", user=tg.bob))
    asked, *pressed = rows(recorder, store)
    assert [(r.source, r.decision, r.entry) for r in pressed] == [
        ("button", "open", None), ("button", "open", "withdraw-from-exchange")]
    assert pressed[-1].route == f"{asked.route}>exchange-wallet>withdraw-from-exchange"
    assert {r.message for r in pressed} == {asked.message} and pressed[-1].question is None


async def test_telegram_secret_is_counted_without_its_text(tg, recorder, store):
    """A phrase sent to the bot is counted as a secret with no text; one posted in a group to nobody is not
    counted; a message of seed words alone is answered but its text is not kept."""
    secret = leak("inside a longer message", ())
    calls = await tg.feed(tg.message(secret.text, chat=tg.private(tg.alice)))
    assert "sendMessage" in tg.actions(calls)
    await tg.feed(tg.message(leak("12 words", ()).text, user=tg.bob))
    await tg.feed(tg.message("abandon ability able", chat=tg.private(tg.bob)))
    recorded = rows(recorder, store)
    assert [(r.decision, r.question, r.route, r.entry) for r in recorded[:1]] == [("secret", None, None, None)]
    assert len(recorded) == 2 and recorded[1].question is None


async def test_telegram_answers_carry_feedback_buttons(tg, engine):
    """Under an answer: 👍 / 👎 buttons with the entry in their data; none under a clarify or the menu."""
    answer = await group_answer(tg)
    entry = engine.ask(QUESTION).node
    assert [f"fb:{entry}:y", f"fb:{entry}:n"] in tg.keyboard(tg.api.calls_of("sendMessage")[-1])
    assert answer["reply_markup"]["inline_keyboard"][-1][0]["callback_data"] == "x"  # Dismiss stays last
    calls = await tg.feed(tg.message("/start", chat=tg.private(tg.alice)))
    assert not any(d.startswith("fb:") for row in tg.keyboard(calls[-1]) for d in row)


async def test_telegram_votes_count_once_per_person_and_update_the_buttons(tg, engine, store):
    """The asker's 👍 is thanked and counted on the button; her second press only says she voted;
    another member's 👍 counts too. The message text is never edited."""
    answer = await group_answer(tg)
    entry = engine.ask(QUESTION).node
    calls = await tg.feed(tg.press(answer, f"fb:{entry}:y"))
    assert tg.actions(calls) == ["answerCallbackQuery", "editMessageReplyMarkup"]
    assert calls[0].params["text"] == THANKS and not calls[0].params.get("show_alert")
    assert ["👍 Helped · 1", "👎 Didn't help"] in labels(calls[1])
    assert calls[1].params["message_id"] == answer["message_id"] and ["x"] in tg.keyboard(calls[1])
    shown = answer | {"reply_markup": calls[1].params["reply_markup"]}

    calls = await tg.feed(tg.press(shown, f"fb:{entry}:y"))
    assert tg.actions(calls) == ["answerCallbackQuery"] and calls[0].params["text"] == ALREADY

    calls = await tg.feed(tg.press(shown, f"fb:{entry}:y", user=tg.bob))
    assert tg.actions(calls) == ["answerCallbackQuery", "editMessageReplyMarkup"]
    assert ["👍 Helped · 2", "👎 Didn't help"] in labels(calls[1])
    assert votes(store) == [(True, None), (True, None)]
    assert tg.api.calls_of("editMessageText") == []


async def test_telegram_no_vote_offers_reasons(tg, engine, store):
    """👎 asks why and adds the two reasons under the answer; a reason is then added to that vote."""
    answer = await group_answer(tg)
    entry = engine.ask(QUESTION).node
    calls = await tg.feed(tg.press(answer, f"fb:{entry}:n", user=tg.bob))
    assert calls[0].params["text"] == ASK_WHY
    assert [f"fb:{entry}:wrong", f"fb:{entry}:unsolved"] in tg.keyboard(calls[1])
    shown = answer | {"reply_markup": calls[1].params["reply_markup"]}
    calls = await tg.feed(tg.press(shown, f"fb:{entry}:unsolved", user=tg.bob))
    assert calls[0].params["text"] == THANKS_REASON
    assert ["Wrong topic", "Right topic, didn't solve it · 1"] in labels(calls[1])
    assert votes(store) == [(False, "unsolved")]


async def test_telegram_forged_vote_changes_nothing(tg, engine, store):
    """A vote for an entry whose buttons are not under the message, or malformed vote data: an alert only."""
    answer = await group_answer(tg)
    other = "gas-fees" if engine.ask(QUESTION).node != "gas-fees" else "bridge-evm"
    for data in (f"fb:{other}:y", f"fb:{engine.ask(QUESTION).node}:maybe", "fb::y"):
        calls = await tg.feed(tg.press(answer, data))
        assert tg.actions(calls) == ["answerCallbackQuery"] and calls[0].params["show_alert"] is True
    assert votes(store) == []


async def test_telegram_gaps_for_an_operator_only(tg, recorder):
    """/gaps from an operator in private lists what went unanswered, escaped; anyone else, or in a group,
    gets nothing at all."""
    await tg.feed(tg.message(UNANSWERED, chat=tg.private(tg.alice)))
    assert recorder.flush()
    calls = await tg.feed(tg.message("/gaps", user=tg.bob, chat=tg.private(tg.bob)))
    assert tg.actions(calls) == []
    calls = await tg.feed(tg.message("/gaps", user=tg.carol))
    assert tg.actions(calls) == []
    calls = await tg.feed(tg.message("/gaps", user=tg.carol, chat=tg.private(tg.carol)))
    assert tg.actions(calls) == ["sendMessage"]
    assert "banana &lt;smoothie&gt; &amp; recipe" in calls[0].params["text"]
    assert "1 question(s)" in calls[0].result["text"] and UNANSWERED in calls[0].result["text"]


async def test_telegram_gaps_without_a_database_says_so(api, engine, clock, updates):
    """A bot built without a recorder answers an operator's /gaps with one line, and shows no vote buttons."""
    from telegram import Update

    from bot.platforms.telegram import build_application
    from bot.platforms.telegram.state import STATE_KEY

    app = build_application(engine, api.token, base_url=api.base_url, clock=clock,
                            access=Access(operators=frozenset({(None, str(OPERATOR_ID))})))
    await app.initialize()
    try:
        for update in (updates.message("/gaps", user=updates.carol, chat=updates.private(updates.carol)),
                       updates.message(QUESTION, chat=updates.private(updates.alice))):
            await app.process_update(Update.de_json(update, app.bot))
            await app.bot_data[STATE_KEY].outbox.settled()
    finally:
        await app.shutdown()
    gaps, answer = api.calls_of("sendMessage")
    assert gaps.result["text"] == "Nothing is recorded: this bot runs without a database."
    buttons = answer.params["reply_markup"]["inline_keyboard"]
    assert answer.params["text"] == render_text(engine.ask(QUESTION), "html")
    assert not any(b["callback_data"].startswith("fb:") for row in buttons for b in row)


def test_telegram_gaps_text_is_cut_to_fit_one_message():
    """A summary longer than a message is cut at a line end and marked; a short one is left as is."""
    long = "\n".join(f"{i}. {'😀' * 70}" for i in range(100))
    cut = within_limit(long)
    assert len(cut) <= MAX_CHARACTERS and len(cut.encode("utf-16-le")) // 2 <= 4096
    assert cut.endswith("\n…") and long.startswith(cut[:-2])
    assert within_limit("short") == "short"
