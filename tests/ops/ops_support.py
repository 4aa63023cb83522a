"""Helpers for running the bot for real: the Telegram and Discord fakes (reused from their
test areas), content with one extra entry to add and remove, and real bot processes."""
from __future__ import annotations

import asyncio
import importlib.util
import os
import re
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# what `check` says of the real content (the count changes as entries are added)
CONTENT_OK = f"content OK: {len(list((ROOT / 'content' / 'entries').glob('*.yaml')))} entries"
sys.path.insert(0, str(ROOT / "tests" / "platforms" / "discord"))
import fake_discord  # noqa: E402  (the Discord tests' fake, shared)
from process_support import bot_process, stop_process  # noqa: E402,F401  (shared by every area)


def _module_from(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


# the Telegram tests' fake Bot API lives in their conftest: loaded under its own name
telegram_fakes = _module_from("ops_telegram_fakes", ROOT / "tests" / "platforms" / "telegram" / "conftest.py")
TG_TOKEN = telegram_fakes.TOKEN
DISCORD_TOKEN = fake_discord.TOKEN
WAIT = 30  # seconds: a guard against a hang, never a speed check

EXTRA_ID = "ledger-firmware"
EXTRA_QUESTION = "trezor firmware upgrade frozen halfway"
EXTRA_ENTRY = """\
id: ledger-firmware
title: Hardware wallet firmware updates
label: Hardware wallet updates
answer: |
  Update a hardware wallet's firmware only from its maker's own app. Your coins stay on the chain while it updates.
examples:
  - trezor firmware upgrade frozen halfway
  - hardware wallet firmware upgrade failed
  - how do i upgrade my trezor firmware
  - my trezor is frozen on the firmware screen
keywords:
  - trezor
  - firmware
last_verified: 2026-11-23
sources:
  - url: https://support.metamask.io/stay-safe/safety-in-web3/basic-safety-and-security-tips-for-metamask/
    verified: 2026-11-23
"""
_START_OPTIONS = re.compile(r"^(  options: \[exchange-wallet, .*?)\]$", re.MULTILINE)


class OpsBotApi(telegram_fakes.FakeBotApi):
    """The fake Bot API, plus leaveChat, and sends that can be held back (a slow Telegram)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.release_sends = asyncio.Event()
        self.release_sends.set()
        self.floods = 0  # sendMessage calls still to refuse with 429 (retry after 1 s)
        self.send_times: list[tuple[int, float]] = []  # (chat id, when) of each message accepted

    async def _handle(self, request):
        from aiohttp import web

        if request.match_info["method"] == "sendMessage" and self.floods:
            self.floods -= 1
            self.calls.append(telegram_fakes.Call("sendMessage", await self._params(request)))
            return web.json_response({"ok": False, "error_code": 429, "parameters": {"retry_after": 1},
                                      "description": "Too Many Requests: retry after 1"}, status=429)
        return await super()._handle(request)

    async def _api_sendMessage(self, params: dict) -> dict:
        await self.release_sends.wait()
        self.send_times.append((int(params["chat_id"]), time.monotonic()))
        return await self._send(params)

    async def _api_leaveChat(self, params: dict) -> bool:
        return True


class OpsDiscord(fake_discord.FakeDiscord):
    """The fake Discord, plus leaving a server."""

    def route(self, sent):
        if sent.method == "DELETE" and re.fullmatch(r"/users/@me/guilds/\d+", sent.path):
            return None
        return super().route(sent)


def add_extra_entry(content_dir: Path) -> None:
    (content_dir / "entries" / f"{EXTRA_ID}.yaml").write_text(EXTRA_ENTRY, encoding="utf-8")
    routes = content_dir / "routes.yaml"
    text, n = _START_OPTIONS.subn(rf"\1, {EXTRA_ID}]", routes.read_text(encoding="utf-8"), count=1)
    assert n == 1, "the start menu's options line changed shape"
    routes.write_text(text, encoding="utf-8")


def remove_extra_entry(content_dir: Path) -> None:
    (content_dir / "entries" / f"{EXTRA_ID}.yaml").unlink()
    routes = content_dir / "routes.yaml"
    routes.write_text(routes.read_text(encoding="utf-8").replace(f", {EXTRA_ID}]", "]"), encoding="utf-8")


def break_content(content_dir: Path) -> str:
    """Point a menu option at an unknown id; the problem line `check` reports for it."""
    routes = content_dir / "routes.yaml"
    text = routes.read_text(encoding="utf-8")
    routes.write_text(text.replace("[withdraw-from-exchange,", "[no-such-entry, withdraw-from-exchange,"),
                      encoding="utf-8")
    line = next(i for i, row in enumerate(routes.read_text().splitlines(), 1) if "no-such-entry" in row)
    return f"{routes}:{line}: 'options' points at unknown id 'no-such-entry'"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment for a bot process: no stray settings, a database in tmp_path."""
    prefixes = ("TELEGRAM_", "DISCORD_", "BOT_", "LOG_", "ALLOWED_")
    env = {k: v for k, v in os.environ.items()
           if not k.upper().endswith("_PROXY") and not k.startswith(prefixes)
           and k not in ("DATABASE_URL", "RETENTION_DAYS", "PORT")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'data' / 'bot.db'}", BOT_HASH_KEY="ops-test-hash-key",
               LOG_LEVEL="DEBUG", **extra)
    return env


async def wait_for_log(path: Path, text: str, *, count: int = 1) -> str:
    """The process's log once `text` appears in it `count` times (polls the file; a hang guard only)."""
    async with asyncio.timeout(WAIT):
        while True:
            content = path.read_text(errors="replace")
            if content.count(text) >= count:
                return content
            await asyncio.sleep(0.05)
