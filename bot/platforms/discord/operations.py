"""Deployment-level pieces: leaving servers outside ALLOWED_GUILDS, and `/bnb-route-reload`."""
from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.core.access import not_enabled
from bot.core.markup import escape_markdown
from bot.core.trace import note
from bot.ops import update_log

from .embeds import cut
from .notices import NO_MENTIONS, refused_to_non_operator

log = logging.getLogger(__name__)

PLATFORM = "discord"
MESSAGE_LIMIT = 2000


async def leave_if_not_allowed(client: discord.Client, guild: discord.Guild) -> bool:
    """Outside ALLOWED_GUILDS: say once, in the first channel the bot may post in, that it is
    not enabled there, and leave the server. True when it left."""
    if client.access.guild_allowed(guild.id):
        return False
    label = update_log.chat_label(PLATFORM, guild.id)
    log.info("server %s is not in ALLOWED_GUILDS: leaving", label)
    channel = _first_writable_channel(guild)
    if channel is not None:
        try:
            await channel.send(not_enabled("server"), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.info("could not post the not-enabled notice in server %s: HTTP %s", label, exc.status)
    try:
        await guild.leave()
    except discord.HTTPException as exc:
        log.warning("could not leave server %s: HTTP %s", label, exc.status)
        return False
    return True


def _first_writable_channel(guild: discord.Guild) -> discord.TextChannel | None:
    me = guild.me
    candidates = [guild.system_channel] if guild.system_channel else []
    candidates += sorted(guild.text_channels, key=lambda c: c.position)
    for channel in candidates:
        if me is None or channel.permissions_for(me).send_messages:
            return channel
    return None


@app_commands.command(name="bnb-route-reload", description="Reload the bot's content (bot operators)")
@app_commands.default_permissions(administrator=True)
async def reload_content(interaction: discord.Interaction) -> None:
    """Operators only: validate and load the content again; the result, privately."""
    if await refused_to_non_operator(interaction):
        return
    client = interaction.client
    note("reload")
    await interaction.response.defer(ephemeral=True, thinking=True)  # building the index takes a moment
    result = await client.engines.reload_async()
    await interaction.followup.send(cut(escape_markdown(result.text()), MESSAGE_LIMIT), ephemeral=True,
                                    allowed_mentions=NO_MENTIONS)


COMMANDS = (reload_content,)
