"""The outbox: every message a platform posts goes through here (`bot.core.delivery` is the policy).

One worker per chat with something to send, started when a message is queued
and gone when that chat's backlog is empty: chats never wait for each other,
and handling an update never waits for a send (so no update holds a slot
while a busy group's pacing or a Bot API fault lasts). A send that fails for
a passing reason is tried again with backoff for up to a minute; one given
up is logged with the chat's keyed hash and the message kind, never the text.
`drain` is the stop: wait a while for the backlogs to empty, then hand back
what is still unsent (the message being sent included: better twice than never).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Hashable

from bot.core.delivery import BACKLOG_LIMIT, RETRY_SECONDS, Backlog, Outgoing, Shed, backoff

from .update_log import chat_label

log = logging.getLogger("bnb_route.delivery")

SHED_LOG_EVERY = 60.0  # seconds: a chat that keeps overflowing logs one line a minute


def _describe(exc: BaseException) -> str:
    return getattr(exc, "message", None) or exc.__class__.__name__


class Outbox:
    """Per-chat queues of `Outgoing` messages, each sent by `send` in order.

    `retry_wait(exc)` says whether a failed send may be tried again: None for never
    (a refusal), else the least number of seconds to wait (0: the usual backoff)."""

    def __init__(self, platform: str, send: Callable[[Outgoing], Awaitable[Any]],
                 retry_wait: Callable[[BaseException], float | None],
                 describe: Callable[[BaseException], str] = _describe, *,
                 limit: int = BACKLOG_LIMIT, retry_seconds: float = RETRY_SECONDS,
                 label: Callable[[str, Hashable], str] = chat_label,
                 on_refused: Callable[[Outgoing, BaseException], None] | None = None) -> None:
        self.platform = platform
        self.send = send
        self.retry_wait = retry_wait
        self.describe = describe
        self.limit = limit
        self.retry_seconds = retry_seconds
        self.label = label
        self.on_refused = on_refused  # e.g. forget a chat the bot was removed from
        self.closed = False
        self.sent = self.given_up = self.shed = self.retried = 0
        self._backlogs: dict[Hashable, Backlog] = {}
        self._workers: dict[Hashable, asyncio.Task] = {}
        self._in_flight: dict[Hashable, Outgoing] = {}
        self._late: list[Outgoing] = []  # queued after the drain ended: kept with the rest
        self._shed_since: dict[Hashable, int] = {}
        self._shed_logged: dict[Hashable, asyncio.TimerHandle] = {}
        self._shed_why = "full"

    # -- queueing -------------------------------------------------------------------
    def put(self, item: Outgoing) -> None:
        """Queue `item` behind its chat's earlier messages; never waits."""
        if self.closed:
            self._late.append(item)
            return
        backlog = self._backlogs.get(item.chat)
        if backlog is None:
            backlog = self._backlogs[item.chat] = Backlog(self.limit)
        for shed in backlog.add(item):
            self._shed(shed)
        if item.chat not in self._workers and backlog:
            self._workers[item.chat] = asyncio.get_running_loop().create_task(
                self._work(item.chat, backlog), name=f"outbox-{self.platform}")

    def pending(self) -> int:
        """Messages queued or being sent."""
        return sum(len(b) for b in self._backlogs.values()) + len(self._in_flight)

    def _shed(self, shed: Shed) -> None:
        """Tell the owner, and log: at once for the first, then one line a minute with the count."""
        self.shed += 1
        shed.item.settle(None)
        chat = shed.item.chat
        self._shed_since[chat] = self._shed_since.get(chat, 0) + 1
        self._shed_why = shed.why
        if chat not in self._shed_logged:
            self._log_shed(chat, first=True)

    def _log_shed(self, chat: Hashable, first: bool = False) -> None:
        count = self._shed_since.pop(chat, 0)
        if not count:
            self._shed_logged.pop(chat, None)
            return
        reason = ("answer(s) already queued there (duplicate question)" if self._shed_why == "duplicate"
                  else f"oldest answer(s): more than {self.limit} replies waiting")
        log.warning("delivery: chat %s: dropped %d %s%s", self.label(self.platform, chat), count, reason,
                    "" if first else f" (in the last {SHED_LOG_EVERY:.0f} s)")
        self._shed_logged[chat] = asyncio.get_running_loop().call_later(SHED_LOG_EVERY, self._log_shed, chat)

    # -- sending ----------------------------------------------------------------------
    async def _work(self, chat: Hashable, backlog: Backlog) -> None:
        try:
            while backlog:
                item = self._in_flight[chat] = backlog.pop()
                await self._deliver(item)
                del self._in_flight[chat]
        finally:
            self._workers.pop(chat, None)
            if not backlog and not self.closed:
                self._backlogs.pop(chat, None)

    async def _deliver(self, item: Outgoing) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        attempt = 0
        while True:
            try:
                sent = await self.send(item)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                wait = self.retry_wait(exc)
                if wait is not None:
                    wait = max(wait, backoff(attempt))
                    attempt += 1
                    if loop.time() + wait - started <= self.retry_seconds:
                        self.retried += 1
                        if attempt == 1:
                            log.info("delivery: a %s to chat %s failed (%s); trying again for up to %.0f s",
                                     item.kind, self.label(self.platform, item.chat), self.describe(exc),
                                     self.retry_seconds)
                        await asyncio.sleep(wait)
                        continue
                self.given_up += 1
                where = self.label(self.platform, item.chat)
                if wait is None:  # refused: trying again would get the same answer
                    log.info("delivery: a %s to chat %s was refused: %s", item.kind, where, self.describe(exc))
                    if self.on_refused is not None:
                        self.on_refused(item, exc)
                else:
                    log.warning("delivery: gave up a %s to chat %s after %d attempt(s) in %.0f s: %s", item.kind,
                                where, attempt, loop.time() - started, self.describe(exc))
                item.settle(None)
                return
            self.sent += 1
            item.settle(sent)
            return

    # -- waiting and stopping -------------------------------------------------------------
    async def settled(self) -> None:
        """Return once nothing is queued or being sent (what is queued meanwhile included)."""
        while self._workers:
            await asyncio.wait(list(self._workers.values()))

    async def drain(self, seconds: float) -> list[Outgoing]:
        """Send for up to `seconds`, then stop: what is still unsent, oldest first per chat
        (a message cut off mid-send included), for the caller to keep."""
        if seconds > 0 and self._workers:
            try:
                await asyncio.wait_for(self.settled(), seconds)
            except TimeoutError:
                pass
        self.closed = True
        for chat, timer in list(self._shed_logged.items()):
            timer.cancel()
            if self._shed_since.get(chat):
                self._log_shed(chat)  # what was shed since the last line, before the process goes
                self._shed_logged.pop(chat).cancel()
        workers = list(self._workers.values())
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        left: list[Outgoing] = []
        for chat, backlog in self._backlogs.items():
            if chat in self._in_flight:
                left.append(self._in_flight.pop(chat))
            left.extend(backlog.drain())
        left.extend(self._late)
        self._backlogs.clear()
        self._late = []
        return left
