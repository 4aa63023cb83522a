"""Groups and supergroups: when the bot answers, how the answer looks, what it ignores."""
from __future__ import annotations

from bot.core.render import render_text

QUESTION = "how do I withdraw USDT from Binance to MetaMask?"


def _answered(tg, calls, update, expected):
    """The one sendMessage the update caused, checked against the engine's reply."""
    assert tg.actions(calls) == ["sendMessage"]
    params = calls[0].params
    message = update["message"]
    assert params["chat_id"] == message["chat"]["id"]
    assert params["parse_mode"] == "HTML"
    assert params["reply_parameters"]["message_id"] == message["message_id"]
    assert params["text"] == render_text(expected, "html")
    return params


async def test_telegram_mention_answers_with_quote_buttons_and_safety_line(tg, engine):
    """A question mentioning @bot gets the answer, quoting it, with route buttons and Dismiss."""
    expected = engine.ask(QUESTION)
    assert expected.decision == "answer"
    update = tg.message(f"@bnbroute_bot {QUESTION}")
    calls = await tg.feed(update)
    params = _answered(tg, calls, update, expected)
    shown = calls[0].result["text"]
    assert shown.startswith(expected.title)
    assert engine.content.safety_line in shown
    rows = tg.keyboard(calls[0])
    assert rows[-1] == ["x"]
    assert [f"go:{engine.parent(expected.node)}", "go:start"] in rows
    assert all(len(data.encode()) <= 64 for row in rows for data in row)
    assert "message_thread_id" not in params


async def test_telegram_command_with_bot_suffix_answers(tg, engine):
    """/bnb_route@bnbroute_bot <question> is answered like a mention."""
    update = tg.message(f"/bnb_route@bnbroute_bot {QUESTION}")
    calls = await tg.feed(update)
    _answered(tg, calls, update, engine.ask(QUESTION))


async def test_telegram_command_for_another_bot_is_ignored(tg):
    """/bnb_route@other_bot is not for this bot: nothing is sent."""
    calls = await tg.feed(tg.message(f"/bnb_route@other_bot {QUESTION}"))
    assert tg.actions(calls) == []


async def test_telegram_route_alone_shows_the_menu(tg, engine):
    """/route with no question shows the start menu, quoting the command."""
    update = tg.message("/route")
    calls = await tg.feed(update)
    _answered(tg, calls, update, engine.open("start"))
    assert tg.keyboard(calls[0])[-1] == ["x"]


async def test_telegram_route_with_a_question(tg, engine):
    """/route <question> answers the question."""
    update = tg.message(f"/route {QUESTION}")
    _answered(tg, await tg.feed(update), update, engine.ask(QUESTION))


async def test_telegram_addressed_nonsense_shows_the_menu(tg, engine):
    """Addressed with something that matches nothing, the bot shows the menu."""
    update = tg.message("@bnbroute_bot banana smoothie recipe")
    expected = engine.ask("banana smoothie recipe")
    assert expected.decision == "none"
    calls = await tg.feed(update)
    _answered(tg, calls, update, expected)
    assert ["go:exchange-wallet"] in tg.keyboard(calls[0])


async def test_telegram_reply_to_the_bot_is_answered(tg, engine):
    """A reply to one of the bot's messages addresses it, without any mention."""
    first = await tg.feed(tg.message("/route"))
    bot_message = tg.bot_message(first[0])
    update = tg.message(QUESTION, user=tg.bob, reply_to=bot_message)
    _answered(tg, await tg.feed(update), update, engine.ask(QUESTION))


async def test_telegram_unaddressed_messages_are_left_alone(tg):
    """Without auto-answer, questions nobody addressed to the bot (even replies to people) get nothing."""
    person = tg.message("hello")["message"]
    assert tg.actions(await tg.feed(tg.message(QUESTION))) == []
    assert tg.actions(await tg.feed(tg.message(QUESTION, user=tg.bob, reply_to=person))) == []


async def test_telegram_forum_topic_answer_stays_in_the_topic(tg, engine):
    """In a forum topic the answer quotes the question and carries its message_thread_id."""
    update = tg.message(f"@bnbroute_bot {QUESTION}", chat=tg.forum, topic=77)
    calls = await tg.feed(update)
    params = _answered(tg, calls, update, engine.ask(QUESTION))
    assert params["message_thread_id"] == 77


async def test_telegram_topic_message_is_not_a_reply_to_the_bot(tg):
    """Telegram marks every topic message as a reply to the topic's start: that is no reply to the bot."""
    calls = await tg.feed(tg.message(QUESTION, chat=tg.forum, topic=77))
    assert tg.actions(calls) == []


async def test_telegram_anonymous_admin_question_is_answered(tg, engine):
    """An admin posting as the group (GroupAnonymousBot) is a person, not a bot."""
    update = tg.message(f"@bnbroute_bot {QUESTION}", user=tg.anonymous_admin, sender_chat=tg.group)
    _answered(tg, await tg.feed(update), update, engine.ask(QUESTION))


async def test_telegram_bots_are_never_answered(tg):
    """Another bot mentioning this one gets nothing."""
    calls = await tg.feed(tg.message(f"@bnbroute_bot {QUESTION}", user=tg.other_bot))
    assert tg.actions(calls) == []


async def test_telegram_markup_in_question_and_names_is_escaped(tg, engine):
    """<b>, & and <script> in a question and a first name never break or inject HTML."""
    eve = {"id": 1005, "is_bot": False, "first_name": "<b>Eve</b> & <script>x</script>"}
    question = "@bnbroute_bot <b>how</b> & <script>alert(1)</script> withdraw binance to metamask?"
    calls = await tg.feed(tg.message(question, user=eve))
    assert tg.actions(calls) == ["sendMessage"]  # the fake API refuses invalid HTML
    assert "<script>" not in calls[0].params["text"]
    for _ in range(5):  # over the limit: the notice names Eve
        calls = await tg.feed(tg.message(question, user=eve))
    notice = calls[0]
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;" in notice.params["text"]
    assert "<b>Eve</b> & <script>x</script>" in notice.result["text"]


async def test_telegram_per_user_limit_one_notice_then_silence(tg):
    """Five addressed requests a minute; the 6th gets one polite notice, the 7th nothing."""
    for _ in range(5):
        assert tg.actions(await tg.feed(tg.message(f"@bnbroute_bot {QUESTION}"))) == ["sendMessage"]
    sixth = tg.message(f"@bnbroute_bot {QUESTION}")
    calls = await tg.feed(sixth)
    assert tg.actions(calls) == ["sendMessage"]
    assert "wait a minute" in calls[0].result["text"]
    assert calls[0].params["reply_parameters"]["message_id"] == sixth["message"]["message_id"]
    assert calls[0].params.get("reply_markup") is None
    assert tg.actions(await tg.feed(tg.message(f"@bnbroute_bot {QUESTION}"))) == []
    # someone else is not held back, and a minute later Alice is heard again
    assert tg.actions(await tg.feed(tg.message(f"@bnbroute_bot {QUESTION}", user=tg.bob))) == ["sendMessage"]
    tg.clock.advance(61)
    calls = await tg.feed(tg.message(f"@bnbroute_bot {QUESTION}"))
    assert tg.actions(calls) == ["sendMessage"] and "wait a minute" not in calls[0].result["text"]


async def test_telegram_huge_text_is_answered_within_one_message(tg):
    """100 kB of text addressed to the bot gets one valid answer (or menu), nothing crashes."""
    update = tg.message("@bnbroute_bot " + "withdraw BNB to metamask please " * 3300)
    assert len(update["message"]["text"]) > 100_000
    calls = await tg.feed(update)
    assert tg.actions(calls) == ["sendMessage"]


async def test_telegram_messages_without_text_are_ignored(tg):
    """Stickers, photos without caption, joins and channel posts cause no call and no error."""
    sticker = {"file_id": "s1", "file_unique_id": "u1", "type": "regular", "width": 512,
               "height": 512, "is_animated": False, "is_video": False}
    photo = [{"file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90}]
    updates = [
        tg.message(None, sticker=sticker),
        tg.message(None, photo=photo),
        tg.message(None, chat=tg.private(tg.alice), sticker=sticker),
        tg.message(None, new_chat_members=[tg.bob]),
        tg.message(None, left_chat_member=tg.bob),
        tg.channel_post(f"@bnbroute_bot {QUESTION}"),
    ]
    for update in updates:
        assert tg.actions(await tg.feed(update)) == []


async def test_telegram_photo_caption_addressing_the_bot_is_answered(tg, engine):
    """A photo whose caption asks the bot a question is answered like text."""
    photo = [{"file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90}]
    caption = f"@bnbroute_bot {QUESTION}"
    update = tg.message(None, photo=photo, caption=caption,
                        caption_entities=[{"type": "mention", "offset": 0, "length": 13}])
    _answered(tg, await tg.feed(update), update, engine.ask(QUESTION))


async def test_telegram_edited_messages_are_answered_once(tg):
    """An edit of an answered question is not answered again; an edit that newly asks the bot is."""
    update = tg.message(f"@bnbroute_bot {QUESTION}")
    assert tg.actions(await tg.feed(update)) == ["sendMessage"]
    edit = tg.message(f"@bnbroute_bot {QUESTION} (edited)", edit_of=update["message"])
    assert tg.actions(await tg.feed(edit)) == []

    plain = tg.message("hello all", user=tg.bob)
    assert tg.actions(await tg.feed(plain)) == []
    calls = await tg.feed(tg.message(f"@bnbroute_bot {QUESTION}", edit_of=plain["message"]))
    assert tg.actions(calls) == ["sendMessage"]
    assert calls[0].params["reply_parameters"]["message_id"] == plain["message"]["message_id"]
    again = tg.message(f"@bnbroute_bot {QUESTION}!", edit_of=plain["message"])
    assert tg.actions(await tg.feed(again)) == []


async def test_telegram_edited_command_is_not_a_new_request(tg):
    """Editing a /route command does not post a second answer."""
    update = tg.message("/route")
    assert tg.actions(await tg.feed(update)) == ["sendMessage"]
    assert tg.actions(await tg.feed(tg.message(f"/route {QUESTION}", edit_of=update["message"]))) == []


async def test_telegram_removed_from_chat_is_handled_quietly(tg, api, caplog):
    """Forbidden (the bot was removed) is logged without alarm, and never tried again."""
    api.failures["sendMessage"] = (403, "Forbidden: bot was kicked from the supergroup chat")
    caplog.set_level("INFO")
    await tg.feed(tg.message(f"@bnbroute_bot {QUESTION}"))
    assert len(api.calls_of("sendMessage")) == 1
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    assert any("not allowed to post" in r.getMessage() for r in caplog.records)


async def test_telegram_bot_removed_membership_update_is_quiet(tg):
    """A my_chat_member update saying the bot was kicked sends nothing and raises nothing."""
    update = {"update_id": 9999, "my_chat_member": {
        "chat": tg.group, "from": tg.carol, "date": 1,
        "old_chat_member": {"status": "member", "user": tg.bot_user},
        "new_chat_member": {"status": "kicked", "user": tg.bot_user, "until_date": 0}}}
    assert tg.actions(await tg.feed(update)) == []


async def test_telegram_text_mention_of_the_bot_addresses_it(tg, engine):
    """A name linked to the bot's account (a text mention) addresses it like @bnbroute_bot."""
    text = f"bnb-route {QUESTION}"
    update = tg.message(text, entities=[{"type": "text_mention", "offset": 0, "length": 9,
                                         "user": tg.bot_user}])
    calls = await tg.feed(update)
    assert tg.actions(calls) == ["sendMessage"]
    assert calls[0].params["text"] == render_text(engine.ask(text), "html")


async def test_telegram_lookalike_handle_does_not_address_the_bot(tg):
    """@bnbroute_botty or an address like me@bnbroute_bot.com is not this bot."""
    for text in (f"@bnbroute_botty {QUESTION}", f"mail me@bnbroute_bot.com {QUESTION}"):
        assert tg.actions(await tg.feed(tg.message(text))) == []
