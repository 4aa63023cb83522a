"""The open database: its engine, the id hasher and the retention setting."""
from __future__ import annotations

import os
from typing import Hashable, Mapping

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from . import config
from .database import make_engine
from .hashing import IdHasher, load_hash_key
from .migrate import upgrade


class Store:
    def __init__(self, engine: Engine, hasher: IdHasher,
                 retention_days: int = config.DEFAULT_RETENTION_DAYS) -> None:
        self.engine = engine
        self.hasher = hasher
        self.retention_days = retention_days
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None, env: Mapping[str, str] = os.environ,
             migrate: bool = True) -> "Store":
        """Connect to `url` (default: DATABASE_URL), migrate under the lock, load the key.
        Raises SQLAlchemy's errors when the database cannot be used."""
        engine = make_engine(config.normalise_url(url) if url else config.database_url(env))
        try:
            if migrate:
                upgrade(engine)
            hasher = IdHasher(load_hash_key(engine, env))
        except Exception:
            engine.dispose()
            raise
        return cls(engine, hasher, config.retention_days(env))

    def session(self) -> Session:
        return self.sessions()

    @property
    def url(self) -> str:
        return config.safe_url(self.engine.url)

    # the same raw id always gives the same reference, and a chat id never
    # collides with a user id or with another platform's ids
    def chat_ref(self, platform: str, chat: Hashable) -> str:
        return self.hasher(platform, "chat", chat)

    def user_ref(self, platform: str, user: Hashable) -> str:
        return self.hasher(platform, "user", user)

    def message_ref(self, platform: str, chat: Hashable, message: Hashable) -> str:
        return self.hasher(platform, "message", chat, message)

    def close(self) -> None:
        self.engine.dispose()
