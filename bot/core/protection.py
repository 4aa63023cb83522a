"""Community protection policy (issue 14): fake admins, "DM me" hijacks, /verify, join notices.

The detectors (`bot.safety.check_member`, `bot.safety.find_hijack`) say whether
a name or a reply looks like a scam; this module decides, from neutral facts an
adapter gathers (who joined or renamed with which names, the chat's admins, the
chat's settings, a reply's text and whom it addresses), what the bot does:
nothing, or a flag with its reason, rule and the names compared, the action the
chat chose, the words for the asker and the mod-log line. Adapters only
translate: they fetch the facts, and carry out the decision on their platform.

* `check_name(settings, person, admins, bot_id=..., event=...) -> NameFlag | None`
* `check_reply(settings, text, author_is_admin=..., author_is_bot=..., asker=...) -> HijackFlag | None`
* `verify_answer(label, is_admin, admin_names)`: the /verify reply, names only.
* `join_notice(verify_command)` and `JoinNotices` (one per chat per few minutes).
* `SeenNames`: remembers the names a member was last checked under, so a
  member's first message, or a message under a new name, is checked once.
* `undo_data(...)` / `parse_undo(...)`: the compact payload an Undo button carries.

Nothing here keeps or logs a message's text; a mod-log line names the rule,
the reason and the two names compared, never the message.
"""
from __future__ import annotations

import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Hashable, Iterable

from bot.safety import Admin, check_member, find_hijack, format_modlog
from bot.safety.notices import one_line

from .chat_settings import REPORT, RESTRICT, TIMEOUT, Settings
from .limits import Cooldown

__all__ = ["Admin", "HijackFlag", "JoinNotices", "NameFlag", "Person", "SeenNames", "check_name",
           "check_reply", "hijack_warning", "join_notice", "modlog_line", "parse_undo", "undo_data",
           "verify_answer"]

TIMEOUT_SECONDS = 24 * 3600  # "timeout": one day, then the member may speak again
JOIN_NOTICE_SECONDS = 300.0  # at most one join notice per chat in this time
VERIFY_NAMES_SHOWN = 15

JOIN, RENAME, FIRST_MESSAGE = "join", "name change", "first message"

# outcomes, as the mod-log line says them
REPORTED = "reported"
RESTRICTED = "restricted until an admin lifts it"
TIMED_OUT = "timed out for 24 h"
NO_RIGHT = "could not act (the bot lacks the right)"
FAILED = "could not act"
DELETED = "reply deleted"
NOT_DELETED = "could not delete the reply"
WARNED = "asker warned"


@dataclass(frozen=True)
class Person:
    """A member as the platform shows them: id, display name, @username (no @)."""

    id: int | str
    name: str = ""
    username: str = ""


@dataclass(frozen=True)
class NameFlag:
    """A member whose name imitates an admin, a role or a brand, and what the chat wants done."""

    rule: str  # "admin-lookalike", "role-word", "brand-word"
    reason: str  # "close to admin Mike Chen", "role word 'support'"
    name: str  # the member's name that matched
    compared_with: str  # the admin's name or the word
    action: str  # "report", "restrict" or "timeout"
    event: str  # "join", "name change", "first message"

    @property
    def seconds(self) -> int | None:
        """How long a restriction lasts: None until an admin lifts it (restrict), a day (timeout)."""
        return TIMEOUT_SECONDS if self.action == TIMEOUT else None

    @property
    def acts(self) -> bool:
        return self.action in (RESTRICT, TIMEOUT)

    def done(self) -> str:
        """The outcome once the action succeeded."""
        return {RESTRICT: RESTRICTED, TIMEOUT: TIMED_OUT}.get(self.action, REPORTED)

    def modlog(self, platform: str, where: object, who: object, outcome: str) -> str:
        detail = f"{self.reason} on {self.event}: “{_clean(self.name)}” vs “{_clean(self.compared_with)}”"
        return modlog_line(platform, where, who, f"impersonation:{self.rule}", detail, outcome)


@dataclass(frozen=True)
class HijackFlag:
    """A non-admin's reply pulling someone into private messages."""

    rule: str  # "dm-invite", "contact-offer", "recovery-offer"
    reason: str
    delete: bool  # the chat wants such replies deleted

    def modlog(self, platform: str, where: object, who: object, outcome: str) -> str:
        return modlog_line(platform, where, who, f"hijack:{self.rule}", self.reason, outcome)


def check_name(settings: Settings, person: Person, admins: Iterable[Admin], *, bot_id: int | str | None,
               event: str = JOIN, is_admin: bool = False, is_bot: bool = False) -> NameFlag | None:
    """Flag a member whose name imitates an admin, a role or a brand (None: nothing to do).

    Real admins (in `admins`, or `is_admin` as the platform says), the bot itself and other
    bots are never flagged; nor is anyone when the chat switched the check off.
    """
    if not settings.impersonation or is_admin or is_bot:
        return None
    if bot_id is not None and str(person.id) == str(bot_id):
        return None
    admins = tuple(admins)
    if any(str(a.id) == str(person.id) for a in admins):
        return None
    verdict = check_member(person.name, person.username, admins, member_id=person.id, bot_id=bot_id)
    if not verdict:
        return None
    action = settings.impersonation_action if settings.impersonation_action in (REPORT, RESTRICT, TIMEOUT) \
        else REPORT
    return NameFlag(verdict.rule, verdict.reason, verdict.name, verdict.compared_with, action, event)


def check_reply(settings: Settings, text: str, *, author_is_admin: bool, author_is_bot: bool = False,
                asker: Iterable[str] = ()) -> HijackFlag | None:
    """Flag a non-admin's reply (or mention) inviting the asker to private messages."""
    if not settings.hijack or author_is_admin or author_is_bot or not text:
        return None
    found = find_hijack(text, asker=tuple(a for a in asker if a))
    if not found:
        return None
    return HijackFlag(found.rule, found.reason, settings.hijack_delete)


def hijack_warning(verify_command: str) -> str:
    """What the asker reads under a "DM me" reply (plain text; the adapter escapes it)."""
    return ("⚠️ Careful: admins never DM first, and this account is not an admin here. "
            "Keep your question in this chat, and never share your recovery phrase or private key "
            f"with anyone. To check whether someone is an admin: {verify_command}")


def verify_answer(label: str, is_admin: bool, admin_names: Iterable[str]) -> str:
    """The /verify reply: yes or no, and the admins' names (no ids, nothing private)."""
    names = [n for n in dict.fromkeys(_clean(n) for n in admin_names) if n and n != "?"]
    shown = ", ".join(names[:VERIFY_NAMES_SHOWN])
    if len(names) > VERIFY_NAMES_SHOWN:
        shown += f" and {len(names) - VERIFY_NAMES_SHOWN} more"
    who = _clean(label)
    if is_admin:
        return f"✅ Yes: {who} is an admin of this chat."
    listed = f" The admins here are: {shown}." if shown else ""
    return (f"❌ No: {who} is not an admin of this chat.{listed} "
            "Admins never DM first and never ask for your recovery phrase.")


def join_notice(verify_command: str) -> str:
    return ("👋 Welcome! A safety note: admins here never DM first, and nobody legitimate will ever "
            "ask for your recovery phrase or private key. Someone offering help in private is a "
            f"scammer. To check whether an account is an admin: {verify_command}")


class JoinNotices:
    """At most one join notice per chat every `seconds` (a raid of joins gets one notice)."""

    def __init__(self, seconds: float = JOIN_NOTICE_SECONDS, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._cooldown = Cooldown(seconds, clock=clock)

    def due(self, platform: str, chat: Hashable) -> bool:
        """True (and counted) when a notice may be posted in this chat now."""
        key = (platform, chat)
        if not self._cooldown.ready(key):
            return False
        self._cooldown.touch(key)
        return True


class SeenNames:
    """The names each member was last checked under, per chat (bounded, least recent dropped)."""

    def __init__(self, max_keys: int = 50_000) -> None:
        self.max_keys = max_keys
        self._names: OrderedDict[tuple[str, Hashable, Hashable], tuple[str, str]] = OrderedDict()

    def changed(self, platform: str, chat: Hashable, person: Person) -> bool:
        """True when this member is new to us here or shows other names than last time."""
        key = (platform, chat, person.id)
        names = (person.name or "", person.username or "")
        before = self._names.get(key)
        self._names[key] = names
        self._names.move_to_end(key)
        while len(self._names) > self.max_keys:
            self._names.popitem(last=False)
        return before != names

    def seen(self, platform: str, chat: Hashable, person_id: Hashable) -> bool:
        """Has this member been checked here before (under any name)?"""
        return (platform, chat, person_id) in self._names

    def known(self, platform: str, chat: Hashable, person: Person) -> None:
        """Remember a member's names without checking them (e.g. checked on join already)."""
        self.changed(platform, chat, person)


# -- the Undo button's payload: "undo:<chat>:<user>" ------------------------------

_UNDO = re.compile(r"undo:(-?\d{1,20}):(\d{1,20})")


def undo_data(chat: int | str, user: int | str) -> str:
    return f"undo:{chat}:{user}"


def parse_undo(data: object) -> tuple[int, int] | None:
    m = _UNDO.fullmatch(data) if isinstance(data, str) else None
    return (int(m[1]), int(m[2])) if m else None


def undone_line(line: str, by: object) -> str:
    """The mod-log line once an admin pressed Undo."""
    return f"{line} · undone by {_clean(by)}"


# -- mod-log lines -------------------------------------------------------------------

_LIMIT = 64


def _clean(value: object) -> str:
    """A user-chosen name made safe for one line (see `bot.safety.notices.one_line`)."""
    return one_line(value, _LIMIT)


def modlog_line(platform: str, where: object, who: object, rule: str, detail: str, outcome: str) -> str:
    """One mod-log line: where, who, rule, why (with the names compared), what was done."""
    return f"{format_modlog(platform, where, who, rule)} · {one_line(detail, len(detail) + 1)} · {_clean(outcome)}"
