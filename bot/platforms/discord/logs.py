"""Logging for the Discord side: `bot.ops.logs` does the work for every platform
(one redacting filter, the chatty gateway and HTTP loggers held at INFO)."""
from __future__ import annotations

import logging
import os
from typing import Iterable

from bot.ops.logs import TEXT_FORMAT, scrub
from bot.ops.logs import configure_logging as configure_process_logging

FORMAT = TEXT_FORMAT
REDACTED = "[redacted]"


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then removes secrets, tracebacks included."""

    def __init__(self, secrets: Iterable[str], fmt: str = FORMAT) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record), self.secrets, REDACTED)


def configure_logging(level: str, secrets: Iterable[str]) -> None:
    """One stderr handler for the whole process, at `level` (LOG_LEVEL), redacting `secrets`."""
    configure_process_logging(level, os.environ.get("LOG_FORMAT", "text").strip().lower(), secrets)
