"""Settings: one clear line per bad setting, .env files, per-chat options from YAML."""
from __future__ import annotations

import asyncio
import sys

import pytest
from ops_support import ROOT, TG_TOKEN, WAIT, bot_env

from bot.app.runner import run_platforms
from bot.core.chat_settings import Settings
from bot.ops.settings import PresetChatSettings, SettingsError, load_settings


def test_ops_every_bad_setting_is_one_line_naming_it():
    """Five malformed variables give exactly five lines, each starting with the variable's name."""
    with pytest.raises(SettingsError) as caught:
        load_settings({"TELEGRAM_WEBHOOK_URL": "http://bot.example.com/hook", "PORT": "eighty",
                       "ALLOWED_CHATS": "-100123, general", "LOG_FORMAT": "xml",
                       "BOT_OPERATORS": "telegram:12, @alice", "TELEGRAM_TOKEN": TG_TOKEN})
    assert caught.value.problems == [
        "TELEGRAM_WEBHOOK_URL: must be an https URL (plain http only on 127.0.0.1 or localhost, for testing)",
        "PORT: must be a TCP port (1-65535); got 'eighty'",
        "ALLOWED_CHATS: must hold chat ids (whole numbers, groups are negative) separated by commas; got 'general'",
        "LOG_FORMAT: must be text or json; got 'xml'",
        "BOT_OPERATORS: must hold user ids, optionally as telegram:<id> or discord:<id>, separated by commas; "
        "got '@alice'",
    ]


def test_ops_good_settings_are_typed():
    """Lists become ids, switches booleans, unset allow-lists mean everywhere."""
    s = load_settings({"TELEGRAM_TOKEN": TG_TOKEN, "ALLOWED_CHATS": "-1001, -1002", "BOT_OPERATORS": "42 discord:7",
                       "DISCORD_TOKEN": "a.b.c", "BOT_WATCH_CONTENT": "on", "LOG_FORMAT": "JSON",
                       "TELEGRAM_WEBHOOK_URL": "https://bot.example.com/tg", "PORT": "8080"})
    assert s.telegram.allowed_chats == {-1001, -1002} and s.discord.allowed_guilds is None
    assert s.bot.operators == {(None, "42"), ("discord", "7")} and s.bot.watch_content and s.log.format == "json"
    assert (s.telegram.port, s.platforms()) == (8080, ["telegram", "discord"])
    assert TG_TOKEN in s.secrets()


def test_ops_run_refuses_bad_settings_before_connecting(monkeypatch, capsys):
    """`run` with a bad setting exits 2, printing the bad settings one per line, and starts nothing."""
    monkeypatch.setenv("TELEGRAM_TOKEN", TG_TOKEN)
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    monkeypatch.setenv("DISCORD_GUILD_ID", "my-server")
    assert run_platforms(["telegram"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "Refusing to start: 2 bad setting(s):"
    assert err[1].startswith("DISCORD_GUILD_ID: ") and err[2].startswith("LOG_LEVEL: ")


async def test_ops_env_file_is_read_and_the_environment_wins(tmp_path):
    """A .env in the working directory sets what the environment leaves unset, never overrides it."""
    (tmp_path / ".env").write_text("TELEGRAM_TOKEN=not a token\nLOG_FORMAT=yaml\n# a comment\n")
    env = bot_env(tmp_path, PYTHONPATH=str(ROOT), LOG_FORMAT="json")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--content", str(ROOT / "content"), "doctor", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, _ = await asyncio.wait_for(proc.communicate(), WAIT)
    lines = out.decode().splitlines()
    assert proc.returncode == 1
    assert any(line.startswith("error: TELEGRAM_TOKEN: is not shaped like a BotFather token") for line in lines)
    assert not any("LOG_FORMAT" in line for line in lines)  # the environment's json won over the file's yaml


def test_ops_chat_options_file_presets_and_admin_changes_win(tmp_path):
    """The YAML gives chats their starting options; an admin's switch still changes them."""
    path = tmp_path / "chats.yaml"
    path.write_text('telegram:\n  "-1001000000001": {autoanswer: on, linkguard: on}\n'
                    'discord:\n  "800000000000000001":\n    linkguard: on\n')
    s = load_settings({"BOT_CHAT_OPTIONS": str(path)})
    chats = PresetChatSettings(s.bot.chat_options)
    assert chats.get("telegram", -1001000000001) == Settings(autoanswer=True, linkguard=True)
    assert chats.get("discord", 800000000000000001) == Settings(linkguard=True)
    assert chats.get("telegram", -42) == Settings()
    chats.set("telegram", -1001000000001, autoanswer=False)
    assert chats.get("telegram", -1001000000001) == Settings(autoanswer=False, linkguard=True)


def test_ops_chat_options_file_errors_say_file_and_line(tmp_path):
    """Unknown options, bad values and bad ids are reported as BOT_CHAT_OPTIONS: FILE:LINE: problem."""
    path = tmp_path / "chats.yaml"
    path.write_text('telegram:\n  "-100":\n    autoanswr: on\n    linkguard: maybe\n'
                    '  general: {linkguard: on}\nslack: {}\n')
    with pytest.raises(SettingsError) as caught:
        load_settings({"BOT_CHAT_OPTIONS": str(path)})
    assert caught.value.problems == [
        f"BOT_CHAT_OPTIONS: {path}:3: unknown option 'autoanswr' (autoanswer, linkguard, impersonation, "
        f"impersonation_action, hijack, hijack_delete, joinnotice)",
        f"BOT_CHAT_OPTIONS: {path}:4: linkguard must be on or off",
        f"BOT_CHAT_OPTIONS: {path}:5: 'general' is not a telegram chat id",
        f"BOT_CHAT_OPTIONS: {path}:6: unknown platform 'slack' (telegram, discord)",
    ]


def test_ops_chat_options_file_sets_protection_options(tmp_path):
    """Community protection options can be preset per chat; the action must be a known word."""
    path = tmp_path / "chats.yaml"
    path.write_text('telegram:\n  "-1001000000001": {impersonation_action: restrict, joinnotice: on}\n')
    chats = PresetChatSettings(load_settings({"BOT_CHAT_OPTIONS": str(path)}).bot.chat_options)
    assert chats.get("telegram", -1001000000001) == Settings(impersonation_action="restrict", joinnotice=True)
    path.write_text('discord:\n  "800000000000000001": {impersonation_action: ban}\n')
    with pytest.raises(SettingsError) as caught:
        load_settings({"BOT_CHAT_OPTIONS": str(path)})
    assert caught.value.problems == [
        f"BOT_CHAT_OPTIONS: {path}:2: impersonation_action must be one of report, restrict, timeout"]


def test_ops_stop_drain_and_outbox_age_settings():
    """STOP_DRAIN_SECONDS (default 20) and OUTBOX_MAX_AGE (default 15 minutes) are whole seconds."""
    from bot.ops.settings import load_settings as load

    assert (load({}).bot.stop_drain_seconds, load({}).bot.outbox_max_age) == (20, 900)
    chosen = load({"STOP_DRAIN_SECONDS": "5", "OUTBOX_MAX_AGE": "60"}).bot
    assert (chosen.stop_drain_seconds, chosen.outbox_max_age) == (5, 60)
    for name, bad in (("STOP_DRAIN_SECONDS", "20s"), ("OUTBOX_MAX_AGE", "-1")):
        with pytest.raises(SettingsError, match=name):
            load({name: bad})
