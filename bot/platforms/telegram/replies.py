"""Sending engine replies and adapter notices as Telegram messages (HTML parse mode).

Handlers `deliver` through the outbox (`bot.ops.delivery`): it sends each chat's
messages in order, tries again after passing faults, and keeps what a stop leaves.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters, User
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter

from bot.core.delivery import MODLOG, NOTICE, Outgoing
from bot.core.engine import Reply
from bot.core.markup import escape_html
from bot.core.render import render_text

if TYPE_CHECKING:
    from .state import AdapterState, RouteContext

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def reply_html(reply: Reply, reminder_html: str | None = None) -> str:
    """The whole message: title, body, links, safety line, and an optional (safe) reminder."""
    text = render_text(reply, "html")
    if reminder_html:
        text += "\n\n" + reminder_html
    return text


def notice_html(template: str, **values: str) -> str:
    """An adapter text with already-safe HTML values filled in."""
    return escape_html(template).format(**values)


def name_html(message: Message) -> str:
    """The sender as a safe HTML mention (their name escaped)."""
    if message.sender_chat is not None:
        return escape_html(message.sender_chat.title or message.sender_chat.username or "there")
    user: User | None = message.from_user
    return user.mention_html() if user else "there"


async def send_html(bot: Bot, chat_id: int, text: str, *, reply_to: int | None = None,
                    topic: int | None = None,
                    keyboard: InlineKeyboardMarkup | None = None) -> Message:
    """Post `text`, quoting `reply_to` when given (still posted if that message is gone)."""
    quote = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    return await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_parameters=quote,
                                  message_thread_id=topic, reply_markup=keyboard,
                                  link_preview_options=NO_PREVIEW)


def deliver(context: RouteContext, chat_id: int, text: str, *, kind: str = NOTICE, html: bool = True,
            reply_to: int | None = None, topic: int | None = None,
            keyboard: InlineKeyboardMarkup | None = None, key: str | None = None,
            on_sent: Callable[[Message | None], None] | None = None) -> None:
    """Queue `text` for `chat_id` (never waits); `on_sent` gets the message once sent,
    or None when this process will not send it."""
    context.state.outbox.put(Outgoing(chat_id, text, kind=kind, html=html, reply_to=reply_to, topic=topic,
                                      markup=keyboard.to_dict() if keyboard else None, key=key,
                                      on_sent=on_sent))


async def send_outgoing(bot: Bot, item: Outgoing) -> Message:
    """What the outbox calls to post one message."""
    keyboard = InlineKeyboardMarkup.de_json(item.markup, bot) if item.markup else None
    if item.html:
        return await send_html(bot, item.chat, item.text, reply_to=item.reply_to, topic=item.topic,
                               keyboard=keyboard)
    return await bot.send_message(item.chat, item.text, message_thread_id=item.topic, reply_markup=keyboard,
                                  link_preview_options=NO_PREVIEW)


def retry_wait(exc: BaseException) -> float | None:
    """May a failed send be tried again, and after how long at least? Flood control: as
    told; 5xx, timeouts and lost connections: yes; a refusal (400, 403, bad token): never."""
    if isinstance(exc, RetryAfter):
        after: Any = exc.retry_after
        return after.total_seconds() if hasattr(after, "total_seconds") else float(after)
    if isinstance(exc, (BadRequest, Forbidden, InvalidToken, ChatMigrated)):
        return None
    if isinstance(exc, NetworkError):  # TimedOut, 5xx, connection errors
        return 0.0
    return None


def refused(state: AdapterState, item: Outgoing, exc: BaseException) -> None:
    """Telegram refused a message for good: removed from the chat, or blocked by the person."""
    if item.kind == MODLOG:
        log.warning("could not post to the mod-log chat: %s", exc.__class__.__name__)
        return
    if isinstance(exc, Forbidden) and isinstance(item.chat, int):
        log.info("not allowed to post in chat %s: %s", item.chat, exc.message)
        state.members.forget_chat(item.chat)
