"""Route buttons: engine button rows as Discord components, and what a press does.

Buttons are `DynamicItem`s whose custom_id carries the engine's stateless
action (`bnbroute:go:<node-id>`), so any process answers any press, also
after a restart. Who may move a message along is read from the message
itself (the user who ran the command), never from the custom_id.
"""
from __future__ import annotations

import asyncio
import logging
import re
from typing import Sequence, TypeVar

import discord

from bot.core.check import DISCORD_ID_PREFIX, DISCORD_LABEL
from bot.core.engine import Button, Reply
from bot.core.feedback import DUPLICATE, AnswerRef
from bot.core.trace import note

from .embeds import cut, reply_embed
from .notices import EXPIRED, FAILED, NO_MENTIONS, notify

log = logging.getLogger(__name__)

MAX_ROWS = 5
PER_ROW = 5
# Every id under our prefix is caught here, so a stale or forged one gets a notice
# from the engine's own validation instead of silence.
ROUTE_ID = re.compile(re.escape(DISCORD_ID_PREFIX) + r"(?P<action>go:.{0,90})", re.DOTALL)

T = TypeVar("T")


def pack_rows(rows: Sequence[Sequence[T]]) -> list[list[T]]:
    """Engine rows into at most 5 rows of at most 5, keeping rows whole where they fit.

    Neighbouring short rows are merged (smallest pair first) until five remain;
    if that cannot work, the buttons flow five to a row. Never more than 25.
    """
    units = [list(r[i:i + PER_ROW]) for r in rows for i in range(0, len(r), PER_ROW) if r]
    while len(units) > MAX_ROWS:
        sizes = [(len(a) + len(b), i) for i, (a, b) in enumerate(zip(units, units[1:]))
                 if len(a) + len(b) <= PER_ROW]
        if not sizes:
            flat = [b for u in units for b in u][:MAX_ROWS * PER_ROW]
            return [flat[i:i + PER_ROW] for i in range(0, len(flat), PER_ROW)]
        _, i = min(sizes)
        units[i:i + 2] = [units[i] + units[i + 1]]
    return units


class RouteButton(discord.ui.DynamicItem[discord.ui.Button], template=ROUTE_ID):
    """A button that opens an engine node; survives restarts."""

    def __init__(self, action: str, label: str = "…", row: int | None = None) -> None:
        super().__init__(discord.ui.Button(label=cut(label, DISCORD_LABEL),
                                           custom_id=DISCORD_ID_PREFIX + action,
                                           style=discord.ButtonStyle.secondary, row=row))
        self.action = action

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str]) -> RouteButton:
        return cls(match["action"], item.label or "…")

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await answer_press(interaction, self.action)
        except Exception:
            log.exception("button %s failed", self.action[:60])
            await notify(interaction, FAILED)


def route_view(reply: Reply) -> discord.ui.View | None:
    """The reply's buttons as a view, or None when it has none. Every button's custom_id is
    its engine action, answered after a restart by its DynamicItem: RouteButton here, or
    `FeedbackButton` below for "Did this help?"."""
    buttons: list[list[Button]] = pack_rows(reply.buttons)
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for row, line in enumerate(buttons):
        for b in line:
            item = FeedbackButton if b.action.startswith("fb:") else RouteButton
            view.add_item(item(b.action, b.label, row=row))
    # Presses reach the DynamicItem registered at start-up, so the view itself needs no
    # tracking: a finished view is not stored (nor given a timeout task per private copy).
    view.stop()
    return view


def step_message(reply: Reply, *, question: str | None = None) -> dict:
    """Keyword arguments for sending or editing a message that shows `reply`."""
    view = route_view(reply)
    kwargs: dict = {"embed": reply_embed(reply, question=question), "allowed_mentions": NO_MENTIONS}
    if view is not None:
        kwargs["view"] = view
    return kwargs


def invoker_of(message: discord.Message | None) -> discord.abc.User | None:
    """Whose message this is to steer: who ran the command, or whom an auto-answer replied to."""
    if message is None:
        return None
    meta = message.interaction_metadata
    if meta is not None:
        return meta.user
    ref = message.reference
    if ref is not None and isinstance(ref.resolved, discord.Message):
        return ref.resolved.author
    return None


async def answer_press(interaction: discord.Interaction, action: str) -> None:
    """Edit the message for its owner; show anyone else the same step privately."""
    reply = interaction.client.engine.press(action)
    if reply is None:
        await notify(interaction, EXPIRED)
        return
    owner = invoker_of(interaction.message)
    if owner is not None and owner.id == interaction.user.id:
        await interaction.response.edit_message(content=None, **step_message(reply))
        shown_in = interaction.message.id
    else:
        sent = await interaction.response.send_message(ephemeral=True, **step_message(reply))
        shown_in = sent.message_id if sent else None  # the private copy: a route of its own
    interaction.client.record(interaction.channel_id, reply, message=shown_in, via="button")


def is_live_component(interaction: discord.Interaction, templates: Sequence[re.Pattern[str]]) -> bool:
    """Is this press for a component of ours that is really on the message?"""
    custom_id = (interaction.data or {}).get("custom_id", "")
    if not any(t.fullmatch(custom_id) for t in templates) or interaction.message is None:
        return False
    return any(getattr(child, "custom_id", None) == custom_id
               for row in interaction.message.components
               for child in getattr(row, "children", (row,)))


# -- "Did this help?" ---------------------------------------------------------------
# Anyone who sees an answer may vote on it, once. The buttons carry the engine's stateless
# action (`bnbroute:fb:<entry-id>:<choice>`) and are answered by a DynamicItem, so votes work
# after a restart; the vote is counted through the recorder in a worker thread (the press is
# acknowledged first), the buttons are updated to the new counts, the voter alone is told.

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
        await interaction.edit_original_response(view=route_view(voted.reply))
    await interaction.followup.send(voted.notice, ephemeral=True, allowed_mentions=NO_MENTIONS)
