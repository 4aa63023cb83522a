"""Telegram's flood limits as hard bounds: at most 30 messages a second overall, 20 in any
minute per group, and one a second into any one chat.

AIORateLimiter's defaults are leaky buckets that hold a full second's (or
minute's) allowance and refill at the same rate, so after a quiet spell the bot
can send about 60 messages in one second and a group can get 40 in a minute; it
has no per-chat limit at all; and after a 429 everything that queued up during
the pause goes out at once. This keeps AIORateLimiter (and its RetryAfter
handling) with smaller buckets: one message at a time, 29 a second (at most 30
in any second); per group a burst of 5, then one every 4 s (5 + 15 = 20 in any
60 s); a pause after a 429 is waited out before joining those queues; and a
chat's next message is sent no sooner than one second after its previous one
went through. A reply over a limit waits its turn; none is dropped.
"""
from __future__ import annotations

import asyncio
from typing import Any, Callable, Coroutine

from telegram.ext import AIORateLimiter

# what appears in a chat (answerCallbackQuery, getChatMember and the like do not)
PACED_ENDPOINTS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto",
                             "sendDocument", "copyMessage", "forwardMessage"})
GROUP_BURST = 5
GROUP_REFILL_SECONDS = 20.0  # GROUP_BURST per 20 s: 15 a minute, so at most 20 in any minute
_FORGET_AFTER = 1024  # chats remembered before idle ones are forgotten


class _ChatTurn:
    __slots__ = ("lock", "done_at")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.done_at = float("-inf")


class ChatPacedRateLimiter(AIORateLimiter):
    def __init__(self, *, seconds: float = 1.0, **options: Any) -> None:
        options.setdefault("overall_max_rate", 1)
        options.setdefault("overall_time_period", 1 / 29)  # one at a time, 29 a second
        options.setdefault("group_max_rate", GROUP_BURST)
        options.setdefault("group_time_period", GROUP_REFILL_SECONDS)
        super().__init__(**options)
        self.seconds = seconds
        self._chats: dict[str, _ChatTurn] = {}

    def _turn(self, chat_id: str) -> _ChatTurn:
        if len(self._chats) > _FORGET_AFTER:
            now = asyncio.get_running_loop().time()
            for key, turn in list(self._chats.items()):
                if key != chat_id and not turn.lock.locked() and now - turn.done_at > self.seconds:
                    del self._chats[key]
        turn = self._chats.get(chat_id)
        if turn is None:
            turn = self._chats[chat_id] = _ChatTurn()
        return turn

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: int | None) -> Any:
        chat_id = data.get("chat_id")
        if chat_id is None or endpoint not in PACED_ENDPOINTS or not self.seconds:
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        turn = self._turn(str(chat_id))
        loop = asyncio.get_running_loop()
        async with turn.lock:
            # measured from when the previous message went through, not from when it queued:
            # a wait in the other queues can then never bunch two messages together
            delay = turn.done_at + self.seconds - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            finally:
                turn.done_at = loop.time()

    async def _run_request(self, *args: Any, **kwargs: Any) -> Any:
        # AIORateLimiter takes its places in the queues first and then waits out a RetryAfter
        # pause, so all that queued during the pause would go at once when it ends
        await self._retry_after_event.wait()
        return await super()._run_request(*args, **kwargs)
