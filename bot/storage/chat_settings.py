"""Per-chat settings that survive restarts: the engine's ChatSettings, persisted.

All stored settings are read once at start (a row per chat whose admins changed
something), so `get` never waits for the database; changes are written in the
background by the recorder.
"""
from __future__ import annotations

from typing import Hashable

from bot.core.chat_settings import ChatSettings, Settings

from .recorder import Recorder


class StoredChatSettings(ChatSettings):
    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self.recorder = recorder
        self._stored = recorder.load_chat_settings()

    def load(self, platform: str, chat_id: Hashable) -> Settings | None:
        if not self._stored or self.recorder.store is None:
            return None
        return self._stored.get((platform, self.recorder.store.chat_ref(platform, chat_id)))

    def save(self, platform: str, chat_id: Hashable, settings: Settings) -> None:
        self.recorder.save_chat_settings(platform, chat_id, settings)
