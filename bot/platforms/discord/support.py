"""Support channels: answer plain questions nobody addressed to the bot, when sure.

Whether to answer (a confident answer, no cooldown holding) is core's auto-answer
rule, the same as in Telegram groups (`bot.core.autoanswer`); here: which channels.
"""
from __future__ import annotations

import time
from typing import Callable, Iterable

import discord

from bot.core.autoanswer import AutoAnswer

from .buttons import step_message


class SupportChannels:
    """Which channels get auto-answers, and the cooldowns that keep them quiet."""

    def __init__(self, channel_ids: Iterable[int] = (), *, clock: Callable[[], float] = time.monotonic) -> None:
        self.channel_ids = frozenset(channel_ids)
        self.auto_answer = AutoAnswer(clock=clock)

    def __bool__(self) -> bool:
        return bool(self.channel_ids)

    def covers(self, channel: discord.abc.Messageable) -> bool:
        """A support channel, or a thread inside one."""
        ids = {getattr(channel, "id", None), getattr(channel, "parent_id", None)}
        return bool(ids & self.channel_ids)

    async def answer(self, client: discord.Client, message: discord.Message) -> bool:
        """Reply when the question falls in the answer band and no cooldown holds; True when it did."""
        if not self.covers(message.channel):
            return False
        # the guard has already screened this message and found nothing (`guard_message`)
        reply = self.auto_answer.reply_for(client.engine, message.channel.id, message.author.id, message.content,
                                           finding=None)
        if reply is None:
            return False
        sent = await message.reply(mention_author=False, **step_message(reply))
        client.record(message.channel.id, reply, message=sent.id, question=message.content)
        return True
