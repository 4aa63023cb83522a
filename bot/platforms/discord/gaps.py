"""`/bnb-route-stats`: the operators' short summary of the record, shown to them only.

What people ask that the bot does not answer, and which answers were voted
down (bot.storage.stats). Only BOT_OPERATORS see it; anyone else gets a short
private "not allowed".
"""
from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands

from bot.core.markup import escape_markdown

from .embeds import DESCRIPTION_LIMIT, cut
from .notices import NO_MENTIONS, notify, refused_to_non_operator

log = logging.getLogger(__name__)

DAYS = 30
RECORDING_OFF = "Nothing is recorded: this bot runs without a database."
READ_FAILED = "I couldn't read the record just now (the bot's log says why). Try again in a moment."


def summary(store) -> str:
    """The last DAYS days of the record as plain text (reads the database: call in a thread)."""
    from bot.storage.stats import compute, gaps_text

    return gaps_text(compute(store, days=DAYS))


@app_commands.command(name="bnb-route-stats", description="What people ask that the bot misses (bot operators)")
@app_commands.default_permissions(administrator=True)
async def route_stats(interaction: discord.Interaction) -> None:
    """Operators only: unanswered and down-voted questions of the last DAYS days, privately."""
    if await refused_to_non_operator(interaction):
        return
    client = interaction.client
    recorder = client.recorder
    if recorder is None or not recorder.enabled:
        await notify(interaction, RECORDING_OFF)
        return
    await interaction.response.defer(ephemeral=True, thinking=True)  # the figures come from the database
    try:
        text = await asyncio.to_thread(summary, recorder.store)
    except Exception as exc:  # a database that is down: say so, never fail silently
        from bot.storage.errors import describe_error

        log.warning("/bnb-route-stats: cannot read the record: %s", describe_error(exc))
        await notify(interaction, READ_FAILED)
        return
    embed = discord.Embed(title=f"bnb-route: the last {DAYS} days",
                          description=cut(escape_markdown(text), DESCRIPTION_LIMIT))
    await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)


COMMANDS = (route_stats,)
