"""The everyday slash commands: `/bnb-route` and `/bnb-help`, and the tree that runs them.

Engine calls are in-process and take milliseconds (a 100 kB question is
matched in 20-30 ms), so these commands answer at once, well inside
Discord's 3-second window; only moderator flows that wait on Discord itself
defer first.
"""
from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.core.engine import SECRET

from .buttons import step_message
from .embeds import cut, reply_embed
from .notices import FAILED, NO_MENTIONS, OUTDATED, SERVER_ONLY, missing_permission, no_choices_on_error, notify

log = logging.getLogger(__name__)

CHOICE_LIMIT = 100  # Discord's limit for an autocomplete choice's name and value
COMMANDS_HELP = (
    "`/bnb-route question:` ask in your own words, or leave it empty for the menu; "
    "`private:true` shows the answer to you only.\n"
    "`/bnb-help` this message.\n"
    "`/bnb-route-verify member:` is that member an admin or moderator here? (Admins never DM first.)\n"
    "Moderators: `/warn` posts a canned warning; right-click a message → Apps → "
    "**Send safety warning** replies to it; `/bnb-route-settings` switches the link guard and "
    "community protection (impersonation check, \"DM me\" guard, join notice)."
)
STORAGE_HELP = "Per-server settings (link guard, community protection). Cooldowns in support channels live in memory only."
NOTHING_RECORDED = " Questions and messages are not kept."


class RouteTree(app_commands.CommandTree):
    """The command tree: failures become a short private message, never silence."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.MissingPermissions):
            await notify(interaction, missing_permission(error.missing_permissions))
        elif isinstance(error, app_commands.NoPrivateMessage):
            await notify(interaction, SERVER_ONLY)
        elif isinstance(error, (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch)):
            log.warning("unknown or changed command %r: run --sync", getattr(error, "name", ""))
            await notify(interaction, OUTDATED)
        else:
            name = interaction.command.name if interaction.command else "?"
            log.error("command /%s failed", name, exc_info=error)
            await notify(interaction, FAILED)


@app_commands.command(name="bnb-route", description="Find the right steps for moving funds on Binance / BNB Chain")
@app_commands.describe(question="What are you trying to do? Leave empty for the menu.",
                       private="Show the answer to you only")
async def bnb_route(interaction: discord.Interaction, question: str | None = None,
                    private: bool = False) -> None:
    """Answer a question (or an entry picked from autocomplete); no question: the menu."""
    client = interaction.client
    engine = client.engine
    text = (question or "").strip()
    echoed = None
    if not text:
        reply = engine.open("start")
    elif text in engine.content.entries:  # a pick from autocomplete arrives as its entry id
        reply = engine.open(text)
    else:
        # one look by the guard: secrets and lookalike links (a question holding either is never echoed)
        finding = engine.screen(text, link_guard=True)
        reply = engine.ask(text, finding=finding)
        if reply.kind == SECRET:
            # the engine's advice, privately; the question is never shown back (nor kept)
            await interaction.response.send_message(embed=reply_embed(reply), ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
            client.record(interaction.channel_id, reply, message=None)
            return
        echoed = text if finding is None else None
    sent = await interaction.response.send_message(ephemeral=private, **step_message(reply, question=echoed))
    if text:  # the menu alone is no question; a pick from autocomplete is a choice, like a button
        picked = text in engine.content.entries
        client.record(interaction.channel_id, reply, message=sent.message_id if sent else None,
                      question=None if picked else text, via="button" if picked else "question")


@bnb_route.autocomplete("question")
@no_choices_on_error
async def suggest_entries(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Entries matching what has been typed so far; a choice's value is the entry id."""
    return [app_commands.Choice(name=cut(title, CHOICE_LIMIT), value=entry_id)
            for title, entry_id in interaction.client.engine.suggest(current[:500], limit=25)]


@app_commands.command(name="bnb-help", description="What bnb-route does, its commands and what it stores")
async def bnb_help(interaction: discord.Interaction) -> None:
    """A few lines on what the bot does, its commands and what it keeps."""
    engine = interaction.client.engine
    message = step_message(engine.help())  # with what is recorded and for how long, when it records
    message["embed"].add_field(name="Commands", value=COMMANDS_HELP, inline=False)
    stored = STORAGE_HELP + ("" if engine.record_notice else NOTHING_RECORDED)
    message["embed"].add_field(name="What it stores", value=stored, inline=False)
    await interaction.response.send_message(ephemeral=True, **message)


COMMANDS = (bnb_route, bnb_help)
