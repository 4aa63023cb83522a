"""Fixtures for the Telegram adapter: a fake Bot API on loopback, and the real Application on it.

The fake server answers like Telegram (and refuses what Telegram refuses: bad
HTML, over-long text, callback data over 64 bytes), records every call, and
serves getUpdates long polling, so both `process_update` tests and the real
`python -m bot telegram` process run against it without the internet.
"""
from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from telegram import Update

from bot.platforms.telegram import build_application
from bot.platforms.telegram.state import STATE_KEY

TOKEN = "123456:TEST-secret-token-not-for-logs"
BOT_ID = 123456
BOT_USERNAME = "bnbroute_bot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "bnb-route", "username": BOT_USERNAME}

ALICE = {"id": 1001, "is_bot": False, "first_name": "Alice", "username": "alice"}
BOB = {"id": 1002, "is_bot": False, "first_name": "Bob"}
CAROL = {"id": 1003, "is_bot": False, "first_name": "Carol", "username": "carol_admin"}
OTHER_BOT = {"id": 2002, "is_bot": True, "first_name": "Other", "username": "other_bot"}
ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group",
                   "username": "GroupAnonymousBot"}
GROUP = {"id": -1001000000001, "type": "supergroup", "title": "BNB <help> & chat"}
FORUM = {"id": -1001000000002, "type": "supergroup", "title": "Support forum", "is_forum": True}
CHANNEL = {"id": -1001000000003, "type": "channel", "title": "Announcements"}

QUIET_READS = ("getChatAdministrators", "getChat")

# what Telegram accepts in HTML parse mode
_TAG = re.compile(r'<(/?)([a-z][a-z0-9-]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*>')
_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
         "tg-spoiler", "span", "blockquote", "tg-emoji"}
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_RAW_PARAMS = {"text", "url", "callback_query_id", "secret_token", "parse_mode"}


def html_problem(text: str) -> tuple[str | None, str]:
    """(why Telegram would refuse this HTML or None, the text a person would see)."""
    stack: list[str] = []
    shown: list[str] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch == "<":
            m = _TAG.match(text, pos)
            if not m or m.group(2) not in _TAGS:
                return f"Can't parse entities: unsupported start tag at byte offset {pos}", ""
            if m.group(1):
                if not stack or stack.pop() != m.group(2):
                    return f"Can't parse entities: unmatched end tag at byte offset {pos}", ""
            else:
                stack.append(m.group(2))
            pos = m.end()
        elif ch == ">":
            return f"Can't parse entities: unescaped '>' at byte offset {pos}", ""
        elif ch == "&":
            m = _ENTITY.match(text, pos)
            if not m:
                return f"Can't parse entities: bare '&' at byte offset {pos}", ""
            shown.append(html.unescape(m.group(0)))
            pos = m.end()
        else:
            shown.append(ch)
            pos += 1
    if stack:
        return "Can't parse entities: can't find end tag corresponding to start tag", ""
    return None, "".join(shown)


class ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    result: Any = None


@dataclass
class FakeBotApi:
    """Records calls; answers with canned Bot API JSON; serves queued updates to getUpdates."""

    token: str = TOKEN
    can_read_all_group_messages: bool = False
    bot_is_admin: bool = True
    bot_can_delete: bool = True
    bot_can_restrict: bool = True
    admins: set[tuple[int, int]] = field(default_factory=set)
    # who getChatMember and getChatAdministrators name (others are "user<id>")
    users: dict[int, dict] = field(default_factory=lambda: {u["id"]: u for u in (ALICE, BOB, CAROL)})
    failures: dict[str, tuple[int, str]] = field(default_factory=dict)
    # chat id -> the error sending there gets (e.g. the bot was removed from that chat)
    refused_chats: dict[int, tuple[int, str]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    # method -> [code, description, how many more calls fail]: a short fault, then recovery
    faults: dict[str, list] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._message_ids = itertools.count(5000)
        self._changed = asyncio.Event()
        self._updates_ready = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # access_log=None: the access log would print request paths, token included
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self._closing = True
        async with self._updates_ready:
            self._updates_ready.notify_all()
        if self._runner:
            await self._runner.cleanup()

    # -- what tests look at ---------------------------------------------------
    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, *, count: int = 1, timeout: float = 30.0) -> Call:
        """The `count`-th call of `method`, once it has arrived (timeout only against a hang)."""
        async with asyncio.timeout(timeout):
            while len(self.calls_of(method)) < count:
                self._changed.clear()
                await self._changed.wait()
        return self.calls_of(method)[count - 1]

    def fail_next(self, method: str, code: int, description: str, times: int = 1) -> None:
        """The next `times` calls of `method` fail with `code` (a short Bot API fault)."""
        self.faults[method] = [code, description, times]

    async def push_update(self, update: dict) -> None:
        async with self._updates_ready:
            self.updates.append(update)
            self._updates_ready.notify_all()

    # -- the HTTP side ----------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params)
        self.calls.append(call)
        self._changed.set()
        try:
            if method in self.failures:
                raise ApiError(*self.failures[method])
            fault = self.faults.get(method)
            if fault is not None:
                fault[2] -= 1
                if fault[2] <= 0:
                    del self.faults[method]
                raise ApiError(fault[0], fault[1])
            answer = getattr(self, f"_api_{method}", None)
            if answer is None:
                raise ApiError(404, "Not Found")
            call.result = await answer(params)
        except ApiError as exc:
            return web.json_response({"ok": False, "error_code": exc.code,
                                      "description": exc.description}, status=exc.code)
        return web.json_response({"ok": True, "result": call.result})

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return await request.json()
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            if key in _RAW_PARAMS or not isinstance(value, str):
                params[key] = value
                continue
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        return params

    # -- Bot API methods ------------------------------------------------------------
    async def _api_getMe(self, params: dict) -> dict:
        return {**BOT_USER, "can_join_groups": True, "supports_inline_queries": False,
                "can_read_all_group_messages": self.can_read_all_group_messages}

    async def _api_getUpdates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)

        def pending() -> list[dict]:
            return [u for u in self.updates if u["update_id"] >= offset]

        timeout = float(params.get("timeout") or 0)
        async with self._updates_ready:
            if not pending() and timeout > 0 and not self._closing:
                try:
                    async with asyncio.timeout(timeout):
                        await self._updates_ready.wait_for(lambda: pending() or self._closing)
                except TimeoutError:
                    pass
            return pending()

    async def _send(self, params: dict) -> dict:
        text = params.get("text", "")
        if params.get("parse_mode") == "HTML":
            problem, text = html_problem(text)
            if problem:
                raise ApiError(400, f"Bad Request: {problem}")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        markup = params.get("reply_markup")
        self._check_keyboard(markup)
        chat_id = int(params["chat_id"])
        if chat_id in self.refused_chats:
            raise ApiError(*self.refused_chats[chat_id])
        message = {"message_id": params.get("message_id") or next(self._message_ids),
                   "date": int(time.time()), "from": BOT_USER, "text": text,
                   "chat": {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"}}
        if markup:
            message["reply_markup"] = markup
        if params.get("message_thread_id"):
            message["message_thread_id"] = params["message_thread_id"]
            message["is_topic_message"] = True
        return message

    _api_sendMessage = _send
    _api_editMessageText = _send

    async def _api_editMessageReplyMarkup(self, params: dict) -> dict:
        """Only the buttons change; Telegram answers with the message (its text left out here)."""
        markup = params.get("reply_markup")
        self._check_keyboard(markup)
        chat_id = int(params["chat_id"])
        message = {"message_id": params["message_id"], "date": int(time.time()), "from": BOT_USER,
                   "chat": {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"}}
        if markup:
            message["reply_markup"] = markup
        return message

    @staticmethod
    def _check_keyboard(markup: dict | None) -> None:
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    async def _api_answerCallbackQuery(self, params: dict) -> bool:
        if len(params.get("text") or "") > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        url = params.get("url")
        if url and not re.fullmatch(rf"https://t\.me/{BOT_USERNAME}\?start=[A-Za-z0-9_-]{{1,64}}", url):
            raise ApiError(400, "Bad Request: URL_INVALID")
        return True

    async def _api_getChatMember(self, params: dict) -> dict:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        if user_id == BOT_ID:
            if not self.bot_is_admin:
                return {"status": "member", "user": BOT_USER}
            return self._admin(BOT_USER, can_delete=self.bot_can_delete, can_restrict=self.bot_can_restrict)
        user = self.users.get(user_id) or {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
        if (chat_id, user_id) in self.admins:
            return self._admin(user, can_delete=True)
        return {"status": "member", "user": user}

    async def _api_getChatAdministrators(self, params: dict) -> list[dict]:
        chat_id = int(params["chat_id"])
        found = [self._admin(BOT_USER, can_delete=self.bot_can_delete, can_restrict=self.bot_can_restrict)] \
            if self.bot_is_admin else []
        for chat, user_id in sorted(self.admins):
            if chat == chat_id:
                user = self.users.get(user_id) or {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
                found.append(self._admin(user, can_delete=True))
        return found

    async def _api_getChat(self, params: dict) -> dict:
        chat_id = int(params["chat_id"])
        return {"id": chat_id, "type": "supergroup", "title": "BNB <help> & chat", "accent_color_id": 0,
                "max_reaction_count": 11, "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                                                  "unique_gifts": False, "premium_subscription": False,
                                                                  "gifts_from_channels": False},
                "permissions": {"can_send_messages": True, "can_send_photos": True, "can_invite_users": True}}

    @staticmethod
    def _admin(user: dict, *, can_delete: bool, can_restrict: bool = True) -> dict:
        rights = ("can_manage_chat can_manage_video_chats can_change_info "
                  "can_invite_users can_post_stories can_edit_stories can_delete_stories").split()
        return {"status": "administrator", "user": user, "can_be_edited": False,
                "is_anonymous": False, "can_delete_messages": can_delete, "can_restrict_members": can_restrict,
                "can_promote_members": False, **{r: True for r in rights}}

    async def _ok(self, params: dict) -> bool:
        return True

    _api_deleteMessage = _ok
    _api_restrictChatMember = _ok
    _api_setMyCommands = _ok
    _api_deleteWebhook = _ok
    _api_setWebhook = _ok


async def settled(app) -> None:
    """Wait until the outbox has sent (or given up) everything the handlers queued."""
    await app.bot_data[STATE_KEY].outbox.settled()


class FakeClock:
    """Time the limits and caches read; moved by tests, never slept through."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def entities_of(text: str) -> list[dict]:
    """What a Telegram client marks: a leading /command, and @mentions."""
    found = []
    command = re.match(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?", text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": _utf16(command.group(0))})
    for m in re.finditer(r"(?<![\w/])@[A-Za-z][A-Za-z0-9_]{3,31}", text):
        found.append({"type": "mention", "offset": _utf16(text[:m.start()]),
                      "length": _utf16(m.group(0))})
    return found


class Updates:
    """Builds updates as Telegram sends them, and remembers the messages they carried."""

    alice, bob, carol, other_bot, anonymous_admin = ALICE, BOB, CAROL, OTHER_BOT, ANONYMOUS_ADMIN
    group, forum, channel = GROUP, FORUM, CHANNEL
    bot_user = BOT_USER

    def __init__(self) -> None:
        self.messages: dict[tuple[int, int], dict] = {}
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(100)

    @staticmethod
    def private(user: dict) -> dict:
        return {"id": user["id"], "type": "private", "first_name": user["first_name"]}

    def message(self, text: str | None, *, user: dict | None = ALICE, chat: dict = GROUP,
                reply_to: dict | None = None, topic: int | None = None,
                sender_chat: dict | None = None, edit_of: dict | None = None,
                **extra: Any) -> dict:
        """An update with a new (or, with `edit_of`, an edited) message."""
        if edit_of is not None:
            message = {**edit_of, "text": text, "entities": entities_of(text or ""),
                       "edit_date": int(time.time())}
            return {"update_id": next(self._update_ids), "edited_message": message}
        message: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()),
                                   "chat": chat}
        if user is not None:
            message["from"] = user
        if sender_chat is not None:
            message["sender_chat"] = sender_chat
        if text is not None:
            message["text"] = text
            message["entities"] = entities_of(text)
        if topic is not None:
            message["message_thread_id"] = topic
            message["is_topic_message"] = True
            # in a topic, a message that replies to nothing replies to the topic's creation
            reply_to = reply_to or {"message_id": topic, "date": 0, "chat": chat, "from": CAROL,
                                    "forum_topic_created": {"name": "Help", "icon_color": 7322096}}
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(extra)
        self.messages[(chat["id"], message["message_id"])] = message
        return {"update_id": next(self._update_ids), "message": message}

    def chat_member(self, user: dict, *, old: str = "left", new: str = "member", chat: dict = GROUP) -> dict:
        """A chat_member update: `user`'s status in `chat` changed from `old` to `new` (a join by default)."""
        return {"update_id": next(self._update_ids), "chat_member": {
            "chat": chat, "from": user, "date": int(time.time()),
            "old_chat_member": {"status": old, "user": user}, "new_chat_member": {"status": new, "user": user}}}

    def joined(self, *users: dict, chat: dict = GROUP) -> dict:
        """The "X joined the group" service message."""
        return self.message(None, user=users[0], chat=chat, new_chat_members=list(users))

    def channel_post(self, text: str) -> dict:
        return {"update_id": next(self._update_ids),
                "channel_post": {"message_id": next(self._message_ids), "date": int(time.time()),
                                 "chat": CHANNEL, "sender_chat": CHANNEL, "text": text}}

    def bot_message(self, sent: Call) -> dict:
        """The message a sendMessage/editMessageText call produced, as Telegram shows it later:
        with the message it replies to, when it quoted one."""
        message = dict(sent.result)
        quoted = (sent.params.get("reply_parameters") or {}).get("message_id")
        if quoted is not None:
            original = self.messages.get((message["chat"]["id"], quoted))
            if original is not None:
                message["reply_to_message"] = original
        self.messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    def press(self, message: dict, data: str, *, user: dict = ALICE) -> dict:
        """An update with a callback query from `user` pressing `data` under `message`."""
        return {"update_id": next(self._update_ids),
                "callback_query": {"id": str(next(self._update_ids)), "from": user,
                                   "chat_instance": "42", "data": data, "message": message}}


class TelegramHarness(Updates):
    """The real Application on the fake Bot API: feed updates, read the calls they caused."""

    def __init__(self, app, api: FakeBotApi, clock: FakeClock) -> None:
        super().__init__()
        self.app, self.api, self.clock = app, api, clock
        self.errors: list[BaseException] = []

    @staticmethod
    def actions(calls: list[Call]) -> list[str]:
        """The methods that change something a person sees (reads like getChatMember left out)."""
        return [c.method for c in calls if c.method not in ("getMe", "getChatMember", *QUIET_READS)]

    @staticmethod
    def keyboard(call: Call) -> list[list[str]]:
        """The callback data of the inline keyboard a call sent, row by row."""
        rows = (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
        return [[b.get("callback_data") or b.get("url") for b in row] for row in rows]

    async def feed(self, update: dict) -> list[Call]:
        """Process one update through the Application; the Bot API calls it caused (reads of the
        admin list and chat, which the name check makes on a member's first message, left out:
        `api.calls_of` has them)."""
        start = len(self.api.calls)
        await self.app.process_update(Update.de_json(update, self.app.bot))
        await settled(self.app)  # the replies it queued, sent
        return [c for c in self.api.calls[start:] if c.method not in QUIET_READS]


@pytest.fixture
async def api():
    """A fake Bot API on 127.0.0.1 (a random port)."""
    server = FakeBotApi()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def updates():
    """Update builders, for tests that drive the real process rather than an Application."""
    return Updates()


@pytest.fixture
def app_options():
    """Extra `build_application` arguments for `tg`; a test module overrides this to set them."""
    return {}


@pytest.fixture
async def tg(api, engine, clock, app_options):
    """The real Application (rate limiter included) on the fake API, initialized (getMe done).

    Every error any handler raises is collected; the test fails if one is left at the end.
    """
    app = build_application(engine, TOKEN, base_url=api.base_url, clock=clock, **app_options)
    harness = TelegramHarness(app, api, clock)

    async def collect(update: object, context) -> None:
        harness.errors.append(context.error)

    app.add_error_handler(collect)
    await app.initialize()
    yield harness
    await app.shutdown()
    assert harness.errors == [], f"handlers raised: {harness.errors!r}"
