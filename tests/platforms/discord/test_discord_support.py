"""Support channels and the safety hook: what the bot does with messages it reads."""
from __future__ import annotations

import pytest
from fake_discord import (
    ALICE,
    BOB,
    BOT_USER,
    CHANNEL_ID,
    GUILD_ID,
    LEAKED_PHRASE,
    OTHER_BOT,
    SUPPORT_ID,
    guild,
    message,
    question_in_band,
)

import bot.safety
from bot.safety.finding import Finding

QUESTION = "how do I withdraw USDT from Binance to MetaMask, which network?"
OTHER_QUESTION = "how do I add BNB Smart Chain to MetaMask?"


class Clock:
    """A clock the test moves by hand, so cooldowns need no sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


async def support_bot(discord_env, clock, *, can_delete: bool = True):
    client = await discord_env.bot(support_channels=[SUPPORT_ID], clock=clock)
    client._connection.parse_guild_create(guild(bot_can_manage_messages=can_delete))
    return client


def replies(sent):
    return [s for s in sent if s.method == "POST"]


async def test_answer_band_question_gets_a_reply_with_buttons(discord_env, clock, engine):
    """A clear question in a support channel: a reply to it, with the entry, buttons, no pings."""
    client = await support_bot(discord_env, clock)
    question = message(QUESTION)
    [sent] = await discord_env.post(client, question)
    assert sent.path == f"/channels/{SUPPORT_ID}/messages"
    assert str(sent.json["message_reference"]["message_id"]) == question["id"]
    assert sent.embed["title"] == engine.auto_answer(QUESTION).title
    assert sent.embed["footer"]["text"].endswith(engine.content.safety_line)
    assert sent.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert "bnbroute:go:start" in sent.custom_ids


async def test_same_entry_waits_for_the_channel_cooldown(discord_env, clock):
    """The same answer is not repeated in a channel for ten minutes, whoever asks."""
    client = await support_bot(discord_env, clock)
    assert replies(await discord_env.post(client, message(QUESTION, author=ALICE)))
    clock.now += 120
    assert not replies(await discord_env.post(client, message(QUESTION, author=BOB)))
    clock.now += 600
    assert replies(await discord_env.post(client, message(QUESTION, author=BOB)))


async def test_one_user_waits_between_answers(discord_env, clock):
    """A second, different question from the same person within two minutes gets no auto-answer."""
    client = await support_bot(discord_env, clock)
    assert replies(await discord_env.post(client, message(QUESTION)))
    clock.now += 100
    assert not replies(await discord_env.post(client, message(OTHER_QUESTION)))
    clock.now += 30
    assert replies(await discord_env.post(client, message(OTHER_QUESTION)))


async def test_bots_are_never_answered_including_itself(discord_env, clock, monkeypatch):
    """Messages by bots (this one too) get no answer and no safety action."""
    client = await support_bot(discord_env, clock)
    monkeypatch.setattr(bot.safety, "scan", lambda *a, **k: Finding("recovery-phrase", "delete"))
    for author in (OTHER_BOT, BOT_USER):
        assert await discord_env.post(client, message(QUESTION, author=author)) == []


async def test_other_channels_unsure_matches_and_chatter_stay_quiet(discord_env, clock, engine):
    """Outside support channels, in the clarify band, or not a question: no auto-answer."""
    client = await support_bot(discord_env, clock)
    assert await discord_env.post(client, message(QUESTION, channel_id=CHANNEL_ID)) == []
    unsure = question_in_band(engine, "clarify", ("bnb?", "binance?", "metamask?", "network?", "bsc?"))
    assert await discord_env.post(client, message(unsure)) == []
    assert await discord_env.post(client, message("gm everyone, lovely day")) == []


async def test_asker_steers_the_auto_answer_others_get_a_private_copy(discord_env, clock, engine):
    """On an auto-answer, the asker's press edits it; anyone else's opens a private copy."""
    client = await support_bot(discord_env, clock)
    [answer] = await discord_env.post(client, message(QUESTION, author=ALICE))
    held = discord_env.fake.message_for(answer)
    [by_bob] = await discord_env.press(client, held, "bnbroute:go:start", who=BOB)
    assert by_bob.type == 4 and by_bob.ephemeral
    [by_alice] = await discord_env.press(client, held, "bnbroute:go:start", who=ALICE)
    assert by_alice.type == 7
    assert by_alice.embed["title"] == engine.content.menus["start"].title


async def test_huge_message_is_handled_within_limits(discord_env, clock):
    """A 100 kB message neither crashes the bot nor produces an oversized reply."""
    client = await support_bot(discord_env, clock)
    replies = await discord_env.post(client, message("how do I withdraw bnb to metamask? " * 3000))
    assert replies, "the question is clear, so it is answered"
    for sent in replies:
        assert len(sent.embed.get("description", "")) <= 4096 and sent.rows <= 5


async def test_leaked_secret_is_deleted_and_the_notice_never_repeats_it(discord_env, clock, monkeypatch):
    """A recovery phrase: deleted (the bot may manage messages), then the engine's notice, no words."""
    client = await support_bot(discord_env, clock, can_delete=True)
    monkeypatch.setattr(bot.safety, "scan", lambda *a, **k: Finding("recovery-phrase", "delete"))
    posted = message("my words: apple banana cherry delta echo foxtrot golf hotel india juliet kilo lima")
    delete, notice = await discord_env.post(client, posted)
    assert delete.method == "DELETE" and delete.path == f"/channels/{SUPPORT_ID}/messages/{posted['id']}"
    assert notice.method == "POST" and "message_reference" not in notice.json
    assert notice.json["content"] == f"<@{ALICE['id']}>"
    assert notice.json["allowed_mentions"] == {"parse": []}
    assert "recovery phrase" in notice.embed["title"]
    assert "I deleted the message" in notice.embed["description"]
    assert "banana" not in notice.text()


async def test_secret_without_manage_messages_asks_a_moderator(discord_env, clock, monkeypatch):
    """Without Manage Messages nothing is deleted; the reply says so and asks the admins."""
    client = await support_bot(discord_env, clock, can_delete=False)
    monkeypatch.setattr(bot.safety, "scan", lambda *a, **k: Finding("private-key", "delete"))
    posted = message("key 0x" + "ab" * 32)
    [notice] = await discord_env.post(client, posted)
    assert notice.method == "POST" and not discord_env.fake.deletes()
    assert str(notice.json["message_reference"]["message_id"]) == posted["id"]
    assert "not allowed to delete" in notice.embed["description"]
    assert "private key" in notice.embed["title"]
    assert "abab" not in notice.text()


async def test_real_guard_deletes_a_real_phrase(discord_env, clock):
    """End to end with the real safety scan: a posted recovery phrase is deleted and never repeated."""
    client = await support_bot(discord_env, clock, can_delete=True)
    sent = await discord_env.post(client, message(f"is my wallet safe? {LEAKED_PHRASE}"))
    assert [s.method for s in sent] == ["DELETE", "POST"]
    assert "hollow" not in sent[1].text()


async def test_lookalike_link_gets_a_warning_naming_the_real_site(discord_env, clock, monkeypatch):
    """A lookalike link: a short reply naming the site it imitates; nothing deleted."""
    client = await support_bot(discord_env, clock)
    monkeypatch.setattr(bot.safety, "scan", lambda *a, **k: Finding("lookalike-link", "link", "binance.com"))
    [warning] = await discord_env.post(client, message("claim at https://binnance-gift.top"))
    assert "binance.com" in warning.text()
    assert "binnance-gift" not in warning.text()
    assert not discord_env.fake.deletes()


async def test_possible_key_gets_a_gentle_reminder(discord_env, clock, monkeypatch):
    """A bare 64-hex string: a reminder reply, nothing deleted."""
    client = await support_bot(discord_env, clock)
    monkeypatch.setattr(bot.safety, "scan", lambda *a, **k: Finding("possible-key", "remind"))
    [reminder] = await discord_env.post(client, message("ab" * 32))
    assert reminder.embed["title"] == "A note about keys" and not discord_env.fake.deletes()


async def test_scan_gets_the_content_domains_and_the_servers_link_guard(discord_env, clock, monkeypatch, engine):
    """The scan is told the allowed domains and this server's link guard switch."""
    client = await support_bot(discord_env, clock)
    seen = []
    monkeypatch.setattr(bot.safety, "scan", lambda text, allowed, link_guard=False: seen.append(
        (text, tuple(allowed), link_guard)))
    await discord_env.post(client, message("hello there"))
    client.chat_settings.set("discord", GUILD_ID, linkguard=True)
    await discord_env.post(client, message("hello again"))
    assert seen == [("hello there", tuple(engine.content.allowed_links), False),
                    ("hello again", tuple(engine.content.allowed_links), True)]
