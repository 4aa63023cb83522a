"""Cooldowns and rate limits, shared by every platform.

Auto-answers wait per (chat, entry) and per user; addressed requests are
limited per user so one person cannot flood a group through the bot. Time is
injected (a `clock` callable) so tests need no sleeping.
"""
from __future__ import annotations

import time
from collections import OrderedDict, deque
from typing import Callable, Hashable


class Cooldown:
    """`ready(key)` is True at most once per `seconds` for each key."""

    def __init__(self, seconds: float, *, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 50_000) -> None:
        self.seconds = seconds
        self.clock = clock
        self.max_keys = max_keys
        self._last: OrderedDict[Hashable, float] = OrderedDict()

    def remaining(self, key: Hashable) -> float:
        last = self._last.get(key)
        if last is None:
            return 0.0
        return max(0.0, self.seconds - (self.clock() - last))

    def ready(self, key: Hashable) -> bool:
        """True (and the cooldown starts) when `key` is not cooling down."""
        if self.remaining(key) > 0:
            return False
        self.touch(key)
        return True

    def touch(self, key: Hashable) -> None:
        self._last[key] = self.clock()
        self._last.move_to_end(key)
        while len(self._last) > self.max_keys:
            self._last.popitem(last=False)


class RateLimit:
    """At most `limit` events per `window` seconds per key (sliding window).

    `hit(key)` returns "ok", "limited" for the first refused event in a burst
    (time for one polite notice), or "quiet" for the following ones.
    """

    def __init__(self, limit: int = 5, window: float = 60.0, *,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 50_000) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._events: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._noticed: dict[Hashable, float] = {}

    def hit(self, key: Hashable) -> str:
        now = self.clock()
        events = self._events.setdefault(key, deque())
        self._events.move_to_end(key)
        while events and now - events[0] >= self.window:
            events.popleft()
        while len(self._events) > self.max_keys:
            old, _ = self._events.popitem(last=False)
            self._noticed.pop(old, None)
        if len(events) < self.limit:
            events.append(now)
            self._noticed.pop(key, None)
            return "ok"
        if key in self._noticed and now - self._noticed[key] < self.window:
            return "quiet"
        self._noticed[key] = now
        return "limited"
