"""Per-chat settings (auto-answer, link guard), the same for every platform.

In memory behind a small interface; the storage layer persists it by
subclassing `ChatSettings` (load/save), so adapters never change.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Hashable

DEFAULTS = {"autoanswer": False, "linkguard": False}


@dataclass(frozen=True)
class Settings:
    autoanswer: bool = False
    linkguard: bool = False


class ChatSettings:
    """Settings per (platform, chat id); defaults until an admin changes them."""

    def __init__(self) -> None:
        self._by_chat: dict[tuple[str, Hashable], Settings] = {}

    def get(self, platform: str, chat_id: Hashable) -> Settings:
        key = (platform, chat_id)
        if key not in self._by_chat:
            loaded = self.load(platform, chat_id)
            self._by_chat[key] = loaded or Settings()
        return self._by_chat[key]

    def set(self, platform: str, chat_id: Hashable, **changes: bool) -> Settings:
        unknown = set(changes) - set(DEFAULTS)
        if unknown:
            raise KeyError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        new = replace(self.get(platform, chat_id), **changes)
        self._by_chat[(platform, chat_id)] = new
        self.save(platform, chat_id, new)
        return new

    # persistence hooks, overridden by the storage layer
    def load(self, platform: str, chat_id: Hashable) -> Settings | None:
        return None

    def save(self, platform: str, chat_id: Hashable, settings: Settings) -> None:
        return None


def parse_switch(text: str) -> bool | None:
    """'on'/'off' (and friends) to a bool; None when it is neither."""
    word = (text or "").strip().lower()
    if word in ("on", "yes", "true", "enable", "enabled", "1"):
        return True
    if word in ("off", "no", "false", "disable", "disabled", "0"):
        return False
    return None
