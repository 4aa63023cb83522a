"""Logging for every bot process: text or JSON lines, and never a secret.

Tokens sit in every Bot API URL and Discord's Authorization header, and the
libraries log URLs, request bodies, whole updates and gateway events (user
ids, message text) at DEBUG. So the chatty library loggers are held at INFO or
WARNING whatever LOG_LEVEL says, and one filter (on the library loggers and on
every handler) replaces each known secret, plain or URL-quoted, in messages
and tracebacks alike. The adapters' own log lines name chats by keyed hash
(`bot.ops.update_log.chat_label`), never by raw id; as a safety net, `IdScrubber`
turns any id a line still names as "chat <id>", "user <id>" or "from <id>"
into that keyed hash (in a private chat the chat id is the person's user id).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from typing import Iterable
from urllib.parse import quote

REDACTED = "[token]"

# logger -> the lowest level it may log at; below it, it logs URLs with the token,
# request parameters, whole updates or gateway events
QUIET_FLOORS = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram.Bot": logging.INFO,
    "telegram.ext.ExtBot": logging.INFO,
    "telegram.ext.Application": logging.INFO,
    "discord.http": logging.INFO,
    "discord.gateway": logging.INFO,
    "discord.state": logging.INFO,
    "discord.webhook.async_": logging.INFO,  # interaction responses: URLs with the interaction's token
    "aiohttp.access": logging.WARNING,
    "alembic.runtime.plugins": logging.WARNING,  # not secret, just seven lines of noise per start
}
# where library records that may quote a secret are created (a logger's filters see only
# its own records; `configure_logging` also filters every handler)
# (the Updater logs whole updates only from PTB's own webhook listener, which is not used)
_LIBRARY_LOGGERS = (*QUIET_FLOORS, "telegram", "telegram.ext", "telegram.ext.Updater",
                    "telegram.ext.AIORateLimiter",
                    "telegram.ext.BaseRateLimiter", "discord", "discord.client", "aiohttp.server")

# the per-update fields (bot.ops.update_log) a JSON line carries as its own keys
UPDATE_FIELDS = ("update_id", "platform", "chat", "decision", "duration_ms")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def scrub(text: str, secrets: Iterable[str], marker: str = REDACTED) -> str:
    # longest first: a whole token goes before the secret part it contains
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, marker)
    return text


class Redactor(logging.Filter):
    """Replaces every known secret (plain or URL-quoted) in a record's message and traceback."""

    def __init__(self, marker: str = REDACTED) -> None:
        super().__init__("secret-redactor")
        self.marker = marker
        self.secrets: set[str] = set()

    def add(self, secret: str) -> None:
        if secret:
            self.secrets.update({secret, quote(secret, safe=""), quote(secret)})
            # a Telegram token's secret part is after the colon; API errors may quote it alone
            head, _, tail = secret.partition(":")
            if head.isdigit() and len(tail) >= 16:
                self.secrets.update({tail, quote(tail, safe="")})

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is not ours to fix; keep the record as is
            return True
        clean = scrub(message, self.secrets, self.marker)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # formatted here, so handlers print this redacted copy (exceptions quote tokens too)
            record.exc_text = _PLAIN.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, self.secrets, self.marker)
        return True


_PLAIN = logging.Formatter()
REDACTOR = Redactor()

# "chat -1001234", "in chat 42", "user 1001", "from 9876543210": a word naming whose id follows
_NAMED_ID = re.compile(r"\b(chat|user|from|member|guild|server) (-?[0-9]{4,20})\b")


class IdScrubber(logging.Filter):
    """Replaces chat and user ids that a log line names in words with their keyed hash."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        if not _NAMED_ID.search(message):
            return True
        from .update_log import chat_label

        platform = "discord" if "discord" in record.name else "telegram"
        record.msg = _NAMED_ID.sub(lambda m: f"{m.group(1)} {chat_label(platform, int(m.group(2)))}", message)
        record.args = None
        return True


ID_SCRUBBER = IdScrubber("id-scrubber")


def guard(secrets: Iterable[str], prefixes: tuple[str, ...] = ("",)) -> None:
    """Keep `secrets` out of the libraries' log records, at any level set later; `prefixes`
    limits which libraries' loggers are held down (a Telegram Application in a test need
    not quieten discord.py)."""
    for secret in secrets:
        REDACTOR.add(secret)
    for name, floor in QUIET_FLOORS.items():
        if not name.startswith(prefixes):
            continue
        logger = logging.getLogger(name)
        if logger.level < floor:
            logger.setLevel(floor)
    for name in _LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if REDACTOR not in logger.filters:
            logger.addFilter(REDACTOR)


class TextFormatter(logging.Formatter):
    """The usual one-line text, scrubbed once more as a whole (tracebacks included)."""

    def __init__(self, fmt: str = TEXT_FORMAT) -> None:
        super().__init__(fmt)

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record), REDACTOR.secrets)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the update fields, exc."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in UPDATE_FIELDS:
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        return scrub(json.dumps(entry, ensure_ascii=False, default=str), REDACTOR.secrets)


def configure_logging(level: str = "INFO", fmt: str = "text", secrets: Iterable[str] = ()) -> None:
    """One stderr handler for the whole process, at `level`, as text or JSON, secrets redacted."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(REDACTOR)
    handler.addFilter(ID_SCRUBBER)
    level = level.upper() if level.upper() in logging.getLevelNamesMapping() else "INFO"
    logging.basicConfig(level=level, handlers=[handler], force=True)
    guard(secrets)
