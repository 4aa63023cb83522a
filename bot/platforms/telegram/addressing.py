"""Reading a Telegram message: its text, whether it addresses the bot, who asked.

Only what Telegram itself vouches for is trusted: the author of the message
the bot replied to is the asker; nothing from callback data is.
"""
from __future__ import annotations

import re

from telegram import Bot, Chat, Message, MessageEntity, User

from .admins import sent_by_anonymous_admin

# Telegram caps a message at 4096 characters; anything longer did not come from a client
MAX_TEXT = 4096


def message_text(message: Message) -> str:
    return (message.text or message.caption or "")[:MAX_TEXT]


def in_group(chat: Chat) -> bool:
    return chat.type in (Chat.GROUP, Chat.SUPERGROUP)


def topic_of(message: Message) -> int | None:
    """The forum topic to answer in; None outside forum topics (a reply thread is no topic)."""
    return message.message_thread_id if message.is_topic_message else None


def replied_to(message: Message) -> Message | None:
    """The message this one explicitly replies to.

    In forum topics every message carries the topic's creation message as
    `reply_to_message`; that is no reply.
    """
    target = message.reply_to_message
    if target is None or target.forum_topic_created is not None:
        return None
    return target


def _handle(bot: Bot) -> re.Pattern[str]:
    # what every client turns into a mention entity: @username, not inside a word or an email
    return re.compile(rf"(?<![\w@])@{re.escape(bot.username or '')}\b", re.IGNORECASE)


def mentions_bot(message: Message, bot: Bot) -> bool:
    """@bot in the text, or a text mention (a name linked to the bot's account)."""
    if bot.username and _handle(bot).search(message_text(message)):
        return True
    entities = message.entities if message.text is not None else message.caption_entities
    return any(e.type == MessageEntity.TEXT_MENTION and e.user is not None and e.user.id == bot.id
               for e in entities or ())


def replies_to_bot(message: Message, bot: Bot) -> bool:
    target = replied_to(message)
    return target is not None and target.from_user is not None and target.from_user.id == bot.id


def addresses_bot(message: Message, bot: Bot) -> bool:
    return mentions_bot(message, bot) or replies_to_bot(message, bot)


def asks_the_bot(message: Message, bot: Bot) -> bool:
    """A request to the bot: anything in private, an address in a group, or one of its commands."""
    if message.chat.type == Chat.PRIVATE or addresses_bot(message, bot):
        return True
    first = message_text(message).split(maxsplit=1)
    command, _, target = (first[0] if first else "").partition("@")
    return len(command) > 1 and command.startswith("/") and target.casefold() in ("", (bot.username or "").casefold())


def without_mention(text: str, bot: Bot) -> str:
    """The question with the bot's @handle taken out."""
    return _handle(bot).sub(" ", text).strip() if bot.username else text.strip()


def command_argument(message: Message) -> str:
    """Everything after the command word, line breaks kept."""
    parts = message_text(message).split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def asker_of(answer: Message) -> User | None:
    """The person whose message the bot's answer replies to; None when unknown or anonymous."""
    question = replied_to(answer)
    if question is None or question.sender_chat is not None:
        return None
    return question.from_user


def sender_key(message: Message) -> int:
    """Who sent it, for limits: the chat they posted as, or their user id."""
    if message.sender_chat is not None:
        return message.sender_chat.id
    return message.from_user.id if message.from_user else 0


def from_a_bot(message: Message) -> bool:
    """Sent by a bot (never answered), not by a person hidden behind a placeholder bot."""
    if message.is_automatic_forward:
        return True
    if message.sender_chat is not None or sent_by_anonymous_admin(message):
        return False
    return message.from_user is None or message.from_user.is_bot
