"""`python -m bot discord [--sync]`: connect and stay connected, or sync the commands.

The command tree is synced only with `--sync` (never on every start): Discord
rate-limits syncing, and commands only change when this code changes.
Running the bot goes through `bot.app.runner` (one process for every platform);
`serve` is its Discord part.
"""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from typing import Any, Callable

import aiohttp
import discord

from bot.core.engine import Engine
from bot.ops.reload import EngineHolder
from bot.ops.settings import DiscordSettings, SettingsError

from .client import RouteBot, build_bot, point_api_at, use_gateway_from_api
from .logs import configure_logging

log = logging.getLogger(__name__)

INTENT_REFUSED = ("Discord refused the Message Content intent (enable it in the Developer Portal: "
                  "Bot > Privileged Gateway Intents); reconnecting without it, so support channels "
                  "and the safety guard cannot read messages")
MEMBERS_REFUSED = ("Discord refused the Server Members intent (enable it in the Developer Portal: "
                   "Bot > Privileged Gateway Intents); running without it, so members who join or "
                   "rename are not checked for impersonation and no join notice is posted")
# (Message Content, Server Members) to ask for, in this order, while Discord refuses: it does not
# say which privileged intent it refused, so each is tried without the other before both are dropped
_INTENT_TRIES = ((True, True), (False, True), (True, False), (False, False))


def sync(engine: Engine) -> int:
    """`python -m bot discord --sync`: register the slash commands with Discord and exit."""
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    configure_logging(os.environ.get("LOG_LEVEL", "INFO"), [token])
    try:
        settings = DiscordSettings.from_env(os.environ)
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not settings.token:
        print("DISCORD_TOKEN is not set: create a bot in the Discord Developer Portal and export its token.",
              file=sys.stderr)
        return 2
    point_api_at(settings.api_base)
    return asyncio.run(sync_commands(engine, settings))


async def sync_commands(engine: Engine, settings: DiscordSettings) -> int:
    """Register the commands with Discord: in one server when DISCORD_GUILD_ID is set, else globally."""
    bot = build_bot(engine)
    try:
        await bot.login(settings.token)
        if settings.guild_id:
            guild = discord.Object(settings.guild_id)
            bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
            where = f"in server {settings.guild_id}"
        else:
            synced = await bot.tree.sync()
            where = "globally (may take up to an hour to show everywhere)"
    except discord.LoginFailure:
        log.error("Discord rejected DISCORD_TOKEN")
        return 2
    except discord.HTTPException as exc:
        log.error("syncing commands failed: HTTP %s", exc.status)
        return 1
    finally:
        await bot.close()
    print(f"Synced {len(synced)} commands {where}: {', '.join(c.name for c in synced)}")
    return 0


LOGIN_TIMEOUT = 20.0  # seconds: sign-in and the gateway's address; aiohttp would wait 5 minutes
RETRY_FIRST, RETRY_MAX = 5.0, 60.0  # seconds between attempts to reach Discord


class ReconnectLine(logging.Filter):
    """discord.py logs a lost gateway as a traceback ("Attempting a reconnect in ..."):
    one line instead, naming the error."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and str(record.msg).startswith("Attempting a reconnect"):
            exc = record.exc_info[1]
            record.msg = "Discord gateway lost (%s); reconnecting in %.0f s"
            record.args = (_why(exc), *(record.args or ()))
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def _why(exc: BaseException | None) -> str:
    """The error in a few words (a DNS failure or refused connection says so), never a traceback."""
    if exc is None:
        return "no reason given"
    if isinstance(exc, discord.HTTPException):
        return f"HTTP {exc.status}"
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        return "no answer"
    text = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


_NETWORK_ERRORS = (OSError, TimeoutError, asyncio.TimeoutError, aiohttp.ClientError, discord.GatewayNotFound,
                   discord.DiscordServerError, discord.ConnectionClosed)


def _use_reconnect_line() -> None:
    client_log = logging.getLogger("discord.client")
    if not any(isinstance(f, ReconnectLine) for f in client_log.filters):
        client_log.addFilter(ReconnectLine())


async def serve(engine: Engine | EngineHolder, settings: DiscordSettings, stop: asyncio.Event | None = None,
                on_bot: Callable[[RouteBot], None] | None = None, **bot_options: Any) -> int:
    """Connect and answer until `stop` is set (default: on SIGINT/SIGTERM); without Message
    Content if Discord refuses it. `on_bot` is told of each client built; `bot_options` go
    to `build_bot`. Discord out of reach: one line, then tried again with backoff; a token
    Discord rejects: one line and exit status 2."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    point_api_at(settings.api_base)
    _use_reconnect_line()
    tries = list(_INTENT_TRIES)
    message_content, members = tries.pop(0)
    delay = RETRY_FIRST
    while not stop.is_set():
        bot = build_bot(engine, support_channels=settings.support_channels,
                        read_messages=settings.read_messages, message_content=message_content,
                        members=members, **bot_options)
        # said once Discord accepts what is asked for (READY), so each refusal is logged once, rightly
        bot.intent_notes = [note for note, kept in ((INTENT_REFUSED, message_content), (MEMBERS_REFUSED, members))
                            if not kept]
        if on_bot is not None:
            on_bot(bot)
        try:
            await connect_until(bot, settings.token, stop)
        except discord.PrivilegedIntentsRequired:
            if not tries:
                raise
            message_content, members = tries.pop(0)
            continue
        except discord.LoginFailure:
            log.error("Discord rejected DISCORD_TOKEN")
            return 2
        except _NETWORK_ERRORS as exc:
            if isinstance(exc, discord.ConnectionClosed) and exc.code == 4004:  # the gateway's "bad token"
                log.error("Discord rejected DISCORD_TOKEN")
                return 2
            log.warning("cannot reach Discord (%s); trying again in %.0f s", _why(exc), delay)
            try:
                await asyncio.wait_for(stop.wait(), delay)
            except TimeoutError:
                pass
            delay = min(delay * 2, RETRY_MAX)
            continue
        finally:
            await bot.close()
        break
    log.info("stopped")
    return 0


async def connect_until(bot: discord.Client, token: str, stop: asyncio.Event) -> None:
    """Log in, connect, and run until `stop` is set (then close) or the connection ends."""
    async with asyncio.timeout(LOGIN_TIMEOUT):
        await bot.login(token)
        await use_gateway_from_api(bot)
    connection = asyncio.create_task(bot.connect(), name="discord-connection")
    stopping = asyncio.create_task(stop.wait(), name="discord-stop")
    done, _ = await asyncio.wait({connection, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if connection in done:
        stopping.cancel()
        connection.result()
        return
    log.info("stop signal received; closing the Discord connection")
    await bot.close()
    try:
        await connection
    except (discord.ConnectionClosed, OSError):
        pass
