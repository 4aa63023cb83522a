"""The Discord side as one of the deployment's platforms (`bot.app.runner`): `runner.serve`
in a task, stopped with the others."""
from __future__ import annotations

import asyncio
import logging

from bot.ops.health import Health
from bot.ops.reload import EngineHolder
from bot.ops.settings import DeploymentSettings, DiscordSettings

from ..base import Platform, Shared
from .client import PLATFORM, RouteBot

log = logging.getLogger(__name__)


class DiscordService(Platform):
    name = PLATFORM
    token_variable = "DISCORD_TOKEN"
    online_check = "Discord login"
    missing_token = "DISCORD_TOKEN is not set: create a bot in the Discord Developer Portal and export its token."

    def __init__(self, holder: EngineHolder, settings: DiscordSettings, health: Health, **bot_options) -> None:
        self.holder = holder
        self.settings = settings
        self.health = health
        self.bot_options = bot_options
        self.bots: list[RouteBot] = []
        self._stop = asyncio.Event()
        self._task: asyncio.Task | None = None

    @classmethod
    def build(cls, shared: Shared) -> DiscordService:
        s = shared.settings.discord
        return cls(shared.holder, s, shared.health, chat_settings=shared.chat_settings, access=shared.access,
                   update_log=shared.update_log, modlog_channel=s.modlog_channel, recorder=shared.recorder)

    def healthy(self) -> bool:
        return bool(self.bots) and self.bots[-1].is_ready() and not self.bots[-1].is_closed()

    async def start(self) -> None:
        """Connecting goes on in the background (a Discord out of reach is tried again there)."""
        self.health.track(self.name, self.healthy)
        self._task = asyncio.create_task(self._serve(), name="bnb-route-discord")

    async def _serve(self) -> int:
        from .runner import serve

        try:
            return await serve(self.holder, self.settings, stop=self._stop, on_bot=self.bots.append,
                               **self.bot_options)
        except Exception as exc:
            log.error("the Discord connection failed: %s", exc.__class__.__name__, exc_info=exc)
            return 1

    async def ended(self) -> int:
        return await asyncio.shield(self._task)

    async def stop(self, drain_seconds: float = 0.0) -> None:
        """Close the connection (discord.py answers interactions as they come: nothing is queued)."""
        self._stop.set()
        if self._task is not None:
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    @property
    def status(self) -> int:
        """The exit status once stopped (0 before)."""
        if self._task is None or not self._task.done() or self._task.cancelled():
            return 0
        return self._task.result()

    @classmethod
    async def check_online(cls, settings: DeploymentSettings) -> tuple[bool, str]:
        """A Discord login at the configured API."""
        import discord

        from bot.ops.logs import guard

        from .client import point_api_at

        guard([settings.discord.token])
        point_api_at(settings.discord.api_base)
        client = discord.Client(intents=discord.Intents.none())
        try:
            await client.login(settings.discord.token)
            return True, f"signed in as {client.user.name}"
        except discord.LoginFailure:
            return False, "Discord rejected DISCORD_TOKEN"
        except (discord.HTTPException, OSError) as exc:
            return False, f"cannot reach the Discord API ({exc.__class__.__name__})"
        finally:
            await client.close()
