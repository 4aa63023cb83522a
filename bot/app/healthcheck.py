"""The container's health check (the Dockerfile's HEALTHCHECK): `python -m bot.app.healthcheck`.

In webhook mode (TELEGRAM_WEBHOOK_URL set) the running bot serves `GET /healthz` on
PORT: healthy when it answers 200 (every platform connected, content loaded, not
stopping). In polling mode nothing listens, so the check falls back to `python -m bot
doctor`'s offline checks (settings, content, database, token shapes): it catches a
broken deployment, not a stuck connection. Exit status 0 when healthy, else 1.
"""
from __future__ import annotations

import ipaddress
import os
import sys
import urllib.error
import urllib.request

from bot.ops.reload import default_content_dir
from bot.ops.settings import DEFAULT_PORT, load_env_file

from .doctor import run_doctor

TIMEOUT_SECONDS = 5


def healthz_url(env=os.environ) -> str:
    """Where this container's own webhook listener serves /healthz."""
    listen = (env.get("TELEGRAM_WEBHOOK_LISTEN") or "").strip()
    try:
        unspecified = not listen or ipaddress.ip_address(listen).is_unspecified
    except ValueError:
        unspecified = True
    host = "127.0.0.1" if unspecified else listen
    if ":" in host:
        host = f"[{host}]"
    port = (env.get("PORT") or "").strip() or str(DEFAULT_PORT)
    return f"http://{host}:{port}/healthz"


def probe(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:
            print(f"{url}: {answer.status} {answer.read(500).decode(errors='replace')}")
            return 0 if answer.status == 200 else 1
    except urllib.error.HTTPError as exc:
        print(f"{url}: {exc.code} {exc.read(500).decode(errors='replace')}")
    except OSError as exc:
        print(f"{url}: unreachable ({exc.__class__.__name__})")
    return 1


def main() -> int:
    load_env_file()
    if (os.environ.get("TELEGRAM_WEBHOOK_URL") or "").strip():
        return probe(healthz_url())
    return run_doctor(default_content_dir())


if __name__ == "__main__":
    sys.exit(main())
