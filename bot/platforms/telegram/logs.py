"""Logging that never shows the bot token (nor what people post): the Telegram side of
`bot.ops.logs`, which holds the one redacting filter for every platform.

The Bot API puts the token in every request URL, and python-telegram-bot and
httpx log those URLs, request parameters and whole updates at DEBUG level.
"""
from __future__ import annotations

import os

from bot.ops.logs import REDACTED, REDACTOR, Redactor, guard
from bot.ops.logs import configure_logging as configure_process_logging

TokenRedactor = Redactor  # the name this module used before the filter was shared

__all__ = ["REDACTED", "REDACTOR", "TokenRedactor", "configure_logging", "guard_token"]


def guard_token(token: str) -> None:
    """Keep `token` out of the libraries' log records, at any level set later."""
    guard([token], prefixes=("telegram", "httpx", "httpcore"))


def configure_logging(token: str) -> None:
    """Log to stderr at LOG_LEVEL (default INFO), LOG_FORMAT text or json, the token redacted."""
    configure_process_logging(os.environ.get("LOG_LEVEL", "INFO"),
                              os.environ.get("LOG_FORMAT", "text").strip().lower(), [token])
