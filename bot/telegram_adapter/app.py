"""Building the Telegram Application and running it (polling, or a webhook).

`build_application` is the one construction path, for `python -m bot telegram`
and for the tests, which point `base_url` at a fake Bot API on loopback.
"""
from __future__ import annotations

import logging
import os
import re
import secrets
import sys
import time
from typing import Any, Callable
from urllib.parse import urlsplit

import httpx
from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes
from telegram.request import HTTPXRequest

from ..chat_settings import ChatSettings
from ..engine import Engine
from .commands import register_commands
from .handlers import register
from .logs import configure_logging, guard_token
from .state import STATE_KEY, AdapterState, Limits, RouteContext

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY,
                   Update.MY_CHAT_MEMBER]
# a refused connection is retried by the transport, with exponential backoff; such a request
# never reached Telegram, so retrying cannot post twice
CONNECT_RETRIES = 3
RATE_LIMIT_RETRIES = 3  # RetryAfter from Telegram: wait as told, then try again
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def build_request(pool_size: int) -> HTTPXRequest:
    transport = httpx.AsyncHTTPTransport(retries=CONNECT_RETRIES,
                                         limits=httpx.Limits(max_connections=pool_size))
    return HTTPXRequest(connection_pool_size=pool_size, httpx_kwargs={"transport": transport})


def build_application(engine: Engine, token: str, *, base_url: str | None = None,
                      settings: ChatSettings | None = None, limits: Limits = Limits(),
                      clock: Callable[[], float] = time.monotonic,
                      rate_limiter: bool = True) -> Application:
    """The bot, wired to `engine`; `base_url` is the Bot API server (the token is appended)."""
    guard_token(token)  # before the Bot exists: it logs its URL, token included, at DEBUG
    builder = (Application.builder()
               .token(token)
               .context_types(ContextTypes(context=RouteContext))
               .request(build_request(256))
               .get_updates_request(build_request(1))
               .post_init(on_startup))
    if base_url:
        builder = builder.base_url(base_url)
    if rate_limiter:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
    app = builder.build()
    app.bot_data[STATE_KEY] = AdapterState(engine, settings, limits, clock)
    register(app)
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


def run(engine: Engine, args: Any = None) -> int:
    """`python -m bot telegram`: polling, or a webhook when TELEGRAM_WEBHOOK_URL is set."""
    token = os.environ.get("TELEGRAM_TOKEN", "").strip()
    if not token:
        print("TELEGRAM_TOKEN is not set: put the token from @BotFather in the environment.",
              file=sys.stderr)
        return 2
    configure_logging(token)
    app = build_application(engine, token,
                            base_url=os.environ.get("TELEGRAM_BOT_API_URL", "").strip() or None)
    webhook_url = os.environ.get("TELEGRAM_WEBHOOK_URL", "").strip()
    try:
        if webhook_url:
            return _serve_webhook(app, webhook_url)
        app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        log.error("Telegram refused the token in TELEGRAM_TOKEN")
        return 1
    except TelegramError as exc:
        log.error("could not start the bot: %s", exc.message)
        return 1
    return 0


def _serve_webhook(app: Application, webhook_url: str) -> int:
    secret = os.environ.get("TELEGRAM_WEBHOOK_SECRET", "").strip() or secrets.token_urlsafe(32)
    if not _WEBHOOK_SECRET.fullmatch(secret):
        log.error("TELEGRAM_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (1-256 characters)")
        return 2
    try:
        port = int(os.environ.get("PORT", "8443"))
    except ValueError:
        log.error("PORT must be a number")
        return 2
    app.run_webhook(listen="0.0.0.0", port=port, url_path=urlsplit(webhook_url).path.strip("/"),
                    webhook_url=webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
    return 0
