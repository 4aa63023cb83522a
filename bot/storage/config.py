"""Where the record lives and for how long, from the environment.

DATABASE_URL: SQLite by default (one file, shared by the Telegram and Discord
workers on one machine), PostgreSQL for deployments on several machines.
RETENTION_DAYS: interactions and votes older than this are purged (default 90).
"""
from __future__ import annotations

import os
from typing import Mapping

from sqlalchemy.engine import URL, make_url

DEFAULT_URL = "sqlite:///./data/bnb-route.db"
DEFAULT_RETENTION_DAYS = 90


def normalise_url(url: str) -> str:
    """A SQLAlchemy URL: hosting platforms hand out `postgres://`, which SQLAlchemy
    does not accept, and a bare `postgresql://` would pick psycopg2, which we do not ship."""
    url = url.strip()
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    return url


def database_url(env: Mapping[str, str] = os.environ) -> str:
    return normalise_url(env.get("DATABASE_URL") or DEFAULT_URL)


def retention_days(env: Mapping[str, str] = os.environ) -> int:
    """RETENTION_DAYS as a positive whole number; the default when unset or not one."""
    try:
        days = int((env.get("RETENTION_DAYS") or "").strip())
    except ValueError:
        return DEFAULT_RETENTION_DAYS
    return days if days > 0 else DEFAULT_RETENTION_DAYS


def safe_url(url: str | URL) -> str:
    """The URL for messages and logs: the password never leaves the process."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL may hold anything: show none of it
        return "(unparsable database URL)"
