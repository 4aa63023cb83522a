"""Where the bot works, and who runs the deployment.

ALLOWED_CHATS (Telegram) and ALLOWED_GUILDS (Discord) limit the bot to the
listed groups and servers: anywhere else it says once that it is not enabled
there and leaves. Private chats with the bot are not limited (buttons pressed
by someone else in a group open one). BOT_OPERATORS are the user ids that may
use the deployment-wide commands (reload, gaps, stats); chat admins keep their
own chat's moderator commands either way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable

NOT_ENABLED = ("bnb-route is not enabled in this {place}, so I'm leaving. "
               "Ask whoever runs this bot to add it to their allow-list.")
OPERATORS_ONLY = "Only the operators of this bot deployment can do that."


@dataclass(frozen=True)
class Access:
    allowed_chats: frozenset[int] | None = None   # None: every chat
    allowed_guilds: frozenset[int] | None = None  # None: every server
    # (platform or None for any platform, user id as text), as BOT_OPERATORS lists them
    operators: frozenset[tuple[str | None, str]] = frozenset()

    def chat_allowed(self, chat_id: Hashable) -> bool:
        return self.allowed_chats is None or chat_id in self.allowed_chats

    def guild_allowed(self, guild_id: Hashable) -> bool:
        return self.allowed_guilds is None or guild_id in self.allowed_guilds

    def is_operator(self, platform: str, user_id: Hashable | None) -> bool:
        if user_id is None:
            return False
        return (platform, str(user_id)) in self.operators or (None, str(user_id)) in self.operators

    @classmethod
    def from_settings(cls, settings) -> Access:
        return cls(settings.telegram.allowed_chats, settings.discord.allowed_guilds, settings.bot.operators)


EVERYWHERE = Access()


def not_enabled(place: str) -> str:
    return NOT_ENABLED.format(place=place)
