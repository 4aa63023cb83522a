"""The webhook listener: Telegram's POSTs into the Application's update queue, and /healthz.

A small aiohttp server (aiohttp comes with discord.py) instead of
python-telegram-bot's built-in one, so the health check shares the port
Procfile platforms route to the `web` process, and so it runs in the same
event loop as everything else. It checks what PTB's listener checks: the
secret token header and a JSON body that parses as an Update.
"""
from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.ops.health import Health

from .app import readable_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"


class WebhookServer:
    def __init__(self, app: Application, path: str, secret: str, health: Health,
                 listen: str = "0.0.0.0", port: int = 8443) -> None:
        self.app = app
        self.path = "/" + path.strip("/")
        self.secret = secret
        self.health = health
        self.listen, self.port = listen, port
        self.accepting = False
        self._runner: web.AppRunner | None = None

    def web_app(self) -> web.Application:
        routes = web.Application()
        routes.router.add_post(self.path, self.receive)
        routes.router.add_get(HEALTH_PATH, self.healthz)
        return routes

    async def start(self) -> None:
        # access_log=None: request lines are not worth a log line per update
        self._runner = web.AppRunner(self.web_app(), access_log=None, shutdown_timeout=5)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.listen, self.port).start()
        self.accepting = True
        log.info("webhook listening on %s:%s%s (health: %s)", self.listen, self.port, self.path, HEALTH_PATH)

    async def stop(self) -> None:
        """Refuse new updates (Telegram keeps them and retries), then close the listener."""
        self.accepting = False
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.Response(status=403)
        if not self.accepting:
            return web.Response(status=503)  # stopping: Telegram delivers it again later
        try:
            data = json.loads(await request.read())
        except Exception:  # not JSON: never log the body (it may hold user text)
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            log.warning("webhook: refused a request whose body is not a Telegram update")
            return web.Response(status=400)
        # an update this version cannot parse is skipped (logged by id): refusing it would only
        # have Telegram send it again and again
        update = Update.de_json(readable_update(data, self.app.bot), self.app.bot)
        await self.app.update_queue.put(update)
        return web.Response(status=200)

    async def healthz(self, request: web.Request) -> web.Response:
        ok, report = self.health.report()
        return web.json_response(report, status=200 if ok else 503)
