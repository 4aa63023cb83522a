"""Is the bot up? Every platform started in this process connected, and content loaded.

Served as `GET /healthz` in webhook mode (200 or 503 with the same JSON), so
a platform's health check or an uptime monitor can restart a stuck process.
"""
from __future__ import annotations

from typing import Callable

from .reload import EngineHolder


class Health:
    def __init__(self, holder: EngineHolder | None = None) -> None:
        self.holder = holder
        self.stopping = False
        self._checks: dict[str, Callable[[], bool]] = {}

    def track(self, platform: str, connected: Callable[[], bool]) -> None:
        """Count `platform` as up only while `connected()` says so."""
        self._checks[platform] = connected

    def report(self) -> tuple[bool, dict]:
        platforms = {}
        for name, connected in self._checks.items():
            try:
                platforms[name] = bool(connected())
            except Exception:  # a check that fails says "not connected", never breaks /healthz
                platforms[name] = False
        content = self.holder is not None and self.holder.engine is not None
        ok = bool(platforms) and all(platforms.values()) and content and not self.stopping
        return ok, {"ok": ok, "content": content, "platforms": platforms, "stopping": self.stopping}
