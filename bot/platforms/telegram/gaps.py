"""/gaps: the operators' short summary of the record, in a private chat with the bot.

What people ask that the bot does not answer, and which answers were voted
down (bot.storage.stats). Only BOT_OPERATORS get a reply; from anyone else
the command is ignored without a word, so it tells nobody it exists.
"""
from __future__ import annotations

import asyncio

from telegram import Update

from bot.core.markup import escape_html

from .replies import deliver
from .state import PLATFORM, RouteContext

# characters of the summary: even all outside the BMP (two UTF-16 units each, as Telegram
# counts) that is 4000, inside Telegram's 4096
MAX_CHARACTERS = 2000


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
    from bot.storage.stats import gaps_summary

    text = await asyncio.to_thread(gaps_summary, state.recorder)
    deliver(context, message.chat.id, escape_html(within_limit(text)))
