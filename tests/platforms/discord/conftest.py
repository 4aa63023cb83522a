"""Fixtures for the Discord adapter tests: the fake Discord and bots logged in to it (see fake_discord)."""
from __future__ import annotations

import discord
import pytest
from fake_discord import Discord, FakeDiscord

from bot.platforms.discord.client import point_api_at


@pytest.fixture
async def fake():
    """A fake Discord listening on 127.0.0.1 for this test."""
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def discord_env(fake, engine, monkeypatch):
    """The fake Discord and a way to build bots against it; bots are closed afterwards."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    point_api_at(fake.api_base)
    env = Discord(fake, engine)
    yield env
    for client in env.bots:
        await client.close()


@pytest.fixture
async def bot(discord_env):
    """A logged-in bot with no support channels."""
    return await discord_env.bot()
