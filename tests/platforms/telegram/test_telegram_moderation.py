"""Moderator commands (/warn, /autoanswer, /linkguard) and auto-answer mode with its cooldowns."""
from __future__ import annotations

from bot.core.render import render_text

QUESTION = "how do I withdraw USDT from Binance to MetaMask?"


def api_sent(calls):
    return [c for c in calls if c.method == "sendMessage"]


def _admin(tg, api, user=None):
    api.admins.add((tg.group["id"], (user or tg.carol)["id"]))


async def test_telegram_warn_as_reply_by_admin(tg, api, engine):
    """An admin's /warn seed, replying to a message: the warning replies to it, the command is deleted."""
    _admin(tg, api)
    target = tg.message("dm me your wallet words and I'll fix it", user=tg.bob)["message"]
    command = tg.message("/warn seed", user=tg.carol, reply_to=target)
    calls = await tg.feed(command)
    assert sorted(tg.actions(calls)) == ["deleteMessage", "sendMessage"]
    [warning] = [c for c in calls if c.method == "sendMessage"]
    [delete] = [c for c in calls if c.method == "deleteMessage"]
    assert warning.params["text"] == render_text(engine.warning("seed"), "html")
    assert warning.params["reply_parameters"]["message_id"] == target["message_id"]
    assert engine.content.safety_line in warning.result["text"]
    assert delete.params == {"chat_id": tg.group["id"], "message_id": command["message"]["message_id"]}


async def test_telegram_warn_by_anonymous_admin(tg, engine):
    """An admin posting as the group may /warn; no getChatMember is needed to know it."""
    target = tg.message("send me your seed", user=tg.bob)["message"]
    command = tg.message("/warn@bnbroute_bot dm", user=tg.anonymous_admin, sender_chat=tg.group,
                         reply_to=target)
    calls = await tg.feed(command)
    assert sorted(tg.actions(calls)) == ["deleteMessage", "sendMessage"]
    assert api_sent(calls)[0].params["text"] == render_text(engine.warning("dm"), "html")
    assert not [c for c in calls if c.method == "getChatMember" and c.params["user_id"] != 123456]


async def test_telegram_warn_by_non_admin_is_ignored_silently(tg):
    """From anyone else /warn sends nothing at all."""
    target = tg.message("hello", user=tg.carol)["message"]
    for text in ("/warn seed", "/warn", "/warn nonsense", "/autoanswer on", "/linkguard on"):
        calls = await tg.feed(tg.message(text, user=tg.bob, reply_to=target))
        assert tg.actions(calls) == []


async def test_telegram_warn_unknown_or_missing_id_lists_the_ids(tg, api, engine):
    """/warn with no or an unknown id replies with the list of ids and deletes nothing."""
    _admin(tg, api)
    for text in ("/warn", "/warn <nope>"):
        command = tg.message(text, user=tg.carol)
        calls = await tg.feed(command)
        assert tg.actions(calls) == ["sendMessage"]
        usage = api_sent(calls)[0]
        assert usage.params["reply_parameters"]["message_id"] == command["message"]["message_id"]
        shown = usage.result["text"]
        assert all(warning_id in shown for warning_id in engine.warning_ids())
        assert "/warn <id>" in shown


async def test_telegram_warn_without_reply_posts_in_the_same_topic(tg, api, engine):
    """/warn not as a reply posts the warning in the chat, in the command's forum topic."""
    api.admins.add((tg.forum["id"], tg.carol["id"]))
    calls = await tg.feed(tg.message("/warn bridge", user=tg.carol, chat=tg.forum, topic=77))
    assert sorted(tg.actions(calls)) == ["deleteMessage", "sendMessage"]
    warning = api_sent(calls)[0]
    assert warning.params["message_thread_id"] == 77
    assert "reply_parameters" not in warning.params
    assert warning.params["text"] == render_text(engine.warning("bridge"), "html")


async def test_telegram_warn_keeps_the_command_when_the_bot_may_not_delete(tg, api):
    """Without the right to delete messages the bot only posts the warning."""
    _admin(tg, api)
    api.bot_can_delete = False
    target = tg.message("hi", user=tg.bob)["message"]
    calls = await tg.feed(tg.message("/warn seed", user=tg.carol, reply_to=target))
    assert tg.actions(calls) == ["sendMessage"]


async def test_telegram_admin_check_is_cached_for_a_minute(tg, api):
    """getChatMember for the same admin is asked once a minute, not once per command."""
    _admin(tg, api)

    def lookups():
        return [c for c in api.calls_of("getChatMember") if c.params["user_id"] == tg.carol["id"]]

    await tg.feed(tg.message("/warn seed", user=tg.carol))
    await tg.feed(tg.message("/warn dm", user=tg.carol))
    assert len(lookups()) == 1
    tg.clock.advance(61)
    await tg.feed(tg.message("/warn bep2", user=tg.carol))
    assert len(lookups()) == 2


async def test_telegram_autoanswer_off_by_default(tg):
    """Unaddressed questions get nothing until an admin turns auto-answer on."""
    assert tg.actions(await tg.feed(tg.message(QUESTION))) == []


async def test_telegram_autoanswer_with_cooldowns(tg, api, engine):
    """Auto-answer answers a clear question once per chat and entry per 10 minutes, and per user."""
    _admin(tg, api)
    calls = await tg.feed(tg.message("/autoanswer on", user=tg.carol))
    assert tg.actions(calls) == ["sendMessage"] and "now on" in api_sent(calls)[0].result["text"]

    question = tg.message(QUESTION)
    calls = await tg.feed(question)
    assert tg.actions(calls) == ["sendMessage"]
    assert calls[0].params["reply_parameters"]["message_id"] == question["message"]["message_id"]
    assert calls[0].params["text"] == render_text(engine.ask(QUESTION), "html")

    # the same question again within 10 minutes, from someone else: silence
    assert tg.actions(await tg.feed(tg.message(QUESTION, user=tg.bob))) == []
    # another clear question from the same person right away: silence (per-user cooldown)
    other = "my tokens are not showing in metamask, why?"
    assert engine.auto_answer(other) is not None
    assert tg.actions(await tg.feed(tg.message(other))) == []
    # but from someone else it is answered: another entry, another person
    assert tg.actions(await tg.feed(tg.message(other, user=tg.bob))) == ["sendMessage"]
    # after 10 minutes the first question is answered again
    tg.clock.advance(601)
    assert tg.actions(await tg.feed(tg.message(QUESTION, user=tg.bob))) == ["sendMessage"]


async def test_telegram_autoanswer_stays_quiet_when_unsure_or_not_asked(tg, api, engine):
    """Chatter, unclear questions, bots and edits of answered messages get nothing."""
    _admin(tg, api)
    await tg.feed(tg.message("/autoanswer on", user=tg.carol))
    for text in ("gm everyone", "banana smoothie recipe?", "nice pump today"):
        assert engine.auto_answer(text) is None
        assert tg.actions(await tg.feed(tg.message(text))) == []
    assert tg.actions(await tg.feed(tg.message(QUESTION, user=tg.other_bot))) == []
    answered = tg.message(QUESTION)
    assert tg.actions(await tg.feed(answered)) == ["sendMessage"]
    tg.clock.advance(601)
    edit = tg.message(QUESTION + " (typo fixed)", edit_of=answered["message"])
    assert tg.actions(await tg.feed(edit)) == []


async def test_telegram_autoanswer_switch_by_non_admin_changes_nothing(tg, api):
    """/autoanswer on from a member is ignored and the mode stays off."""
    await tg.feed(tg.message("/autoanswer on", user=tg.bob))
    assert tg.actions(await tg.feed(tg.message(QUESTION))) == []


async def test_telegram_autoanswer_off_again(tg, api):
    """/autoanswer off stops the unaddressed answers; /autoanswer alone tells the state."""
    _admin(tg, api)
    await tg.feed(tg.message("/autoanswer on", user=tg.carol))
    calls = await tg.feed(tg.message("/autoanswer off", user=tg.carol))
    assert "now off" in calls[-1].result["text"]
    assert tg.actions(await tg.feed(tg.message(QUESTION))) == []
    calls = await tg.feed(tg.message("/autoanswer", user=tg.carol))
    assert "is off" in calls[-1].result["text"] and "/autoanswer on" in calls[-1].result["text"]


async def test_telegram_autoanswer_warns_about_privacy_mode(tg, api):
    """Turned on where the bot sees only addressed messages, the reply says how to fix that."""
    _admin(tg, api)
    api.bot_is_admin = False
    calls = await tg.feed(tg.message("/autoanswer on", user=tg.carol))
    assert "privacy mode" in calls[-1].result["text"]


async def test_telegram_settings_commands_in_private_explain_themselves(tg):
    """/autoanswer in a private chat says it is for groups."""
    calls = await tg.feed(tg.message("/autoanswer on", chat=tg.private(tg.alice)))
    assert tg.actions(calls) == ["sendMessage"]
    assert "groups" in api_sent(calls)[0].result["text"]
