"""The tables. Changing one means a new migration in migrations/versions/.

Chat, user and message ids are stored only as keyed hashes (see hashing.py).
Times are naive UTC: SQLite has no time zones, and both databases then compare alike.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

HASH_LEN = 32  # hex characters: 128 bits of HMAC-SHA256
QUESTION_MAX = 500  # characters of a question kept
ROUTE_MAX = 400

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit key
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


class Interaction(Base):
    """One question asked, or one button pressed, and what the bot did."""

    __tablename__ = "interactions"
    __table_args__ = (Index("ix_interactions_source_at", "source", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat: Mapped[str] = mapped_column(String(HASH_LEN))
    # the bot message holding the reply: links a question to the presses on its buttons and to votes
    message: Mapped[str | None] = mapped_column(String(HASH_LEN), index=True)
    source: Mapped[str] = mapped_column(String(8))  # "question" or "button"
    decision: Mapped[str] = mapped_column(String(8))  # answer, clarify, none, secret; "open" for a button
    entry: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[float | None] = mapped_column(Float)
    route: Mapped[str | None] = mapped_column(String(ROUTE_MAX))  # nodes through buttons, "a>b>c"
    question: Mapped[str | None] = mapped_column(Text)  # truncated; never when it held a secret


class Vote(Base):
    """One "Did this help?" vote: one per voter per answer."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("message", "entry", "voter", name="uq_votes_answer_voter"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(String(HASH_LEN))
    entry: Mapped[str] = mapped_column(String(64))
    voter: Mapped[str] = mapped_column(String(HASH_LEN))
    helped: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(16))  # "wrong" or "unsolved" after a no


class ChatSetting(Base):
    """Per-chat switches an admin changed (auto-answer, link guard, community protection)."""

    __tablename__ = "chat_settings"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat: Mapped[str] = mapped_column(String(HASH_LEN), primary_key=True)
    autoanswer: Mapped[bool] = mapped_column(Boolean, default=False)
    linkguard: Mapped[bool] = mapped_column(Boolean, default=False)
    # community protection (migration 0003); NULL in rows written before it: the default
    impersonation: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    impersonation_action: Mapped[str | None] = mapped_column(String(16), nullable=True)
    hijack: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    hijack_delete: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    joinnotice: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    updated: Mapped[datetime] = mapped_column(DateTime())


class Setting(Base):
    """Deployment-wide values the bot keeps for itself (the generated hash key)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)



class PendingReply(Base):
    """A reply a stop left unsent, kept for the next start (bot.storage.outbox). The chat
    id is kept as is, since the reply must reach it; rows live minutes, not days."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    created: Mapped[datetime] = mapped_column(DateTime(), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    html: Mapped[bool] = mapped_column(Boolean)
    reply_to: Mapped[int | None] = mapped_column(BigInteger)
    topic: Mapped[int | None] = mapped_column(BigInteger)
    markup: Mapped[str | None] = mapped_column(Text)  # the buttons, as JSON
    text: Mapped[str] = mapped_column(Text)
