"""Button presses: navigate in place, Dismiss, and refusals that change nothing.

In a group only the asker (the author of the message the bot's answer
replies to) or an admin steers an answer; anyone else is sent, through the
callback answer's URL, to a private chat opened at the same step. "Did this
help?" votes are open to everyone (`votes.py`).
"""
from __future__ import annotations

from telegram import Message, Update, User
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.helpers import create_deep_linked_url

from bot.core import contract

from . import texts
from .addressing import asker_of, in_group
from .keyboards import DISMISS, keyboard_for
from .replies import NO_PREVIEW, reply_html
from .state import RouteContext
from .votes import is_vote, vote


async def press(update: Update, context: RouteContext) -> None:
    """Narrow the route in place for the asker or an admin; redirect or refuse anyone else."""
    query = update.callback_query
    message = query.message
    if not isinstance(message, Message) or not message.is_accessible:
        # an inline message, or one Telegram no longer shows us: nothing to steer
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    group = in_group(message.chat)
    if query.data == DISMISS:
        if group and not await may_steer(query.from_user, message, context):
            await query.answer(texts.NOT_YOURS_DISMISS, show_alert=True)
            return
        await query.answer()
        try:
            await message.delete()
        except BadRequest:
            pass  # already gone: what Dismiss wanted
        return
    if is_vote(query.data):
        await vote(query, message, context)  # anyone may vote: no steering check
        return
    reply = context.state.engine.press(query.data)
    if reply is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    if group and not await may_steer(query.from_user, message, context):
        await query.answer(url=create_deep_linked_url(context.bot.username, reply.node or contract.ROOT))
        return
    await query.answer()
    context.state.record(message.chat.id, reply, message=message.message_id, via="button")
    try:
        await message.edit_text(reply_html(reply), parse_mode=ParseMode.HTML,
                                reply_markup=keyboard_for(reply, dismissible=group),
                                link_preview_options=NO_PREVIEW)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():  # the same button pressed twice is fine
            raise


async def may_steer(user: User, answer: Message, context: RouteContext) -> bool:
    """The asker of a group answer, or an admin of the chat."""
    asker = asker_of(answer)
    if asker is not None and asker.id == user.id:
        return True
    return await context.state.members.is_admin(context.bot, answer.chat.id, user.id)
