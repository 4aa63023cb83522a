"""One log line per update: its id, platform, chat (keyed hash), decision and duration.

Adapters open an update with `UpdateLog.begin` (Telegram: its update
processor; Discord: its connection state) and close it with `end`. In
between, the engine notes what it decided (`note`, through a context
variable that follows the update into every task it starts), so the line
says "answer", "clarify", "none", "secret", "open", "quiet", ... without the
adapters passing anything along. Chats are named by the same keyed hash the
store uses: never a raw id (in a private chat the chat id is the user's id).
"""
from __future__ import annotations

import functools
import logging
import secrets
from typing import Any, Callable, Hashable

from bot.core.trace import CURRENT, Outcome

log = logging.getLogger("bnb_route.updates")

ChatRef = Callable[[str, Hashable], str]


def chat_hasher(store: Any = None, key: str = "") -> ChatRef:
    """(platform, chat id) -> the store's keyed hash; without a store, the same scheme
    keyed by BOT_HASH_KEY, else by a key made for this process only."""
    if store is not None:
        return store.chat_ref
    from types import SimpleNamespace

    from bot.storage.hashing import IdHasher
    from bot.storage.store import Store

    hasher = IdHasher(key.encode("utf-8") if key else secrets.token_bytes(32))
    # Store.chat_ref needs only `.hasher`: reusing it keeps one hashing scheme
    return functools.partial(Store.chat_ref, SimpleNamespace(hasher=hasher))


_chat_ref: ChatRef | None = None


def use_chat_ref(chat_ref: ChatRef) -> None:
    """Name chats in this process's log lines with `chat_ref` (the store's, once it is open)."""
    global _chat_ref
    _chat_ref = chat_ref


def chat_label(platform: str, chat: Hashable) -> str:
    """How a log line names a chat: its keyed hash, never the raw id."""
    global _chat_ref
    if _chat_ref is None:
        _chat_ref = chat_hasher()
    return _chat_ref(platform, chat)


class UpdateLog:
    """Opens and closes updates; logs one INFO line per update and tells `listeners`."""

    def __init__(self, chat_ref: ChatRef, logger: logging.Logger = log) -> None:
        self.chat_ref = chat_ref
        self.logger = logger
        self.listeners: list[Callable[[Outcome], None]] = []  # e.g. the load benchmark

    def begin(self, platform: str, update_id: object, chat: Hashable | None) -> Outcome:
        """Start timing an update in the current context (tasks started from here share it)."""
        outcome = Outcome(platform, update_id, self.chat_ref(platform, chat) if chat is not None else None)
        outcome.token = CURRENT.set(outcome)
        return outcome

    @staticmethod
    def detach(outcome: Outcome) -> None:
        """Leave the update in the current context; tasks started meanwhile still carry it."""
        if outcome.token is not None:
            try:
                CURRENT.reset(outcome.token)
            except (ValueError, RuntimeError):  # from another context: nothing to restore here
                pass
            outcome.token = None

    def end(self, outcome: Outcome) -> None:
        elapsed = outcome.duration_ms = outcome.elapsed_ms
        self.detach(outcome)
        self.logger.info("update %s %s chat=%s decision=%s %.1f ms", outcome.update_id, outcome.platform,
                         outcome.chat or "-", outcome.decision, elapsed,
                         extra={"update_id": outcome.update_id, "platform": outcome.platform,
                                "chat": outcome.chat, "decision": outcome.decision,
                                "duration_ms": round(elapsed, 2)})
        for listener in self.listeners:
            listener(outcome)
