"""/gaps: the operators' short summary of the record, in a private chat with the bot.

What people ask that the bot does not answer, and which answers were voted
down (bot.storage.stats). Only BOT_OPERATORS get a reply; from anyone else
the command is ignored without a word, so it tells nobody it exists.
"""
from __future__ import annotations

import asyncio
import logging

from telegram import Update

from bot.core.markup import escape_html

from . import texts
from .replies import deliver
from .state import PLATFORM, RouteContext

log = logging.getLogger(__name__)

DAYS = 30
# characters of the summary: even all outside the BMP (two UTF-16 units each, as Telegram
# counts) that is 4000, inside Telegram's 4096
MAX_CHARACTERS = 2000


def summary(store) -> str:
    """The last DAYS days of the record as plain text (reads the database: call in a thread)."""
    from bot.storage.stats import compute, gaps_text

    return gaps_text(compute(store, days=DAYS))


def within_limit(text: str, limit: int = MAX_CHARACTERS) -> str:
    """`text` cut at a line end to fit one message, marked when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 2]
    return (cut.rsplit("\n", 1)[0] if "\n" in cut else cut) + "\n…"


async def gaps(update: Update, context: RouteContext) -> None:
    """Operators only: the summary of the last DAYS days, escaped for HTML."""
    message = update.effective_message
    user = message.from_user if message.sender_chat is None else None
    state = context.state
    if user is None or not state.access.is_operator(PLATFORM, user.id):
        return  # as if the command did not exist
    recorder = state.recorder
    if recorder is None or not recorder.enabled:
        text = texts.GAPS_OFF
    else:
        try:
            text = await asyncio.to_thread(summary, recorder.store)
        except Exception as exc:  # a database that is down: say so, never fail silently
            from bot.storage.errors import describe_error

            log.warning("/gaps: cannot read the record: %s", describe_error(exc))
            text = texts.GAPS_FAILED
    deliver(context, message.chat.id, escape_html(within_limit(text)))
