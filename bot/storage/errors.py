"""Database errors as one safe log line."""
from __future__ import annotations


def describe_error(exc: BaseException) -> str:
    """The error's class and first line, from the driver when there is one: never the
    SQL parameters SQLAlchemy appends to its messages (they hold question text)."""
    inner = getattr(exc, "orig", None) or exc
    first = (str(inner).strip().splitlines() or [""])[0][:200]
    return f"{type(inner).__name__}: {first}" if first else type(inner).__name__
