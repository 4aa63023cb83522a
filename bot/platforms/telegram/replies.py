"""Sending engine replies and adapter notices as Telegram messages (HTML parse mode)."""
from __future__ import annotations

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters, User
from telegram.constants import ParseMode

from bot.core.engine import Reply
from bot.core.markup import escape_html
from bot.core.render import render_text

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
