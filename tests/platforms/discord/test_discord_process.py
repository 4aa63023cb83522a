"""`python -m bot discord` as a real process against the fake Discord on 127.0.0.1."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from fake_discord import APP_ID, GUILD_ID, MESSAGE_CONTENT, SUPPORT_ID, TOKEN, interaction, slash

from bot.platforms.discord import build_bot
from bot.platforms.discord.runner import INTENT_REFUSED, MEMBERS_REFUSED, DiscordSettings

ROOT = Path(__file__).resolve().parents[3]
GUILDS, GUILD_MEMBERS, GUILD_MESSAGES = 1 << 0, 1 << 1, 1 << 9
WAIT = 30  # a guard against hanging, not a speed check


async def start_process(fake, tmp_path, *args: str, **env: str):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    # the record goes to tmp_path: a test run leaves no ./data behind
    environ.update({"DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": fake.api_base, "LOG_LEVEL": "DEBUG",
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'bot.db'}", **env})
    log = open(tmp_path / "stderr.log", "wb")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "discord", *args, cwd=ROOT,
                                                env=environ, stdout=asyncio.subprocess.PIPE, stderr=log)
    return proc, tmp_path / "stderr.log"


async def test_process_answers_over_the_gateway_and_stops_on_sigterm(fake, tmp_path):
    """The real process: API base and gateway from the environment, Message Content refused
    then dropped, a slash command answered, SIGTERM closes it cleanly; no token in the DEBUG log."""
    fake.refuse_message_content = True
    proc, log = await start_process(fake, tmp_path, DISCORD_SUPPORT_CHANNELS=f"{SUPPORT_ID}")
    try:
        await asyncio.wait_for(fake.identified.wait(), WAIT)
        assert fake.identifies[0] & MESSAGE_CONTENT
        assert fake.identifies[-1] == GUILDS | GUILD_MESSAGES | GUILD_MEMBERS  # Server Members kept

        await fake.dispatch("INTERACTION_CREATE", interaction(2, slash("bnb-route", question="gas-fees")))
        await asyncio.wait_for(fake.answered.wait(), WAIT)
        [answer] = fake.callbacks()
        assert answer.type == 4 and answer.embed["title"]
        assert any(s.path == "/gateway/bot" for s in fake.sent)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), WAIT)
    text = log.read_text()
    assert code == 0
    assert text.count(INTENT_REFUSED) == 1 and MEMBERS_REFUSED not in text
    assert "DEBUG" in text and TOKEN not in text


async def test_process_without_the_members_intent_says_so_once(fake, tmp_path):
    """Server Members refused (not enabled in the Developer Portal): one line, and the bot runs on
    with Message Content kept."""
    fake.refuse_members = True
    proc, log = await start_process(fake, tmp_path, DISCORD_SUPPORT_CHANNELS=f"{SUPPORT_ID}")
    try:
        await asyncio.wait_for(fake.identified.wait(), WAIT)
        assert fake.identifies[0] & GUILD_MEMBERS
        assert fake.identifies[-1] == GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT
        await fake.dispatch("INTERACTION_CREATE", interaction(2, slash("bnb-route", question="gas-fees")))
        await asyncio.wait_for(fake.answered.wait(), WAIT)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), WAIT)
    text = log.read_text()
    assert code == 0 and text.count(MEMBERS_REFUSED) == 1 and INTENT_REFUSED not in text


async def test_sync_registers_commands_globally(fake, tmp_path):
    """--sync uploads the command tree once, with moderator defaults, and exits."""
    proc, log = await start_process(fake, tmp_path, "--sync")
    out, _ = await asyncio.wait_for(proc.communicate(), WAIT)
    assert proc.returncode == 0, log.read_text()
    [put] = [s for s in fake.sent if s.method == "PUT"]
    assert put.path == f"/applications/{APP_ID}/commands"
    commands = {c["name"]: c for c in put.json}
    assert set(commands) == {"bnb-route", "bnb-help", "warn", "Send safety warning", "bnb-route-settings",
                             "bnb-route-reload", "bnb-route-stats", "bnb-route-verify"}
    assert commands["warn"]["default_member_permissions"] == 1 << 13
    assert commands["Send safety warning"]["default_member_permissions"] == 1 << 13
    assert commands["bnb-route-settings"]["default_member_permissions"] == 1 << 5
    assert commands["bnb-route-reload"]["default_member_permissions"] == 1 << 3  # administrators
    assert commands["bnb-route-stats"]["default_member_permissions"] == 1 << 3
    assert commands["bnb-route"]["options"][0]["autocomplete"] is True
    assert "default_member_permissions" not in commands["bnb-route-verify"] or \
        commands["bnb-route-verify"]["default_member_permissions"] is None  # anyone may ask
    assert b"Synced 8 commands globally" in out
    assert TOKEN not in log.read_text()


async def test_sync_to_one_guild_for_testing(fake, tmp_path):
    """With DISCORD_GUILD_ID, --sync registers the commands in that server only (shows at once)."""
    proc, log = await start_process(fake, tmp_path, "--sync", DISCORD_GUILD_ID=str(GUILD_ID))
    out, _ = await asyncio.wait_for(proc.communicate(), WAIT)
    assert proc.returncode == 0, log.read_text()
    [put] = [s for s in fake.sent if s.method == "PUT"]
    assert put.path == f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands"
    assert len(put.json) == 8 and f"in server {GUILD_ID}".encode() in out


async def test_missing_token_exits_2_with_a_clear_line(fake, tmp_path):
    """No DISCORD_TOKEN: exit status 2, one line saying what to set, and no request to Discord."""
    proc, log = await start_process(fake, tmp_path, DISCORD_TOKEN="")
    await asyncio.wait_for(proc.wait(), WAIT)
    assert proc.returncode == 2
    assert b"DISCORD_TOKEN is not set" in log.read_bytes()
    assert fake.sent == []


def test_settings_from_the_environment():
    """Channel and server ids are parsed; a malformed one is refused naming the variable."""
    settings = DiscordSettings.from_env({"DISCORD_TOKEN": " t ", "DISCORD_SUPPORT_CHANNELS": "12, 34,",
                                         "DISCORD_GUILD_ID": "56"})
    assert (settings.token, settings.support_channels, settings.guild_id) == ("t", (12, 34), 56)
    assert settings.read_messages and not DiscordSettings.from_env({}).read_messages
    assert DiscordSettings.from_env({"DISCORD_READ_MESSAGES": "1"}).read_messages
    with pytest.raises(ValueError, match="DISCORD_SUPPORT_CHANNELS"):
        DiscordSettings.from_env({"DISCORD_SUPPORT_CHANNELS": "123,general"})
    with pytest.raises(ValueError, match="DISCORD_GUILD_ID"):
        DiscordSettings.from_env({"DISCORD_GUILD_ID": "-5"})


async def test_a_rejected_token_exits_2_without_logging_it(fake, tmp_path):
    """A token Discord rejects: exit status 2, a line saying so, and the token in no log line."""
    wrong = "MTIzNDU2.wrong-token.abcdef"
    proc, log = await start_process(fake, tmp_path, DISCORD_TOKEN=wrong)
    await asyncio.wait_for(proc.wait(), WAIT)
    text = log.read_text()
    assert proc.returncode == 2
    assert "Discord rejected DISCORD_TOKEN" in text and wrong not in text


async def test_message_intents_only_with_support_channels(engine):
    """Slash commands need no privileged intent: message intents only when messages are read."""
    assert build_bot(engine).intents.value == GUILDS
    assert build_bot(engine, support_channels=[SUPPORT_ID]).intents.value == GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT
    refused = build_bot(engine, support_channels=[SUPPORT_ID], message_content=False)
    assert refused.intents.value == GUILDS | GUILD_MESSAGES
