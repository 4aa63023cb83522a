"""Forgetting: interactions and votes older than the retention period are deleted."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete

from .models import Interaction, Vote
from .store import Store


def utcnow() -> datetime:
    """Now as naive UTC, the way times are stored."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class Purged:
    interactions: int
    votes: int
    before: datetime


def purge(store: Store, days: int | None = None, now: datetime | None = None) -> Purged:
    """Delete what is older than `days` (default: the store's retention setting)."""
    days = store.retention_days if days is None else days
    if days < 0:
        raise ValueError("days must be 0 or more")
    before = (now or utcnow()) - timedelta(days=days)
    with store.session() as session:
        interactions = session.execute(delete(Interaction).where(Interaction.at < before)).rowcount
        votes = session.execute(delete(Vote).where(Vote.at < before)).rowcount
        session.commit()
    return Purged(interactions, votes, before)
