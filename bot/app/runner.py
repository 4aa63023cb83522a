"""Starting the bot for real: every platform whose token is set, in one process and one
event loop, sharing one engine (hot-reloadable), one store and one log.

`python -m bot run` starts them all; `python -m bot telegram` / `discord` one each.
SIGTERM and SIGINT stop taking updates, let the replies in flight finish, then
close the connections and the database. SIGHUP (and the file watch, with
BOT_WATCH_CONTENT=1) reloads the content.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from bot.core.access import Access
from bot.core.check import ContentError
from bot.core.engine import Engine
from bot.ops.health import Health
from bot.ops.logs import configure_logging
from bot.ops.reload import EngineHolder, default_content_dir, load_engine, watch_content
from bot.ops.settings import DeploymentSettings, PresetChatSettings, SettingsError, load_settings
from bot.ops.update_log import UpdateLog, chat_hasher, use_chat_ref

log = logging.getLogger("bnb_route.runner")

MISSING_TOKEN = {
    "telegram": "TELEGRAM_TOKEN is not set: put the token from @BotFather in the environment.",
    "discord": "DISCORD_TOKEN is not set: create a bot in the Discord Developer Portal and export its token.",
}


def run_platforms(platforms: list[str] | None = None, *, engine: Engine | None = None,
                  content_dir: Path | None = None) -> int:
    """Run `platforms` (default: every one whose token is set) until a stop signal.
    Exit status: 0 after a clean stop, 1 when a platform refused its token or failed,
    2 when settings or content are invalid (one line each, on stderr)."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"Refusing to start: {len(exc.problems)} bad setting(s):", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    wanted = list(platforms) if platforms is not None else settings.platforms()
    if not wanted:
        print("No platform to run: set TELEGRAM_TOKEN and/or DISCORD_TOKEN.", file=sys.stderr)
        return 2
    for platform in wanted:
        if not getattr(settings, platform).token:
            print(MISSING_TOKEN[platform], file=sys.stderr)
            return 2
    configure_logging(settings.log.level, settings.log.format, settings.secrets())
    if engine is None:
        content_dir = content_dir or settings.bot.content or default_content_dir()
        try:
            engine = load_engine(content_dir)
        except ContentError as exc:
            print(f"Refusing to start: content in {content_dir} has {len(exc.problems)} problem(s):",
                  file=sys.stderr)
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            return 2
    holder = EngineHolder(engine, content_dir)
    return asyncio.run(Deployment(settings, holder).serve(wanted))


class Deployment:
    """Everything one bot process runs, and the order it starts and stops it in."""

    def __init__(self, settings: DeploymentSettings, holder: EngineHolder) -> None:
        self.settings = settings
        self.holder = holder
        self.access = Access.from_settings(settings)
        self.health = Health(holder)
        self.stop = asyncio.Event()
        self.recorder: Any = None
        self.chat_settings = PresetChatSettings(settings.bot.chat_options)
        self.update_log = UpdateLog(chat_hasher(key=settings.storage.hash_key))
        self._background: set[asyncio.Task] = set()

    # -- the store ---------------------------------------------------------------------
    def open_storage(self) -> None:
        """The record (DATABASE_URL, default SQLite file): chat settings that survive restarts,
        and the keyed hash log lines name chats by. A database that cannot be opened costs
        the record, never the bot (bot.storage logs why)."""
        from bot.storage import Recorder, StoredChatSettings

        self.recorder = Recorder.start(self.settings.storage.database_url, guard=self.holder.engine.guard)
        if self.recorder.enabled:
            self.chat_settings.stored = StoredChatSettings(self.recorder)
            self.update_log.chat_ref = self.recorder.store.chat_ref
        use_chat_ref(self.update_log.chat_ref)

    def close_storage(self) -> None:
        if self.recorder is not None:
            self.recorder.close()

    # -- running -----------------------------------------------------------------------
    async def serve(self, platforms: list[str]) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self._stop_requested, sig)
        loop.add_signal_handler(signal.SIGHUP, self._reload_requested)
        await asyncio.to_thread(self.open_storage)  # migrations may take a moment
        telegram = discord_task = None
        code = 0
        try:
            if "telegram" in platforms:
                telegram = self.telegram_service()
                await telegram.start()
            if "discord" in platforms:
                discord_task = asyncio.create_task(self.serve_discord(), name="bnb-route-discord")
            if self.settings.bot.watch_content:
                self._spawn(watch_content(self.holder, self.stop))
            log.info("running: %s", ", ".join(platforms))
            code = await self._until_stopped(discord_task)
        except Exception as exc:
            code = self._start_failed(exc)
        finally:
            self.health.stopping = True
            self.stop.set()
            if telegram is not None:
                await telegram.stop()
            if discord_task is not None:
                code = code or await _result(discord_task)
            for task in list(self._background):
                task.cancel()
            await asyncio.to_thread(self.close_storage)
            log.info("stopped")
        return code

    async def _until_stopped(self, discord_task: asyncio.Task | None) -> int:
        """Wait for a stop signal, or for the Discord connection to end by itself."""
        stopping = asyncio.create_task(self.stop.wait())
        waiting = {stopping} | ({discord_task} if discord_task else set())
        done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        if discord_task in done and not self.stop.is_set():
            stopping.cancel()
            code = await _result(discord_task)
            log.error("the Discord connection ended (exit status %d); stopping", code)
            return code or 1
        return 0

    def _start_failed(self, exc: Exception) -> int:
        from telegram.error import InvalidToken, TelegramError

        if isinstance(exc, InvalidToken):
            log.error("Telegram refused the token in TELEGRAM_TOKEN")
        elif isinstance(exc, TelegramError):
            log.error("could not start the Telegram bot: %s", exc.message)
        elif isinstance(exc, OSError):
            log.error("could not start: %s", exc)  # e.g. the webhook port is taken
        else:
            log.error("could not start", exc_info=exc)
        return 1

    def _stop_requested(self, sig: signal.Signals) -> None:
        if not self.stop.is_set():
            log.info("%s received: finishing the replies in flight, then stopping", sig.name)
        self.stop.set()

    def _reload_requested(self) -> None:
        log.info("SIGHUP received: reloading the content")
        self._spawn(self.holder.reload_async())

    def _spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # -- the platforms -------------------------------------------------------------------
    def telegram_service(self):
        from bot.platforms.telegram import build_application
        from bot.platforms.telegram.app import CHAT_PACING_SECONDS
        from bot.platforms.telegram.service import TelegramService

        s = self.settings.telegram
        app = build_application(self.holder, s.token, base_url=s.bot_api_url, settings=self.chat_settings,
                                access=self.access, update_log=self.update_log, modlog_chat=s.modlog_chat,
                                chat_pacing=CHAT_PACING_SECONDS, recorder=self.recorder)
        return TelegramService(app, s, self.health)

    async def serve_discord(self) -> int:
        from bot.platforms.discord.runner import serve

        bots = []
        self.health.track("discord", lambda: bool(bots) and bots[-1].is_ready() and not bots[-1].is_closed())
        return await serve(self.holder, self.settings.discord, stop=self.stop, on_bot=bots.append,
                           chat_settings=self.chat_settings, access=self.access, update_log=self.update_log,
                           modlog_channel=self.settings.discord.modlog_channel, recorder=self.recorder)


async def _result(task: asyncio.Task) -> int:
    """A platform task's exit status; an exception is logged and counts as 1."""
    try:
        return await task or 0
    except asyncio.CancelledError:
        return 0
    except Exception as exc:
        log.error("the Discord connection failed: %s", exc.__class__.__name__, exc_info=exc)
        return 1
