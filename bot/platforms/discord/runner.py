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
        return 1
    except discord.HTTPException as exc:
        log.error("syncing commands failed: HTTP %s", exc.status)
        return 1
    finally:
        await bot.close()
    print(f"Synced {len(synced)} commands {where}: {', '.join(c.name for c in synced)}")
    return 0


async def serve(engine: Engine | EngineHolder, settings: DiscordSettings, stop: asyncio.Event | None = None,
                on_bot: Callable[[RouteBot], None] | None = None, **bot_options: Any) -> int:
    """Connect and answer until `stop` is set (default: on SIGINT/SIGTERM); without Message
    Content if Discord refuses it. `on_bot` is told of each client built; `bot_options` go
    to `build_bot`."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    point_api_at(settings.api_base)
    tries = list(_INTENT_TRIES)
    while True:
        message_content, members = tries.pop(0)
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
            continue
        except discord.LoginFailure:
            log.error("Discord rejected DISCORD_TOKEN")
            return 1
        finally:
            await bot.close()
        log.info("stopped")
        return 0


async def connect_until(bot: discord.Client, token: str, stop: asyncio.Event) -> None:
    """Log in, connect, and run until `stop` is set (then close) or the connection ends."""
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
