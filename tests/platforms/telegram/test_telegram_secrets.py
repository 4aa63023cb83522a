"""Leaked recovery phrases and keys on Telegram, with the real detector (nothing monkeypatched).

The secrets come from `leak_samples`: real phrases whose words the bot never
says on its own, so any of them in a request or a log line is a leak.
"""
from __future__ import annotations

import json
import logging

import pytest
from leak_samples import KINDS, Leak, key_hex, leak, said_by_the_bot

from bot.core.render import render_text
from bot.ops.settings import SettingsError, load_settings
from bot.safety import Finding, format_modlog

MODLOG_CHAT = -1001000000099
BOT_ID = 123456
# field names and values of the Bot API requests, the adapter's log lines, the fixtures' names
REQUEST_WORDS = ("chat_id text parse_mode html link_preview_options is_disabled reply_parameters message_id "
                 "allow_sending_without_reply message_thread_id user_id reply_markup inline_keyboard "
                 "callback_data safety deleted true false flagged forbidden telegram supergroup chat "
                 "private rule recovery phrase key could not delete right posted reply warning")
NAMES = "BNB <help> & chat Support forum Alice Bob Carol Eve admin please"


@pytest.fixture
def app_options():
    """The bot under test posts to a mod-log chat."""
    return {"modlog_chat": MODLOG_CHAT}


@pytest.fixture(scope="module")
def said_anyway(engine):
    """Every word the bot may send or log on its own here: no phrase under test uses any of them."""
    return said_by_the_bot(engine, "html", REQUEST_WORDS, NAMES)


def assert_never_shown(secret: Leak, api, caplog) -> None:
    """No request the bot made, and no log line at any level, holds any part of the secret."""
    assert api.calls, "the bot made no request at all: nothing was checked"
    for call in api.calls:
        body = json.dumps(call.params, ensure_ascii=False)
        assert secret.found_in(body) == [], f"{call.method} repeated {secret.found_in(body)}"
    for record in caplog.records:
        assert secret.found_in(record.getMessage()) == [], f"logged by {record.name}"
    assert secret.found_in(caplog.text) == []


def modlog_lines(api) -> list[str]:
    return [c.params["text"] for c in api.calls_of("sendMessage") if c.params["chat_id"] == MODLOG_CHAT]


def notices(calls) -> list:
    return [c for c in calls if c.method == "sendMessage" and c.params["chat_id"] != MODLOG_CHAT]


def notice_html(engine, secret: Leak, deleted: bool, can_delete: bool = True) -> str:
    return render_text(engine.secret_notice(Finding(secret.rule, "delete"), deleted, can_delete=can_delete), "html")


@pytest.mark.parametrize("kind", KINDS)
async def test_telegram_leak_is_deleted_logged_once_and_never_repeated(tg, api, engine, said_anyway, caplog,
                                                                       kind):
    """The bot checks it may delete, deletes, tells the mod-log and the chat, and repeats nothing."""
    caplog.set_level(logging.DEBUG)
    secret = leak(kind, said_anyway)
    update = tg.message(secret.text, user=tg.bob)
    calls = await tg.feed(update)
    methods = [c.method for c in calls]
    assert [m for m in methods if m != "getChatMember"] == ["deleteMessage", "sendMessage", "sendMessage"]
    sent_to = [c.params["chat_id"] for c in calls if c.method == "sendMessage"]
    assert sent_to == [tg.group["id"], MODLOG_CHAT]  # the notice is not held up by the mod-log
    own_rights = calls[methods.index("getChatMember")]
    assert own_rights.params == {"chat_id": tg.group["id"], "user_id": BOT_ID}  # before deleting
    assert methods.index("getChatMember") < methods.index("deleteMessage")
    delete = calls[methods.index("deleteMessage")]
    assert delete.params == {"chat_id": tg.group["id"], "message_id": update["message"]["message_id"]}
    assert modlog_lines(api) == [format_modlog("telegram", f"{tg.group['title']} ({tg.group['id']})",
                                               "Bob (1002)", secret.rule, "deleted")]
    [notice] = notices(calls)
    assert notice.params["text"] == notice_html(engine, secret, deleted=True)
    assert "reply_parameters" not in notice.params  # the message it would quote is gone
    assert_never_shown(secret, api, caplog)


@pytest.mark.parametrize("rights", ["member", "admin without delete right"])
async def test_telegram_leak_without_delete_right_asks_an_admin(tg, api, engine, said_anyway, caplog, rights):
    """Not allowed to delete: nothing is deleted, the notice asks an admin, the mod-log says so."""
    caplog.set_level(logging.DEBUG)
    api.bot_is_admin = rights != "member"
    api.bot_can_delete = False
    secret = leak("12 words", said_anyway)
    update = tg.message(secret.text, user=tg.bob, chat=tg.forum, topic=77)
    calls = await tg.feed(update)
    assert api.calls_of("deleteMessage") == []
    assert modlog_lines(api) == [format_modlog("telegram", f"Support forum ({tg.forum['id']})", "Bob (1002)",
                                               secret.rule, "could not delete (no delete right)")]
    [notice] = notices(calls)
    assert notice.params["text"] == notice_html(engine, secret, deleted=False, can_delete=False)
    assert "Admins: please remove that message now." in notice.result["text"]
    assert notice.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert notice.params["message_thread_id"] == 77
    assert_never_shown(secret, api, caplog)


async def test_telegram_phrase_added_by_an_edit_is_deleted(tg, api, engine, said_anyway, caplog):
    """An edit that pastes a phrase into an innocent message is handled like a new message."""
    caplog.set_level(logging.DEBUG)
    secret = leak("inside a longer message", said_anyway)
    original = tg.message("one sec, copying my wallet words", user=tg.bob)
    assert tg.actions(await tg.feed(original)) == []
    calls = await tg.feed(tg.message(secret.text, edit_of=original["message"]))
    assert [c.params for c in calls if c.method == "deleteMessage"] == [
        {"chat_id": tg.group["id"], "message_id": original["message"]["message_id"]}]
    assert len(modlog_lines(api)) == 1
    assert [c.params["text"] for c in notices(calls)] == [notice_html(engine, secret, deleted=True)]
    assert_never_shown(secret, api, caplog)


@pytest.mark.parametrize("kind", ["12 words", "private key"])
@pytest.mark.parametrize("form", ["{}", "/route {}", "/start {}"])
async def test_telegram_private_leak_is_deleted_not_answered(tg, api, engine, said_anyway, caplog, kind, form):
    """In private it is deleted too and only the notice is posted: no answer, no buttons, no echo."""
    caplog.set_level(logging.DEBUG)
    secret = leak(kind, said_anyway)
    update = tg.message(form.format(secret.text), chat=tg.private(tg.alice))
    calls = await tg.feed(update)
    assert [c.params for c in calls if c.method == "deleteMessage"] == [
        {"chat_id": tg.alice["id"], "message_id": update["message"]["message_id"]}]
    [notice] = notices(calls)
    assert notice.params["text"] == notice_html(engine, secret, deleted=True)
    assert "reply_markup" not in notice.params
    assert modlog_lines(api) == [format_modlog("telegram", f"private chat ({tg.alice['id']})", "Alice (1001)",
                                               secret.rule, "deleted")]
    assert_never_shown(secret, api, caplog)


async def test_telegram_tx_hash_is_left_alone(tg, api, engine):
    """A transaction hash is no key: nothing deleted, nothing in the mod-log; in private it is answered."""
    text = f"tx 0x{key_hex(seed=99)} stuck pending"
    assert tg.actions(await tg.feed(tg.message(text, user=tg.bob))) == []
    calls = await tg.feed(tg.message(text, chat=tg.private(tg.alice)))
    assert tg.actions(calls) == ["sendMessage"]
    assert calls[0].params["text"].startswith(render_text(engine.ask(text), "html"))
    assert api.calls_of("deleteMessage") == [] and modlog_lines(api) == []


async def test_telegram_warn_gets_one_modlog_line(tg, api):
    """Each canned warning posted adds one plain line naming the moderator, the warning and the target."""
    api.admins.add((tg.group["id"], tg.carol["id"]))
    target = tg.message("dm me your wallet words and I'll fix it", user=tg.bob)["message"]
    await tg.feed(tg.message("/warn seed", user=tg.carol, reply_to=target))
    await tg.feed(tg.message("/warn dm", user=tg.carol))
    await tg.feed(tg.message("/warn", user=tg.carol))  # only the list of ids: nothing posted
    await tg.feed(tg.message("/warn seed", user=tg.bob))  # not an admin: ignored
    where = f"{tg.group['title']} ({tg.group['id']})"
    assert modlog_lines(api) == [
        format_modlog("telegram", where, "Carol (1003)", "warning:seed", "posted in reply to Bob (1002)"),
        format_modlog("telegram", where, "Carol (1003)", "warning:dm", "posted"),
    ]
    to_modlog = [c for c in api.calls_of("sendMessage") if c.params["chat_id"] == MODLOG_CHAT]
    assert all("parse_mode" not in c.params for c in to_modlog)  # plain text: names cannot inject markup


async def test_telegram_modlog_names_mention_nobody(tg, api, said_anyway):
    """A sender named like a mention is written without the @, so the mod-log pings nobody."""
    eve = {"id": 1005, "is_bot": False, "first_name": "@carol_admin", "last_name": "<b>x</b>"}
    await tg.feed(tg.message(leak("12 words", said_anyway).text, user=eve))
    [line] = modlog_lines(api)
    assert "@" not in line and "from carol_admin <b>x</b> (1005)" in line


async def test_telegram_modlog_failure_is_logged_and_ignored(tg, api, engine, said_anyway, caplog):
    """A mod-log chat that refuses the bot costs one warning line; the deletion and the notice go ahead."""
    api.refused_chats[MODLOG_CHAT] = (403, "Forbidden: bot is not a member of the supergroup chat")
    secret = leak("12 words", said_anyway)
    calls = await tg.feed(tg.message(secret.text, user=tg.bob))
    assert len(api.calls_of("deleteMessage")) == 1
    [notice] = notices(calls)
    assert notice.result["text"] and notice.params["text"] == notice_html(engine, secret, deleted=True)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "could not post to the mod-log chat: Forbidden"]


async def test_telegram_modlog_line_even_when_the_chat_refuses_the_notice(tg, api, said_anyway):
    """A chat where the bot may no longer post its notice still gets its line in the mod-log."""
    api.refused_chats[tg.group["id"]] = (403, "Forbidden: bot was kicked from the supergroup chat")
    await tg.feed(tg.message(leak("12 words", said_anyway).text, user=tg.bob))
    assert len(api.calls_of("deleteMessage")) == 1
    assert modlog_lines(api) == [format_modlog("telegram", f"{tg.group['title']} ({tg.group['id']})",
                                               "Bob (1002)", "recovery-phrase", "deleted")]
    assert len(api.calls_of("sendMessage")) == 2  # the refused notice (not tried again) and the line


def test_telegram_modlog_chat_comes_from_the_environment():
    """TELEGRAM_MODLOG_CHAT is one chat id (groups are negative); anything else stops the bot at start."""
    assert load_settings({"TELEGRAM_MODLOG_CHAT": f" {MODLOG_CHAT} "}).telegram.modlog_chat == MODLOG_CHAT
    assert load_settings({}).telegram.modlog_chat is None
    for bad in (f"{MODLOG_CHAT},-1002", "@moderators"):
        with pytest.raises(SettingsError, match="TELEGRAM_MODLOG_CHAT"):
            load_settings({"TELEGRAM_MODLOG_CHAT": bad})
