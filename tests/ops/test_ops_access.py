"""Allow-lists: outside ALLOWED_CHATS / ALLOWED_GUILDS the bot says so once and leaves."""
from __future__ import annotations

from fake_discord import GUILD_ID, guild, settle
from ops_support import telegram_fakes

from bot.core.access import Access, not_enabled

ALICE = telegram_fakes.ALICE
QUESTION = "@bnbroute_bot how do I withdraw USDT from Binance to MetaMask?"
OTHER_GROUP = {"id": -1009999999999, "type": "supergroup", "title": "Somebody else's group"}


async def test_ops_telegram_unlisted_group_gets_one_notice_then_the_bot_leaves(engine, telegram_app):
    """A question in a group not on ALLOWED_CHATS: one 'not enabled' message, leaveChat, then silence."""
    tg = await telegram_app(engine, access=Access(allowed_chats=frozenset({telegram_fakes.GROUP["id"]})))
    calls = await tg.feed(tg.message(QUESTION, chat=OTHER_GROUP))
    assert tg.actions(calls) == ["sendMessage", "leaveChat"]
    assert calls[0].params["chat_id"] == OTHER_GROUP["id"] == calls[1].params["chat_id"]
    assert calls[0].params["text"] == not_enabled("chat")
    # whatever else arrives from there before Telegram confirms the bot left: nothing
    assert tg.actions(await tg.feed(tg.message(QUESTION, chat=OTHER_GROUP))) == []
    assert tg.actions(await tg.feed(tg.message("/help@bnbroute_bot", chat=OTHER_GROUP))) == []


async def test_ops_telegram_listed_group_and_private_chats_are_answered(engine, telegram_app):
    """The listed group and private chats (never on the list) get answers as usual."""
    tg = await telegram_app(engine, access=Access(allowed_chats=frozenset({telegram_fakes.GROUP["id"]})))
    assert tg.actions(await tg.feed(tg.message(QUESTION, chat=tg.group))) == ["sendMessage"]
    assert tg.actions(await tg.feed(tg.message("/start", chat=tg.private(ALICE)))) == ["sendMessage"]
    assert not tg.api.calls_of("leaveChat")


async def test_ops_discord_leaves_an_unlisted_server_after_saying_so(engine, discord_bots, fake):
    """Joining a server not on ALLOWED_GUILDS: one message in a channel it may post in, then it leaves."""
    client = await discord_bots.bot(access=Access(allowed_guilds=frozenset({GUILD_ID + 1})))
    client._connection.parse_guild_create(guild(bot_can_manage_messages=False))
    await settle()
    [notice] = fake.posts()
    assert notice.json["content"] == not_enabled("server")
    assert [s.path for s in fake.deletes()] == [f"/users/@me/guilds/{GUILD_ID}"]


async def test_ops_discord_stays_in_a_listed_server(engine, discord_bots, fake):
    """A server on ALLOWED_GUILDS: no notice, no leaving."""
    client = await discord_bots.bot(access=Access(allowed_guilds=frozenset({GUILD_ID})))
    client._connection.parse_guild_create(guild(bot_can_manage_messages=False))
    await settle()
    assert fake.posts() == [] and fake.deletes() == []
