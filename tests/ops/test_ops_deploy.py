"""The deploy path: Procfile, requirements, Dockerfile, compose file, the health check, LICENSE."""
from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import tomllib

import pytest
import yaml
from ops_support import ROOT, bot_env
from packaging.requirements import Requirement

from bot.app import healthcheck


def test_ops_procfile_runs_one_worker_for_every_platform():
    """One worker, `python -m bot run`: every platform whose token is set, in one process."""
    lines = [line for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()]
    assert lines == ["worker: python -m bot run"]


def test_ops_run_without_any_token_says_so_in_one_line(tmp_path):
    """A worker started without a token exits 2 with one clear line, not a traceback."""
    done = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=bot_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["No platform to run: set TELEGRAM_TOKEN and/or DISCORD_TOKEN."]
    assert list(tmp_path.iterdir()) == []  # nothing created before refusing


def test_ops_requirements_pin_what_pyproject_asks_for():
    """requirements.txt (what buildpacks install) pins every runtime dependency within
    pyproject.toml's ranges, and installs the project itself."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[-1] == "."
    pins = {}
    for line in lines[:-1]:
        name, _, version = line.partition("==")
        assert version, f"not pinned: {line}"
        pins[name.lower().replace("_", "-").replace(".", "-")] = version
    for spec in project["dependencies"]:
        req = Requirement(spec)
        key = req.name.lower().replace("_", "-").replace(".", "-")
        assert key in pins, f"{req.name} is not in requirements.txt"
        assert req.specifier.contains(pins[key]), f"{req.name}=={pins[key]} is outside {req.specifier}"


def test_ops_dockerfile_runs_the_bot_as_a_user_with_a_health_check():
    """Slim Python 3.11, installs the project, drops root, checks health, runs `python -m bot run`."""
    text = (ROOT / "Dockerfile").read_text()
    steps = [line.split(None, 1) for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    keys = [step[0] for step in steps]
    assert steps[0] == ["FROM", "python:3.11-slim"]
    assert "pip install --no-deps ." in text and "BOT_DATA_DIR=/data" in text
    user = [step[1] for step in steps if step[0] == "USER"]
    assert user and user[-1] not in ("root", "0")
    assert keys.index("USER") < keys.index("CMD") and "HEALTHCHECK" in keys
    assert steps[-1] == ["CMD", '["python", "-m", "bot", "run"]']
    for copied in ("requirements.txt", "bot", "intents", "content"):
        assert (ROOT / copied).exists()


def test_ops_compose_wires_postgres_into_the_bot():
    """compose.yaml: the bot's DATABASE_URL names the db service, whose data is on a volume."""
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql://bnbroute:")
    assert "@db:5432/bnbroute" in bot["environment"]["DATABASE_URL"]
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert db["image"].startswith("postgres:") and "healthcheck" in db
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert int(bot["stop_grace_period"].rstrip("s")) > 20  # beyond STOP_DRAIN_SECONDS' default


def test_ops_license_is_mit():
    """The LICENSE file says what pyproject.toml says."""
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "2026 bnb-route contributors" in text
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == {"text": "MIT"}


class _Healthz(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):
        body = b'{"ok": true}' if self.status == 200 else b'{"ok": false}'
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def healthz():
    """A stand-in for the webhook listener's /healthz on 127.0.0.1."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Healthz)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_ops_health_check_follows_healthz_in_webhook_mode(healthz, monkeypatch, capsys):
    """Webhook mode: healthy exactly when /healthz on PORT answers 200; nothing listening is unhealthy."""
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.example.com/telegram")
    monkeypatch.setenv("PORT", str(healthz.server_port))
    monkeypatch.delenv("TELEGRAM_WEBHOOK_LISTEN", raising=False)
    _Healthz.status = 200
    assert healthcheck.main() == 0
    _Healthz.status = 503
    assert healthcheck.main() == 1
    assert "503" in capsys.readouterr().out
    healthz.shutdown()
    healthz.server_close()
    assert healthcheck.main() == 1
    assert "unreachable" in capsys.readouterr().out


def test_ops_health_check_runs_the_doctor_when_polling(tmp_path, monkeypatch):
    """Long polling has no port: the check is the offline doctor, failing on a bad setting."""
    env = bot_env(tmp_path)
    done = subprocess.run([sys.executable, "-m", "bot.app.healthcheck"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok: settings" in done.stdout and "ok: content" in done.stdout
    env["TELEGRAM_TOKEN"] = "not a token"
    done = subprocess.run([sys.executable, "-m", "bot.app.healthcheck"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "error: TELEGRAM_TOKEN" in done.stdout
    assert "not a token" not in done.stdout
