"""Discord out of reach: one clear line, tried again with backoff, no traceback walls."""
from __future__ import annotations

import asyncio
import logging
import socket
import sys

import discord

from bot.ops.settings import DiscordSettings
from bot.platforms.discord.runner import ReconnectLine, serve

WAIT = 30  # a guard against hanging, not a speed check


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


async def test_discord_unreachable_api_is_one_line_and_a_clean_stop(engine, caplog):
    """The API refuses connections: one warning naming the error (no traceback), then a stop
    during the wait between attempts ends it cleanly."""
    caplog.set_level(logging.INFO)
    before = discord.http.Route.BASE
    stop = asyncio.Event()
    settings = DiscordSettings(token="MTIz.fake.token", api_base=f"http://127.0.0.1:{_closed_port()}/api/v10")
    task = asyncio.create_task(serve(engine, settings, stop=stop))
    try:
        async with asyncio.timeout(WAIT):
            while "cannot reach Discord" not in caplog.text:
                await asyncio.sleep(0.01)
        stop.set()
        assert await asyncio.wait_for(task, WAIT) == 0
    finally:
        discord.http.Route.BASE = before
    lines = [r for r in caplog.records if "cannot reach Discord" in r.getMessage()]
    assert len(lines) == 1 and lines[0].levelno == logging.WARNING
    assert "trying again in 5 s" in lines[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info]


def test_discord_lost_gateway_is_one_line():
    """discord.py's reconnect traceback becomes one warning naming the error."""
    try:
        raise OSError(101, "Network is unreachable")
    except OSError:
        record = logging.LogRecord("discord.client", logging.ERROR, __file__, 1, "Attempting a reconnect in %.2fs",
                                   (3.5,), sys.exc_info())
    assert ReconnectLine().filter(record)
    assert record.exc_info is None and record.levelno == logging.WARNING
    assert record.getMessage() == "Discord gateway lost (OSError: [Errno 101] Network is unreachable); reconnecting in 4 s"
