"""What the adapter keeps between updates, and the callback context that carries it."""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from telegram.ext import Application, CallbackContext, ExtBot

from bot.core.access import EVERYWHERE, Access
from bot.core.autoanswer import PER_ENTRY_SECONDS, PER_USER_SECONDS, AutoAnswer
from bot.core.chat_settings import ChatSettings, Settings
from bot.core.engine import SECRET, UNSCREENED, Engine, Reply
from bot.core.limits import RateLimit
from bot.core.protection import JoinNotices, SeenNames
from bot.ops.delivery import Outbox
from bot.ops.reload import EngineHolder, as_holder

from .admins import MemberCache

if TYPE_CHECKING:  # SQLAlchemy is loaded only when a deployment records
    from bot.storage import Recorder

PLATFORM = "telegram"
STATE_KEY = "bnb_route"


@dataclass(frozen=True)
class Limits:
    requests_per_minute: int = 5          # addressed requests per person
    entry_cooldown: float = PER_ENTRY_SECONDS  # auto-answer: same entry in the same chat
    user_cooldown: float = PER_USER_SECONDS    # auto-answer: the same person in the same chat
    admin_cache_seconds: float = 60.0


class AnsweredMessages:
    """(chat, message) pairs the bot has answered, so an edit is never answered twice."""

    def __init__(self, max_keys: int = 20_000) -> None:
        self.max_keys = max_keys
        self._seen: OrderedDict[tuple[int, int], None] = OrderedDict()

    def add(self, chat_id: int, message_id: int) -> None:
        self._seen[(chat_id, message_id)] = None
        while len(self._seen) > self.max_keys:
            self._seen.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._seen


class AdapterState:
    """The engine plus everything per chat and per person the Telegram side remembers."""

    def __init__(self, engine: Engine | EngineHolder, settings: ChatSettings | None = None,
                 limits: Limits = Limits(), clock: Callable[[], float] = time.monotonic,
                 access: Access = EVERYWHERE, modlog_chat: int | None = None,
                 recorder: Recorder | None = None) -> None:
        # read on every update, so a content reload reaches the next one
        self.engines = as_holder(engine)
        # bot.storage's Recorder: questions, presses and votes; None records nothing
        self.recorder = recorder
        self.access = access
        self.modlog_chat = modlog_chat  # where a line goes per deleted secret and canned warning
        self.settings = settings if settings is not None else ChatSettings()
        self.limits = limits
        self.members = MemberCache(limits.admin_cache_seconds, clock=clock)
        self.requests = RateLimit(limits.requests_per_minute, 60.0, clock=clock)
        self.auto_answer = AutoAnswer(per_entry=limits.entry_cooldown, per_user=limits.user_cooldown, clock=clock)
        self.answered = AnsweredMessages()
        # community protection: names already checked, and one join notice per chat now and then
        self.seen_names = SeenNames()
        self.join_notices = JoinNotices(clock=clock)
        self.hijacks_flagged = AnsweredMessages()  # replies already flagged: an edit is not flagged twice
        self.outbox: Outbox | None = None  # set by build_application (it needs the Bot)

    @property
    def engine(self) -> Engine:
        return self.engines.engine

    def chat_settings(self, chat_id: int) -> Settings:
        return self.settings.get(PLATFORM, chat_id)

    def record(self, chat_id: int, reply: Reply, *, message: int | None, question: str | None = None,
               via: str = "question") -> None:
        """Queue the record of a question or press (never waits; the recorder drops secret text)."""
        if self.recorder is None:
            return
        self.recorder.interaction(PLATFORM, chat_id, reply, question=question, message=message, via=via)

    def record_secret(self, chat_id: int) -> None:
        """A request to the bot that held a secret: counted as one, with no text and no route."""
        self.record(chat_id, Reply(SECRET, SECRET, None, ""), message=None)


class RouteContext(CallbackContext[ExtBot, dict, dict, dict]):
    """The callback context, with the adapter state and this update's safety reminder."""

    def __init__(self, application: Application, chat_id: int | None = None,
                 user_id: int | None = None) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        # HTML set by the safety hook when a message deserves a gentle reminder under its answer
        self.reminder: str | None = None
        # what the safety hook found in this update's message (it screens each message once)
        self.finding: object = UNSCREENED

    @property
    def state(self) -> AdapterState:
        return self.bot_data[STATE_KEY]
