"""What every platform offers the runner and `doctor`: one small interface.

`bot.app.runner` starts every platform whose token is set, waits for a stop
signal (or for a platform to end by itself), and stops them all; `doctor
--online` asks each whose token is set to sign in once. Neither knows which
platforms exist beyond the names in `bot.app.runner.PLATFORMS`.
"""
from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from bot.core.access import EVERYWHERE, Access
from bot.core.chat_settings import ChatSettings
from bot.ops.health import Health
from bot.ops.reload import EngineHolder
from bot.ops.settings import DeploymentSettings
from bot.ops.update_log import UpdateLog

if TYPE_CHECKING:  # SQLAlchemy is loaded only when a deployment records
    from bot.storage import Recorder
    from bot.storage.outbox import OutboxStore


class StartError(Exception):
    """A platform could not start; the message is one line for the log, `status` the exit status
    (2: a setting is wrong, e.g. a token refused; 1: anything else)."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Shared:
    """What the deployment hands every platform: one engine, store, log and set of rules."""

    holder: EngineHolder
    settings: DeploymentSettings
    health: Health
    chat_settings: ChatSettings
    access: Access = EVERYWHERE
    update_log: UpdateLog | None = None
    recorder: Recorder | None = None
    outbox: OutboxStore | None = None  # where replies a stop leaves unsent are kept


class Platform(ABC):
    name: ClassVar[str]
    token_variable: ClassVar[str]
    missing_token: ClassVar[str]  # one line: what to set, and where to get it
    online_check: ClassVar[str]  # what `check_online` does, as `doctor` names it

    @classmethod
    @abstractmethod
    def build(cls, shared: Shared) -> Platform:
        """The platform, wired to the deployment's shared parts (nothing connects yet)."""

    @abstractmethod
    async def start(self) -> None:
        """Sign in and begin taking updates; StartError (one line) when that fails for good."""

    @abstractmethod
    async def stop(self, drain_seconds: float) -> None:
        """Stop taking updates, send what is queued for up to `drain_seconds`, keep the
        rest for the next start, and disconnect."""

    @abstractmethod
    def healthy(self) -> bool:
        """Connected and taking updates (GET /healthz)."""

    async def ended(self) -> int:
        """Returns (an exit status) only if the platform stops by itself; by default never."""
        await asyncio.Event().wait()
        return 0

    @classmethod
    @abstractmethod
    async def check_online(cls, settings: DeploymentSettings) -> tuple[bool, str]:
        """`doctor --online`: sign in once at the configured API; (ok, one line)."""
