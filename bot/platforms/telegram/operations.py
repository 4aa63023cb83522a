"""Deployment-level handlers: the allow-list gate and the operators' /reload.

Both run before the safety hook and the conversation (groups -3 and -2), so an
unlisted chat gets nothing but the one notice, and /reload never reaches the
question matcher.
"""
from __future__ import annotations

import logging

from telegram import Chat, ChatMember, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, CommandHandler, TypeHandler, filters

from bot.core.access import not_enabled
from bot.core.markup import escape_html
from bot.core.trace import note
from bot.ops import update_log

from .addressing import topic_of
from .replies import deliver, send_html
from .state import PLATFORM, RouteContext

log = logging.getLogger(__name__)

LEFT_KEY = "bnb_route_left_chats"
REFUSED = "not-enabled"
MAX_REPLY = 3500  # characters of a reload report; a long list of problems is cut


def register_operations(app: Application) -> None:
    app.add_handler(TypeHandler(Update, gate), group=-3)
    app.add_handler(CommandHandler("reload", reload_content, filters=filters.UpdateType.MESSAGE), group=-2)


async def gate(update: Update, context: RouteContext) -> None:
    """Outside ALLOWED_CHATS: say once that the bot is not enabled here, leave, read nothing."""
    chat = update.effective_chat
    if chat is None or chat.type == Chat.PRIVATE or context.state.access.chat_allowed(chat.id):
        return
    note(REFUSED)
    change = update.my_chat_member
    removed = change is not None and change.new_chat_member.status in (ChatMember.LEFT, ChatMember.BANNED)
    told = context.bot_data.setdefault(LEFT_KEY, set())
    if not removed and chat.id not in told:
        told.add(chat.id)
        chat_ref = update_log.chat_label(PLATFORM, chat.id)
        log.info("chat %s is not in ALLOWED_CHATS: leaving", chat_ref)
        try:
            await send_html(context.bot, chat.id, escape_html(not_enabled("chat")))
        except TelegramError as exc:  # not allowed to post: leave all the same
            log.info("could not post the not-enabled notice in chat %s: %s", chat_ref, exc.__class__.__name__)
        try:
            await context.bot.leave_chat(chat.id)
        except TelegramError as exc:
            log.warning("could not leave chat %s: %s", chat_ref, exc.__class__.__name__)
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()
        except TelegramError:
            pass
    raise ApplicationHandlerStop


async def reload_content(update: Update, context: RouteContext) -> None:
    """Operators only: reload the content and reply with the result (FILE:LINE lines on failure)."""
    message = update.effective_message
    user = message.from_user if message.sender_chat is None else None
    if user is None or not context.state.access.is_operator(PLATFORM, user.id):
        return  # anyone else: as if the command did not exist (the conversation handles it)
    note("reload")
    result = await context.state.engines.reload_async()
    text = result.text()
    if len(text) > MAX_REPLY:
        text = text[:MAX_REPLY].rsplit("\n", 1)[0] + "\n…"
    deliver(context, message.chat.id, escape_html(text), reply_to=message.message_id, topic=topic_of(message))
    raise ApplicationHandlerStop
