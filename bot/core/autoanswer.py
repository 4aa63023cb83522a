"""Auto-answer: when the bot speaks up about a message nobody addressed to it.

One rule for every platform (Telegram groups with auto-answer on, Discord
support channels): the engine must read the message as a question it answers
confidently (`Engine.auto_answer`: a clarify or the menu would be noise in a
busy chat), and neither cooldown may hold: the same entry in the same chat
(10 minutes) and the same person in the same chat (2 minutes), so a repeated
question does not get the same answer over and over.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable, Hashable

from .engine import UNSCREENED
from .limits import Cooldown
from .trace import QUIET, note

if TYPE_CHECKING:
    from .engine import Engine, Reply

PER_ENTRY_SECONDS = 600.0
PER_USER_SECONDS = 120.0


class AutoAnswer:
    """The auto-answer decision and the cooldowns it keeps, per chat."""

    def __init__(self, *, per_entry: float = PER_ENTRY_SECONDS, per_user: float = PER_USER_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_entry = Cooldown(per_entry, clock=clock)
        self.per_user = Cooldown(per_user, clock=clock)

    def reply_for(self, engine: Engine, chat: Hashable, person: Hashable, text: str, *,
                  finding: object = UNSCREENED) -> Reply | None:
        """The reply to post, or None to stay quiet; a reply starts both cooldowns.
        `finding`: what the guard already found in `text` (see `Engine.ask`)."""
        if not (text or "").strip():
            return None
        reply = engine.auto_answer(text, finding=finding)
        if reply is None:
            return None
        entry_key, user_key = (chat, reply.node), (chat, person)
        if self.per_entry.remaining(entry_key) or self.per_user.remaining(user_key):
            note(QUIET)
            return None
        self.per_entry.touch(entry_key)
        self.per_user.touch(user_key)
        return reply
