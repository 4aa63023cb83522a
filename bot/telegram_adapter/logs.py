"""Logging that never shows the bot token (nor what people post).

The Bot API puts the token in every request URL, and python-telegram-bot and
httpx log those URLs, request parameters and whole updates at DEBUG level. The
libraries' chatty loggers are held at INFO or WARNING, and a filter removes any
token that still reaches a record, whatever level an operator picks.
"""
from __future__ import annotations

import logging
import os
from urllib.parse import quote

REDACTED = "[token]"

# logger -> the lowest level it may log at; below it, these log URLs, parameters or updates
_CHATTY = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram.Bot": logging.INFO,
    "telegram.ext.ExtBot": logging.INFO,
    "telegram.ext.Application": logging.INFO,
}


class TokenRedactor(logging.Filter):
    """Replaces every known token (plain or URL-quoted) in a record's message."""

    def __init__(self) -> None:
        super().__init__("token-redactor")
        self._secrets: set[str] = set()

    def add(self, token: str) -> None:
        if token:
            self._secrets.update({token, quote(token, safe=""), quote(token)})

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is not ours to fix; keep the record as is
            return True
        clean = message
        for secret in self._secrets:
            clean = clean.replace(secret, REDACTED)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # formatted here, so handlers print this redacted copy (exceptions quote tokens too)
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            for secret in self._secrets:
                record.exc_text = record.exc_text.replace(secret, REDACTED)
        return True


_FORMATTER = logging.Formatter()
REDACTOR = TokenRedactor()
# where library records that may quote the token are created (filters on a logger see only
# its own records; `configure_logging` also filters every root handler)
_LIBRARY_LOGGERS = (*_CHATTY, "telegram", "telegram.ext", "telegram.ext.Updater",
                    "telegram.ext.AIORateLimiter", "telegram.ext.BaseRateLimiter")


def guard_token(token: str) -> None:
    """Keep `token` out of the libraries' log records, at any level set later."""
    REDACTOR.add(token)
    for name, floor in _CHATTY.items():
        logger = logging.getLogger(name)
        if logger.level < floor:
            logger.setLevel(floor)
    for name in _LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if REDACTOR not in logger.filters:
            logger.addFilter(REDACTOR)


def configure_logging(token: str) -> None:
    """Log to stderr at LOG_LEVEL (default INFO), with the token redacted on every handler."""
    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        level=level if level in logging.getLevelNamesMapping() else "INFO")
    guard_token(token)
    for handler in logging.getLogger().handlers:
        if REDACTOR not in handler.filters:
            handler.addFilter(REDACTOR)
