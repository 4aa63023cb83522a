"""Per-chat settings (auto-answer, link guard, community protection), the same for every platform.

In memory behind a small interface; the storage layer persists it by
subclassing `ChatSettings` (load/save), so adapters never change.

Community protection (issue 14), each switched by a chat's admins:

* `impersonation` (on): check joining and renamed members' names against the
  chat's admins and role/brand words;
* `impersonation_action` ("report"): what to do with a flagged member:
  "report" (a mod-log line only), "restrict" (Telegram: may not send until an
  admin lifts it; Discord: the longest timeout) or "timeout" (a day);
* `hijack` (on): warn the asker under a non-admin's "DM me" reply;
* `hijack_delete` (off): also delete that reply;
* `joinnotice` (off): a short, rate-limited welcome saying admins never DM first.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Hashable

REPORT, RESTRICT, TIMEOUT = "report", "restrict", "timeout"
ACTIONS = (REPORT, RESTRICT, TIMEOUT)


@dataclass(frozen=True)
class Settings:
    autoanswer: bool = False
    linkguard: bool = False
    impersonation: bool = True
    impersonation_action: str = REPORT
    hijack: bool = True
    hijack_delete: bool = False
    joinnotice: bool = False


DEFAULTS = {f.name: f.default for f in fields(Settings)}
# the settings that are switched on or off (the rest take a word: impersonation_action)
SWITCHES = tuple(name for name, value in DEFAULTS.items() if isinstance(value, bool))


def check_value(name: str, value: object) -> None:
    """Raise KeyError for an unknown setting, ValueError for a value it cannot take."""
    if name not in DEFAULTS:
        raise KeyError(f"unknown setting: {name}")
    if name == "impersonation_action":
        if value not in ACTIONS:
            raise ValueError(f"impersonation_action must be one of {', '.join(ACTIONS)}")
    elif not isinstance(value, bool):
        raise ValueError(f"{name} must be on or off")


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

    def set(self, platform: str, chat_id: Hashable, **changes: bool | str) -> Settings:
        unknown = set(changes) - set(DEFAULTS)
        if unknown:
            raise KeyError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        for name, value in changes.items():
            check_value(name, value)
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


def parse_action(text: str) -> str | None:
    """'report' / 'restrict' / 'timeout' ('mute' is restrict): the action word, or None."""
    word = (text or "").strip().lower()
    word = {"mute": RESTRICT, "reportonly": REPORT, "report-only": REPORT, "time-out": TIMEOUT}.get(word, word)
    return word if word in ACTIONS else None
