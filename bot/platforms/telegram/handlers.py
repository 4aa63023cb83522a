"""Which handler gets which update, and what happens when one fails."""
from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, ChatMemberHandler, CommandHandler, MessageHandler, filters

from . import buttons, conversation, gaps, moderation, protection
from .safety_hook import check_message
from .state import RouteContext

log = logging.getLogger(__name__)

# new and edited messages, never channel posts; commands only when new (an edit is no new request)
_MESSAGES = filters.UpdateType.MESSAGES
_NEW = filters.UpdateType.MESSAGE
_WORDS = filters.TEXT | filters.CAPTION


def register(app: Application) -> None:
    """Wire every handler; the safety hook runs first (group -1) and may stop the rest."""
    app.add_handler(MessageHandler(_MESSAGES & _WORDS, check_message), group=-1)
    app.add_handler(MessageHandler(filters.StatusUpdate.NEW_CHAT_MEMBERS, protection.new_members), group=-1)
    app.add_handler(CommandHandler("start", conversation.start, filters=_NEW))
    app.add_handler(CommandHandler("help", conversation.show_help, filters=_NEW))
    app.add_handler(CommandHandler(["bnb_route", "route"], conversation.route, filters=_NEW))
    app.add_handler(CommandHandler("warn", moderation.warn, filters=_NEW))
    app.add_handler(CommandHandler("autoanswer", moderation.autoanswer, filters=_NEW))
    app.add_handler(CommandHandler("linkguard", moderation.linkguard, filters=_NEW))
    app.add_handler(CommandHandler("impersonation", moderation.impersonation, filters=_NEW))
    app.add_handler(CommandHandler("dmguard", moderation.dmguard, filters=_NEW))
    app.add_handler(CommandHandler("dmdelete", moderation.dmdelete, filters=_NEW))
    app.add_handler(CommandHandler("joinnotice", moderation.joinnotice, filters=_NEW))
    app.add_handler(CommandHandler("verify", protection.verify, filters=_NEW))
    app.add_handler(MessageHandler(_MESSAGES & _WORDS & ~filters.COMMAND, conversation.text_message))
    # operators only, in private; before the fallback below so nobody else gets the help for it
    app.add_handler(CommandHandler("gaps", gaps.gaps, filters=_NEW & filters.ChatType.PRIVATE))
    # in groups an unknown command is likely another bot's; in private it is meant for this one
    app.add_handler(MessageHandler(_NEW & filters.COMMAND & filters.ChatType.PRIVATE,
                                   conversation.show_help))
    app.add_handler(CallbackQueryHandler(protection.undo, pattern=r"^undo:"))
    app.add_handler(CallbackQueryHandler(buttons.press))
    app.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(ChatMemberHandler(protection.member_changed, ChatMemberHandler.CHAT_MEMBER))
    app.add_error_handler(on_error)


async def membership_changed(update: Update, context: RouteContext) -> None:
    """Forget cached rights when the bot's own membership in a chat changes."""
    change = update.my_chat_member
    context.state.members.forget_chat(change.chat.id)
    status = change.new_chat_member.status
    if status in (ChatMember.LEFT, ChatMember.BANNED):
        log.info("removed from chat %s", change.chat.id)
    else:
        log.info("now %s in chat %s", status, change.chat.id)


async def on_error(update: object, context: RouteContext) -> None:
    """Log what went wrong, without message text, and carry on."""
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    where = f"chat {chat.id}" if chat else "no chat"
    if isinstance(error, Forbidden):
        # removed from the chat, or blocked by the person: nothing to say there any more
        log.info("not allowed to post in %s: %s", where, error.message)
        if chat:
            context.state.members.forget_chat(chat.id)
    elif isinstance(error, RetryAfter):
        log.warning("flood control in %s: retry after %s s", where, error.retry_after)
    elif isinstance(error, BadRequest):  # before NetworkError: python-telegram-bot derives it from that
        log.warning("Telegram refused a request in %s: %s", where, error.message)
    elif isinstance(error, NetworkError):  # TimedOut included; polling retries by itself
        log.warning("network error in %s: %s", where, error.message)
    else:
        # the class and where it was raised: an error's text may quote the update's raw values
        # (a wrongly typed field), so the traceback is logged only at DEBUG
        log.error("unexpected error in %s: %s at %s", where, error.__class__.__name__, _origin(error))
        log.debug("the unexpected error in %s", where, exc_info=error)


def _origin(error: BaseException) -> str:
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return "?"
    code = tb.tb_frame.f_code
    return f"{code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno} in {code.co_name}"
