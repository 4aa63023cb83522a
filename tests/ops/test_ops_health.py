"""GET /healthz in webhook mode: 200 when every platform is connected and content is loaded, else 503."""
from __future__ import annotations

import httpx
from ops_support import TG_TOKEN, free_port

from bot.ops.health import Health
from bot.ops.reload import EngineHolder
from bot.ops.settings import TelegramSettings
from bot.platforms.telegram import build_application
from bot.platforms.telegram.service import TelegramService


async def _service(api, engine, port):
    health = Health(EngineHolder(engine))
    settings = TelegramSettings(token=TG_TOKEN, bot_api_url=api.base_url, webhook_listen="127.0.0.1", port=port,
                                webhook_url=f"http://127.0.0.1:{port}/hook", webhook_secret="s3cret")
    return TelegramService(build_application(engine, TG_TOKEN, base_url=api.base_url), settings, health), health


async def test_ops_healthz_is_200_once_connected_and_503_while_stopping(api, engine):
    """Webhook running with content loaded: 200; as soon as the bot is stopping: 503."""
    port = free_port()
    service, health = await _service(api, engine, port)
    await service.start()
    try:
        async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
            up = await http.get(f"http://127.0.0.1:{port}/healthz")
            assert up.status_code == 200
            assert up.json() == {"ok": True, "content": True, "platforms": {"telegram": True}, "stopping": False}
            health.stopping = True
            down = await http.get(f"http://127.0.0.1:{port}/healthz")
            assert down.status_code == 503 and down.json()["stopping"] is True
    finally:
        await service.stop()
    assert api.calls_of("setWebhook")[0].params["secret_token"] == "s3cret"


async def test_ops_healthz_is_503_while_another_platform_is_disconnected(api, engine):
    """With Discord in the same process and not connected, the process is not healthy."""
    port = free_port()
    service, health = await _service(api, engine, port)
    connected = {"discord": False}
    health.track("discord", lambda: connected["discord"])
    await service.start()
    try:
        async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
            down = await http.get(f"http://127.0.0.1:{port}/healthz")
            assert down.status_code == 503
            assert down.json()["platforms"] == {"telegram": True, "discord": False}
            connected["discord"] = True
            assert (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
    finally:
        await service.stop()


async def test_ops_webhook_refuses_wrong_secret_and_bodies_that_are_no_update(api, engine):
    """Only Telegram (knowing the secret) may post, and only updates; nothing else reaches the bot."""
    port = free_port()
    service, _ = await _service(api, engine, port)
    await service.start()
    try:
        async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
            url = f"http://127.0.0.1:{port}/hook"
            wrong = await http.post(url, json={"update_id": 1}, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
            garbage = await http.post(url, content=b"\xff\x00not json",
                                      headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
            assert (wrong.status_code, garbage.status_code) == (403, 400)
    finally:
        await service.stop()
    assert api.calls_of("sendMessage") == []
