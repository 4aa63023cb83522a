"""The bot as it runs: SIGHUP reloads a live process, `run` serves Telegram and Discord in one
process (webhook, /healthz, JSON logs), SIGTERM lets a reply in flight finish and exits 0."""
from __future__ import annotations

import asyncio
import json
import signal

import httpx
from fake_discord import ALICE as D_ALICE
from fake_discord import interaction, slash
from ops_support import (
    DISCORD_TOKEN,
    EXTRA_QUESTION,
    TG_TOKEN,
    WAIT,
    bot_env,
    bot_process,
    free_port,
    remove_extra_entry,
    stop_process,
    telegram_fakes,
    wait_for_log,
)

FIRMWARE_TITLE = "Hardware wallet firmware updates"
CAROL_ID = 7770012345  # a distinctive user id, to look for in the logs
CAROL = {"id": CAROL_ID, "is_bot": False, "first_name": "Carol"}


def _question(updates, text, update_id, user=CAROL):
    update = updates.message(text, user=user, chat=updates.private(user))
    update["update_id"] = update_id
    return update


async def test_ops_sighup_reloads_a_running_bot_and_sigterm_finishes_the_reply(api, extra_content, tmp_path):
    """`python -m bot telegram`: SIGHUP reloads the content in place; SIGTERM during a send waits for it."""
    updates = telegram_fakes.Updates()
    env = bot_env(tmp_path, TELEGRAM_TOKEN=TG_TOKEN, TELEGRAM_BOT_API_URL=api.base_url)
    log = tmp_path / "bot.log"
    async with bot_process(["--content", str(extra_content), "telegram"], env, log) as proc:
        await api.wait_for("getUpdates")
        await api.push_update(_question(updates, EXTRA_QUESTION, 500))
        first = await api.wait_for("sendMessage")
        assert FIRMWARE_TITLE in first.params["text"]

        remove_extra_entry(extra_content)
        proc.send_signal(signal.SIGHUP)
        await wait_for_log(log, "content reloaded")
        await api.push_update(_question(updates, EXTRA_QUESTION, 501))
        second = await api.wait_for("sendMessage", count=2)
        assert FIRMWARE_TITLE not in second.params["text"]

        api.release_sends.clear()  # Telegram is slow to take the next reply...
        await api.push_update(_question(updates, "how do I withdraw USDT from Binance to MetaMask?", 502))
        await api.wait_for("sendMessage", count=3)
        proc.send_signal(signal.SIGTERM)  # ...and the bot is told to stop meanwhile
        await wait_for_log(log, "SIGTERM received")
        api.release_sends.set()
        assert await asyncio.wait_for(proc.wait(), WAIT) == 0
    text = log.read_text()
    assert "update 502 telegram" in text and "decision=answer" in text.split("update 502 telegram")[1]
    assert api.calls_of("getUpdates")[-1].params["offset"] == 503  # all three confirmed


async def test_ops_run_serves_both_platforms_in_one_process(api, fake, tmp_path):
    """`python -m bot run` with both tokens: Telegram by webhook and Discord by gateway, /healthz 200
    once both are connected, JSON log lines without tokens or raw user ids, exit 0 on SIGTERM."""
    port = free_port()
    hook = f"http://127.0.0.1:{port}/telegram"
    env = bot_env(tmp_path, TELEGRAM_TOKEN=TG_TOKEN, TELEGRAM_BOT_API_URL=api.base_url,
                  TELEGRAM_WEBHOOK_URL=hook, TELEGRAM_WEBHOOK_SECRET="hook-secret", TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
                  PORT=str(port), DISCORD_TOKEN=DISCORD_TOKEN, DISCORD_API_BASE=fake.api_base, LOG_FORMAT="json")
    updates = telegram_fakes.Updates()
    log = tmp_path / "bot.log"
    async with bot_process(["run"], env, log) as proc, httpx.AsyncClient(trust_env=False, timeout=10) as http:
        await api.wait_for("setWebhook")
        await asyncio.wait_for(fake.identified.wait(), WAIT)
        health = await _healthy(http, f"http://127.0.0.1:{port}/healthz")
        assert health == {"ok": True, "content": True, "platforms": {"telegram": True, "discord": True},
                          "stopping": False}

        posted = await http.post(hook, json=_question(updates, "gas fees on bsc?", 900),
                                 headers={"X-Telegram-Bot-Api-Secret-Token": "hook-secret"})
        assert posted.status_code == 200
        await api.wait_for("sendMessage")
        await fake.dispatch("INTERACTION_CREATE", interaction(2, slash("bnb-route", question="gas-fees")))
        await asyncio.wait_for(fake.answered.wait(), WAIT)
        assert fake.callbacks()[0].embed["title"]
        await wait_for_log(log, '"platform": "discord"')
        assert await stop_process(proc) == 0

    lines = [json.loads(line) for line in log.read_text().splitlines()]  # every line is JSON
    updates_logged = {(e["platform"], e["decision"]) for e in lines if "update_id" in e}
    assert {("telegram", "answer"), ("discord", "open")} <= updates_logged
    tg_line = next(e for e in lines if e.get("update_id") == 900)
    assert len(tg_line["chat"]) == 32 and isinstance(tg_line["duration_ms"], float)
    text = log.read_text()
    for secret in (TG_TOKEN, TG_TOKEN.split(":")[1], DISCORD_TOKEN, "hook-secret", "itoken-"):
        assert secret not in text
    for raw_id in (str(CAROL_ID), D_ALICE["id"]):
        assert raw_id not in text


async def _healthy(http: httpx.AsyncClient, url: str) -> dict:
    """/healthz once it answers 200 (503 while a platform is still connecting); a hang guard only."""
    async with asyncio.timeout(WAIT):
        while True:
            try:
                answer = await http.get(url)
                if answer.status_code == 200:
                    return answer.json()
                assert answer.status_code == 503
            except httpx.ConnectError:
                pass
            await asyncio.sleep(0.05)
