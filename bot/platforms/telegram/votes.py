""""Did this help?" presses under answers: anyone who sees an answer may vote on it, once.

Voting is not navigation: the engine counts the vote through the recorder (in a
worker thread: it waits on the database), the buttons every viewer shares are
updated to the new counts, and only the voter is told what happened, in the
callback answer's toast. The message text never changes.
"""
from __future__ import annotations

import asyncio

from telegram import CallbackQuery, Message
from telegram.error import BadRequest

from bot.core.feedback import DUPLICATE, AnswerRef, parse_vote
from bot.core.trace import note

from . import texts
from .addressing import in_group
from .keyboards import keyboard_for
from .state import PLATFORM, RouteContext


def is_vote(data: object) -> bool:
    return parse_vote(data) is not None


def shown_on(message: Message, data: str) -> bool:
    """Is a button with this data under the message? (Anything else was forged or is stale.)"""
    markup = message.reply_markup
    return markup is not None and any(button.callback_data == data
                                      for row in markup.inline_keyboard for button in row)


async def vote(query: CallbackQuery, message: Message, context: RouteContext) -> None:
    """Count the press as the presser's vote on this answer; update the counts for everyone."""
    state = context.state
    if state.recorder is None or not shown_on(message, query.data):
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    answer = AnswerRef(PLATFORM, message.chat.id, message.message_id)
    voted = await asyncio.to_thread(state.engine.vote, query.data, state.recorder, answer, query.from_user.id)
    if voted is None:  # the entry is gone since a content reload
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    note("vote")  # the update's log line: a vote, not the answer it re-renders
    await query.answer(voted.notice)
    if voted.status == DUPLICATE:
        return  # nothing changed: no edit, one less message against the chat's flood limit
    try:
        await message.edit_reply_markup(keyboard_for(voted.reply, dismissible=in_group(message.chat)))
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():  # two votes that left the same counts
            raise
