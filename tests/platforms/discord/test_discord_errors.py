"""Failures reach the user as a short private message and the log; the token reaches no log."""
from __future__ import annotations

import logging

import discord
from discord import app_commands
from fake_discord import ALICE, TOKEN, interaction, slash


def boom(*args, **kwargs):
    raise RuntimeError("engine exploded")


async def test_a_failing_command_answers_privately_and_logs(discord_env, bot, monkeypatch, caplog):
    """/bnb-route whose engine raises: 'something went wrong' privately, the traceback in the log."""
    monkeypatch.setattr(bot.engine, "ask", boom)
    sent = await discord_env.command(bot, "bnb-route", question="how do I withdraw?")
    assert sent.type == 4 and sent.ephemeral
    assert sent.body["content"].startswith("Sorry, something went wrong")
    assert "exploded" not in sent.body["content"]
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)


async def test_a_command_failing_after_it_answered_follows_up(discord_env, bot):
    """A command that raises after responding still tells the user, as an ephemeral follow-up."""

    @app_commands.command(name="half-done", description="answers, then fails")
    async def half_done(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        raise RuntimeError("after the deferral")

    bot.tree.add_command(half_done)
    sent = await discord_env.interact(bot, interaction(2, slash("half-done")))
    assert [s.type for s in sent if s.path.endswith("/callback")] == [5]
    [followup] = [s for s in sent if "/webhooks/" in s.path]
    assert followup.method == "POST" and followup.ephemeral
    assert followup.body["content"].startswith("Sorry, something went wrong")


async def test_a_failing_button_answers_privately(discord_env, bot, monkeypatch):
    """A press whose handling raises gets a private apology, never 'This interaction failed'."""
    sent = await discord_env.command(bot, "bnb-route")
    msg = discord_env.fake.message_for(sent)
    monkeypatch.setattr(bot.engine, "press", boom)
    [answer] = await discord_env.press(bot, msg, sent.custom_ids[0], who=ALICE)
    assert answer.type == 4 and answer.ephemeral and answer.body["content"].startswith("Sorry")


async def test_a_failing_autocomplete_offers_nothing(discord_env, bot, monkeypatch):
    """Autocomplete that raises still answers Discord, with no choices."""
    monkeypatch.setattr(bot.engine, "suggest", boom)
    payload = interaction(4, slash("bnb-route", question="with", focused="question"))
    [sent] = await discord_env.interact(bot, payload)
    assert sent.type == 8 and sent.json["data"]["choices"] == []


async def test_an_unknown_command_asks_for_a_sync(discord_env, bot):
    """A command Discord still lists but this code no longer has: a private note to re-sync."""
    sent = await discord_env.command(bot, "bnb-old-command")
    assert sent.ephemeral and "--sync" in sent.body["content"]


async def test_token_never_reaches_a_debug_log(discord_env, monkeypatch, caplog):
    """Login, commands, presses and a failure, all logged at DEBUG: the token is in no line."""
    caplog.set_level(logging.DEBUG)
    client = await discord_env.bot()
    sent = await discord_env.command(client, "bnb-route", question="withdraw to metamask")
    await discord_env.press(client, discord_env.fake.message_for(sent), sent.custom_ids[0])
    monkeypatch.setattr(client.engine, "ask", boom)
    await discord_env.command(client, "bnb-route", question="again")
    assert any(r.name.startswith("discord.http") for r in caplog.records)  # discord.py did log requests
    assert TOKEN not in caplog.text
    assert all(TOKEN not in str(r.args) for r in caplog.records)
