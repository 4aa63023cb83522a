"""Moderator tools and the safety hook: canned warnings, settings, leaked secrets and lookalike links.

Detection lives in `bot.safety`; this module only decides what to do on
Discord with what it finds.
"""
from __future__ import annotations

import logging
import re
from typing import Literal

import discord
from discord import app_commands

from bot import safety
from bot.core.chat_settings import parse_switch
from bot.core.check import DISCORD_ID_PREFIX
from bot.core.engine import SECRET
from bot.core.markup import escape_markdown
from bot.core.trace import note

from . import modlog, protection
from .embeds import cut, echo, reply_embed
from .notices import FAILED, NO_MENTIONS, missing_permission, no_choices_on_error, notify

log = logging.getLogger(__name__)

PLATFORM = "discord"
SELECT_LIMIT = 25
WARN_ID = re.compile(re.escape(DISCORD_ID_PREFIX) + r"warn:(?P<message_id>[0-9]{1,20})")

PICK_WARNING = "Which warning should I post as a reply to that message?"


async def guard_message(client: discord.Client, message: discord.Message) -> bool:
    """Act on what the safety scan finds in a message the bot reads; True when it acted.

    The notices come from the engine and never contain any part of the message.
    """
    guild = message.guild
    link_guard = client.chat_settings.get(PLATFORM, guild.id).linkguard if guild else False
    finding = client.engine.screen(message.content or "", link_guard=link_guard)
    if finding is None:
        return False
    engine = client.engine
    if finding.action == safety.DELETE:
        note(SECRET)  # the update's log line says what the record says
        can_delete = guild is not None and message.channel.permissions_for(guild.me).manage_messages
        deleted = can_delete and await _delete(message)
        log.info(safety.format_modlog(PLATFORM, f"#{message.channel}", message.author.id, finding.rule,
                                      "deleted" if deleted else "not deleted"))
        notice = reply_embed(engine.secret_notice(finding, deleted, can_delete))
        outcome = safety.deletion_outcome(deleted, can_delete, "Manage Messages")
        try:
            # name the author (without a ping) so they know the warning is about their message
            if deleted:
                await message.channel.send(message.author.mention, embed=notice, allowed_mentions=NO_MENTIONS)
            else:
                await message.reply(message.author.mention, embed=notice, mention_author=False,
                                    allowed_mentions=NO_MENTIONS)
        finally:
            # after the notice, so a rate-limited mod-log channel never delays it; and even when
            # the channel refused the notice, so the moderators still hear of it
            await modlog.secret_handled(client, message, finding.rule, outcome)
    else:
        notice = engine.link_notice(finding) if finding.action == safety.LINK else engine.key_reminder()
        await message.reply(embed=reply_embed(notice), mention_author=False, allowed_mentions=NO_MENTIONS)
    return True


async def _delete(message: discord.Message) -> bool:
    try:
        await message.delete()
    except discord.HTTPException as exc:
        log.warning("could not delete a message holding a secret: HTTP %s", exc.status)
        return False
    return True


# -- canned warnings -------------------------------------------------------------

@no_choices_on_error
async def suggest_warnings(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The content's warnings matching what has been typed (read at request time, so reloads show)."""
    engine = interaction.client.engine
    typed = current.strip().casefold()
    choices = []
    for warning_id in engine.warning_ids():
        title = engine.content.warnings[warning_id].title
        if typed in warning_id or typed in title.casefold():
            choices.append(app_commands.Choice(name=cut(f"{warning_id}: {title}", 100), value=warning_id))
    return choices[:25]


def unknown_warning(engine, given: str) -> str:
    return (f"There is no warning called “{echo(given, 50)}”. "
            f"Pick one of: {', '.join(engine.warning_ids())}.")


@app_commands.command(name="warn", description="Post a canned safety warning (moderators)")
@app_commands.describe(warning="Which warning to post", member="Who it is for (they are mentioned)")
@app_commands.autocomplete(warning=suggest_warnings)
@app_commands.default_permissions(manage_messages=True)
@app_commands.guild_only()
@app_commands.checks.has_permissions(manage_messages=True)
async def warn(interaction: discord.Interaction, warning: str, member: discord.Member | None = None) -> None:
    """Post a canned warning, mentioning the member when one is given."""
    engine = interaction.client.engine
    reply = engine.warning(warning)
    if reply is None:
        await notify(interaction, unknown_warning(engine, warning))
        return
    if member is None:
        await interaction.response.send_message(embed=reply_embed(reply), allowed_mentions=NO_MENTIONS)
    else:
        # the one mention the bot ever allows: the member a moderator chose to warn
        mention = discord.AllowedMentions(everyone=False, roles=False, replied_user=False, users=[member])
        await interaction.response.send_message(member.mention, embed=reply_embed(reply),
                                                allowed_mentions=mention)
    outcome = f"{modlog.POSTED} for {modlog.person(member)}" if member is not None else modlog.POSTED
    await modlog.warning_posted(interaction, reply.node, outcome)


class WarningPicker(discord.ui.DynamicItem[discord.ui.Select], template=WARN_ID):
    """The select menu of warnings; its custom_id names the message to reply to."""

    def __init__(self, message_id: int, options: list[discord.SelectOption]) -> None:
        super().__init__(discord.ui.Select(custom_id=f"{DISCORD_ID_PREFIX}warn:{message_id}",
                                           placeholder="Pick a warning", options=options))
        self.message_id = message_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select,
                             match: re.Match[str]) -> WarningPicker:
        return cls(int(match["message_id"]), item.options)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await post_warning(interaction, self.message_id)
        except Exception:
            log.exception("posting a picked warning failed")
            await notify(interaction, FAILED)


def warning_options(engine) -> list[discord.SelectOption]:
    return [discord.SelectOption(label=cut(engine.content.warnings[w].title, 100), value=w)
            for w in engine.warning_ids()[:SELECT_LIMIT]]


@app_commands.context_menu(name="Send safety warning")
@app_commands.default_permissions(manage_messages=True)
@app_commands.guild_only()
@app_commands.checks.has_permissions(manage_messages=True)
async def send_safety_warning(interaction: discord.Interaction, message: discord.Message) -> None:
    """Ask which warning to post (privately), then reply to the message with it."""
    options = warning_options(interaction.client.engine)
    if not options:
        await notify(interaction, "The content has no warnings to post.")
        return
    view = discord.ui.View(timeout=None)
    view.add_item(WarningPicker(message.id, options))
    view.stop()  # answered by the registered DynamicItem; see views.route_view
    await interaction.response.send_message(PICK_WARNING, view=view, ephemeral=True,
                                            allowed_mentions=NO_MENTIONS)


async def post_warning(interaction: discord.Interaction, message_id: int) -> None:
    """Reply to the target message with the picked warning, then say how it went."""
    if not interaction.permissions.manage_messages:
        await notify(interaction, missing_permission(["manage_messages"]))
        return
    engine = interaction.client.engine
    values = (interaction.data or {}).get("values") or [""]
    reply = engine.warning(values[0])
    if reply is None:  # the content was reloaded without it since the menu was shown
        await notify(interaction, unknown_warning(engine, values[0]))
        return
    await interaction.response.defer()  # posting waits on Discord; acknowledge first
    channel = interaction.client.get_partial_messageable(interaction.channel.id, guild_id=interaction.guild_id)
    try:
        await channel.get_partial_message(message_id).reply(
            embed=reply_embed(reply), mention_author=False, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as exc:
        log.warning("could not post warning %s: HTTP %s", reply.node, exc.status)
        done = "I couldn't post it: the message is gone, or I'm not allowed to send messages there."
    else:
        done = f"Posted “{escape_markdown(reply.title)}” as a reply."
        await modlog.warning_posted(interaction, reply.node, f"{modlog.POSTED} in reply to message {message_id}")
    await interaction.edit_original_response(content=done, view=None)


# -- settings --------------------------------------------------------------------

@app_commands.command(name="bnb-route-settings", description="bnb-route settings for this server (Manage Server)")
@app_commands.describe(linkguard="Warn about lookalike and scam links in messages the bot reads",
                       impersonation="Check joining and renamed members' names against the moderators and brands",
                       impersonation_action="What to do with a flagged member: report, timeout (a day), "
                                            "restrict (28 days)",
                       dm_guard="Warn the asker under a non-moderator's \"DM me\" reply",
                       dm_delete="Also delete such \"DM me\" replies",
                       join_notice="A short safety welcome for newcomers (in the system channel)")
@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
@app_commands.checks.has_permissions(manage_guild=True)
async def settings(interaction: discord.Interaction, linkguard: Literal["on", "off"] | None = None,
                   impersonation: protection.Switch | None = None,
                   impersonation_action: protection.Action | None = None,
                   dm_guard: protection.Switch | None = None, dm_delete: protection.Switch | None = None,
                   join_notice: protection.Switch | None = None) -> None:
    """Show the server's settings, or switch any of them."""
    store = interaction.client.chat_settings
    changes = protection.settings_changes(impersonation, impersonation_action, dm_guard, dm_delete, join_notice)
    if linkguard is not None:
        changes["linkguard"] = bool(parse_switch(linkguard))
    current = store.set(PLATFORM, interaction.guild_id, **changes) if changes \
        else store.get(PLATFORM, interaction.guild_id)
    text = protection.describe(current)
    if changes.get("impersonation_action", "report") != "report" and interaction.guild is not None \
            and interaction.guild.me is not None and not interaction.guild.me.guild_permissions.moderate_members:
        text += "\nNote: I need the Moderate Members permission to time members out; until then I only report."
    await notify(interaction, text)


COMMANDS = (warn, send_safety_warning, settings, protection.verify)
DYNAMIC_ITEMS = (WarningPicker, protection.UndoButton)
