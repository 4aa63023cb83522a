"""`python -m bot doctor [--online]`: one ok/error line per check, exit 1 on any error."""
from __future__ import annotations

import asyncio
import io
import os
import sys

from ops_support import CONTENT_OK, DISCORD_TOKEN, ROOT, TG_TOKEN, WAIT, bot_env, break_content

from bot.app.doctor import run_doctor


def _clean_env(monkeypatch, **values):
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "DISCORD_", "BOT_", "LOG_", "ALLOWED_")) or name in ("DATABASE_URL", "PORT"):
            monkeypatch.delenv(name)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def _doctor(content_dir, **kwargs) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_doctor(content_dir, out=out, **kwargs)
    return code, out.getvalue().splitlines()


def test_ops_doctor_offline_all_ok(monkeypatch, tmp_path):
    """Good settings, content and tokens, a database not created yet: every line ok, exit 0."""
    _clean_env(monkeypatch, TELEGRAM_TOKEN=TG_TOKEN, DISCORD_TOKEN=DISCORD_TOKEN,
               DATABASE_URL=f"sqlite:///{tmp_path}/data/bot.db")
    code, lines = _doctor(ROOT / "content")
    assert code == 0, lines
    assert lines[0] == "ok: settings" and all(line.startswith("ok: ") for line in lines)
    assert any(line.startswith(f"ok: {CONTENT_OK}") for line in lines)
    assert any("does not exist yet" in line for line in lines)
    assert "ok: TELEGRAM_TOKEN is shaped like a token" in lines and "ok: DISCORD_TOKEN is shaped like a token" in lines


def test_ops_doctor_offline_reports_each_problem(monkeypatch, content_copy):
    """A malformed token, broken content and a database that refuses connections: one error line each."""
    expected_content = break_content(content_copy)
    _clean_env(monkeypatch, TELEGRAM_TOKEN="123:short", DATABASE_URL="postgresql://bnb@127.0.0.1:1/none")
    code, lines = _doctor(content_copy)
    assert code == 1
    errors = [line for line in lines if line.startswith("error: ")]
    assert errors[0] == f"error: {expected_content}"
    assert errors[1].startswith("error: database: cannot use postgresql+psycopg://bnb@127.0.0.1:1/none")
    assert errors[2].startswith("error: TELEGRAM_TOKEN does not look like a token")
    assert len(errors) == 3 and "short" not in "\n".join(lines)


def test_ops_doctor_bad_settings_are_errors(monkeypatch):
    """A bad setting is an error line naming it; content is still checked."""
    _clean_env(monkeypatch, PORT="0")
    code, lines = _doctor(ROOT / "content")
    assert code == 1
    assert lines[0] == "error: PORT: must be a TCP port (1-65535); got '0'"
    assert lines[1].startswith("ok: content OK")


async def _doctor_process(env, tmp_path) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "doctor", "--online", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(proc.communicate(), WAIT)
    return proc.returncode, out.decode()


async def test_ops_doctor_online_signs_in_to_both_fakes(api, fake, tmp_path):
    """--online: getMe at TELEGRAM_BOT_API_URL and a login at DISCORD_API_BASE both succeed."""
    env = bot_env(tmp_path, TELEGRAM_TOKEN=TG_TOKEN, TELEGRAM_BOT_API_URL=api.base_url,
                  DISCORD_TOKEN=DISCORD_TOKEN, DISCORD_API_BASE=fake.api_base)
    code, out = await _doctor_process(env, tmp_path)
    assert code == 0, out
    assert "ok: Telegram getMe: signed in as @bnbroute_bot" in out.splitlines()
    assert "ok: Discord login: signed in as bnb-route" in out.splitlines()
    assert api.calls_of("getMe") and any(s.path == "/users/@me" for s in fake.sent)


async def test_ops_doctor_online_reports_refused_tokens(api, fake, tmp_path):
    """Tokens the services refuse: a clear error line for each, exit 1, and neither token printed."""
    telegram_token = "999999:" + "w" * 35
    discord_token = "MTIzNDU2Nzg5MDEy.wrong-token.abcdefghijklmnop"
    env = bot_env(tmp_path, TELEGRAM_TOKEN=telegram_token, TELEGRAM_BOT_API_URL=api.base_url,
                  DISCORD_TOKEN=discord_token, DISCORD_API_BASE=fake.api_base)
    code, out = await _doctor_process(env, tmp_path)
    assert code == 1
    assert "error: Telegram getMe: Telegram refused the token in TELEGRAM_TOKEN" in out.splitlines()
    assert "error: Discord login: Discord rejected DISCORD_TOKEN" in out.splitlines()
    assert telegram_token not in out and discord_token not in out
