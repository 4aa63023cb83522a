"""Questions in, answers out: /start, /help, /bnb_route, /route and plain messages.

Private chats: every message is answered. Groups: only when the bot is
addressed (command, @mention, reply to it), or, in auto-answer mode, a clear
question that matches confidently. Group answers quote the question, so the
asker is known later from Telegram's own data.
"""
from __future__ import annotations

import logging

from telegram import Chat, Message, Update

from bot import safety
from bot.core import contract
from bot.core.delivery import ANSWER
from bot.core.engine import SECRET, Reply

from . import texts
from .addressing import (
    addresses_bot,
    command_argument,
    from_a_bot,
    in_group,
    message_text,
    sender_key,
    topic_of,
    without_mention,
)
from .keyboards import keyboard_for
from .replies import deliver, name_html, notice_html, reply_html
from .safety_hook import act_on
from .state import RouteContext

log = logging.getLogger(__name__)


async def start(update: Update, context: RouteContext) -> None:
    """Show the start menu, or the entry a deep link (/start <entry-id>) names."""
    message = update.effective_message
    if not await admit(message, context):
        return
    engine = context.state.engine
    wanted = command_argument(message)
    reply = (engine.open(wanted) if wanted else None) or engine.open(contract.ROOT)
    await answer(message, reply, context)


async def show_help(update: Update, context: RouteContext) -> None:
    """Say in a few lines what the bot does and how to use it."""
    message = update.effective_message
    if await admit(message, context):
        await answer(message, context.state.engine.help(), context)


async def route(update: Update, context: RouteContext) -> None:
    """Answer the question after /bnb_route or /route; the menu when there is none."""
    message = update.effective_message
    if await admit(message, context):
        question = without_mention(command_argument(message), context.bot)
        await answer(message, _ask(question, context), context, question=question)


async def text_message(update: Update, context: RouteContext) -> None:
    """Answer a message: always in private; in groups when addressed or by auto-answer."""
    message = update.effective_message
    chat = message.chat
    state = context.state
    if (chat.id, message.message_id) in state.answered:
        return  # an edit of a message already answered
    text = message_text(message)
    if chat.type == Chat.PRIVATE or (in_group(chat) and addresses_bot(message, context.bot)):
        if await admit(message, context):
            question = without_mention(text, context.bot)
            await answer(message, _ask(question, context), context, question=question)
    elif in_group(chat) and state.chat_settings(chat.id).autoanswer and not from_a_bot(message):
        await _auto_answer(message, text, context)


def _ask(question: str, context: RouteContext) -> Reply:
    engine = context.state.engine
    return engine.ask(question, finding=context.finding) if question.strip() else engine.open(contract.ROOT)


async def _auto_answer(message: Message, text: str, context: RouteContext) -> None:
    state = context.state
    reply = state.auto_answer.reply_for(state.engine, message.chat.id, sender_key(message), text,
                                        finding=context.finding)
    if reply is None:
        return
    await answer(message, reply, context, question=text)


async def admit(message: Message, context: RouteContext) -> bool:
    """May this addressed request be answered? Bots never; people within their rate limit."""
    if from_a_bot(message):
        return False
    verdict = context.state.requests.hit((message.chat.id, sender_key(message)))
    if verdict == "limited":
        log.info("rate limit reached in chat %s", message.chat.id)
        deliver(context, message.chat.id, notice_html(texts.RATE_LIMITED, name=name_html(message)),
                reply_to=message.message_id, topic=topic_of(message))
    return verdict == "ok"


async def answer(message: Message, reply: Reply, context: RouteContext, question: str | None = None) -> None:
    """Post the engine's reply: in groups quoting the question, with Dismiss, in its topic.
    A reply to a `question` goes to the record (the menu for an empty one does not)."""
    if reply.kind == SECRET:
        # the engine's own guard caught what the safety hook let through: treat it the same way
        await act_on(safety.Finding(rule="secret", action="delete"), message, context)
        return
    group = in_group(message.chat)
    state, chat_id = context.state, message.chat.id
    on_sent = None
    if question and question.strip():
        def on_sent(sent: Message | None) -> None:  # recorded once, linked to the answer when it went out
            state.record(chat_id, reply, message=sent.message_id if sent else None, question=question)
    text = reply_html(reply, context.reminder)
    deliver(context, chat_id, text, kind=ANSWER, reply_to=message.message_id if group else None,
            topic=topic_of(message), keyboard=keyboard_for(reply, dismissible=group), key=text, on_sent=on_sent)
    state.answered.add(chat_id, message.message_id)
    log.info("answered in chat %s: %s %s", chat_id, reply.decision, reply.node)
