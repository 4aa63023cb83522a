"""`python -m bot doctor [--online]`: is this deployment ready to run?

Offline it checks the settings, the content, the database and the shape of
each token; `--online` also signs in (Telegram getMe, a Discord login) at the
configured API URLs. One line per check, "ok: ..." or "error: ...", and exit
status 1 when any check failed. Tokens are never printed.
"""
from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path
from typing import TextIO

from bot.ops.settings import DeploymentSettings, SettingsError, load_settings

# what BotFather hands out: the bot's id, a colon, 35 characters (accept some slack)
TELEGRAM_TOKEN = re.compile(r"[0-9]{3,20}:[A-Za-z0-9_-]{30,64}")
# three base64url parts: the bot's id, a timestamp, an HMAC
DISCORD_TOKEN = re.compile(r"[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{10,}")
ONLINE_TIMEOUT = 20.0


class Doctor:
    def __init__(self, out: TextIO = sys.stdout) -> None:
        self.out = out
        self.errors = 0

    def ok(self, text: str) -> None:
        print(f"ok: {text}", file=self.out, flush=True)

    def error(self, text: str) -> None:
        self.errors += 1
        print(f"error: {text}", file=self.out, flush=True)


def run_doctor(content_dir: Path, *, online: bool = False, out: TextIO = sys.stdout) -> int:
    doctor = Doctor(out)
    try:
        settings = load_settings()
    except SettingsError as exc:
        for problem in exc.problems:
            doctor.error(problem)
        settings = None
    else:
        doctor.ok("settings")
    check_content(doctor, content_dir)
    if settings is not None:
        check_database(doctor, settings)
        check_tokens(doctor, settings)
        if online:
            asyncio.run(check_online(doctor, settings))
    return 1 if doctor.errors else 0


def check_content(doctor: Doctor, content_dir: Path) -> None:
    from bot.core.check import validate

    try:
        report = validate(content_dir)
    except Exception as exc:
        doctor.error(f"content: cannot read {content_dir}: {exc.__class__.__name__}")
        return
    if report.ok:
        doctor.ok(f"{report.summary()} ({content_dir})")
    for problem in report.problems:
        doctor.error(str(problem))


def check_database(doctor: Doctor, settings: DeploymentSettings) -> None:
    """Connect and compare the schema with this code's; never creates or migrates anything."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from bot.storage.config import database_url, normalise_url, safe_url
    from bot.storage.errors import describe_error
    from bot.storage.migrate import current_revision, head_revision

    url = normalise_url(settings.storage.database_url) if settings.storage.database_url else database_url()
    shown = safe_url(url)
    try:
        parsed = make_url(url)
    except Exception:
        doctor.error(f"database: DATABASE_URL is not a database URL ({shown})")
        return
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") \
            and not Path(parsed.database).exists():
        folder = Path(parsed.database).resolve().parent
        while not folder.exists():
            folder = folder.parent
        if not _writable(folder):
            doctor.error(f"database: {shown} does not exist and {folder} is not writable")
        else:
            doctor.ok(f"database: {shown} does not exist yet; it is created at the first start")
        return
    from sqlalchemy import create_engine

    engine = create_engine(parsed, connect_args={"connect_timeout": 5} if parsed.get_backend_name() == "postgresql" else {})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        revision, head = current_revision(engine), head_revision()
    except Exception as exc:
        doctor.error(f"database: cannot use {shown}: {describe_error(exc)}")
        return
    finally:
        engine.dispose()
    if revision == head:
        doctor.ok(f"database: {shown} reachable, schema up to date ({head})")
    else:
        doctor.ok(f"database: {shown} reachable; schema at {revision or 'none'}, the bot migrates it "
                  f"to {head} at start (or run `python -m bot migrate`)")


def _writable(folder: Path) -> bool:
    import os

    return os.access(folder, os.W_OK)


def check_tokens(doctor: Doctor, settings: DeploymentSettings) -> None:
    checks: list[tuple[str, str, re.Pattern[str], str]] = [
        ("TELEGRAM_TOKEN", settings.telegram.token, TELEGRAM_TOKEN, "<bot id>:<35 characters> from @BotFather"),
        ("DISCORD_TOKEN", settings.discord.token, DISCORD_TOKEN,
         "three dot-separated parts, from the Developer Portal (Bot > Reset Token)"),
    ]
    if not settings.telegram.token and not settings.discord.token:
        doctor.ok("no token set: `python -m bot` starts the console chat")
    for name, token, shape, expected in checks:
        if not token:
            continue
        if shape.fullmatch(token):
            doctor.ok(f"{name} is shaped like a token")
        else:
            doctor.error(f"{name} does not look like a token (expected {expected})")


async def check_online(doctor: Doctor, settings: DeploymentSettings) -> None:
    """Each platform whose token is set signs in once (`Platform.check_online`)."""
    from .runner import PLATFORMS, platform_class

    for name in PLATFORMS:
        if not getattr(settings, name).token:
            continue
        platform = platform_class(name)
        what = platform.online_check
        try:
            async with asyncio.timeout(ONLINE_TIMEOUT):
                ok, line = await platform.check_online(settings)
        except TimeoutError:
            doctor.error(f"{what}: no answer within {ONLINE_TIMEOUT:.0f} s")
            continue
        except Exception as exc:  # whatever the network does, one line, never a traceback with a token
            doctor.error(f"{what}: {exc.__class__.__name__}")
            continue
        (doctor.ok if ok else doctor.error)(f"{what}: {line}")
