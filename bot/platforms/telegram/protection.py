"""Community protection on Telegram (issue 14): fake admins, "DM me" hijacks, /verify, join notices, Undo.

The policy is `bot.core.protection`; this module gathers the facts Telegram
gives (chat_member updates and new-member service messages for joins; a
member's first message, or a message under a new name, where privacy mode lets
the bot see it; the chat's administrators, cached) and carries out what the
policy decides: restrictChatMember, a warning under the asker's question, a
mod-log line with an Undo button that only the chat's admins may press.
Telegram sends no update when a member renames; a message under a new name is
how the bot sees it.
"""
from __future__ import annotations

import logging
import time

from telegram import (
    Chat,
    ChatMember,
    ChatPermissions,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
    User,
)
from telegram.error import TelegramError

from bot.core import protection
from bot.core.markup import escape_html

from . import modlog
from .addressing import command_argument, from_a_bot, in_group, replied_to, sender_key, topic_of
from .admins import GROUP_ANONYMOUS_BOT_ID
from .replies import NO_PREVIEW, deliver
from .state import PLATFORM, RouteContext

log = logging.getLogger(__name__)

VERIFY_HINT = "/verify @username (or reply to their message with /verify)"
VERIFY_USAGE = "Reply to someone's message with /verify, or send /verify @username, to check whether they are an admin here."
VERIFY_GROUPS_ONLY = "/verify works in groups: it tells whether an account is an admin of that group."
UNDO_LABEL = "↩ Undo"
UNDO_ONLY_ADMINS = "Only admins of that chat can undo this."
UNDO_DONE = "Undone: the member may post again."
UNDO_FAILED = "I couldn't lift the restriction (am I still an admin there with the right to restrict?)."
_JOINED = (ChatMember.MEMBER, ChatMember.RESTRICTED)
_GONE = (ChatMember.LEFT, ChatMember.BANNED)


def person_of(user: User) -> protection.Person:
    return protection.Person(user.id, user.full_name, user.username or "")


def _admin_list(members: tuple[ChatMember, ...]) -> list[protection.Admin]:
    return [protection.Admin(m.user.id, m.user.full_name, m.user.username or "") for m in members]


# -- joins and names ---------------------------------------------------------------

async def member_changed(update: Update, context: RouteContext) -> None:
    """A chat_member update (the bot must be an admin to get them): check whoever joined."""
    change = update.chat_member
    if change is None or not in_group(change.chat):
        return
    old, new = change.old_chat_member, change.new_chat_member
    was_in = old.status not in _GONE and not (old.status == ChatMember.RESTRICTED and not old.is_member)
    is_in = new.status in _JOINED and not (new.status == ChatMember.RESTRICTED and not new.is_member)
    if new.status in (ChatMember.ADMINISTRATOR, ChatMember.OWNER):
        context.state.members.forget_chat(change.chat.id)  # a new admin: the cached list is old
        return
    if is_in and not was_in:
        await joined(context, change.chat, new.user)


async def new_members(update: Update, context: RouteContext) -> None:
    """The "X joined" service message (sent even in privacy mode): check each newcomer."""
    message = update.effective_message
    if message is None or not in_group(message.chat):
        return
    for user in message.new_chat_members or ():
        await joined(context, message.chat, user, topic=topic_of(message))


async def joined(context: RouteContext, chat: Chat, user: User, *, topic: int | None = None) -> None:
    state, bot = context.state, context.bot
    if user.id == bot.id:
        return
    person = person_of(user)
    # a join may arrive twice (chat_member and the service message): check it once
    if not state.seen_names.changed(PLATFORM, chat.id, person):
        return
    await check_name(context, chat, user, protection.JOIN)
    settings = state.chat_settings(chat.id)
    if settings.joinnotice and not user.is_bot and state.join_notices.due(PLATFORM, chat.id):
        deliver(context, chat.id, escape_html(protection.join_notice(VERIFY_HINT)), topic=topic)


async def check_sender(message: Message, context: RouteContext) -> None:
    """A member's first message seen here, or one under a new name: check the name once."""
    user = message.from_user
    if not in_group(message.chat) or user is None or message.sender_chat is not None or user.is_bot:
        return
    state = context.state
    if not state.chat_settings(message.chat.id).impersonation:
        return
    person = person_of(user)
    seen_before = state.seen_names.seen(PLATFORM, message.chat.id, person.id)
    if state.seen_names.changed(PLATFORM, message.chat.id, person):
        await check_name(context, message.chat, user,
                         protection.RENAME if seen_before else protection.FIRST_MESSAGE)


async def check_name(context: RouteContext, chat: Chat, user: User, event: str) -> None:
    """Ask the policy about this member's name; act and report as the chat chose."""
    state, bot = context.state, context.bot
    settings = state.chat_settings(chat.id)
    if not settings.impersonation:
        return
    admins = await state.members.admins(bot, chat.id)
    if not admins:  # without the admin list a real admin could be taken for a fake one
        log.info("protection: no admin list for chat %s; name check skipped", chat.id)
        return
    flag = protection.check_name(settings, person_of(user), _admin_list(admins), bot_id=bot.id, event=event,
                                 is_bot=user.is_bot)
    if flag is None:
        return
    outcome, acted = flag.done(), False
    if flag.acts:
        if await state.members.bot_can_restrict(bot, chat):
            until = int(time.time()) + flag.seconds if flag.seconds else None
            try:
                acted = await bot.restrict_chat_member(chat.id, user.id, ChatPermissions.no_permissions(),
                                                       until_date=until)
            except TelegramError as exc:
                log.info("could not restrict a member in chat %s: %s", chat.id, exc.__class__.__name__)
                outcome = protection.FAILED
        else:
            outcome = protection.NO_RIGHT
    log.info("protection: impersonation:%s on %s in chat %s, %s", flag.rule, event, chat.id, outcome)
    line = flag.modlog(PLATFORM, modlog.place_of(chat), modlog.user_of(user), outcome)
    keyboard = undo_keyboard(chat.id, user.id) if acted else None
    # an action an admin may want to undo is shown in the chat itself when there is no mod-log chat
    modlog.post_line(context, line, keyboard=keyboard, fallback_chat=chat.id if acted else None)


def undo_keyboard(chat_id: int, user_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(UNDO_LABEL,
                                                       callback_data=protection.undo_data(chat_id, user_id))]])


async def undo(update: Update, context: RouteContext) -> None:
    """The Undo button under a mod-log line: an admin of that chat lifts the restriction."""
    query = update.callback_query
    target = protection.parse_undo(query.data)
    if target is None:
        await query.answer()
        return
    chat_id, user_id = target
    bot, members = context.bot, context.state.members
    presser = query.from_user
    if presser is None or not await members.is_admin(bot, chat_id, presser.id):
        await query.answer(UNDO_ONLY_ADMINS, show_alert=True)
        return
    try:
        chat = await bot.get_chat(chat_id)
        permissions = chat.permissions or ChatPermissions.all_permissions()
        await bot.restrict_chat_member(chat_id, user_id, permissions)
    except (TelegramError, KeyError, TypeError, ValueError) as exc:  # refused, or an answer that does not parse
        log.info("could not undo a restriction in chat %s: %s", chat_id, exc.__class__.__name__)
        await query.answer(UNDO_FAILED, show_alert=True)
        return
    log.info("protection: restriction in chat %s undone by an admin", chat_id)
    await query.answer(UNDO_DONE)
    message = query.message
    if isinstance(message, Message) and message.is_accessible and message.text:
        try:
            await message.edit_text(protection.undone_line(message.text, modlog.user_of(presser)),
                                    link_preview_options=NO_PREVIEW)
        except TelegramError as exc:
            log.info("could not mark a mod-log line undone: %s", exc.__class__.__name__)


# -- "DM me" hijacks ---------------------------------------------------------------

def _addressed(message: Message, bot_id: int, bot_username: str) -> tuple[Message | None, list[str]]:
    """The message replied to (someone else's question) and the people the reply opens by
    addressing ("@anna try this"). Other mentions are not the asker: "contact @recovery_pro"
    names a contact, and stays one for the check."""
    author = message.from_user.id if message.from_user else None
    target = replied_to(message)
    if target is not None:
        who = target.from_user
        if who is None or who.id in (author, bot_id) or who.is_bot or target.sender_chat is not None:
            target = None
    names = []
    parse = message.parse_entities if message.text else message.parse_caption_entities
    text = message.text or message.caption or ""
    lead = len(text) - len(text.lstrip())
    for entity, shown in sorted(parse([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items(),
                                key=lambda item: item[0].offset):
        start = len(text.encode("utf-16-le")[: entity.offset * 2].decode("utf-16-le"))
        if start > lead:  # past the opening mentions: the rest of the message
            break
        lead = start + len(shown)
        while lead < len(text) and text[lead] in " ,:":
            lead += 1
        if entity.type == MessageEntity.MENTION:
            if shown.lstrip("@").casefold() != bot_username.casefold():
                names.append(shown.lstrip("@"))
        elif entity.user is not None and entity.user.id not in (author, bot_id):
            names.extend(n for n in (entity.user.username, entity.user.first_name) if n)
    return target, names


async def check_hijack(message: Message, text: str, context: RouteContext) -> bool:
    """A non-admin's "DM me" reply to someone's question: warn the asker; True when flagged."""
    if not in_group(message.chat) or message.from_user is None or message.sender_chat is not None \
            or from_a_bot(message):
        return False
    state, bot = context.state, context.bot
    settings = state.chat_settings(message.chat.id)
    if not settings.hijack:
        return False
    key = (message.chat.id, message.message_id)
    if key in state.hijacks_flagged:  # an edit of a reply already flagged
        return True
    target, mentioned = _addressed(message, bot.id, bot.username or "")
    if target is None and not mentioned:
        return False
    asker = list(mentioned)
    if target is not None:
        asker += [n for n in (target.from_user.username, target.from_user.first_name, target.from_user.full_name) if n]
    flag = protection.check_reply(settings, text, author_is_admin=False, asker=asker)
    if flag is None or message.from_user.id == GROUP_ANONYMOUS_BOT_ID \
            or await state.members.sender_is_admin(bot, message):
        return False
    state.hijacks_flagged.add(*key)
    chat = message.chat
    deleted = False
    if flag.delete and await state.members.bot_can_delete(bot, chat):
        try:
            deleted = await message.delete()
        except TelegramError as exc:
            log.info("could not delete a DM-me reply in chat %s: %s", chat.id, exc.__class__.__name__)
    log.info("protection: hijack:%s in chat %s, deleted=%s", flag.rule, chat.id, deleted)
    quote = target.message_id if target is not None else None if deleted else message.message_id
    outcome = protection.WARNED
    if flag.delete:
        outcome += f"; {protection.DELETED if deleted else protection.NOT_DELETED}"
    deliver(context, chat.id, escape_html(protection.hijack_warning(VERIFY_HINT)), reply_to=quote,
            topic=topic_of(message))
    modlog.post_line(context, flag.modlog(PLATFORM, modlog.place_of(chat), modlog.sender_of(message), outcome))
    return True


# -- /verify -----------------------------------------------------------------------

async def verify(update: Update, context: RouteContext) -> None:
    """/verify @username, or /verify in reply to a message: is that account an admin here?"""
    message = update.effective_message
    bot, state = context.bot, context.state
    if not in_group(message.chat):
        deliver(context, message.chat.id, escape_html(VERIFY_GROUPS_ONLY))
        return
    if from_a_bot(message) or state.requests.hit((message.chat.id, sender_key(message))) != "ok":
        return
    admins = await state.members.admins(bot, message.chat.id)
    user, handle = _verify_target(message, bot.id)
    if user is None and not handle:
        text = VERIFY_USAGE
    else:
        if user is not None:
            label = user.full_name + (f" (@{user.username})" if user.username else "")
            is_admin = any(m.user.id == user.id for m in admins)
        else:
            label = f"@{handle}"
            is_admin = any((m.user.username or "").casefold() == handle.casefold() for m in admins)
        # anonymous admins chose not to be shown; bots are not who people ask for help
        names = [m.user.full_name for m in admins if not getattr(m, "is_anonymous", False) and not m.user.is_bot]
        text = protection.verify_answer(label, is_admin, names)
    deliver(context, message.chat.id, escape_html(text), reply_to=message.message_id, topic=topic_of(message))


def _verify_target(message: Message, bot_id: int) -> tuple[User | None, str]:
    for entity in message.entities or ():
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
            return entity.user, ""
    argument = command_argument(message).split()
    if argument and argument[0].startswith("@") and len(argument[0]) > 1:
        return None, argument[0][1:64]
    target = replied_to(message)
    if target is not None and target.from_user is not None and target.sender_chat is None:
        return target.from_user, ""
    return None, ""
