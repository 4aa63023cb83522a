"""Replies a stop left unsent, kept in the database until the next start.

`keep` stores them (a stop that ran out of STOP_DRAIN_SECONDS); `take` removes and
returns them at the next start, split by `bot.core.delivery.split_fresh`: the fresh
ones are sent, the stale ones dropped (the caller logs how many). A platform calls
both from a worker thread (`asyncio.to_thread`).
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Callable, Iterable

from sqlalchemy import delete, select

from bot.core.delivery import DEFAULT_MAX_AGE, Outgoing, split_fresh

from .errors import describe_error
from .models import PendingReply
from .store import Store

log = logging.getLogger("bnb_route.storage")


def _naive_utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, timezone.utc).replace(tzinfo=None)


def _epoch(naive_utc: datetime) -> float:
    return naive_utc.replace(tzinfo=timezone.utc).timestamp()


def _chat(raw: str) -> int | str:
    digits = raw[1:] if raw.startswith("-") else raw
    return int(raw) if digits.isdigit() else raw


class OutboxStore:
    """`store` is the open Store, or a function giving it (None while the database is down:
    a Recorder's, which may open it later)."""

    def __init__(self, store: Store | Callable[[], Store | None], max_age: float = DEFAULT_MAX_AGE) -> None:
        self._store = store
        self.max_age = max_age

    @property
    def store(self) -> Store | None:
        return self._store() if callable(self._store) else self._store

    def keep(self, platform: str, items: Iterable[Outgoing]) -> int:
        """Store `items` (in order); how many were stored (0 when the database failed: logged)."""
        rows = [PendingReply(created=_naive_utc(i.created), platform=platform[:16], chat=str(i.chat)[:64],
                             kind=i.kind[:16], html=i.html, reply_to=i.reply_to, topic=i.topic,
                             markup=json.dumps(i.markup) if i.markup else None, text=i.text)
                for i in items]
        if not rows:
            return 0
        store = self.store
        if store is None:
            return 0
        try:
            with store.session() as session:
                session.add_all(rows)
                session.commit()
        except Exception as exc:
            log.error("storage: could not keep %d unsent reply(ies), they are lost: %s",
                      len(rows), describe_error(exc))
            return 0
        return len(rows)

    def take(self, platform: str, now: float) -> tuple[list[Outgoing], list[Outgoing]]:
        """Remove this platform's kept replies: (fresh ones, in order; stale ones)."""
        store = self.store
        if store is None:
            return [], []
        try:
            with store.session() as session:
                rows = session.scalars(select(PendingReply).where(PendingReply.platform == platform)
                                       .order_by(PendingReply.id)).all()
                if rows:
                    session.execute(delete(PendingReply).where(PendingReply.id.in_([r.id for r in rows])))
                    session.commit()
        except Exception as exc:
            log.error("storage: could not read the replies kept at the last stop: %s", describe_error(exc))
            return [], []
        items = [Outgoing(chat=_chat(r.chat), text=r.text, kind=r.kind, html=r.html, reply_to=r.reply_to,
                          topic=r.topic, markup=json.loads(r.markup) if r.markup else None,
                          created=_epoch(r.created))
                 for r in rows]
        return split_fresh(items, now, self.max_age)
