"""Fixtures for the ops tests; the helpers they use live in ops_support.py."""
from __future__ import annotations

import logging
import shutil

import pytest
from ops_support import ROOT, TG_TOKEN, OpsBotApi, OpsDiscord, add_extra_entry, fake_discord, telegram_fakes


@pytest.fixture
def extra_content(tmp_path):
    """A writable copy of the real content with one extra entry, reachable from the start menu."""
    dest = tmp_path / "content"
    shutil.copytree(ROOT / "content", dest)
    add_extra_entry(dest)
    return dest


@pytest.fixture
async def api():
    """The Telegram tests' fake Bot API (with leaveChat) on 127.0.0.1."""
    server = OpsBotApi()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def fake():
    """The Discord tests' fake Discord (with leaving servers) on 127.0.0.1."""
    server = OpsDiscord()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture(autouse=True)
def restore_logging():
    """Tests here configure logging as the bot does; put the process's logging back after."""
    from bot.ops.logs import _LIBRARY_LOGGERS

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    loggers = {name: (logging.getLogger(name).level, logging.getLogger(name).filters[:])
               for name in _LIBRARY_LOGGERS}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, (lvl, filters) in loggers.items():
        logging.getLogger(name).setLevel(lvl)
        logging.getLogger(name).filters[:] = filters




@pytest.fixture
async def telegram_app(api):
    """Builds the real Telegram Application on the fake Bot API, initialized; handler errors fail the test."""
    from bot.platforms.telegram import build_application

    harnesses = []

    async def make(engine, **options):
        clock = telegram_fakes.FakeClock()
        app = build_application(engine, TG_TOKEN, base_url=api.base_url, clock=clock, **options)
        harness = telegram_fakes.TelegramHarness(app, api, clock)

        async def collect(update, context):
            harness.errors.append(context.error)

        app.add_error_handler(collect)
        await app.initialize()
        harnesses.append(harness)
        return harness

    yield make
    for harness in harnesses:
        await harness.app.shutdown()
        assert harness.errors == [], f"handlers raised: {harness.errors!r}"


@pytest.fixture
async def discord_bots(fake, engine, monkeypatch):
    """The Discord tests' driver on the fake Discord; bots it builds are closed afterwards."""
    import discord

    from bot.platforms.discord.client import point_api_at

    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    point_api_at(fake.api_base)
    driver = fake_discord.Discord(fake, engine)
    yield driver
    for client in driver.bots:
        await client.close()
