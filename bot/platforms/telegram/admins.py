"""Who may moderate a chat, and what the bot itself may do there.

Both come from getChatMember, cached for about a minute so a busy group does
not cost one API call per message.
"""
from __future__ import annotations

import logging
import time
from collections import OrderedDict
from typing import Callable

from telegram import Bot, Chat, ChatMember, ChatMemberAdministrator, Message
from telegram.error import TelegramError

log = logging.getLogger(__name__)

# Telegram's placeholder sender for admins posting anonymously on behalf of the group
GROUP_ANONYMOUS_BOT_ID = 1087968824
_ADMIN_STATUSES = (ChatMember.ADMINISTRATOR, ChatMember.OWNER)


def sent_by_anonymous_admin(message: Message) -> bool:
    """Messages posted on behalf of the chat itself can only come from its admins."""
    if message.sender_chat is not None and message.sender_chat.id == message.chat.id:
        return True
    return message.from_user is not None and message.from_user.id == GROUP_ANONYMOUS_BOT_ID


class MemberCache:
    """getChatMember answers per (chat, user), kept for `ttl` seconds."""

    def __init__(self, ttl: float = 60.0, *, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000) -> None:
        self.ttl = ttl
        self.clock = clock
        self.max_keys = max_keys
        self._members: OrderedDict[tuple[int, int], tuple[float, ChatMember | None]] = OrderedDict()
        self._admins: OrderedDict[int, tuple[float, tuple[ChatMember, ...]]] = OrderedDict()

    async def member(self, bot: Bot, chat_id: int, user_id: int) -> ChatMember | None:
        key = (chat_id, user_id)
        cached = self._members.get(key)
        if cached is not None and self.clock() - cached[0] < self.ttl:
            return cached[1]
        try:
            member: ChatMember | None = await bot.get_chat_member(chat_id, user_id)
        except (TelegramError, KeyError, TypeError, ValueError) as exc:
            # not found, removed, or an answer that does not parse: nobody is admin as far as
            # the bot can tell
            log.info("getChatMember failed in chat %s: %s", chat_id, exc.__class__.__name__)
            member = None
        self._members[key] = (self.clock(), member)
        self._members.move_to_end(key)
        while len(self._members) > self.max_keys:
            self._members.popitem(last=False)
        return member

    async def is_admin(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        member = await self.member(bot, chat_id, user_id)
        return member is not None and member.status in _ADMIN_STATUSES

    async def sender_is_admin(self, bot: Bot, message: Message) -> bool:
        """Did an administrator of the message's chat send it (anonymous admins included)?"""
        if sent_by_anonymous_admin(message):
            return True
        if message.from_user is None or message.sender_chat is not None:
            return False
        return await self.is_admin(bot, message.chat.id, message.from_user.id)

    async def bot_can_delete(self, bot: Bot, chat: Chat) -> bool:
        """May the bot delete other people's messages here? (Always in a private chat.)"""
        if chat.type == Chat.PRIVATE:
            return True
        member = await self.member(bot, chat.id, bot.id)
        return isinstance(member, ChatMemberAdministrator) and bool(member.can_delete_messages)

    async def bot_is_admin(self, bot: Bot, chat: Chat) -> bool:
        return chat.type != Chat.PRIVATE and await self.is_admin(bot, chat.id, bot.id)

    async def admins(self, bot: Bot, chat_id: int) -> tuple[ChatMember, ...]:
        """The chat's administrators (getChatAdministrators), kept like single members; empty on failure."""
        cached = self._admins.get(chat_id)
        if cached is not None and self.clock() - cached[0] < self.ttl:
            return cached[1]
        try:
            found = tuple(await bot.get_chat_administrators(chat_id))
        except (TelegramError, KeyError, TypeError, ValueError) as exc:
            log.info("getChatAdministrators failed in chat %s: %s", chat_id, exc.__class__.__name__)
            found = ()
        self._admins[chat_id] = (self.clock(), found)
        self._admins.move_to_end(chat_id)
        while len(self._admins) > self.max_keys:
            self._admins.popitem(last=False)
        return found

    async def bot_can_restrict(self, bot: Bot, chat: Chat) -> bool:
        """May the bot restrict members here?"""
        if chat.type == Chat.PRIVATE:
            return False
        member = await self.member(bot, chat.id, bot.id)
        return isinstance(member, ChatMemberAdministrator) and bool(member.can_restrict_members)

    def forget_chat(self, chat_id: int) -> None:
        for key in [k for k in self._members if k[0] == chat_id]:
            del self._members[key]
        self._admins.pop(chat_id, None)
