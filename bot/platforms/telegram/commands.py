"""The command menus Telegram shows: private chats, groups, and group admins."""
from __future__ import annotations

import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
)
from telegram.error import TelegramError

log = logging.getLogger(__name__)

PRIVATE = [
    BotCommand("start", "Show the menu"),
    BotCommand("route", "Ask a question: /route <question>"),
    BotCommand("help", "What this bot does"),
]
GROUP = [
    BotCommand("bnb_route", "Ask a question: /bnb_route <question>"),
    BotCommand("route", "Same as /bnb_route"),
    BotCommand("help", "What this bot does"),
    BotCommand("verify", "Is this account an admin here? /verify @username"),
]
MODERATOR = [
    BotCommand("warn", "Post a canned warning (reply to a message): /warn <id>"),
    BotCommand("autoanswer", "on|off: also answer clear questions nobody addressed to the bot"),
    BotCommand("linkguard", "on|off: warn about lookalike links"),
    BotCommand("impersonation", "on|off|report|restrict|timeout: names imitating admins or brands"),
    BotCommand("dmguard", "on|off: warn askers under a non-admin's \"DM me\" reply"),
    BotCommand("dmdelete", "on|off: also delete such \"DM me\" replies"),
    BotCommand("joinnotice", "on|off: a short safety welcome for newcomers"),
]


async def register_commands(bot: Bot) -> None:
    """setMyCommands for each scope; moderator commands only in the administrators' menu."""
    scopes = [
        (PRIVATE, BotCommandScopeAllPrivateChats()),
        (GROUP, BotCommandScopeAllGroupChats()),
        (GROUP + MODERATOR, BotCommandScopeAllChatAdministrators()),
    ]
    for commands, scope in scopes:
        try:
            await bot.set_my_commands(commands, scope=scope)
        except TelegramError as exc:  # a missing menu is no reason not to start
            log.warning("setMyCommands (%s) failed: %s", scope.type, exc.message)
