"""Leaked recovery phrases and keys on Discord, with the real detector (nothing monkeypatched).

The secrets come from `leak_samples`: real phrases whose words the bot never
says on its own, so any of them in a request or a log line is a leak.
"""
from __future__ import annotations

import json
import logging

import pytest
from fake_discord import (
    ALICE,
    BOB,
    CHANNEL_ID,
    MANAGE_MESSAGES,
    MOD,
    SUPPORT_ID,
    TOKEN,
    VIEW_SEND_READ,
    guild,
    interaction,
    message,
    slash,
)
from leak_samples import KINDS, Leak, key_hex, leak, said_by_the_bot

from bot.core.markup import escape_markdown
from bot.ops.logs import QUIET_FLOORS, guard
from bot.ops.settings import SettingsError, load_settings
from bot.platforms.discord.embeds import reply_embed
from bot.safety import Finding, format_modlog

MODLOG_ID = 700000000000000099
MODERATOR = VIEW_SEND_READ | MANAGE_MESSAGES
# field names and values of the REST requests, the adapter's log lines, the fixtures' names
REQUEST_WORDS = ("content embeds type rich title description color footer text allowed_mentions parse users "
                 "replied_user message_reference message_id channel_id guild_id fail_if_not_exists flags "
                 "components data tts choices custom_id label style emoji disabled name value inline fields "
                 "url discord rule recovery phrase private key deleted could not delete manage messages "
                 "posted reply warning channel http status")
NAMES = "general support BNB fans alice bob mod"


@pytest.fixture(autouse=True)
def production_logging():
    """Library loggers held where `python -m bot discord` holds them (`bot.ops.logs`): at DEBUG
    discord.http logs whole responses, and a reply's response quotes the message it replies to."""
    levels = {name: logging.getLogger(name).level for name in QUIET_FLOORS}
    guard([TOKEN])
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture(scope="module")
def said_anyway(engine):
    """Every word the bot may send or log on its own here: no phrase under test uses any of them."""
    return said_by_the_bot(engine, "markdown", REQUEST_WORDS, NAMES) | said_by_the_bot(engine, "plain")


def assert_never_shown(secret: Leak, fake, caplog) -> None:
    """No request the bot made, and no log line at any level, holds any part of the secret."""
    assert fake.sent, "the bot made no request at all: nothing was checked"
    for sent in fake.sent:
        body = f"{sent.path} {json.dumps(sent.query)} {json.dumps(sent.json, ensure_ascii=False)}"
        assert secret.found_in(body) == [], f"{sent.method} {sent.path} repeated {secret.found_in(body)}"
    for record in caplog.records:
        assert secret.found_in(record.getMessage()) == [], f"logged by {record.name}"
    assert secret.found_in(caplog.text) == []


def modlog_lines(fake) -> list[str]:
    return [s.json["content"] for s in fake.posts() if s.path == f"/channels/{MODLOG_ID}/messages"]


def expected_line(where: str, who: dict, rule: str, outcome: str) -> str:
    return escape_markdown(format_modlog("discord", where, f"{who['username']} ({who['id']})", rule, outcome))


def embed_of(reply) -> dict:
    """The embed discord.py sends for `reply` (type and all)."""
    return reply_embed(reply).to_dict()


async def guarded_bot(discord_env, *, can_delete: bool = True, modlog: bool = True):
    """A bot reading the server's messages (a support channel set), with or without Manage Messages."""
    client = await discord_env.bot(support_channels=[SUPPORT_ID], modlog_channel=MODLOG_ID if modlog else None)
    client._connection.parse_guild_create(guild(bot_can_manage_messages=can_delete))
    return client


@pytest.mark.parametrize("kind", KINDS)
async def test_discord_leak_is_deleted_logged_once_and_never_repeated(discord_env, engine, said_anyway, caplog,
                                                                      kind):
    """With Manage Messages: deleted, one mod-log line, the engine's notice, nothing repeated."""
    caplog.set_level(logging.DEBUG)
    client = await guarded_bot(discord_env)
    secret = leak(kind, said_anyway)
    posted = message(secret.text, author=BOB)
    delete, notice, line = await discord_env.post(client, posted)
    assert delete.method == "DELETE" and delete.path == f"/channels/{SUPPORT_ID}/messages/{posted['id']}"
    assert line.path == f"/channels/{MODLOG_ID}/messages"
    assert modlog_lines(discord_env.fake) == [expected_line("#support (BNB fans)", BOB, secret.rule, "deleted")]
    assert line.json["allowed_mentions"] == {"parse": []}
    assert notice.path == f"/channels/{SUPPORT_ID}/messages" and "message_reference" not in notice.json
    assert notice.embed == embed_of(engine.secret_notice(Finding(secret.rule, "delete"), True))
    assert notice.json["allowed_mentions"] == {"parse": []}
    assert_never_shown(secret, discord_env.fake, caplog)


async def test_discord_leak_without_manage_messages_asks_a_moderator(discord_env, engine, said_anyway, caplog):
    """Without Manage Messages nothing is deleted; the reply asks the admins and the mod-log says so."""
    caplog.set_level(logging.DEBUG)
    client = await guarded_bot(discord_env, can_delete=False)
    secret = leak("12 words", said_anyway)
    posted = message(secret.text, author=BOB, channel_id=CHANNEL_ID)  # any channel the bot reads
    notice, line = await discord_env.post(client, posted)
    assert discord_env.fake.deletes() == []
    assert modlog_lines(discord_env.fake) == [
        expected_line("#general (BNB fans)", BOB, secret.rule, "could not delete (no Manage Messages)")]
    assert str(notice.json["message_reference"]["message_id"]) == posted["id"]
    assert notice.embed == embed_of(engine.secret_notice(Finding(secret.rule, "delete"), False, can_delete=False))
    assert "not allowed to delete" in notice.embed["description"]
    assert_never_shown(secret, discord_env.fake, caplog)


async def test_discord_phrase_added_by_an_edit_is_deleted(discord_env, said_anyway, caplog):
    """An edit pasting a phrase into a message is deleted like a new one; a link preview changes nothing."""
    caplog.set_level(logging.DEBUG)
    client = await guarded_bot(discord_env)
    secret = leak("inside a longer message", said_anyway)
    original = message("one sec, copying my wallet words", author=BOB, channel_id=CHANNEL_ID)
    assert await discord_env.post(client, original) == []
    unfurled = {**original, "embeds": [{"type": "link", "url": "https://example.com"}]}
    assert await discord_env.edit(client, unfurled) == []
    edited = {**original, "content": secret.text, "edited_timestamp": "2025-01-01T00:01:00+00:00"}
    delete, notice, line = await discord_env.edit(client, edited)
    assert delete.method == "DELETE" and delete.path == f"/channels/{CHANNEL_ID}/messages/{original['id']}"
    assert modlog_lines(discord_env.fake) == [expected_line("#general (BNB fans)", BOB, secret.rule, "deleted")]
    assert notice.method == "POST" and "recovery phrase" in notice.embed["title"]
    assert_never_shown(secret, discord_env.fake, caplog)


async def test_discord_edits_by_bots_and_question_edits_are_not_answered(discord_env, engine):
    """Only the guard reads edits: an edited question gets no second answer, a bot's edit nothing."""
    client = await guarded_bot(discord_env)
    question = message("how do I withdraw USDT from Binance to MetaMask, which network?", author=ALICE)
    assert len(await discord_env.post(client, question)) == 1  # the auto-answer
    changed = {**question, "content": "how do I add BNB Smart Chain to MetaMask?",
               "edited_timestamp": "2025-01-01T00:01:00+00:00"}
    assert await discord_env.edit(client, changed) == []


@pytest.mark.parametrize("kind", ["12 words", "private key"])
async def test_discord_route_command_answers_a_leak_privately(discord_env, engine, said_anyway, caplog, kind):
    """/bnb-route question:<phrase>: the safety advice, ephemeral, nothing echoed, nothing in the mod-log."""
    caplog.set_level(logging.DEBUG)
    client = await guarded_bot(discord_env)
    secret = leak(kind, said_anyway)
    typing = interaction(4, slash("bnb-route", question=secret.text, focused="question"))
    [suggestions] = await discord_env.interact(client, typing)
    assert suggestions.type == 8
    sent = await discord_env.command(client, "bnb-route", question=secret.text)
    assert sent.type == 4 and sent.ephemeral
    assert sent.embed == embed_of(engine.ask(secret.text))
    assert "You asked" not in sent.text() and not sent.buttons
    assert modlog_lines(discord_env.fake) == [] and discord_env.fake.deletes() == []
    assert_never_shown(secret, discord_env.fake, caplog)


async def test_discord_tx_hash_is_not_deleted(discord_env):
    """A transaction hash is no key: nothing deleted, nothing in the mod-log."""
    client = await guarded_bot(discord_env)
    await discord_env.post(client, message(f"tx 0x{key_hex(seed=99)} stuck pending", author=BOB))
    assert discord_env.fake.deletes() == [] and modlog_lines(discord_env.fake) == []


async def test_discord_warn_gets_one_modlog_line(discord_env):
    """Each /warn posted adds one line naming the moderator, the warning and the member; refusals none."""
    client = await guarded_bot(discord_env)
    await discord_env.command(client, "warn", who=MOD, permissions=MODERATOR, warning="seed", member=ALICE)
    await discord_env.command(client, "warn", who=MOD, permissions=MODERATOR, warning="dm")
    await discord_env.command(client, "warn", who=MOD, permissions=MODERATOR, warning="no-such-warning")
    await discord_env.command(client, "warn", who=BOB, warning="seed")  # no Manage Messages
    assert modlog_lines(discord_env.fake) == [
        expected_line("#general (BNB fans)", MOD, "warning:seed", f"posted for alice ({ALICE['id']})"),
        expected_line("#general (BNB fans)", MOD, "warning:dm", "posted"),
    ]


async def test_discord_context_menu_warning_gets_one_modlog_line(discord_env):
    """Send safety warning: one line once the reply is posted, naming the message replied to."""
    client = await guarded_bot(discord_env)
    target = message("DM me and I'll fix your wallet", author=BOB, channel_id=CHANNEL_ID)
    discord_env.fake.messages[target["id"]] = target
    data = {"id": "1", "name": "Send safety warning", "type": 3, "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}}}
    [picker] = await discord_env.interact(client, interaction(2, data, who=MOD, permissions=MODERATOR))
    assert modlog_lines(discord_env.fake) == []  # only a private menu so far
    choose = interaction(3, {"custom_id": picker.buttons[0]["custom_id"], "component_type": 3, "values": ["dm"]},
                         who=MOD, permissions=MODERATOR, msg=discord_env.fake.message_for(picker))
    await discord_env.interact(client, choose)
    assert modlog_lines(discord_env.fake) == [
        expected_line("#general (BNB fans)", MOD, "warning:dm", f"posted in reply to message {target['id']}")]


async def test_discord_modlog_failure_is_logged_and_ignored(discord_env, engine, said_anyway, caplog):
    """A mod-log channel the bot may not post in costs one warning line; deletion and notice go ahead."""
    client = await guarded_bot(discord_env)
    discord_env.fake.refused_channels.add(str(MODLOG_ID))
    secret = leak("12 words", said_anyway)
    sent = await discord_env.post(client, message(secret.text, author=BOB))
    assert [s.method for s in sent] == ["DELETE", "POST", "POST"]
    assert sent[1].embed == embed_of(engine.secret_notice(Finding(secret.rule, "delete"), True))
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "could not post to the mod-log channel: Forbidden"]


async def test_discord_modlog_line_even_when_the_channel_refuses_the_notice(discord_env, said_anyway, caplog):
    """A channel where the bot may not post its notice still gets its line in the mod-log."""
    client = await guarded_bot(discord_env)
    discord_env.fake.refused_channels.add(str(SUPPORT_ID))
    await discord_env.post(client, message(leak("12 words", said_anyway).text, author=BOB))
    assert len(discord_env.fake.deletes()) == 1
    assert modlog_lines(discord_env.fake) == [
        expected_line("#support (BNB fans)", BOB, "recovery-phrase", "deleted")]


async def test_discord_without_a_modlog_channel_nothing_extra_is_posted(discord_env, said_anyway):
    """No DISCORD_MODLOG_CHANNEL: the deletion and the notice, and no third request."""
    client = await guarded_bot(discord_env, modlog=False)
    sent = await discord_env.post(client, message(leak("12 words", said_anyway).text, author=BOB))
    assert [(s.method, s.path.split("/")[2]) for s in sent] == [("DELETE", str(SUPPORT_ID)),
                                                                ("POST", str(SUPPORT_ID))]


def test_discord_modlog_channel_comes_from_the_environment():
    """DISCORD_MODLOG_CHANNEL is one channel id; anything else stops the bot at start."""
    assert load_settings({"DISCORD_MODLOG_CHANNEL": str(MODLOG_ID)}).discord.modlog_channel == MODLOG_ID
    assert load_settings({}).discord.modlog_channel is None
    for bad in (f"{MODLOG_ID},{SUPPORT_ID}", "#mod-log"):
        with pytest.raises(SettingsError, match="DISCORD_MODLOG_CHANNEL"):
            load_settings({"DISCORD_MODLOG_CHANNEL": bad})
