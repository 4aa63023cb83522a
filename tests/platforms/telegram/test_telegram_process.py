"""The bot as it runs: start-up, command menus, the real process (polling and webhook), logs."""
from __future__ import annotations

import asyncio
import logging
import os
import socket
from pathlib import Path

import httpx
from process_support import bot_process, stop_process

from bot.app.runner import run_platforms
from bot.core.render import render_text
from bot.platforms.telegram import build_application
from bot.platforms.telegram.state import STATE_KEY

ROOT = Path(__file__).resolve().parents[3]
QUESTION = "how do I withdraw USDT from Binance to MetaMask?"


async def test_telegram_startup_registers_command_menus(tg, api, caplog):
    """At start the bot sets its commands per scope (moderator ones for admins only) and says what it sees."""
    caplog.set_level(logging.INFO)
    await tg.app.post_init(tg.app)
    menus = {c.params["scope"]["type"]: [cmd["command"] for cmd in c.params["commands"]]
             for c in api.calls_of("setMyCommands")}
    assert set(menus) == {"all_private_chats", "all_group_chats", "all_chat_administrators"}
    assert "start" in menus["all_private_chats"]
    assert {"bnb_route", "route"} <= set(menus["all_group_chats"])
    assert "verify" in menus["all_group_chats"]
    for moderator in ("warn", "autoanswer", "linkguard", "impersonation", "dmguard", "dmdelete", "joinnotice"):
        assert moderator in menus["all_chat_administrators"]
        assert moderator not in menus["all_group_chats"] + menus["all_private_chats"]
    assert any("privacy mode is on" in r.getMessage() for r in caplog.records)


async def test_telegram_token_never_logged_at_debug(api, engine, clock, updates, caplog):
    """At DEBUG, through start-up, answers, presses and errors, no log line holds the token."""
    caplog.set_level(logging.DEBUG)
    app = build_application(engine, api.token, base_url=api.base_url, clock=clock)
    await app.initialize()
    try:
        await app.post_init(app)
        for update in (updates.message(f"@bnbroute_bot {QUESTION}"),
                       updates.message("/start", chat=updates.private(updates.alice))):
            await app.process_update(_update(update, app))
            await app.bot_data[STATE_KEY].outbox.settled()
        answer = updates.bot_message(api.calls_of("sendMessage")[0])
        await app.process_update(_update(updates.press(answer, "go:start", user=updates.bob), app))
        api.failures["sendMessage"] = (403, "Forbidden: bot was blocked by the user")
        await app.process_update(_update(updates.message("/help", chat=updates.private(updates.bob)), app))
        await app.bot_data[STATE_KEY].outbox.settled()
    finally:
        await app.shutdown()
    assert len(caplog.records) > 5
    secret_part = api.token.split(":", 1)[1]
    for record in caplog.records:
        assert secret_part not in record.getMessage()
    assert secret_part not in caplog.text


async def test_telegram_token_redacted_even_when_the_http_log_is_opened(api, engine, caplog):
    """An operator opening httpx and the Bot logger to DEBUG sees '[token]' in URLs, never the token."""
    caplog.set_level(logging.DEBUG)
    app = build_application(engine, api.token, base_url=api.base_url, rate_limiter=False)
    opened = [logging.getLogger("httpx"), logging.getLogger("telegram.ext.ExtBot")]
    levels = [logger.level for logger in opened]
    for logger in opened:
        logger.setLevel(logging.DEBUG)
    try:
        await app.initialize()  # getMe: httpx logs the request URL, which holds the token
        await app.shutdown()
    finally:
        for logger, level in zip(opened, levels):
            logger.setLevel(level)
    urls = [r.getMessage() for r in caplog.records if "/getMe" in r.getMessage()]
    assert urls and all("[token]" in u for u in urls)
    assert api.token.split(":", 1)[1] not in caplog.text


def test_telegram_run_without_token_explains_and_exits(engine, monkeypatch, capsys):
    """No TELEGRAM_TOKEN: a one-line explanation and exit status 2."""
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    assert run_platforms(["telegram"], engine=engine) == 2
    assert "TELEGRAM_TOKEN" in capsys.readouterr().err


def _update(payload, app):
    from telegram import Update

    return Update.de_json(payload, app.bot)


def _env(api, tmp_path, **extra):
    env = {k: v for k, v in os.environ.items()
           if not k.upper().endswith("_PROXY") and not k.startswith("TELEGRAM_")}
    # the record goes to tmp_path: a test run leaves no ./data behind
    env.update(TELEGRAM_TOKEN=api.token, TELEGRAM_BOT_API_URL=api.base_url, LOG_LEVEL="DEBUG",
               DATABASE_URL=f"sqlite:///{tmp_path / 'data' / 'bot.db'}", **extra)
    return env


async def test_telegram_process_polls_answers_and_stops_on_sigterm(api, engine, updates, tmp_path):
    """The real process long-polls getUpdates, answers an update, and exits 0 on SIGTERM."""
    log_path = tmp_path / "bot.log"
    async with bot_process(["telegram"], _env(api, tmp_path), log_path) as proc:
        await api.wait_for("getUpdates")
        question = updates.message(QUESTION, chat=updates.private(updates.alice))
        question["update_id"] = 500
        await api.push_update(question)
        sent = await api.wait_for("sendMessage")
        assert await stop_process(proc) == 0
    assert sent.params["chat_id"] == updates.alice["id"]
    assert sent.params["text"] == render_text(engine.ask(QUESTION), "html")
    assert len(api.calls_of("setMyCommands")) == 3
    assert api.calls_of("deleteWebhook")  # polling makes sure no webhook is set
    # the last getUpdates confirms the update, so a restart does not answer it again
    assert api.calls_of("getUpdates")[-1].params["offset"] == 501
    # joins (chat_member) reach the impersonation check
    assert "chat_member" in api.calls_of("getUpdates")[-1].params["allowed_updates"]
    logs = log_path.read_text()
    assert "privacy mode is on" in logs
    assert api.token.split(":", 1)[1] not in logs
    assert "USDT" not in logs  # even at DEBUG, what people write is not logged


async def test_telegram_process_refuses_a_bad_token(api, tmp_path):
    """A token the Bot API refuses: a clear log line and exit status 2, the token not in it."""
    log_path = tmp_path / "bot.log"
    env = _env(api, tmp_path)
    env["TELEGRAM_TOKEN"] = "999:wrong-token-value"
    async with bot_process(["telegram"], env, log_path) as proc:
        assert await asyncio.wait_for(proc.wait(), timeout=30) == 2
    logs = log_path.read_text()
    assert "refused the token" in logs and "wrong-token-value" not in logs


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_telegram_process_webhook_mode(api, engine, updates, tmp_path):
    """Webhook mode: setWebhook with the secret, PORT served, wrong secret refused, SIGTERM exits 0."""
    port = _free_port()
    hook_url = f"http://127.0.0.1:{port}/tg-hook"
    env = _env(api, tmp_path, TELEGRAM_WEBHOOK_URL=hook_url, TELEGRAM_WEBHOOK_SECRET="s3cret_Token-1",
               PORT=str(port))
    question = updates.message(QUESTION, chat=updates.private(updates.alice))
    async with bot_process(["telegram"], env, tmp_path / "bot.log") as proc:
        hook = await api.wait_for("setWebhook")
        assert hook.params["url"] == hook_url
        assert hook.params["secret_token"] == "s3cret_Token-1"
        async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
            wrong = await _post_when_listening(client, hook_url, question, "not-the-secret")
            assert wrong.status_code == 403
            right = await client.post(hook_url, json=question,
                                      headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret_Token-1"})
            assert right.status_code == 200
            poison = {"update_id": 4242, "message": {"message_id": 1, "date": 0, "chat": "leaked words"}}
            skipped = await client.post(hook_url, json=poison,
                                        headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret_Token-1"})
            assert skipped.status_code == 200  # refusing it would have Telegram send it again and again
        sent = await api.wait_for("sendMessage")
        assert await stop_process(proc) == 0
    logs = (tmp_path / "bot.log").read_text()
    assert "skipped update 4242" in logs and "leaked words" not in logs
    assert len(api.calls_of("sendMessage")) == 1
    assert sent.params["text"] == render_text(engine.ask(QUESTION), "html")


async def _post_when_listening(client, url, payload, secret):
    """The listener opens just after setWebhook; retry the connection (not a timing assertion)."""
    for _ in range(200):
        try:
            return await client.post(url, json=payload,
                                     headers={"X-Telegram-Bot-Api-Secret-Token": secret})
        except httpx.ConnectError:
            await asyncio.sleep(0.05)
    raise AssertionError(f"nothing listening on {url}")


async def test_telegram_process_keeps_unsent_replies_across_a_restart(api, updates, tmp_path):
    """SIGTERM while the Bot API refuses every send: the process still exits 0 once the drain
    time is up, keeps the replies, and the next start sends them, once each."""
    env = _env(api, tmp_path, STOP_DRAIN_SECONDS="1")
    api.failures["sendMessage"] = (500, "Internal Server Error")
    people = (updates.alice, updates.bob, updates.carol)
    async with bot_process(["telegram"], env, tmp_path / "first.log") as proc:
        await api.wait_for("getUpdates")
        for n, person in enumerate(people):
            question = updates.message(QUESTION, user=person, chat=updates.private(person))
            question["update_id"] = 600 + n
            await api.push_update(question)
        await api.wait_for("sendMessage", count=3)  # each tried, each failing
        assert await stop_process(proc) == 0
    assert "3 reply(ies) still unsent, kept for the next start" in (tmp_path / "first.log").read_text()
    assert api.calls_of("getUpdates")[-1].params["offset"] == 603  # confirmed: Telegram forgets them
    api.updates.clear()
    del api.failures["sendMessage"]
    tried = len(api.calls_of("sendMessage"))
    async with bot_process(["telegram"], env, tmp_path / "second.log") as proc:
        await api.wait_for("sendMessage", count=tried + 3)
        await api.wait_for("getUpdates", count=len(api.calls_of("getUpdates")) + 1)
        assert await stop_process(proc) == 0
    sent = [c.params["chat_id"] for c in api.calls_of("sendMessage")[tried:]]
    assert sorted(sent) == sorted(p["id"] for p in people)
