"""`/bnb-route-stats`: the operators' short summary of the record, shown to them only.

What people ask that the bot does not answer, and which answers were voted
down (bot.storage.stats). Only BOT_OPERATORS see it; anyone else gets a short
private "not allowed".
"""
from __future__ import annotations

import asyncio

import discord
from discord import app_commands

from bot.core.markup import escape_markdown

from .embeds import DESCRIPTION_LIMIT, cut
from .notices import NO_MENTIONS, refused_to_non_operator


@app_commands.command(name="bnb-route-stats", description="What people ask that the bot misses (bot operators)")
@app_commands.default_permissions(administrator=True)
async def route_stats(interaction: discord.Interaction) -> None:
    """Operators only: unanswered and down-voted questions of the last 30 days, privately."""
    if await refused_to_non_operator(interaction):
        return
    from bot.storage.stats import GAPS_DAYS, gaps_summary

    await interaction.response.defer(ephemeral=True, thinking=True)  # the figures come from the database
    text = await asyncio.to_thread(gaps_summary, interaction.client.recorder)
    embed = discord.Embed(title=f"bnb-route: the last {GAPS_DAYS} days",
                          description=cut(escape_markdown(text), DESCRIPTION_LIMIT))
    await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)


COMMANDS = (route_stats,)
