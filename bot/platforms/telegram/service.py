"""Starting and stopping the Telegram side inside a shared event loop (`bot.app.runner`).

python-telegram-bot's `run_polling`/`run_webhook` own the event loop and the
signals; here the Application's async API is used instead, so Telegram and
Discord run side by side in one process and stop together. A stop sends what
the outbox holds for up to STOP_DRAIN_SECONDS and keeps the rest in the
database; the next start sends what is still fresh (OUTBOX_MAX_AGE).
"""
from __future__ import annotations

import asyncio
import logging
import secrets
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from telegram.ext import Application

from bot.ops.delivery import Outbox
from bot.ops.health import Health
from bot.ops.settings import DeploymentSettings, TelegramSettings

from ..base import Platform, Shared, StartError
from .app import ALLOWED_UPDATES, CHAT_PACING_SECONDS, build_application
from .state import PLATFORM, STATE_KEY
from .webhook import WebhookServer

if TYPE_CHECKING:
    from bot.storage.outbox import OutboxStore

log = logging.getLogger(__name__)

POLLING_LOG_EVERY = 60.0  # seconds: a Bot API that stays down logs once a minute


class TelegramService(Platform):
    name = PLATFORM
    token_variable = "TELEGRAM_TOKEN"
    online_check = "Telegram getMe"
    missing_token = "TELEGRAM_TOKEN is not set: put the token from @BotFather in the environment."

    def __init__(self, app: Application, settings: TelegramSettings, health: Health,
                 kept: OutboxStore | None = None) -> None:
        self.app = app
        self.settings = settings
        self.health = health
        self.kept = kept  # replies a stop left unsent, for the next start
        self.webhook: WebhookServer | None = None
        self._webhook_set = False
        self._polling_errors = 0
        self._next_polling_log = 0.0

    @classmethod
    def build(cls, shared: Shared) -> TelegramService:
        s = shared.settings.telegram
        app = build_application(shared.holder, s.token, base_url=s.bot_api_url, settings=shared.chat_settings,
                                access=shared.access, update_log=shared.update_log, modlog_chat=s.modlog_chat,
                                chat_pacing=CHAT_PACING_SECONDS, recorder=shared.recorder)
        return cls(app, s, shared.health, shared.outbox)

    @property
    def outbox(self) -> Outbox:
        return self.app.bot_data[STATE_KEY].outbox

    @property
    def connected(self) -> bool:
        if not self.app.running:
            return False
        if self.webhook is not None:
            return self._webhook_set and self.webhook.accepting
        return self.app.updater is not None and self.app.updater.running

    def healthy(self) -> bool:
        return self.connected

    async def start(self) -> None:
        """Sign in (getMe), send what the last stop kept, then poll or listen for the webhook."""
        from telegram.error import InvalidToken, TelegramError

        self.health.track(self.name, self.healthy)
        try:
            await self.app.initialize()
            await self.app.post_init(self.app)
            await self.app.start()
            await self._send_kept()
            if self.settings.webhook_url:
                await self._start_webhook()
            else:
                await self.app.updater.start_polling(allowed_updates=ALLOWED_UPDATES,
                                                     error_callback=self._polling_failed)
                log.info("polling Telegram for updates")
        except InvalidToken:
            raise StartError("Telegram refused the token in TELEGRAM_TOKEN", 2) from None
        except TelegramError as exc:
            raise StartError(f"could not start the Telegram bot: {exc.message}") from None
        except OSError as exc:  # e.g. the webhook port is taken
            raise StartError(f"could not start: {exc}") from None

    def _polling_failed(self, exc: Exception) -> None:
        """getUpdates failed (python-telegram-bot tries again by itself): one line, no traceback,
        at most one a minute while it goes on."""
        now = time.monotonic()
        self._polling_errors += 1
        if now < self._next_polling_log:
            return
        self._next_polling_log = now + POLLING_LOG_EVERY
        more = f" ({self._polling_errors - 1} more since the last line)" if self._polling_errors > 1 else ""
        self._polling_errors = 0
        log.warning("polling Telegram failed, trying again: %s%s",
                    getattr(exc, "message", None) or exc.__class__.__name__, more)

    async def _send_kept(self) -> None:
        if self.kept is None:
            return
        fresh, stale = await asyncio.to_thread(self.kept.take, self.name, time.time())
        if stale:
            log.warning("outbox: dropped %d reply(ies) kept at the last stop: older than %.0f s",
                        len(stale), self.kept.max_age)
        if fresh:
            log.info("outbox: sending %d reply(ies) kept at the last stop", len(fresh))
        for item in fresh:
            self.outbox.put(item)

    async def _start_webhook(self) -> None:
        url = self.settings.webhook_url
        secret = self.settings.webhook_secret or secrets.token_urlsafe(32)
        self.webhook = WebhookServer(self.app, urlsplit(url).path, secret, self.health,
                                     listen=self.settings.webhook_listen, port=self.settings.port)
        await self.webhook.start()  # listening before Telegram is told where to post
        await self.app.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        self._webhook_set = True

    async def stop(self, drain_seconds: float = 0.0) -> None:
        """Stop taking updates, handle the ones in hand, send what is queued for up to
        `drain_seconds`, keep what is left for the next start, sign out."""
        started = time.monotonic()
        if self.webhook is not None:
            await self.webhook.stop()
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()  # the last getUpdates confirms what was fetched
        if self.app.running:
            await self.app.stop()  # the updates in hand: their replies are queued
        if STATE_KEY in self.app.bot_data:
            left = await self.outbox.drain(max(0.0, drain_seconds - (time.monotonic() - started)))
            await self._keep(left)
        await self.app.shutdown()

    async def _keep(self, left: list) -> None:
        if not left:
            return
        kept = await asyncio.to_thread(self.kept.keep, self.name, left) if self.kept is not None else 0
        if kept:
            log.info("outbox: %d reply(ies) still unsent, kept for the next start", kept)
        else:
            log.warning("outbox: %d reply(ies) still unsent are lost (no database to keep them in)", len(left))
        for item in left:
            item.settle(None)  # recorded now, without the answer's message

    @classmethod
    async def check_online(cls, settings: DeploymentSettings) -> tuple[bool, str]:
        """getMe at the configured Bot API."""
        from telegram import Bot
        from telegram.error import InvalidToken, NetworkError, TelegramError

        from bot.ops.logs import guard

        guard([settings.telegram.token])
        base = settings.telegram.bot_api_url or "https://api.telegram.org/bot"
        bot = Bot(settings.telegram.token, base_url=base)
        try:
            async with bot:  # initialize() calls getMe
                me = bot.bot
            return True, f"signed in as @{me.username}"
        except InvalidToken:
            return False, "Telegram refused the token in TELEGRAM_TOKEN"
        except NetworkError as exc:
            return False, f"cannot reach the Bot API ({exc.__class__.__name__})"
        except TelegramError as exc:
            return False, exc.message
