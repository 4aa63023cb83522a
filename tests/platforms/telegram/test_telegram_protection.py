"""Community protection on Telegram (issue 14): fake admins on join and by name, "DM me" replies,
/verify, the join notice, actions and their Undo, and who may switch and undo them."""
from __future__ import annotations

import pytest

from bot.platforms.telegram import build_application
from bot.storage import Recorder, StoredChatSettings

MODLOG_CHAT = -1009999999999
MIKE = {"id": 1004, "is_bot": False, "first_name": "Mike", "last_name": "Chen", "username": "mikechen"}
FAKE_MIKE = {"id": 6601, "is_bot": False, "first_name": "Mike", "last_name": "Chen Support",
             "username": "mikechen_help"}
BRAND = {"id": 6602, "is_bot": False, "first_name": "Binance", "last_name": "Support"}
DANA = {"id": 6603, "is_bot": False, "first_name": "Dana", "last_name": "Whitfield", "username": "dana_w"}
WALLETCONNECT = ("wc:7f6e504bfad60b485450578e05678ed3e8e8c4751d3c6160be17160d63ec90f9@2"
                 "?relay-protocol=irn&symKey=587d5484ce2a2a6ee3ba1962fdd7e8588e06200c46823bd18fbd67def96ad303")


@pytest.fixture
def app_options():
    return {"modlog_chat": MODLOG_CHAT}


@pytest.fixture(autouse=True)
def admins(api, tg):
    """Carol and Mike Chen administer the group (and the bot, which may restrict and delete)."""
    api.users[MIKE["id"]] = MIKE
    api.admins.update({(tg.group["id"], tg.carol["id"]), (tg.group["id"], MIKE["id"])})


def sent(calls, chat=None):
    return [c for c in calls if c.method == "sendMessage" and (chat is None or c.params["chat_id"] == chat)]


def modlog_lines(calls):
    return sent(calls, MODLOG_CHAT)


async def test_a_join_named_like_an_admin_is_reported_with_both_names(tg):
    """Default: report only; the mod-log line says the rule, the reason and the names compared."""
    calls = await tg.feed(tg.chat_member(FAKE_MIKE))
    assert tg.actions(calls) == ["sendMessage"]
    [line] = modlog_lines(calls)
    text = line.params["text"]
    assert "impersonation:admin-lookalike" in text and "close to admin Mike Chen" in text
    assert "“Mike Chen Support” vs “Mike Chen”" in text and "on join" in text and "reported" in text
    assert "reply_markup" not in line.params  # nothing to undo


async def test_a_join_is_checked_once_even_when_the_service_message_follows(tg):
    """chat_member and the "joined" service message both arrive: one mod-log line."""
    first = await tg.feed(tg.chat_member(BRAND))
    second = await tg.feed(tg.joined(BRAND))
    assert len(modlog_lines(first)) == 1 and tg.actions(second) == []
    assert "brand 'binance'" in modlog_lines(first)[0].params["text"]


async def test_real_admins_the_bot_and_ordinary_names_are_never_flagged(tg):
    for user in (MIKE, tg.carol, DANA, tg.alice):
        assert tg.actions(await tg.feed(tg.chat_member(user))) == []
    assert tg.actions(await tg.feed(tg.joined(tg.bot_user))) == []
    assert tg.actions(await tg.feed(tg.message("hi all, Mike here", user=MIKE))) == []


async def test_first_message_and_a_new_name_are_checked_once_each(tg):
    """In a group where the bot sees messages: a first message under a fake name, not the second;
    a message under a new fake name is checked again (Telegram sends no rename update)."""
    calls = await tg.feed(tg.message("hello everyone", user=BRAND))
    assert "on first message" in modlog_lines(calls)[0].params["text"]
    assert modlog_lines(await tg.feed(tg.message("anyone here?", user=BRAND))) == []
    assert modlog_lines(await tg.feed(tg.message("hello", user=DANA))) == []
    renamed = {**DANA, "first_name": "Admin", "last_name": "Dana"}
    calls = await tg.feed(tg.message("hello again", user=renamed))
    assert "on name change" in modlog_lines(calls)[0].params["text"]


async def test_restrict_action_and_undo_only_by_an_admin(tg, api):
    """/impersonation restrict (admin): a fake admin who joins is restricted; the mod-log line has an
    Undo button; a non-admin's press changes nothing; an admin's press lifts it and marks the line."""
    calls = await tg.feed(tg.message("/impersonation restrict", user=tg.carol))
    assert "restrict" in sent(calls)[0].result["text"]
    calls = await tg.feed(tg.chat_member(FAKE_MIKE))
    [restrict] = [c for c in calls if c.method == "restrictChatMember"]
    assert restrict.params["user_id"] == FAKE_MIKE["id"] and restrict.params["chat_id"] == tg.group["id"]
    assert restrict.params["permissions"]["can_send_messages"] is False and "until_date" not in restrict.params
    [line] = modlog_lines(calls)
    assert "restricted until an admin lifts it" in line.params["text"]
    [[undo]] = tg.keyboard(line)
    assert undo == f"undo:{tg.group['id']}:{FAKE_MIKE['id']}"
    logged = tg.bot_message(line)

    calls = await tg.feed(tg.press(logged, undo, user=tg.bob))
    assert tg.actions(calls) == ["answerCallbackQuery"]
    assert calls[-1].params["show_alert"] and "Only admins" in calls[-1].params["text"]

    calls = await tg.feed(tg.press(logged, undo, user=tg.carol))
    assert tg.actions(calls) == ["restrictChatMember", "answerCallbackQuery", "editMessageText"]
    lifted = [c for c in calls if c.method == "restrictChatMember"][0]
    assert lifted.params["permissions"]["can_send_messages"] is True
    assert "undone by Carol (1003)" in calls[-1].params["text"]


async def test_timeout_action_lasts_a_day_and_no_right_is_reported(tg, api):
    await tg.feed(tg.message("/impersonation timeout", user=tg.carol))
    calls = await tg.feed(tg.chat_member(BRAND))
    [restrict] = [c for c in calls if c.method == "restrictChatMember"]
    assert "until_date" in restrict.params and "timed out for 24 h" in modlog_lines(calls)[0].params["text"]
    api.bot_can_restrict = False
    tg.app.bot_data["bnb_route"].members.forget_chat(tg.group["id"])
    calls = await tg.feed(tg.chat_member({**BRAND, "id": 6699}))
    assert [c for c in calls if c.method == "restrictChatMember"] == []
    assert "lacks the right" in modlog_lines(calls)[0].params["text"]


async def test_only_admins_switch_the_protection_settings(tg):
    """A non-admin's /impersonation off and /dmguard off change nothing and say nothing."""
    for text in ("/impersonation off", "/impersonation restrict", "/dmguard off", "/dmdelete on", "/joinnotice on"):
        assert tg.actions(await tg.feed(tg.message(text, user=tg.bob))) == []
    state = tg.app.bot_data["bnb_route"].chat_settings(tg.group["id"])
    assert (state.impersonation, state.impersonation_action, state.hijack, state.hijack_delete,
            state.joinnotice) == (True, "report", True, False, False)
    calls = await tg.feed(tg.message("/impersonation off", user=tg.carol))
    assert "now off" in sent(calls)[0].result["text"]
    assert modlog_lines(await tg.feed(tg.chat_member(BRAND))) == []


async def test_dm_me_reply_warns_the_asker_and_the_moderators(tg):
    question = tg.message("I sent BNB to the wrong network, help?", user=tg.alice)
    await tg.feed(question)
    reply = tg.message("@alice DM me, I can recover it for you", user=tg.bob, reply_to=question["message"])
    calls = await tg.feed(reply)
    assert tg.actions(calls) == ["sendMessage", "sendMessage"]
    [warning] = sent(calls, tg.group["id"])
    assert warning.params["reply_parameters"]["message_id"] == question["message"]["message_id"]
    assert "admins never DM first" in warning.result["text"] and "not an admin here" in warning.result["text"]
    [line] = modlog_lines(calls)
    assert "hijack:" in line.params["text"] and "asker warned" in line.params["text"]
    assert "recover" not in line.params["text"]  # the message itself is never logged


async def test_dm_me_deletion_is_a_chat_option(tg):
    await tg.feed(tg.message("/dmdelete on", user=tg.carol))
    question = tg.message("my wallet shows 0, why?", user=tg.alice)
    calls = await tg.feed(tg.message("inbox me for support", user=tg.bob, reply_to=question["message"]))
    assert "deleteMessage" in tg.actions(calls)
    assert "reply deleted" in modlog_lines(calls)[0].params["text"]


async def test_admins_and_helpful_replies_are_not_flagged(tg):
    question = tg.message("my wallet shows 0, why?", user=tg.alice)
    assert tg.actions(await tg.feed(tg.message("DM me and I'll look", user=tg.carol,
                                               reply_to=question["message"]))) == []
    helpful = "Never DM anyone offering help. Post the tx hash here and check the network."
    assert tg.actions(await tg.feed(tg.message(helpful, user=tg.bob, reply_to=question["message"]))) == []


async def test_verify_answers_yes_or_no_with_admin_names_only(tg):
    calls = await tg.feed(tg.message("/verify @mikechen", user=tg.alice))
    assert sent(calls)[0].result["text"].startswith("✅ Yes: @mikechen is an admin")
    calls = await tg.feed(tg.message("/verify @mikechen_help", user=tg.alice))
    text = sent(calls)[0].result["text"]
    assert text.startswith("❌ No: @mikechen_help") and "Carol" in text and "Mike Chen" in text
    assert "1004" not in text and "bnb-route" not in text  # no ids, no bots
    target = tg.message("I'm support, DM me", user=tg.bob)["message"]
    calls = await tg.feed(tg.message("/verify", user=tg.alice, reply_to=target))
    assert sent(calls)[0].result["text"].startswith("❌ No: Bob is not an admin")
    calls = await tg.feed(tg.message("/verify", user=tg.alice))
    assert "/verify @username" in sent(calls)[0].result["text"]


async def test_join_notice_is_off_by_default_then_rate_limited(tg, clock):
    assert sent(await tg.feed(tg.chat_member(DANA)), tg.group["id"]) == []
    await tg.feed(tg.message("/joinnotice on", user=tg.carol))
    calls = await tg.feed(tg.chat_member({**DANA, "id": 7001}))
    [notice] = sent(calls, tg.group["id"])
    assert "never DM first" in notice.result["text"] and "/verify" in notice.result["text"]
    assert sent(await tg.feed(tg.chat_member({**DANA, "id": 7002})), tg.group["id"]) == []
    clock.advance(301)
    assert len(sent(await tg.feed(tg.chat_member({**DANA, "id": 7003})), tg.group["id"])) == 1


async def test_scam_links_are_flagged_like_lookalikes_with_the_link_guard(tg):
    await tg.feed(tg.message("/linkguard on", user=tg.carol))
    calls = await tg.feed(tg.message(f"connect here: {WALLETCONNECT}", user=DANA))
    [notice] = sent(calls, tg.group["id"])
    assert "WalletConnect pairing link" in notice.result["text"]


async def test_a_contact_handle_in_the_reply_is_not_taken_for_the_asker(tg):
    """"contact @recovery_pro": that mention is the scammer's contact, not the person addressed."""
    question = tg.message("my BNB is gone, help?", user=tg.alice)
    await tg.feed(question)
    calls = await tg.feed(tg.message("@alice write to @recovery_pro, he got my BNB back", user=tg.bob,
                                     reply_to=question["message"]))
    assert len(sent(calls, tg.group["id"])) == 1 and "hijack:" in modlog_lines(calls)[0].params["text"]


async def test_a_dm_me_that_only_mentions_the_asker_is_flagged_too(tg):
    calls = await tg.feed(tg.message("@alice inbox me, I can help", user=tg.bob))
    [warning] = sent(calls, tg.group["id"])
    assert "admins never DM first" in warning.result["text"]


async def test_protection_settings_persist_across_a_restart(tg, api, engine, store, clock):
    """An admin's /impersonation timeout and /joinnotice on are back after a restart (stored settings)."""
    first = Recorder(store, purge_every=None)
    app = build_application(engine, api.token, base_url=api.base_url, clock=clock, settings=StoredChatSettings(first))
    await app.initialize()
    harness = type(tg)(app, api, clock)  # the same harness, on the restarted bot
    await harness.feed(tg.message("/impersonation timeout", user=tg.carol))
    await harness.feed(tg.message("/joinnotice on", user=tg.carol))
    await app.shutdown()
    assert first.flush()

    again = StoredChatSettings(Recorder(store, purge_every=None))
    restored = again.get("telegram", tg.group["id"])
    assert (restored.impersonation_action, restored.joinnotice, restored.hijack) == ("timeout", True, True)


async def test_without_a_modlog_chat_an_action_is_shown_in_the_group_with_undo(tg):
    """No TELEGRAM_MODLOG_CHAT: a restriction is still shown (in the group) so an admin can undo it;
    a report-only flag is not posted there."""
    tg.app.bot_data["bnb_route"].modlog_chat = None
    assert tg.actions(await tg.feed(tg.chat_member(BRAND))) == []  # report only: the bot's log has it
    await tg.feed(tg.message("/impersonation restrict", user=tg.carol))
    calls = await tg.feed(tg.chat_member(FAKE_MIKE))
    [line] = [c for c in sent(calls, tg.group["id"]) if "impersonation:" in c.params["text"]]
    assert tg.keyboard(line) == [[f"undo:{tg.group['id']}:{FAKE_MIKE['id']}"]]
