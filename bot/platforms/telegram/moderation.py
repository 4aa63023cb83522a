"""Moderator commands: /warn and the settings switches (chat admins only): /autoanswer, /linkguard,
/impersonation, /dmguard, /dmdelete, /joinnotice.

From anyone else they are ignored without a word, so nobody can make the bot
speak through them.
"""
from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import TelegramError

from bot.core.chat_settings import parse_action, parse_switch
from bot.core.markup import escape_html

from . import modlog, texts
from .addressing import command_argument, in_group, replied_to, topic_of
from .replies import deliver, notice_html, reply_html
from .state import PLATFORM, RouteContext

log = logging.getLogger(__name__)


async def warn(update: Update, context: RouteContext) -> None:
    """Post a canned warning, as a reply to the message the command replies to."""
    message = update.effective_message
    if not await _from_admin(message, context):
        return
    engine, bot = context.state.engine, context.bot
    wanted = command_argument(message).split()
    reply = engine.warning(wanted[0]) if wanted else None
    if reply is None:
        ids = engine.warning_ids()
        usage = notice_html(texts.WARN_USAGE, ids=escape_html(", ".join(ids)),
                            example=escape_html(ids[0] if ids else "seed"))
        deliver(context, message.chat.id, usage, reply_to=message.message_id, topic=topic_of(message))
        return
    target = replied_to(message)
    deliver(context, message.chat.id, reply_html(reply),
            reply_to=target.message_id if target else None, topic=topic_of(message))
    log.info("warning %s posted in chat %s", reply.node, message.chat.id)
    outcome = f"{modlog.POSTED} in reply to {modlog.sender_of(target)}" if target else modlog.POSTED
    modlog.post(context, message, f"warning:{reply.node}", outcome)
    if await context.state.members.bot_can_delete(bot, message.chat):
        try:
            await message.delete()  # the warning speaks for the chat, not for one moderator
        except TelegramError as exc:
            log.info("could not delete /warn in chat %s: %s", message.chat.id, exc.__class__.__name__)


async def autoanswer(update: Update, context: RouteContext) -> None:
    """Switch auto-answer on or off for this chat."""
    await _switch(update.effective_message, context, "autoanswer")


async def linkguard(update: Update, context: RouteContext) -> None:
    """Switch the lookalike-link guard on or off for this chat."""
    await _switch(update.effective_message, context, "linkguard")


async def impersonation(update: Update, context: RouteContext) -> None:
    """Switch the impersonation check on or off, or choose its action: report, restrict, timeout."""
    message = update.effective_message
    action = parse_action(command_argument(message))
    if action is None:
        await _switch(message, context, "impersonation")
        return
    bot, state = context.bot, context.state
    if not in_group(message.chat):
        deliver(context, message.chat.id, notice_html(texts.SWITCH_GROUPS_ONLY, command="impersonation"))
        return
    if not await _from_admin(message, context):
        return
    state.settings.set(PLATFORM, message.chat.id, impersonation=True, impersonation_action=action)
    log.info("impersonation action set to %s in chat %s", action, message.chat.id)
    text = notice_html(texts.SWITCH_DONE, label=escape_html(texts.SWITCHES["impersonation"]),
                       state=f"on ({texts.ACTIONS[action]})")
    if action != "report" and not await state.members.bot_can_restrict(bot, message.chat):
        text += "\n\n" + notice_html(texts.RESTRICT_NOTE)
    deliver(context, message.chat.id, text, reply_to=message.message_id, topic=topic_of(message))


async def dmguard(update: Update, context: RouteContext) -> None:
    """Switch the "DM me" hijack warning on or off."""
    await _switch(update.effective_message, context, "hijack", command="dmguard")


async def dmdelete(update: Update, context: RouteContext) -> None:
    """Switch deleting "DM me" hijack replies on or off."""
    await _switch(update.effective_message, context, "hijack_delete", command="dmdelete")


async def joinnotice(update: Update, context: RouteContext) -> None:
    """Switch the short welcome for newcomers on or off."""
    await _switch(update.effective_message, context, "joinnotice")


async def _from_admin(message: Message, context: RouteContext) -> bool:
    return in_group(message.chat) and await context.state.members.sender_is_admin(context.bot, message)


def _state_word(settings: object, name: str) -> str:
    on = bool(getattr(settings, name))
    if name == "impersonation" and on:
        return f"on ({texts.ACTIONS.get(getattr(settings, 'impersonation_action'), 'report only')})"
    return "on" if on else "off"


async def _switch(message: Message, context: RouteContext, name: str, command: str | None = None) -> None:
    bot, state = context.bot, context.state
    command = command or name
    if not in_group(message.chat):
        deliver(context, message.chat.id, notice_html(texts.SWITCH_GROUPS_ONLY, command=command))
        return
    if not await _from_admin(message, context):
        return
    value = parse_switch(command_argument(message))
    label = escape_html(texts.SWITCHES[name])
    if value is None:
        text = notice_html(texts.SWITCH_USAGE, label=label, state=_state_word(state.chat_settings(message.chat.id), name),
                           command=command)
        if name == "impersonation":
            text += "\n" + notice_html(texts.ACTION_USAGE)
    else:
        state.settings.set(PLATFORM, message.chat.id, **{name: value})
        log.info("%s switched %s in chat %s", name, "on" if value else "off", message.chat.id)
        text = notice_html(texts.SWITCH_DONE, label=label, state=_state_word(state.chat_settings(message.chat.id), name))
        if value and name in ("autoanswer", "linkguard", "hijack") and not bot.can_read_all_group_messages \
                and not await state.members.bot_is_admin(bot, message.chat):
            text += "\n\n" + notice_html(texts.PRIVACY_NOTE)
    deliver(context, message.chat.id, text, reply_to=message.message_id, topic=topic_of(message))
