"""The optional mod-log chat (TELEGRAM_MODLOG_CHAT): one plain line per leaked secret the
guard acted on, per canned warning posted, and per community-protection flag (with an
Undo button when the bot restricted someone).

The line is `bot.safety.format_modlog`, which never sees the message text, so
it cannot carry the secret. Posting is best effort: a mod-log chat that is gone
or refuses the bot costs a log line, never the deletion or the warning itself.
"""
from __future__ import annotations

import logging

from telegram import Chat, InlineKeyboardMarkup, Message, User

from bot import safety
from bot.core.delivery import MODLOG

from .replies import deliver
from .state import PLATFORM, RouteContext

log = logging.getLogger(__name__)

NAME_LIMIT = 48  # keeps the id visible within format_modlog's 80 characters a field

POSTED = "posted"


def _named(name: str | None, ident: int) -> str:
    # no "@": Telegram would turn "@someone" into a mention in the mod-log chat
    name = (name or "").replace("@", "").strip()[:NAME_LIMIT]
    return f"{name} ({ident})" if name else str(ident)


def place_of(chat: Chat) -> str:
    """The chat as its moderators know it: title and id."""
    return _named(chat.title, chat.id) if chat.title else f"private chat ({chat.id})"


def sender_of(message: Message) -> str:
    """Who sent the message: a name without mentions, and the id."""
    if message.sender_chat is not None:
        return _named(message.sender_chat.title or message.sender_chat.username, message.sender_chat.id)
    if message.from_user is not None:
        return _named(message.from_user.full_name, message.from_user.id)
    return "unknown"


def user_of(user: User) -> str:
    """A member by name and id, without mentions."""
    return _named(user.full_name, user.id)


def post_line(context: RouteContext, line: str, *, keyboard: InlineKeyboardMarkup | None = None,
              fallback_chat: int | None = None) -> None:
    """Queue a ready mod-log line (community protection), with an Undo button when given; for
    `fallback_chat` when no mod-log chat is configured (None: only the bot's log has it)."""
    chat_id = context.state.modlog_chat if context.state.modlog_chat is not None else fallback_chat
    if chat_id is None:
        return
    deliver(context, chat_id, line, kind=MODLOG, html=False, keyboard=keyboard)


def post(context: RouteContext, message: Message, rule: str, outcome: str) -> None:
    """Queue one line about `message` for the mod-log chat, when one is configured (the
    outbox sends it; a refusal costs a log line there, never the deletion or the warning)."""
    chat_id = context.state.modlog_chat
    if chat_id is None:
        return
    line = safety.format_modlog(PLATFORM, place_of(message.chat), sender_of(message), rule, outcome)
    deliver(context, chat_id, line, kind=MODLOG, html=False)
