"""Inline keyboards from the engine's buttons, and the adapter's own button data.

Callback data is the engine's action ("go:<node-id>", or "fb:<entry-id>:<choice>" for a
vote) or the adapter's "x" (Dismiss); nothing else is ever sent, so anything else was forged.
"""
from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.engine import Reply

from .texts import DISMISS_LABEL

log = logging.getLogger(__name__)

DISMISS = "x"
MAX_CALLBACK_BYTES = 64


def keyboard_for(reply: Reply, *, dismissible: bool) -> InlineKeyboardMarkup | None:
    """The reply's navigation buttons, plus Dismiss for answers posted in groups."""
    rows = []
    for row in reply.buttons:
        buttons = []
        for button in row:
            if len(button.action.encode()) > MAX_CALLBACK_BYTES:
                # `bot check` rejects such content; a button Telegram refuses must not sink the answer
                log.warning("button %r of %s dropped: data over 64 bytes", button.label, reply.node)
                continue
            buttons.append(InlineKeyboardButton(button.label, callback_data=button.action))
        if buttons:
            rows.append(buttons)
    if dismissible:
        rows.append([InlineKeyboardButton(DISMISS_LABEL, callback_data=DISMISS)])
    return InlineKeyboardMarkup(rows) if rows else None
