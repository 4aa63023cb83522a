"""Community protection on Discord (issue 14): fake admins, "DM me" hijacks, /bnb-route-verify,
the join notice, and an Undo button for moderators.

The policy is `bot.core.protection`; this module gathers what Discord gives
(member join and member update events, which need the Server Members intent;
replies and mentions in channels the bot reads; who moderates the server, from
permissions) and carries out the decision: a timeout, a warning under the
asker's message, a mod-log line with an Undo button that only members with
Moderate Members may press (checked again at the press).
"""
from __future__ import annotations

import logging
import re
import time
from datetime import timedelta
from typing import Literal

import discord
from discord import app_commands

from bot.core import protection
from bot.core.chat_settings import ACTIONS, parse_switch
from bot.core.check import DISCORD_ID_PREFIX
from bot.core.markup import escape_markdown

from . import modlog
from .notices import FAILED, NO_MENTIONS, missing_permission, notify

log = logging.getLogger(__name__)

PLATFORM = "discord"
VERIFY_HINT = "/bnb-route-verify"
UNDO_ID = re.compile(re.escape(DISCORD_ID_PREFIX) + r"undo:(?P<guild>[0-9]{1,20}):(?P<user>[0-9]{1,20})")
UNDO_LABEL = "Undo"
UNDO_DONE = "Undone: the timeout is lifted."
UNDO_FAILED = "I couldn't lift the timeout (do I still have Moderate Members, above their role?)."
LONGEST_TIMEOUT = timedelta(days=28)  # Discord's limit; "restrict" uses it


def is_moderator(member: object) -> bool:
    """A server admin or moderator, as Discord's permissions say (the owner included)."""
    perms = getattr(member, "guild_permissions", None)
    if perms is None:
        return False
    guild = getattr(member, "guild", None)
    if guild is not None and getattr(guild, "owner_id", None) == getattr(member, "id", None):
        return True
    return bool(perms.administrator or perms.manage_guild or perms.moderate_members or perms.kick_members
                or perms.ban_members or perms.manage_messages)


MODERATORS_SECONDS = 60.0  # a big server's member list is walked at most once a minute


def moderators(client: discord.Client, guild: discord.Guild, *, fresh: bool = False) -> list[discord.Member]:
    """The server's moderators the bot knows of (all of them with the Server Members intent),
    kept a minute per server: a raid of joins does not walk 100,000 members each time."""
    cache: dict = client.__dict__.setdefault("_moderators", {})
    cached = cache.get(guild.id)
    now = time.monotonic()
    if cached is not None and not fresh and now - cached[0] < MODERATORS_SECONDS:
        return cached[1]
    found = [m for m in guild.members if not m.bot and is_moderator(m)]
    cache[guild.id] = (now, found)
    return found


def person_of(member: discord.abc.User) -> protection.Person:
    return protection.Person(member.id, member.display_name, member.name)


def _admins(client: discord.Client, guild: discord.Guild) -> list[protection.Admin]:
    return [protection.Admin(m.id, m.display_name, m.name) for m in moderators(client, guild)]


# -- names: join and rename -----------------------------------------------------------

async def member_joined(client: discord.Client, member: discord.Member) -> None:
    await check_name(client, member, protection.JOIN)
    settings = client.chat_settings.get(PLATFORM, member.guild.id)
    channel, me = member.guild.system_channel, member.guild.me
    if settings.joinnotice and not member.bot and channel is not None and me is not None \
            and channel.permissions_for(me).send_messages \
            and client.join_notices.due(PLATFORM, member.guild.id):
        try:
            await channel.send(protection.join_notice(f"`{VERIFY_HINT}`"), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.info("could not post a join notice: HTTP %s", exc.status)


async def member_updated(client: discord.Client, before: discord.Member, after: discord.Member) -> None:
    if (before.display_name, before.name) != (after.display_name, after.name):
        await check_name(client, after, protection.RENAME)


async def check_name(client: discord.Client, member: discord.Member, event: str) -> None:
    guild = member.guild
    settings = client.chat_settings.get(PLATFORM, guild.id)
    flag = protection.check_name(settings, person_of(member), _admins(client, guild), bot_id=client.user.id if client.user
                                 else None, event=event, is_admin=is_moderator(member), is_bot=member.bot)
    if flag is None:
        return
    outcome, acted = flag.done(), False
    if flag.acts:
        me = guild.me
        if me is not None and me.guild_permissions.moderate_members:
            length = timedelta(seconds=flag.seconds) if flag.seconds else LONGEST_TIMEOUT
            try:
                await member.timeout(length, reason=f"bnb-route: {flag.reason}")
                acted = True
            except discord.HTTPException as exc:
                log.info("could not time out a member: HTTP %s", exc.status)
                outcome = protection.FAILED
            if acted and not flag.seconds:
                outcome = "timed out for 28 days (Discord's longest) until a moderator lifts it"
        else:
            outcome = protection.NO_RIGHT
    log.info("protection: impersonation:%s on %s in server %s, %s", flag.rule, event, guild.id, outcome)
    line = flag.modlog(PLATFORM, guild.name, modlog.person(member), outcome)
    await modlog.post(client, line, undo_view(guild.id, member.id) if acted else None)


def undo_view(guild_id: int, user_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(UndoButton(guild_id, user_id))
    view.stop()  # answered by the registered DynamicItem, also after a restart
    return view


class UndoButton(discord.ui.DynamicItem[discord.ui.Button], template=UNDO_ID):
    """Lifts the timeout the bot gave; only for members with Moderate Members, checked at the press."""

    def __init__(self, guild_id: int, user_id: int) -> None:
        super().__init__(discord.ui.Button(label=UNDO_LABEL, style=discord.ButtonStyle.secondary,
                                           custom_id=f"{DISCORD_ID_PREFIX}undo:{guild_id}:{user_id}"))
        self.guild_id, self.user_id = guild_id, user_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> UndoButton:
        return cls(int(match["guild"]), int(match["user"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await undo(interaction, self.guild_id, self.user_id)
        except Exception:
            log.exception("undoing a timeout failed")
            await notify(interaction, FAILED)


async def undo(interaction: discord.Interaction, guild_id: int, user_id: int) -> None:
    if interaction.guild_id != guild_id or not interaction.permissions.moderate_members:
        await notify(interaction, missing_permission(["moderate_members"]))
        return
    try:
        await interaction.client.http.edit_member(guild_id, user_id, communication_disabled_until=None,
                                                  reason=f"bnb-route: undone by {interaction.user.id}")
    except discord.HTTPException as exc:
        log.info("could not lift a timeout: HTTP %s", exc.status)
        await notify(interaction, UNDO_FAILED)
        return
    log.info("protection: timeout in server %s undone by a moderator", guild_id)
    text = protection.undone_line((interaction.message.content if interaction.message else "") or "timeout",
                                  escape_markdown(modlog.person(interaction.user)))
    await interaction.response.edit_message(content=text, view=None, allowed_mentions=NO_MENTIONS)


# -- "DM me" hijacks ------------------------------------------------------------------

async def check_hijack(client: discord.Client, message: discord.Message) -> bool:
    """A non-moderator's "DM me" reply to someone (or mention of them): warn them; True when flagged."""
    guild = message.guild
    if guild is None or message.author.bot:
        return False
    settings = client.chat_settings.get(PLATFORM, guild.id)
    if not settings.hijack:
        return False
    target = message.reference.resolved if message.reference is not None else None
    if not isinstance(target, discord.Message) or target.author.bot or target.author.id == message.author.id:
        target = None
    # the people the message opens by addressing ("<@id> try this"); other mentions may be contacts
    opening = re.match(r"\s*((?:<@!?\d+>[\s,:]*)+)", message.content or "")
    addressed = {int(i) for i in re.findall(r"\d+", opening.group(1))} if opening else set()
    others = [u for u in message.mentions if not u.bot and u.id != message.author.id and u.id in addressed]
    if target is None and not others:
        return False
    asker = [n for u in ([target.author] if target else []) + others for n in (u.name, u.display_name)]
    flag = protection.check_reply(settings, message.content or "", author_is_admin=is_moderator(message.author),
                                  asker=asker)
    if flag is None:
        return False
    deleted = False
    if flag.delete and message.channel.permissions_for(guild.me).manage_messages:
        try:
            await message.delete()
            deleted = True
        except discord.HTTPException as exc:
            log.info("could not delete a DM-me reply: HTTP %s", exc.status)
    log.info("protection: hijack:%s in server %s, deleted=%s", flag.rule, guild.id, deleted)
    outcome = protection.WARNED
    if flag.delete:
        outcome += f"; {protection.DELETED if deleted else protection.NOT_DELETED}"
    warning = protection.hijack_warning(f"`{VERIFY_HINT}`")
    try:
        if target is not None:
            await target.reply(warning, mention_author=False, allowed_mentions=NO_MENTIONS)
        elif deleted:
            await message.channel.send(warning, allowed_mentions=NO_MENTIONS)
        else:
            await message.reply(warning, mention_author=False, allowed_mentions=NO_MENTIONS)
    finally:
        await modlog.post(client, flag.modlog(PLATFORM, modlog.place_of(message.channel, guild),
                                              modlog.person(message.author), outcome))
    return True


# -- /bnb-route-verify -----------------------------------------------------------------

@app_commands.command(name="bnb-route-verify", description="Is this member an admin or moderator of this server?")
@app_commands.describe(member="The member to check")
@app_commands.guild_only()
async def verify(interaction: discord.Interaction, member: discord.Member) -> None:
    """Anyone may ask; the answer (private) is yes or no, with the moderators' names."""
    guild = interaction.guild
    names = [m.display_name for m in moderators(interaction.client, guild, fresh=True)] if guild is not None else []
    owner = guild.owner if guild is not None else None
    if owner is not None and owner.display_name not in names:
        names.insert(0, owner.display_name)
    label = f"{member.display_name} ({member.name})" if member.display_name != member.name else member.name
    await notify(interaction, protection.verify_answer(label, is_moderator(member) and not member.bot, names))


# -- settings (extends /bnb-route-settings) -----------------------------------------------

Switch = Literal["on", "off"]
Action = Literal["report", "restrict", "timeout"]
assert set(Action.__args__) == set(ACTIONS)


def settings_changes(impersonation: str | None, impersonation_action: str | None, dm_guard: str | None,
                     dm_delete: str | None, join_notice: str | None) -> dict:
    changes: dict = {}
    for name, value in (("impersonation", impersonation), ("hijack", dm_guard), ("hijack_delete", dm_delete),
                        ("joinnotice", join_notice)):
        if value is not None:
            changes[name] = bool(parse_switch(value))
    if impersonation_action is not None:
        changes["impersonation_action"] = impersonation_action
    return changes


def describe(settings: object) -> str:
    def word(on: bool) -> str:
        return "on" if on else "off"

    action = {"report": "report only", "restrict": "timeout for 28 days", "timeout": "timeout for a day"}
    return "\n".join([
        f"Link guard is **{word(settings.linkguard)}** for this server.",
        f"Impersonation check: **{word(settings.impersonation)}** "
        f"({action.get(settings.impersonation_action, 'report only')}).",
        f"\"DM me\" guard: **{word(settings.hijack)}**; deleting such replies: **{word(settings.hijack_delete)}**.",
        f"Join notice: **{word(settings.joinnotice)}**.",
    ])
