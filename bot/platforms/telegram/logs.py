"""Logging that never shows the bot token (nor what people post): the Telegram side of
`bot.ops.logs`, which holds the one redacting filter for every platform.

The Bot API puts the token in every request URL, and python-telegram-bot and
httpx log those URLs, request parameters and whole updates at DEBUG level.
"""
from __future__ import annotations

from bot.ops.logs import guard


def guard_token(token: str) -> None:
    """Keep `token` out of the libraries' log records, at any level set later."""
    guard([token], prefixes=("telegram", "httpx", "httpcore"))
