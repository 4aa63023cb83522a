"""The optional mod-log channel (DISCORD_MODLOG_CHANNEL): one line per leaked secret the
guard acted on and per canned warning posted.

The line is `bot.safety.format_modlog`, which never sees the message text, so
it cannot carry the secret. Posting is best effort: a channel that is gone or
refuses the bot costs a log line, never the deletion or the warning itself.
"""
from __future__ import annotations

import asyncio
import logging

import aiohttp
import discord

from bot import safety
from bot.core.markup import escape_markdown

from .notices import NO_MENTIONS

log = logging.getLogger(__name__)

PLATFORM = "discord"
POSTED = "posted"


def place_of(channel: object, guild: discord.Guild | None) -> str:
    """#channel (server), as moderators read it."""
    name = getattr(channel, "name", None) or getattr(channel, "id", "?")
    return f"#{name} ({guild.name})" if guild is not None else f"#{name}"


def person(user: discord.abc.User) -> str:
    """A member by username and id: usernames hold no @, so nothing reads as a mention."""
    return f"{user.name} ({user.id})"


async def secret_handled(client: discord.Client, message: discord.Message, rule: str, outcome: str) -> None:
    """The line for a message the guard flagged: where, whose, which rule, deleted or not."""
    await post(client, safety.format_modlog(PLATFORM, place_of(message.channel, message.guild),
                                            person(message.author), rule, outcome))


async def warning_posted(interaction: discord.Interaction, warning_id: str, outcome: str) -> None:
    """The line for a canned warning a moderator had the bot post."""
    await post(interaction.client, safety.format_modlog(
        PLATFORM, place_of(interaction.channel, interaction.guild), person(interaction.user),
        f"warning:{warning_id}", outcome))


async def post(client: discord.Client, text: str, view: discord.ui.View | None = None) -> None:
    """Post `text` to the mod-log channel, when one is configured (with `view`: an Undo button); never raises."""
    channel_id = client.modlog_channel
    if channel_id is None:
        return
    try:
        if view is None:
            await client.get_partial_messageable(channel_id).send(escape_markdown(text),
                                                                  allowed_mentions=NO_MENTIONS)
        else:
            await client.get_partial_messageable(channel_id).send(escape_markdown(text), view=view,
                                                                  allowed_mentions=NO_MENTIONS)
    except (discord.DiscordException, aiohttp.ClientError, asyncio.TimeoutError) as exc:
        log.warning("could not post to the mod-log channel: %s", exc.__class__.__name__)
