"""The safety guard's hook into Telegram: what happens to a message it flags.

Detection lives in `bot.safety`; this decides what the bot does about a
finding in a chat. It runs before any other handler (group -1), for every
text or caption it sees, edits included. A flagged text is never matched as a
question, echoed or logged.
"""
from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import safety
from bot.core.engine import SECRET
from bot.core.markup import escape_html
from bot.core.render import render_doc, render_text
from bot.core.trace import note

from . import modlog, protection
from .addressing import asks_the_bot, message_text, topic_of
from .replies import deliver
from .state import RouteContext

log = logging.getLogger(__name__)


async def check_message(update: Update, context: RouteContext) -> None:
    """Run the safety guard over a message before anything else reads it."""
    message = update.effective_message
    text = message_text(message) if message else ""
    if not text:
        return
    state = context.state
    linkguard = state.chat_settings(message.chat.id).linkguard
    finding = context.finding = state.engine.screen(text, link_guard=linkguard)
    if finding is not None and await act_on(finding, message, context):
        raise ApplicationHandlerStop
    # community protection: the sender's name (first message, new name), then "DM me" replies
    await protection.check_sender(message, context)
    if await protection.check_hijack(message, text, context):
        raise ApplicationHandlerStop


async def act_on(finding: safety.Finding, message: Message, context: RouteContext) -> bool:
    """Do what a finding asks; True when the message must not be read any further."""
    chat = message.chat
    if finding.action == "remind":
        context.reminder = _reminder(context)  # added under the answer, if there is one
        return False
    if finding.action == "delete":
        note(SECRET)  # the update's log line says what the record says
        deleted = False
        can_delete = await context.state.members.bot_can_delete(context.bot, chat)
        if can_delete:
            try:
                deleted = await message.delete()
            except TelegramError as exc:
                log.info("could not delete a flagged message in chat %s: %s", chat.id,
                         exc.__class__.__name__)
        log.info("safety: %s in chat %s, deleted=%s", finding.rule, chat.id, deleted)
        if asks_the_bot(message, context.bot):
            context.state.record_secret(chat.id)
        notice = _secret_notice(finding, deleted, can_delete, message, context)
        outcome = safety.deletion_outcome(deleted, can_delete, "delete right")
        deliver(context, chat.id, notice, reply_to=None if deleted else message.message_id,
                topic=topic_of(message))
        # queued in the mod-log chat's own backlog: it never delays the notice, nor the update
        modlog.post(context, message, finding.rule, outcome)
        return True
    if finding.action == "link":
        log.info("safety: %s in chat %s", finding.rule, chat.id)
        deliver(context, chat.id, _link_notice(finding, context), reply_to=message.message_id,
                topic=topic_of(message))
        return True
    return False  # an action this adapter does not know yet: let the message through


def _secret_notice(finding: safety.Finding, deleted: bool, can_delete: bool, message: Message,
                   context: RouteContext) -> str:
    """The engine's notice (the same on every platform); never the flagged text."""
    return render_text(context.state.engine.secret_notice(finding, deleted, can_delete=can_delete), "html")


def _link_notice(finding: safety.Finding, context: RouteContext) -> str:
    return render_text(context.state.engine.link_notice(finding), "html")


def _reminder(context: RouteContext) -> str:
    """One short HTML paragraph to add under an answer."""
    reminder = context.state.engine.key_reminder()
    return f"🔐 <b>{escape_html(reminder.title)}</b>: {render_doc(reminder.body, 'html')}"
