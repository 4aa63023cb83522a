"""Keyed hashes of chat, user and message ids: the record never holds a raw id.

HMAC-SHA256 with a deployment secret, so nobody holding the database alone can
test a known user id against it. The key comes from BOT_HASH_KEY, else one is
generated once and kept in the settings table, so hashes stay the same across
restarts and workers. Changing the key starts every chat and voter afresh.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from typing import Hashable, Mapping

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import HASH_LEN, Setting

KEY_SETTING = "hash_key"


class IdHasher:
    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("the hash key is empty")
        self._key = key

    def __repr__(self) -> str:  # the key never reaches a log line
        return "IdHasher(<key>)"

    def __call__(self, *parts: Hashable) -> str:
        data = "\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass")
        return hmac.new(self._key, data, hashlib.sha256).hexdigest()[:HASH_LEN]


def load_hash_key(engine: Engine, env: Mapping[str, str] = os.environ) -> bytes:
    """BOT_HASH_KEY, else the key kept in the database (generated on first use)."""
    configured = env.get("BOT_HASH_KEY", "")
    if configured.strip():
        return configured.encode("utf-8")
    with Session(engine) as session:
        kept = session.scalar(select(Setting.value).where(Setting.key == KEY_SETTING))
        if kept:
            return kept.encode("ascii")
        session.add(Setting(key=KEY_SETTING, value=secrets.token_hex(32)))
        try:
            session.commit()
        except IntegrityError:  # another worker generated it first: use theirs
            session.rollback()
        return session.scalar(select(Setting.value).where(Setting.key == KEY_SETTING)).encode("ascii")
