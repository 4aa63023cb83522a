"""Community protection on Discord (issue 14): fake moderators on join and rename, "DM me" replies,
/bnb-route-verify, the join notice, timeouts and their Undo, and who may switch and undo them."""
from __future__ import annotations

from fake_discord import (
    ALICE,
    BOB,
    BOT_ROLE,
    CHANNEL_ID,
    GUILD_ID,
    MANAGE_GUILD,
    MANAGE_MESSAGES,
    MOD,
    SUPPORT_ID,
    VIEW_SEND_READ,
    guild,
    interaction,
    member,
    member_event,
    message,
    settle,
    slash,
    user,
)

MODLOG_ID = 700000000000000099
MODS_ROLE = 600000000000000002
MODERATE_MEMBERS = 1 << 40
MIKE = {**user(100000000000000011, "mikechen"), "global_name": "Mike Chen"}
FAKE_MIKE = {**user(100000000000000012, "mikechen_help"), "global_name": "Mike Chen Support"}
BRAND = {**user(100000000000000013, "bnb_helpdesk"), "global_name": "Binance Support"}
DANA = {**user(100000000000000014, "dana_w"), "global_name": "Dana Whitfield"}
WALLETCONNECT = ("wc:7f6e504bfad60b485450578e05678ed3e8e8c4751d3c6160be17160d63ec90f9@2"
                 "?relay-protocol=irn&symKey=587d5484ce2a2a6ee3ba1962fdd7e8588e06200c46823bd18fbd67def96ad303")


def protected_guild(*, bot_can_timeout: bool = True) -> dict:
    """The test server with a Mods role (Mike Chen holds it), the owner, and a system channel."""
    g = guild(bot_can_manage_messages=True)
    for role in g["roles"]:
        if role["id"] == str(BOT_ROLE) and bot_can_timeout:
            role["permissions"] = str(int(role["permissions"]) | MODERATE_MEMBERS)
    g["roles"].append({"id": str(MODS_ROLE), "name": "Mods", "position": 2, "color": 0, "hoist": False,
                       "managed": False, "mentionable": False, "flags": 0,
                       "permissions": str(VIEW_SEND_READ | MANAGE_MESSAGES | MODERATE_MEMBERS)})
    g["members"] += [member(MIKE, roles=(MODS_ROLE,)), member(MOD)]
    g["system_channel_id"] = str(CHANNEL_ID)
    return g


async def protected_bot(discord_env, *, bot_can_timeout: bool = True):
    client = await discord_env.bot(support_channels=[SUPPORT_ID], modlog_channel=MODLOG_ID, members=True)
    client._connection.parse_guild_create(protected_guild(bot_can_timeout=bot_can_timeout))
    await settle()
    discord_env.fake.clear()
    return client


def modlog_lines(fake) -> list[str]:
    """The mod-log lines as a moderator reads them (Markdown escapes taken off)."""
    return [s.json["content"].replace("\\", "") for s in fake.posts() if s.path == f"/channels/{MODLOG_ID}/messages"]


def modlog_posts(fake):
    return [s for s in fake.posts() if s.path == f"/channels/{MODLOG_ID}/messages"]


def timeouts(fake):
    return [s for s in fake.sent if s.method == "PATCH" and "/members/" in s.path]


async def join(discord_env, client, who: dict, **kw):
    before = len(discord_env.fake.sent)
    client._connection.parse_guild_member_add(member_event(who, **kw))
    await settle()
    return discord_env.fake.sent[before:]


async def rename(discord_env, client, who: dict, nick: str, roles: tuple[int, ...] = ()):
    before = len(discord_env.fake.sent)
    client._connection.parse_guild_member_update(member_event(who, nick=nick, roles=roles))
    await settle()
    return discord_env.fake.sent[before:]


def reply(content: str, *, author: dict, to: dict, channel_id: int = CHANNEL_ID) -> dict:
    payload = message(content, author=author, channel_id=channel_id)
    if author is MIKE:  # Discord sends the author's roles with the message
        payload["member"]["roles"] = [str(MODS_ROLE)]
    payload.update(type=19, referenced_message=to,
                   message_reference={"message_id": to["id"], "channel_id": str(channel_id), "guild_id": str(GUILD_ID)})
    return payload


async def test_a_join_named_like_a_moderator_is_reported_with_both_names(discord_env):
    client = await protected_bot(discord_env)
    await join(discord_env, client, FAKE_MIKE)
    [line] = modlog_lines(discord_env.fake)
    assert "impersonation:admin-lookalike" in line and "close to admin Mike Chen" in line
    assert "“Mike Chen Support” vs “Mike Chen”" in line and "reported" in line
    assert timeouts(discord_env.fake) == [] and not modlog_posts(discord_env.fake)[0].json.get("components")


async def test_moderators_the_bot_and_ordinary_names_are_never_flagged(discord_env):
    client = await protected_bot(discord_env)
    await join(discord_env, client, DANA)
    await join(discord_env, client, {**user(100000000000000020, "binance_helper_bot", bot=True)})
    await rename(discord_env, client, MIKE, "Mike Chen | Admin", roles=(MODS_ROLE,))  # a real moderator may call himself that
    assert modlog_lines(discord_env.fake) == []


async def test_a_rename_into_a_brand_name_is_flagged(discord_env):
    client = await protected_bot(discord_env)
    await join(discord_env, client, DANA)
    await rename(discord_env, client, DANA, "Binance Support Team")
    [line] = modlog_lines(discord_env.fake)
    assert "on name change" in line and "Binance Support Team" in line


async def test_timeout_action_and_undo_only_with_moderate_members(discord_env):
    client = await protected_bot(discord_env)
    sent = await discord_env.command(client, "bnb-route-settings", who=MOD, permissions=MANAGE_GUILD,
                                     impersonation_action="timeout")
    assert sent.ephemeral and "timeout for a day" in sent.body["content"]
    await join(discord_env, client, BRAND)
    [timeout] = timeouts(discord_env.fake)
    assert timeout.path == f"/guilds/{GUILD_ID}/members/{BRAND['id']}"
    assert timeout.json["communication_disabled_until"]
    [post] = modlog_posts(discord_env.fake)
    assert "timed out for 24 h" in modlog_lines(discord_env.fake)[0]
    assert post.custom_ids == [f"bnbroute:undo:{GUILD_ID}:{BRAND['id']}"]
    logged = discord_env.fake.message_for(post)

    discord_env.fake.clear()
    [refusal] = await discord_env.press(client, logged, post.custom_ids[0], who=BOB, permissions=VIEW_SEND_READ)
    assert refusal.ephemeral and "Moderate Members" in refusal.body["content"]
    assert timeouts(discord_env.fake) == []

    sent = await discord_env.press(client, logged, post.custom_ids[0], who=MIKE,
                                   permissions=VIEW_SEND_READ | MODERATE_MEMBERS)
    [lifted] = timeouts(discord_env.fake)
    assert lifted.json["communication_disabled_until"] is None
    [update] = [s for s in sent if s.path.endswith("/callback")]
    assert update.type == 7 and "undone by mikechen" in update.body["content"] and update.body["components"] == []


async def test_without_moderate_members_the_flag_is_only_reported(discord_env):
    client = await protected_bot(discord_env, bot_can_timeout=False)
    await discord_env.command(client, "bnb-route-settings", who=MOD, permissions=MANAGE_GUILD,
                              impersonation_action="restrict")
    await join(discord_env, client, BRAND)
    assert timeouts(discord_env.fake) == []
    assert "lacks the right" in modlog_lines(discord_env.fake)[0]


async def test_only_manage_server_switches_settings_and_they_show(discord_env):
    client = await protected_bot(discord_env)
    refused = await discord_env.command(client, "bnb-route-settings", who=BOB, impersonation="off")
    assert refused.ephemeral and "Manage Server" in refused.body["content"]
    assert client.chat_settings.get("discord", GUILD_ID).impersonation is True
    sent = await discord_env.command(client, "bnb-route-settings", who=MOD, permissions=MANAGE_GUILD,
                                     impersonation="off", dm_delete="on", join_notice="on")
    text = sent.body["content"]
    assert "Impersonation check: **off**" in text and "deleting such replies: **on**" in text
    assert "Join notice: **on**" in text
    await join(discord_env, client, BRAND)
    assert modlog_lines(discord_env.fake) == []


async def test_dm_me_reply_warns_the_asker_under_their_question(discord_env):
    client = await protected_bot(discord_env)
    question = message("I sent BNB to the wrong network, help?", author=ALICE, channel_id=CHANNEL_ID)
    await discord_env.post(client, question)
    discord_env.fake.clear()
    await discord_env.post(client, reply("DM me, I can recover it for you", author=BOB, to=question))
    [warning] = [s for s in discord_env.fake.posts() if s.path == f"/channels/{CHANNEL_ID}/messages"]
    assert str(warning.json["message_reference"]["message_id"]) == question["id"]
    assert "admins never DM first" in warning.json["content"] and "not an admin here" in warning.json["content"]
    assert warning.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    [line] = modlog_lines(discord_env.fake)
    assert "hijack:" in line and "asker warned" in line and "recover" not in line
    assert discord_env.fake.deletes() == []


async def test_dm_me_deletion_is_a_server_option_and_moderators_are_not_flagged(discord_env):
    client = await protected_bot(discord_env)
    await discord_env.command(client, "bnb-route-settings", who=MOD, permissions=MANAGE_GUILD, dm_delete="on")
    question = message("my wallet shows 0, why?", author=ALICE, channel_id=CHANNEL_ID)
    await discord_env.post(client, question)
    discord_env.fake.clear()
    await discord_env.post(client, reply("DM me and I'll look", author=MIKE, to=question))
    await discord_env.post(client, reply("Never DM anyone. Post the tx hash here.", author=BOB, to=question))
    assert discord_env.fake.posts() == [] and discord_env.fake.deletes() == []
    await discord_env.post(client, reply("inbox me for support", author=BOB, to=question))
    assert len(discord_env.fake.deletes()) == 1 and "reply deleted" in modlog_lines(discord_env.fake)[0]


async def verify(discord_env, client, target: dict, roles: tuple[int, ...] = ()):
    """/bnb-route-verify member:<target>, resolved as Discord sends it (with the member's roles)."""
    resolved = {"users": {target["id"]: target},
                "members": {target["id"]: {k: v for k, v in member(target, roles=roles).items() if k != "user"}}}
    sent = await discord_env.interact(client, interaction(2, slash("bnb-route-verify", resolved=resolved,
                                                                   member=target["id"])))
    [response] = [s for s in sent if s.path.endswith("/callback")]
    return response


async def test_verify_answers_privately_with_moderator_names(discord_env):
    client = await protected_bot(discord_env)
    sent = await verify(discord_env, client, MIKE, roles=(MODS_ROLE,))
    assert sent.ephemeral and sent.body["content"].startswith("✅ Yes")
    sent = await verify(discord_env, client, FAKE_MIKE)
    text = sent.body["content"]
    assert text.startswith("❌ No") and "Mike Chen" in text and str(MIKE["id"]) not in text


async def test_join_notice_is_off_by_default_then_rate_limited(discord_env):
    client = await protected_bot(discord_env)
    await join(discord_env, client, DANA)
    assert [s for s in discord_env.fake.posts() if s.path == f"/channels/{CHANNEL_ID}/messages"] == []
    await discord_env.command(client, "bnb-route-settings", who=MOD, permissions=MANAGE_GUILD, join_notice="on")
    await join(discord_env, client, {**DANA, "id": "100000000000000031"})
    await join(discord_env, client, {**DANA, "id": "100000000000000032"})
    notices = [s for s in discord_env.fake.posts() if s.path == f"/channels/{CHANNEL_ID}/messages"]
    assert len(notices) == 1 and "never DM first" in notices[0].json["content"]


async def test_scam_links_are_flagged_like_lookalikes_with_the_link_guard(discord_env):
    client = await protected_bot(discord_env)
    await discord_env.command(client, "bnb-route-settings", who=MOD, permissions=MANAGE_GUILD, linkguard="on")
    await discord_env.post(client, message(f"connect here: {WALLETCONNECT}", author=DANA))
    [notice] = discord_env.fake.posts()
    assert "WalletConnect pairing link" in notice.embed["description"]
