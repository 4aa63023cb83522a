"""Moderator tools: /warn, the "Send safety warning" context menu, and server settings."""
from __future__ import annotations

import dataclasses

from fake_discord import (
    ALICE,
    BOB,
    BOT_USER,
    CHANNEL_ID,
    GUILD_ID,
    MANAGE_GUILD,
    MANAGE_MESSAGES,
    MOD,
    VIEW_SEND_READ,
    interaction,
    message,
    slash,
)

from bot.core.engine import Engine

MODERATOR = VIEW_SEND_READ | MANAGE_MESSAGES


async def test_warn_posts_the_warning_mentioning_only_the_member(discord_env, bot, engine):
    """/warn seed member:@alice: a public warning that may ping Alice and nobody else."""
    sent = await discord_env.command(bot, "warn", who=MOD, permissions=MODERATOR, warning="seed", member=ALICE)
    assert sent.type == 4 and not sent.ephemeral
    assert sent.body["content"] == f"<@{ALICE['id']}>"
    assert sent.body["allowed_mentions"] == {"parse": [], "users": [int(ALICE["id"])]}
    assert sent.embed["title"] == engine.content.warnings["seed"].title
    assert sent.embed["footer"]["text"].endswith(engine.content.safety_line)


async def test_warn_without_member_mentions_nobody(discord_env, bot):
    """/warn dm alone: the warning, no mention, mentions disabled."""
    sent = await discord_env.command(bot, "warn", who=MOD, permissions=MODERATOR, warning="dm")
    assert not sent.body.get("content")
    assert sent.body["allowed_mentions"] == {"parse": []}


async def test_warn_is_refused_without_manage_messages(discord_env, bot):
    """A member without Manage Messages gets a private refusal; nothing is posted."""
    sent = await discord_env.command(bot, "warn", who=BOB, warning="seed", member=ALICE)
    assert sent.type == 4 and sent.ephemeral
    assert "Manage Messages" in sent.body["content"]
    assert not sent.embed


async def test_warn_with_an_unknown_id_lists_the_real_ones(discord_env, bot):
    """A warning id that does not exist: a private note listing the valid ids, the input escaped."""
    sent = await discord_env.command(bot, "warn", who=MOD, permissions=MODERATOR, warning="@everyone")
    assert sent.ephemeral and "\\@everyone" in sent.body["content"]
    assert "seed, dm, bep2, bridge, network" in sent.body["content"]


async def test_warn_autocomplete_follows_the_content_after_a_reload(discord_env, bot, engine):
    """Suggestions come from the content in use, so a reloaded warning shows without re-syncing."""
    payload = interaction(4, slash("warn", warning="br", focused="warning"), who=MOD, permissions=MODERATOR)
    [sent] = await discord_env.interact(bot, payload)
    assert [c["value"] for c in sent.json["data"]["choices"]] == ["bridge"]
    extra = dataclasses.replace(engine.content.warnings["bridge"], id="bridge-scam")
    content = dataclasses.replace(engine.content, warnings={**engine.content.warnings, "bridge-scam": extra})
    bot.engine = Engine(content)
    payload = interaction(4, slash("warn", warning="br", focused="warning"), who=MOD, permissions=MODERATOR)
    [sent] = await discord_env.interact(bot, payload)
    assert [c["value"] for c in sent.json["data"]["choices"]] == ["bridge", "bridge-scam"]


async def test_context_menu_picks_a_warning_and_replies_to_the_message(discord_env, bot, engine):
    """Send safety warning: a private select of warnings, then the bot replies to that message."""
    target = message("DM me and I'll fix your wallet", author=BOB, channel_id=CHANNEL_ID)
    discord_env.fake.messages[target["id"]] = target
    data = {"id": "1", "name": "Send safety warning", "type": 3, "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}}}
    [picker] = await discord_env.interact(bot, interaction(2, data, who=MOD, permissions=MODERATOR))
    assert picker.type == 4 and picker.ephemeral
    select = picker.buttons[0]
    assert select["type"] == 3 and select["custom_id"] == f"bnbroute:warn:{target['id']}"
    assert [o["value"] for o in select["options"]] == engine.warning_ids()

    restarted = await discord_env.bot()
    choose = interaction(3, {"custom_id": select["custom_id"], "component_type": 3, "values": ["dm"]},
                         who=MOD, permissions=MODERATOR, msg=discord_env.fake.message_for(picker))
    sent = await discord_env.interact(restarted, choose)
    ack, post, done = sent
    assert ack.type == 6  # acknowledged before waiting on the post
    assert post.path == f"/channels/{target['channel_id']}/messages"
    assert str(post.json["message_reference"]["message_id"]) == target["id"]
    assert post.embed["title"] == engine.content.warnings["dm"].title
    assert post.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert done.method == "PATCH" and "Posted" in done.json["content"] and done.json["components"] == []


def picker_for(target: dict) -> dict:
    """The ephemeral warning picker Discord holds after a moderator used the context menu."""
    select = {"type": 3, "custom_id": f"bnbroute:warn:{target['id']}", "options": [
        {"label": "Never share your recovery phrase", "value": "seed"}], "min_values": 1, "max_values": 1}
    picker = message("Which warning?", author=BOT_USER, channel_id=CHANNEL_ID)
    picker.update(flags=64, components=[{"type": 1, "components": [select]}])
    return picker


async def test_picking_a_warning_for_a_deleted_message_says_it_failed(discord_env, bot):
    """If the target message is gone by the time a warning is picked, the moderator is told."""
    target = message("scam link here", author=BOB, channel_id=CHANNEL_ID)  # never stored: deleted
    picker = picker_for(target)
    discord_env.fake.messages[picker["id"]] = picker
    choose = interaction(3, {"custom_id": f"bnbroute:warn:{target['id']}", "component_type": 3,
                             "values": ["seed"]}, who=MOD, permissions=MODERATOR, msg=picker)
    ack, post, done = await discord_env.interact(bot, choose)
    assert ack.type == 6 and post.path.endswith("/messages")
    assert "couldn't post" in done.json["content"]


async def test_picking_a_warning_without_manage_messages_is_refused(discord_env, bot):
    """The picker re-checks the permission: a member who lost it (or forged the press) posts nothing."""
    target = message("hello", author=BOB, channel_id=CHANNEL_ID)
    discord_env.fake.messages[target["id"]] = target
    picker = picker_for(target)
    choose = interaction(3, {"custom_id": f"bnbroute:warn:{target['id']}", "component_type": 3,
                             "values": ["seed"]}, who=ALICE, msg=picker)
    [sent] = await discord_env.interact(bot, choose)
    assert sent.type == 4 and sent.ephemeral and "Manage Messages" in sent.body["content"]


async def test_context_menu_is_refused_without_manage_messages(discord_env, bot):
    """A member without Manage Messages cannot open the warning picker."""
    target = message("hello", author=BOB)
    data = {"id": "1", "name": "Send safety warning", "type": 3, "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}}}
    [sent] = await discord_env.interact(bot, interaction(2, data, who=ALICE))
    assert sent.ephemeral and "Manage Messages" in sent.body["content"]
    assert not sent.buttons


async def test_settings_switch_the_link_guard_for_admins_only(discord_env, bot):
    """/bnb-route-settings linkguard:on needs Manage Server; an admin's switch is kept per server."""
    refused = await discord_env.command(bot, "bnb-route-settings", who=MOD, permissions=MODERATOR, linkguard="on")
    assert refused.ephemeral and "Manage Server" in refused.body["content"]
    assert not bot.chat_settings.get("discord", GUILD_ID).linkguard
    shown = await discord_env.command(bot, "bnb-route-settings", who=MOD, permissions=MANAGE_GUILD)
    assert "Link guard is **off**" in shown.body["content"]
    done = await discord_env.command(bot, "bnb-route-settings", who=MOD, permissions=MANAGE_GUILD, linkguard="on")
    assert done.ephemeral and "Link guard is **on**" in done.body["content"]
    assert bot.chat_settings.get("discord", GUILD_ID).linkguard
