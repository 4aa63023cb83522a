"""Starting and stopping the Telegram side inside a shared event loop (`bot.app.runner`).

python-telegram-bot's `run_polling`/`run_webhook` own the event loop and the
signals; here the Application's async API is used instead, so Telegram and
Discord run side by side in one process and stop together.
"""
from __future__ import annotations

import logging
import secrets
from urllib.parse import urlsplit

from telegram.ext import Application

from bot.ops.health import Health
from bot.ops.settings import TelegramSettings

from .app import ALLOWED_UPDATES
from .webhook import WebhookServer

log = logging.getLogger(__name__)


class TelegramService:
    def __init__(self, app: Application, settings: TelegramSettings, health: Health) -> None:
        self.app = app
        self.settings = settings
        self.health = health
        self.webhook: WebhookServer | None = None
        self._webhook_set = False

    @property
    def connected(self) -> bool:
        if not self.app.running:
            return False
        if self.webhook is not None:
            return self._webhook_set and self.webhook.accepting
        return self.app.updater is not None and self.app.updater.running

    async def start(self) -> None:
        """Sign in (getMe: InvalidToken when refused), then poll or listen for the webhook."""
        self.health.track("telegram", lambda: self.connected)
        await self.app.initialize()
        await self.app.post_init(self.app)
        await self.app.start()
        if self.settings.webhook_url:
            await self._start_webhook()
        else:
            await self.app.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            log.info("polling Telegram for updates")

    async def _start_webhook(self) -> None:
        url = self.settings.webhook_url
        secret = self.settings.webhook_secret or secrets.token_urlsafe(32)
        self.webhook = WebhookServer(self.app, urlsplit(url).path, secret, self.health,
                                     listen=self.settings.webhook_listen, port=self.settings.port)
        await self.webhook.start()  # listening before Telegram is told where to post
        await self.app.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        self._webhook_set = True

    async def stop(self) -> None:
        """Stop taking updates, finish the ones in hand (replies included), sign out."""
        if self.webhook is not None:
            await self.webhook.stop()
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()  # the last getUpdates confirms what was fetched
        if self.app.running:
            await self.app.stop()  # waits for updates in flight and their replies
        await self.app.shutdown()
