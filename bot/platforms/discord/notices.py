"""Short private notices to the person who acted, and the one way to send them.

A notice is always ephemeral and never mentions anyone. It works whether the
interaction was already acknowledged or not, so error paths can use it too.
"""
from __future__ import annotations

import functools
import logging
from typing import Awaitable, Callable, TypeVar

import discord

from bot.core.access import OPERATORS_ONLY

log = logging.getLogger(__name__)
T = TypeVar("T")

NO_MENTIONS = discord.AllowedMentions.none()

EXPIRED = "That button has expired or is not one of mine. Run /bnb-route to start again."
FAILED = "Sorry, something went wrong on my side. Please try again in a moment."
OUTDATED = ("This command has changed since it was registered. "
            "Ask an admin to run `python -m bot discord --sync`.")
SERVER_ONLY = "This works in a server only."


# names as Discord's own settings show them, where they differ from the API's
PERMISSION_NAMES = {"manage_guild": "Manage Server"}


def missing_permission(names: list[str]) -> str:
    wanted = ", ".join(PERMISSION_NAMES.get(n, n.replace("_", " ").title()) for n in names) or "moderator"
    return f"Only members with the {wanted} permission can use this."


async def notify(interaction: discord.Interaction, text: str) -> None:
    """Tell the person who acted, privately; never raises (it is used on error paths)."""
    try:
        if interaction.type is discord.InteractionType.autocomplete:
            if not interaction.response.is_done():
                await interaction.response.autocomplete([])
            return
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.warning("could not send a notice for interaction %s", interaction.id)


def no_choices_on_error(suggest: Callable[[discord.Interaction, str], Awaitable[list[T]]]):
    """An autocomplete callback that offers nothing (and logs) instead of failing.

    discord.py logs an autocomplete exception and never answers, which leaves
    the user's picker spinning; an empty list at least closes it.
    """

    @functools.wraps(suggest)
    async def wrapper(interaction: discord.Interaction, current: str) -> list[T]:
        try:
            return await suggest(interaction, current)
        except Exception:
            log.exception("autocomplete %s failed", suggest.__name__)
            return []

    return wrapper


async def refused_to_non_operator(interaction: discord.Interaction) -> bool:
    """True, after telling the person privately, when they are not a deployment operator."""
    if interaction.client.access.is_operator("discord", interaction.user.id):
        return False
    await notify(interaction, OPERATORS_ONLY)
    return True
