"""Logging that never shows the bot token (nor what people post): the Telegram side of
`bot.ops.logs`, which holds the one redacting filter for every platform.

The Bot API puts the token in every request URL, and python-telegram-bot and
httpx log those URLs, request parameters and whole updates at DEBUG level.
"""
from __future__ import annotations

import logging

from bot.ops.logs import guard


def guard_token(token: str) -> None:
    """Keep `token` out of the libraries' log records, at any level set later."""
    guard([token], prefixes=("telegram", "httpx", "httpcore"))
    limiter = logging.getLogger("telegram.ext.AIORateLimiter")
    if not any(isinstance(f, FloodLine) for f in limiter.filters):
        limiter.addFilter(FloodLine())


class FloodLine(logging.Filter):
    """AIORateLimiter logs a send still refused after its retries as an error with a traceback;
    the outbox tries it again (bot.ops.delivery), so one warning line says enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and str(record.msg).startswith("Rate limit hit after maximum"):
            record.exc_info = record.exc_text = None
            record.msg = str(record.msg) + "; the outbox tries again"
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True

