"""The bot as a real process, for tests of every area that run `python -m bot ...`."""
from __future__ import annotations

import asyncio
import signal
import sys
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WAIT = 30  # seconds: a guard against a hang, never a speed check


@asynccontextmanager
async def bot_process(args: list[str], env: dict[str, str], log_path: Path, cwd: Path = ROOT):
    """`python -m bot ARGS` as a real process, output to `log_path`; killed if left running."""
    with open(log_path, "wb") as log_file:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *args, cwd=cwd, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=log_file, stderr=log_file)
        try:
            yield proc
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()


async def stop_process(proc) -> int:
    """SIGTERM, then the exit code (a hang fails the test after WAIT seconds)."""
    proc.send_signal(signal.SIGTERM)
    return await asyncio.wait_for(proc.wait(), timeout=WAIT)
