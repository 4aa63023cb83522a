"""Where the record lives and for how long, from the environment.

DATABASE_URL: SQLite by default (one file, shared by the Telegram and Discord
workers on one machine), PostgreSQL for deployments on several machines.
BOT_DATA_DIR: the folder of the default SQLite file; unset, a per-user folder
($XDG_DATA_HOME/bnb-route, else ~/.local/share/bnb-route), never the current
directory, so running a command somewhere leaves nothing behind there.
RETENTION_DAYS: interactions and votes older than this are purged (default 90).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from sqlalchemy.engine import URL, make_url

APP_FOLDER = "bnb-route"
DATABASE_FILE = "bnb-route.db"
DEFAULT_RETENTION_DAYS = 90


def data_dir(env: Mapping[str, str] = os.environ) -> Path:
    """BOT_DATA_DIR, else $XDG_DATA_HOME/bnb-route, else ~/.local/share/bnb-route (absolute)."""
    chosen = (env.get("BOT_DATA_DIR") or "").strip()
    if chosen:
        return Path(chosen).expanduser().absolute()
    xdg = (env.get("XDG_DATA_HOME") or "").strip()
    if xdg and Path(xdg).is_absolute():  # the XDG spec: a relative path is invalid and ignored
        return Path(xdg) / APP_FOLDER
    home = (env.get("HOME") or "").strip()
    return (Path(home) if home else Path.home()) / ".local" / "share" / APP_FOLDER


def default_url(env: Mapping[str, str] = os.environ) -> str:
    """The SQLite file in the data directory."""
    return f"sqlite:///{data_dir(env) / DATABASE_FILE}"


def normalise_url(url: str) -> str:
    """A SQLAlchemy URL: hosting platforms hand out `postgres://`, which SQLAlchemy
    does not accept, and a bare `postgresql://` would pick psycopg2, which we do not ship."""
    url = url.strip()
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    return url


def database_url(env: Mapping[str, str] = os.environ) -> str:
    """DATABASE_URL, else the SQLite file in the data directory."""
    return normalise_url((env.get("DATABASE_URL") or "").strip() or default_url(env))


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


def sqlite_file(url: str | URL) -> Path | None:
    """The file behind a SQLite URL; None for other databases, memory and `file:` URIs."""
    try:
        parsed = make_url(url)
    except Exception:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:" \
            or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)
