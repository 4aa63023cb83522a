"""A small trace of what the bot decided for the update being handled.

Adapters open an update (`bot.ops.update_log.UpdateLog.begin`) and the engine notes
what it decided (`note`), through a context variable that follows the update into
every task it starts, so the update's log line says "answer", "clarify", "secret",
"quiet", ... without the adapters passing anything along. No I/O here: the log
line itself is written by `bot.ops.update_log`.
"""
from __future__ import annotations

import functools
import time
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from typing import Any, Callable

IGNORED = "ignored"  # nothing asked of the engine: chit-chat, another bot, a refused command
QUIET = "quiet"      # auto-answer looked and chose to stay silent
STALE = "stale"      # a button the engine does not know (any more)

@dataclass
class Outcome:
    """One update being handled."""

    platform: str
    update_id: object
    chat: str | None
    started: float = field(default_factory=time.perf_counter)
    decision: str = IGNORED
    duration_ms: float = 0.0
    token: Token | None = field(default=None, repr=False)

    @property
    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000


CURRENT: ContextVar[Outcome | None] = ContextVar("bnb_route_update", default=None)


def note(decision: str) -> None:
    """Record what the bot decided for the update being handled (nothing outside one)."""
    outcome = CURRENT.get()
    if outcome is not None:
        outcome.decision = decision


def noted(method: Callable[..., Any]) -> Callable[..., Any]:
    """An engine method whose reply's decision (or 'stale' for None) is noted; the outermost
    call notes last, so `ask` wins over the `open` it calls."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        reply = method(*args, **kwargs)
        note(reply.decision if reply is not None else STALE)
        return reply

    return wrapper
