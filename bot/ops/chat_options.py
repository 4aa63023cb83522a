"""Per-chat options from the settings file (BOT_CHAT_OPTIONS), under what chat admins change.

The file gives a chat its starting options (e.g. the link guard on in the main
group); an admin's /autoanswer or /linkguard still wins, and is kept by the
store when there is one.
"""
from __future__ import annotations

from typing import Hashable, Mapping

from bot.core.chat_settings import ChatSettings, Settings


class PresetChatSettings(ChatSettings):
    def __init__(self, presets: Mapping[tuple[str, int], Settings],
                 stored: ChatSettings | None = None) -> None:
        super().__init__()
        self.presets = dict(presets)
        self.stored = stored

    def load(self, platform: str, chat_id: Hashable) -> Settings | None:
        changed = self.stored.load(platform, chat_id) if self.stored is not None else None
        if changed is not None:
            return changed
        try:
            return self.presets.get((platform, int(chat_id)))
        except (TypeError, ValueError):
            return None

    def save(self, platform: str, chat_id: Hashable, settings: Settings) -> None:
        if self.stored is not None:
            self.stored.save(platform, chat_id, settings)
