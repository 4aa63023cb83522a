"""One `bot.ops.update_log` line per interaction and per message the bot reads.

Every interaction (commands, autocomplete, buttons, selects) and every
message enters discord.py through one parser of its connection state; the
parser hands the work to new tasks (the command tree's, the view store's,
the event's). So the update is opened around the parser, those tasks inherit
it (context variables are copied into tasks), and it is closed when the last
of them is done.
"""
from __future__ import annotations

import asyncio
from typing import Any, Callable

from discord.state import ConnectionState

from bot.core.trace import Outcome
from bot.ops.update_log import UpdateLog

PLATFORM = "discord"
_ENDINGS: set[asyncio.Future] = set()


class TrackedState(ConnectionState):
    update_log: UpdateLog | None = None

    def parse_interaction_create(self, data: Any) -> None:
        self._tracked(super().parse_interaction_create, data, data.get("channel_id"))

    def parse_message_create(self, data: Any) -> None:
        author = data.get("author") or {}
        if author.get("bot") or data.get("webhook_id"):
            super().parse_message_create(data)  # other bots and ourselves: not an update for us
            return
        self._tracked(super().parse_message_create, data, data.get("channel_id"))

    def _tracked(self, parse: Callable[[Any], None], data: Any, channel: Any) -> None:
        if self.update_log is None:
            parse(data)
            return
        before = asyncio.all_tasks()
        outcome = self.update_log.begin(PLATFORM, data.get("id"), int(channel) if channel else None)
        try:
            parse(data)
        finally:
            self.update_log.detach(outcome)  # the parser's caller (the gateway reader) goes on without it
        started = asyncio.all_tasks() - before
        ending = asyncio.ensure_future(self._end_when_done(outcome, started))
        _ENDINGS.add(ending)  # the loop keeps only a weak reference to a task
        ending.add_done_callback(_ENDINGS.discard)

    async def _end_when_done(self, outcome: Outcome, tasks: set[asyncio.Task]) -> None:
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self.update_log.end(outcome)
