""""Did this help?" buttons under answers: anyone who sees an answer may vote on it, once.

The buttons carry the engine's stateless action (`bnbroute:fb:<entry-id>:<choice>`)
and are answered by a `DynamicItem`, so votes work after a restart like the
route buttons. Voting is not navigation: the engine counts the vote through
the recorder (in a worker thread, so the press is acknowledged first), the
buttons on the message are updated to the new counts for everyone, and the
voter alone is told what happened, privately. The embed never changes.
"""
from __future__ import annotations

import asyncio
import logging
import re

import discord

from bot.core.check import DISCORD_ID_PREFIX, DISCORD_LABEL
from bot.core.feedback import DUPLICATE, AnswerRef
from bot.ops.update_log import note
from .embeds import cut
from .notices import EXPIRED, FAILED, NO_MENTIONS, notify

log = logging.getLogger(__name__)

PLATFORM = "discord"
FEEDBACK_ID = re.compile(re.escape(DISCORD_ID_PREFIX) + r"(?P<action>fb:.{0,90})", re.DOTALL)


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button], template=FEEDBACK_ID):
    """A vote button under an answer; survives restarts."""

    def __init__(self, action: str, label: str = "…", row: int | None = None) -> None:
        super().__init__(discord.ui.Button(label=cut(label, DISCORD_LABEL), custom_id=DISCORD_ID_PREFIX + action,
                                           style=discord.ButtonStyle.secondary, row=row))
        self.action = action

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> FeedbackButton:
        return cls(match["action"], item.label or "…")

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await answer_vote(interaction, self.action)
        except Exception:
            log.exception("vote %s failed", self.action[:60])
            await notify(interaction, FAILED)


async def answer_vote(interaction: discord.Interaction, action: str) -> None:
    """Count the press as the presser's vote on this message's answer; show the new counts."""
    client = interaction.client
    if client.recorder is None:  # an old button from when this bot recorded
        await notify(interaction, EXPIRED)
        return
    await interaction.response.defer()  # the vote waits on the database; acknowledge in time
    answer = AnswerRef(PLATFORM, interaction.channel_id, interaction.message.id)
    voted = await asyncio.to_thread(client.engine.vote, action, client.recorder, answer, interaction.user.id)
    if voted is None:  # the entry is gone since a content reload
        await notify(interaction, EXPIRED)
        return
    note("vote")  # the update's log line: a vote, not the answer it re-renders
    if voted.status != DUPLICATE:
        from .views import route_view  # views builds this module's buttons: imported here, not above

        await interaction.edit_original_response(view=route_view(voted.reply))
    await interaction.followup.send(voted.notice, ephemeral=True, allowed_mentions=NO_MENTIONS)
