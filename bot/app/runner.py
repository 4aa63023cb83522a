"""Starting the bot for real: every platform whose token is set, in one process and one
event loop, sharing one engine (hot-reloadable), one store and one log.

`python -m bot run` starts them all; `python -m bot telegram` / `discord` one each.
Each platform is a `bot.platforms.base.Platform`: started in turn, stopped together.
SIGTERM and SIGINT stop taking updates, send the queued replies for up to
STOP_DRAIN_SECONDS (the rest are kept in the database for the next start), then
close the connections and the database and exit 0. SIGHUP (and the file watch, with
BOT_WATCH_CONTENT=1) reloads the content.
"""
from __future__ import annotations

import asyncio
import importlib
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
from bot.platforms.base import Platform, Shared, StartError

log = logging.getLogger("bnb_route.runner")

# name -> (module, class) of each platform's `bot.platforms.base.Platform`; imported when used
PLATFORMS = {
    "telegram": ("bot.platforms.telegram.service", "TelegramService"),
    "discord": ("bot.platforms.discord.service", "DiscordService"),
}


def refuse(what: str, problems) -> int:
    """Say why the bot will not start, one problem per line on stderr; the exit status (2)."""
    print(f"Refusing to start: {what}:", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 2


def platform_class(name: str) -> type[Platform]:
    module, cls = PLATFORMS[name]
    return getattr(importlib.import_module(module), cls)


def run_platforms(platforms: list[str] | None = None, *, engine: Engine | None = None,
                  content_dir: Path | None = None) -> int:
    """Run `platforms` (default: every one whose token is set) until a stop signal.
    Exit status: 0 after a clean stop, 1 when a platform refused its token or failed,
    2 when settings or content are invalid (one line each, on stderr)."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        return refuse(f"{len(exc.problems)} bad setting(s)", exc.problems)
    wanted = list(platforms) if platforms is not None else settings.platforms()
    if not wanted:
        print("No platform to run: set TELEGRAM_TOKEN and/or DISCORD_TOKEN.", file=sys.stderr)
        return 2
    for platform in wanted:
        if not getattr(settings, platform).token:
            print(platform_class(platform).missing_token, file=sys.stderr)
            return 2
    configure_logging(settings.log.level, settings.log.format, settings.secrets())
    if engine is None:
        content_dir = content_dir or settings.bot.content or default_content_dir()
        try:
            engine = load_engine(content_dir)
        except ContentError as exc:
            return refuse(f"content in {content_dir} has {len(exc.problems)} problem(s)", exc.problems)
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
    def shared(self) -> Shared:
        kept = None
        if self.recorder is not None:  # the recorder's store: None while the database is down
            from bot.storage.outbox import OutboxStore

            kept = OutboxStore(lambda: self.recorder.store, max_age=self.settings.bot.outbox_max_age)
        return Shared(self.holder, self.settings, self.health, self.chat_settings, access=self.access,
                      update_log=self.update_log, recorder=self.recorder, outbox=kept)

    async def serve(self, platforms: list[str]) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self._stop_requested, sig)
        loop.add_signal_handler(signal.SIGHUP, self._reload_requested)
        await asyncio.to_thread(self.open_storage)  # migrations may take a moment
        shared = self.shared()
        running: list[Platform] = []
        code = 0
        try:
            for name in platforms:
                platform = platform_class(name).build(shared)
                running.append(platform)
                await platform.start()
            if self.settings.bot.watch_content:
                self._spawn(watch_content(self.holder, self.stop))
            log.info("running: %s", ", ".join(platforms))
            code = await self._until_stopped(running)
        except StartError as exc:
            log.error("%s", exc)
            code = exc.status
        except Exception as exc:
            log.error("could not start", exc_info=exc)
            code = 1
        finally:
            self.health.stopping = True
            self.stop.set()
            drain = self.settings.bot.stop_drain_seconds
            results = await asyncio.gather(*(p.stop(drain) for p in running), return_exceptions=True)
            for platform, result in zip(running, results):
                if isinstance(result, Exception):
                    log.error("stopping %s failed: %s", platform.name, result.__class__.__name__, exc_info=result)
                code = code or getattr(platform, "status", 0)
            for task in list(self._background):
                task.cancel()
            await asyncio.to_thread(self.close_storage)
            log.info("stopped")
        return code

    async def _until_stopped(self, running: list[Platform]) -> int:
        """Wait for a stop signal, or for a platform to end by itself (its exit status, at least 1)."""
        stopping = asyncio.create_task(self.stop.wait())
        ended = {asyncio.create_task(p.ended()): p for p in running}
        try:
            done, _ = await asyncio.wait({stopping, *ended}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (stopping, *ended):
                task.cancel()
        for task in done:
            if task in ended and not self.stop.is_set():
                code = task.result()
                log.error("the %s connection ended (exit status %d); stopping", ended[task].name, code)
                return code or 1
        return 0

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
