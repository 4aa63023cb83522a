"""What happens to a reply between being decided and being seen: the delivery policy.

Written once here for every platform (`bot.ops.delivery` runs it, `bot.storage.outbox`
keeps what a stop leaves unsent):

- each chat has its own backlog, so one busy chat never delays another;
- a backlog holds at most `BACKLOG_LIMIT` replies: past that the oldest answers are
  shed (the newest questions are the ones still worth answering);
- an answer already queued for the same place (chat and topic) with the same content
  is not queued again: a duplicate question is answered once;
- a send that fails for a passing reason (5xx, timeout, lost connection, flood
  control) is tried again with backoff for up to `RETRY_SECONDS`; a reply may then
  arrive twice, which is better than never;
- a reply left unsent at a stop is kept, and sent after the next start while it is
  younger than the deployment's OUTBOX_MAX_AGE; an older one is dropped.
"""
from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterable

BACKLOG_LIMIT = 100  # replies queued per chat
RETRY_SECONDS = 60.0  # how long a send is tried again before it is given up
FIRST_BACKOFF = 0.5
MAX_BACKOFF = 8.0
DEFAULT_MAX_AGE = 15 * 60.0  # seconds: a kept reply older than this is no longer sent

ANSWER = "answer"  # a reply to a question: may be shed or merged with a duplicate
NOTICE = "notice"  # anything else the bot posts in a chat (warnings, safety notices, usage)
MODLOG = "modlog"  # a line for the moderators' chat


@dataclass
class Outgoing:
    """One message to post. `markup` is plain JSON (the platform's buttons), so a reply
    can be stored and sent by a later process; `on_sent` is told the sent message, or
    None when this process will not send it (shed, merged, given up or stored)."""

    chat: Hashable
    text: str
    kind: str = ANSWER
    html: bool = True
    reply_to: int | None = None
    topic: int | None = None
    markup: dict | None = None
    created: float = field(default_factory=time.time)  # wall clock: compared across restarts
    key: str | None = None  # answers with the same key in the same place are duplicates
    on_sent: Callable[[Any], None] | None = field(default=None, repr=False, compare=False)

    def settle(self, sent: Any = None) -> None:
        """Tell the owner once what became of this message."""
        callback, self.on_sent = self.on_sent, None
        if callback is not None:
            callback(sent)

    @property
    def place(self) -> tuple[Hashable, int | None, str | None]:
        return (self.chat, self.topic, self.key)


@dataclass
class Shed:
    """What a backlog refused or pushed out, and why ("full" or "duplicate")."""

    item: Outgoing
    why: str


class Backlog:
    """One chat's queue of replies waiting to be sent, in order."""

    def __init__(self, limit: int = BACKLOG_LIMIT) -> None:
        self.limit = limit
        self.items: deque[Outgoing] = deque()

    def __len__(self) -> int:
        return len(self.items)

    def add(self, item: Outgoing) -> list[Shed]:
        """Queue `item`; what was shed to keep the policy (possibly `item` itself)."""
        if item.kind == ANSWER and item.key is not None and \
                any(q.kind == ANSWER and q.place == item.place for q in self.items):
            return [Shed(item, "duplicate")]
        self.items.append(item)
        shed: list[Shed] = []
        while len(self.items) > self.limit:
            oldest = next((q for q in self.items if q.kind == ANSWER), self.items[0])
            self.items.remove(oldest)
            shed.append(Shed(oldest, "full"))
        return shed

    def pop(self) -> Outgoing:
        return self.items.popleft()

    def drain(self) -> list[Outgoing]:
        items = list(self.items)
        self.items.clear()
        return items


def backoff(attempt: int) -> float:
    """Seconds to wait before try number `attempt` + 1 (0.5, 1, 2, 4, 8, 8, ...)."""
    return min(FIRST_BACKOFF * 2 ** attempt, MAX_BACKOFF)


def is_fresh(item: Outgoing, now: float, max_age: float = DEFAULT_MAX_AGE) -> bool:
    """Is a kept reply still worth sending? (A clock that went back counts as fresh.)"""
    return now - item.created < max_age


def split_fresh(items: Iterable[Outgoing], now: float,
                max_age: float = DEFAULT_MAX_AGE) -> tuple[list[Outgoing], list[Outgoing]]:
    """(still worth sending, too old) for replies kept across a restart, in their order."""
    fresh: list[Outgoing] = []
    stale: list[Outgoing] = []
    for item in items:
        (fresh if is_fresh(item, now, max_age) else stale).append(item)
    return fresh, stale
