"""Button presses: who may steer a group answer, in-place edits, Dismiss, forged data."""
from __future__ import annotations

from bot.core.render import render_text

QUESTION = "how do I withdraw USDT from Binance to MetaMask?"


async def _group_answer(tg, *, user=None, chat=None, topic=None):
    """Ask in a group; the bot's answer as Telegram would show it under a button press."""
    update = tg.message(f"@bnbroute_bot {QUESTION}", user=user or tg.alice, chat=chat or tg.group,
                        topic=topic)
    calls = await tg.feed(update)
    assert tg.actions(calls) == ["sendMessage"]
    return tg.bot_message(calls[0])


def _edited_to(tg, calls, answer, node, engine, *, dismiss=True):
    """The press was acknowledged, then the same message was edited to `node`."""
    assert tg.actions(calls) == ["answerCallbackQuery", "editMessageText"]
    ack, edit = calls[-2], calls[-1]
    assert not ack.params.get("show_alert") and "url" not in ack.params
    assert edit.params["chat_id"] == answer["chat"]["id"]
    assert edit.params["message_id"] == answer["message_id"]
    assert edit.params["parse_mode"] == "HTML"
    assert edit.params["text"] == render_text(engine.open(node), "html")
    assert (["x"] in tg.keyboard(edit)) is dismiss
    return edit


async def test_telegram_asker_press_edits_in_place(tg, engine):
    """The asker pressing a button gets the next step in the same message, then Back and Start over."""
    answer = await _group_answer(tg)
    calls = await tg.feed(tg.press(answer, "go:exchange-wallet"))
    edit = _edited_to(tg, calls, answer, "exchange-wallet", engine)
    assert [f"go:{engine.parent('exchange-wallet')}", "go:start"] in tg.keyboard(edit)
    # the edited message still quotes the question, so the asker keeps the controls
    calls = await tg.feed(tg.press(tg.bot_message(edit) | {"reply_to_message": answer["reply_to_message"]},
                                   "go:start"))
    _edited_to(tg, calls, answer, "start", engine)


async def test_telegram_other_member_is_sent_to_a_private_chat(tg):
    """Someone else pressing is answered with a t.me deep link to the same step; the group is untouched."""
    answer = await _group_answer(tg)
    calls = await tg.feed(tg.press(answer, "go:bep2-not-bep20", user=tg.bob))
    assert tg.actions(calls) == ["answerCallbackQuery"]
    assert calls[-1].params["url"] == "https://t.me/bnbroute_bot?start=bep2-not-bep20"


async def test_telegram_deep_link_from_a_press_opens_that_step(tg, engine):
    """The step a stranger was sent to is what /start <id> then shows them in private."""
    answer = await _group_answer(tg)
    calls = await tg.feed(tg.press(answer, "go:gas-fees", user=tg.bob))
    payload = calls[-1].params["url"].split("start=")[1]
    calls = await tg.feed(tg.message(f"/start {payload}", user=tg.bob, chat=tg.private(tg.bob)))
    assert calls[-1].params["text"] == render_text(engine.open("gas-fees"), "html")


async def test_telegram_admin_may_steer_any_answer(tg, api, engine):
    """A chat admin pressing a button under someone else's answer edits it."""
    api.admins.add((tg.group["id"], tg.carol["id"]))
    answer = await _group_answer(tg)
    calls = await tg.feed(tg.press(answer, "go:bsc-evm", user=tg.carol))
    _edited_to(tg, calls, answer, "bsc-evm", engine)


async def test_telegram_forged_data_gets_an_alert_and_changes_nothing(tg):
    """Unknown, malformed or over-long callback data: a short alert, no edit, no delete."""
    answer = await _group_answer(tg)
    for data in ("go:no-such-node", "go:../../etc", "delete:all", "go:", "y" * 64, "go:start\n"):
        calls = await tg.feed(tg.press(answer, data))
        assert tg.actions(calls) == ["answerCallbackQuery"]
        assert calls[-1].params["show_alert"] is True
        assert 0 < len(calls[-1].params["text"]) <= 200


async def test_telegram_press_on_an_inaccessible_message_is_refused(tg):
    """A press under a message Telegram no longer shows (date 0) gets the stale alert."""
    gone = {"chat": tg.group, "message_id": 5, "date": 0}
    calls = await tg.feed(tg.press(gone, "go:start"))
    assert tg.actions(calls) == ["answerCallbackQuery"]
    assert calls[-1].params["show_alert"] is True


async def test_telegram_dismiss_by_asker_deletes_the_answer(tg):
    """Dismiss pressed by the asker deletes the bot's answer."""
    answer = await _group_answer(tg)
    calls = await tg.feed(tg.press(answer, "x"))
    assert tg.actions(calls) == ["answerCallbackQuery", "deleteMessage"]
    assert calls[-1].params == {"chat_id": tg.group["id"], "message_id": answer["message_id"]}


async def test_telegram_dismiss_by_admin_deletes_the_answer(tg, api):
    """An admin may dismiss anyone's answer."""
    api.admins.add((tg.group["id"], tg.carol["id"]))
    answer = await _group_answer(tg)
    calls = await tg.feed(tg.press(answer, "x", user=tg.carol))
    assert tg.actions(calls) == ["answerCallbackQuery", "deleteMessage"]


async def test_telegram_dismiss_by_stranger_is_refused(tg):
    """Anyone else pressing Dismiss gets an alert and the answer stays."""
    answer = await _group_answer(tg)
    calls = await tg.feed(tg.press(answer, "x", user=tg.bob))
    assert tg.actions(calls) == ["answerCallbackQuery"]
    assert calls[-1].params["show_alert"] is True


async def test_telegram_asker_is_unknown_when_the_question_is_gone(tg, api):
    """If the quoted question was deleted, only admins steer; the asker cannot be taken on trust."""
    answer = await _group_answer(tg)
    orphan = {k: v for k, v in answer.items() if k != "reply_to_message"}
    calls = await tg.feed(tg.press(orphan, "go:start"))
    assert tg.actions(calls) == ["answerCallbackQuery"]
    assert calls[-1].params["url"] == "https://t.me/bnbroute_bot?start=start"


async def test_telegram_forum_topic_asker_is_the_questioner_not_the_topic_starter(tg, api, engine):
    """In a topic the asker is who asked, never who created the topic."""
    answer = await _group_answer(tg, chat=tg.forum, topic=77)
    assert answer["reply_to_message"]["from"] == tg.alice
    calls = await tg.feed(tg.press(answer, "go:start"))
    _edited_to(tg, calls, answer, "start", engine)
    # answer left without its question: the topic's creation message must not make its author the asker
    topic_start = {"message_id": 77, "date": 0, "chat": tg.forum, "from": tg.bob,
                   "forum_topic_created": {"name": "Help", "icon_color": 7322096}}
    calls = await tg.feed(tg.press(answer | {"reply_to_message": topic_start}, "go:start", user=tg.bob))
    assert tg.actions(calls) == ["answerCallbackQuery"] and "url" in calls[-1].params


async def test_telegram_private_press_edits_without_dismiss(tg, engine):
    """In a private chat every press navigates, and no Dismiss is offered."""
    calls = await tg.feed(tg.message("/start", chat=tg.private(tg.alice)))
    menu = tg.bot_message(calls[0])
    calls = await tg.feed(tg.press(menu, "go:exchange-wallet"))
    _edited_to(tg, calls, menu, "exchange-wallet", engine, dismiss=False)


async def test_telegram_same_button_twice_is_fine(tg, api, engine):
    """Telegram's 'message is not modified' on a repeated press is not an error."""
    answer = await _group_answer(tg)
    api.failures["editMessageText"] = (400, "Bad Request: message is not modified: specified new "
                                            "message content and reply markup are exactly the same")
    calls = await tg.feed(tg.press(answer, "go:start"))
    assert tg.actions(calls) == ["answerCallbackQuery", "editMessageText"]
