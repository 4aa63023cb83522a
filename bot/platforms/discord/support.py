"""Support channels: answer plain questions nobody addressed to the bot, when sure.

The engine decides whether a message is a question it answers confidently
(`Engine.auto_answer`; a clarify or the menu would be noise in a busy
channel). Here: which channels, and cooldowns per (channel, entry) and per
user so a repeated question does not get the same answer over and over.
"""
from __future__ import annotations

import time
from typing import Callable, Iterable

import discord

from bot.core.limits import Cooldown

from .buttons import step_message

PER_ENTRY_SECONDS = 600.0
PER_USER_SECONDS = 120.0


class SupportChannels:
    """Which channels get auto-answers, and the cooldowns that keep them quiet."""

    def __init__(self, channel_ids: Iterable[int] = (), *, clock: Callable[[], float] = time.monotonic,
                 per_entry: float = PER_ENTRY_SECONDS, per_user: float = PER_USER_SECONDS) -> None:
        self.channel_ids = frozenset(channel_ids)
        self.per_entry = Cooldown(per_entry, clock=clock)
        self.per_user = Cooldown(per_user, clock=clock)

    def __bool__(self) -> bool:
        return bool(self.channel_ids)

    def covers(self, channel: discord.abc.Messageable) -> bool:
        """A support channel, or a thread inside one."""
        ids = {getattr(channel, "id", None), getattr(channel, "parent_id", None)}
        return bool(ids & self.channel_ids)

    async def answer(self, client: discord.Client, message: discord.Message) -> bool:
        """Reply when the question falls in the answer band and no cooldown holds; True when it did."""
        if not self.covers(message.channel) or not (message.content or "").strip():
            return False
        reply = client.engine.auto_answer(message.content)
        if reply is None:
            return False
        entry_key = (message.channel.id, reply.node)
        user_key = message.author.id
        if self.per_entry.remaining(entry_key) or self.per_user.remaining(user_key):
            return False
        self.per_entry.touch(entry_key)
        self.per_user.touch(user_key)
        sent = await message.reply(mention_author=False, **step_message(reply))
        client.record(message.channel.id, reply, message=sent.id, question=message.content)
        return True
