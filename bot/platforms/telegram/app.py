"""Building the Telegram Application (`service.py` starts and stops it).

`build_application` is the one construction path, for `python -m bot telegram`
and for the tests, which point `base_url` at a fake Bot API on loopback.
"""
from __future__ import annotations

import functools
import logging
import time
from typing import TYPE_CHECKING, Any, Callable

import httpx
from telegram import Bot, Update
from telegram.ext import AIORateLimiter, Application, ContextTypes, ExtBot
from telegram.request import HTTPXRequest

from bot.core.access import EVERYWHERE, Access
from bot.core.chat_settings import ChatSettings
from bot.core.engine import Engine
from bot.ops.delivery import Outbox
from bot.ops.reload import EngineHolder
from bot.ops.update_log import UpdateLog

from .commands import register_commands
from .handlers import register
from .logs import guard_token
from .operations import register_operations
from .pacing import ChatPacedRateLimiter
from .processing import ChatOrderedProcessor
from .replies import refused, retry_wait, send_outgoing
from .state import PLATFORM, STATE_KEY, AdapterState, Limits, RouteContext

if TYPE_CHECKING:
    from bot.storage import Recorder

log = logging.getLogger(__name__)

# chat_member: joins, for the impersonation check (sent only to a bot that is an admin of the chat)
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY,
                   Update.MY_CHAT_MEMBER, Update.CHAT_MEMBER]
# a refused connection is retried by the transport, with exponential backoff; such a request
# never reached Telegram, so retrying cannot post twice
CONNECT_RETRIES = 3
RATE_LIMIT_RETRIES = 3  # RetryAfter from Telegram: wait as told, then try again
CHAT_PACING_SECONDS = 1.0  # Telegram: about one message a second into any one chat


def build_request(pool_size: int) -> HTTPXRequest:
    transport = httpx.AsyncHTTPTransport(retries=CONNECT_RETRIES,
                                         limits=httpx.Limits(max_connections=pool_size))
    return HTTPXRequest(connection_pool_size=pool_size, httpx_kwargs={"transport": transport})


class SkippingBot(ExtBot):
    """An update this library version cannot parse (a field of an unexpected type, a shape
    Telegram added later) would fail its whole getUpdates batch, which would be fetched
    again forever. Here it is replaced by an empty update with its id, so polling moves
    past it; it is logged once, by update id only (its contents hold people's messages)."""

    async def _post(self, endpoint: str, data: dict | None = None, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            result = [readable_update(item, self) for item in result]
            result = [item for item in result if item is not None]
        return result


def readable_update(item: object, bot: Bot | None = None) -> dict | None:
    """`item` if it parses as an Update; else just its id (logged once), or None without one."""
    try:
        Update.de_json(item, bot)
        return item
    except Exception as exc:
        update_id = item.get("update_id") if isinstance(item, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            log.warning("skipped an update without a usable id: it cannot be parsed (%s)", exc.__class__.__name__)
            return None
        log.warning("skipped update %d: it cannot be parsed (%s)", update_id, exc.__class__.__name__)
        return {"update_id": update_id}


def build_application(engine: Engine | EngineHolder, token: str, *, base_url: str | None = None,
                      settings: ChatSettings | None = None, limits: Limits = Limits(),
                      clock: Callable[[], float] = time.monotonic,
                      rate_limiter: bool = True, access: Access = EVERYWHERE,
                      update_log: UpdateLog | None = None, modlog_chat: int | None = None,
                      chat_pacing: float | None = None, recorder: Recorder | None = None) -> Application:
    """The bot, wired to `engine` (or the holder a reload swaps it in); `base_url` is the
    Bot API server (the token is appended); `access` the allow-list and operators;
    `update_log` logs one line per update; `modlog_chat` (TELEGRAM_MODLOG_CHAT) gets a line
    per deleted secret and canned warning; `chat_pacing` spaces messages into any one chat
    that many seconds apart, on top of AIORateLimiter's limits; `recorder` (bot.storage) records
    questions, presses and votes, and adds the "Did this help?" buttons (None: neither)."""
    guard_token(token)  # before the Bot exists: it logs its URL, token included, at DEBUG
    limiter = None
    if rate_limiter and chat_pacing:
        limiter = ChatPacedRateLimiter(seconds=chat_pacing, max_retries=RATE_LIMIT_RETRIES)
    elif rate_limiter:
        limiter = AIORateLimiter(max_retries=RATE_LIMIT_RETRIES)
    bot = SkippingBot(token, base_url=base_url or "https://api.telegram.org/bot", request=build_request(256),
                      get_updates_request=build_request(1), rate_limiter=limiter)
    app = (Application.builder()
           .bot(bot)
           .context_types(ContextTypes(context=RouteContext))
           .concurrent_updates(ChatOrderedProcessor(update_log))
           .post_init(on_startup)
           .build())
    state = AdapterState(engine, settings, limits, clock, access=access, modlog_chat=modlog_chat,
                         recorder=recorder)
    if recorder is not None:
        from bot.storage import engine_options

        state.engines.configure(**engine_options(recorder))
    state.outbox = Outbox(PLATFORM, functools.partial(send_outgoing, app.bot), retry_wait,
                          on_refused=functools.partial(refused, state))
    app.bot_data[STATE_KEY] = state
    register(app)
    register_operations(app)
    return app


async def on_startup(app: Application) -> None:
    """Say who the bot is and what it can see in groups; register its command menus."""
    bot = app.bot
    log.info("signed in as @%s (id %s)", bot.username, bot.id)
    if bot.can_read_all_group_messages:
        log.info("privacy mode is off: the bot sees every group message "
                 "(auto-answer and the link guard work)")
    else:
        log.info("privacy mode is on: in groups the bot sees only commands, mentions and replies "
                 "to it, unless it is an admin there; auto-answer and the link guard need privacy "
                 "mode off (BotFather /setprivacy, then re-add the bot) or admin rights")
    await register_commands(bot)
