"""How updates are processed: different chats at once, each chat's in order, each one logged.

python-telegram-bot processes one update at a time by default, so one slow
send would hold up every other chat. Here updates of different chats run
concurrently while a chat's own updates keep their order (an edit never
overtakes the message it edits), and each gets its `bot.ops.update_log` line.

An update takes one of the MAX_CONCURRENT_UPDATES slots only once it is its
chat's turn: a busy group's queue waits on its own lock, holding no slot, so
it can never starve the other chats. Handlers only queue their messages (the
outbox sends them, paced per chat), so a turn is short.
"""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.ops.update_log import UpdateLog

from .state import PLATFORM

MAX_CONCURRENT_UPDATES = 64


class ChatOrderedProcessor(BaseUpdateProcessor):
    def __init__(self, update_log: UpdateLog | None = None,
                 max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self.update_log = update_log
        # chat id -> (lock, updates holding or waiting for it); dropped when none are left
        self._chats: dict[int | None, list] = {}

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # BaseUpdateProcessor takes the slot first and then this chat's lock; the other way
        # round, a chat's queue holds no slot while it waits for its turn
        chat = update.effective_chat if isinstance(update, Update) else None
        key = chat.id if chat is not None else None
        entry = self._chats.setdefault(key, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            async with entry[0], self._semaphore:
                await self.do_process_update(update, coroutine)
        finally:
            entry[1] -= 1
            if not entry[1]:
                del self._chats[key]

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self.update_log is None:
            await coroutine
            return
        chat = update.effective_chat if isinstance(update, Update) else None
        outcome = self.update_log.begin(PLATFORM, getattr(update, "update_id", None),
                                        chat.id if chat is not None else None)
        try:
            await coroutine
        finally:
            self.update_log.end(outcome)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
