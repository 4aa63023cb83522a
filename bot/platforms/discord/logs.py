"""Logging for the Discord side: `bot.ops.logs` does the work for every platform
(one redacting filter, the chatty gateway and HTTP loggers held at INFO)."""
from __future__ import annotations

import os
from typing import Iterable

from bot.ops.logs import configure_logging as configure_process_logging


def configure_logging(level: str, secrets: Iterable[str]) -> None:
    """One stderr handler for the whole process, at `level` (LOG_LEVEL), redacting `secrets`."""
    configure_process_logging(level, os.environ.get("LOG_FORMAT", "text").strip().lower(), secrets)
