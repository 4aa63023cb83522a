"""`python -m bot ask`: a secret never appears in its output, JSON or not."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from safety_samples import leaked

ROOT = Path(__file__).resolve().parents[2]


def run_bot(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_ask_json_with_a_phrase_omits_the_question(quiet_phrase):
    """`ask --json` on a phrase: no question field, entry null, decision secret, no word anywhere."""
    done = run_bot("ask", "--json", " ".join(quiet_phrase))
    assert done.returncode == 0, done.stderr
    obj = json.loads(done.stdout)
    assert "question" not in obj and obj["entry"] is None and obj["decision"] == "secret"
    assert leaked(quiet_phrase, done.stdout + done.stderr) == []


def test_ask_json_lines_hide_only_the_secret_line(quiet_phrase):
    """Reading stdin, the phrase line is hidden and the other lines are echoed as usual."""
    lines = ["how do I add bsc to metamask", "1. " + " 2. ".join(quiet_phrase), "private key " + "9f" * 32]
    done = run_bot("ask", "--json", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    objs = [json.loads(line) for line in done.stdout.splitlines()]
    assert objs[0]["question"] == lines[0]
    assert [o["decision"] for o in objs[1:]] == ["secret", "secret"]
    assert leaked(quiet_phrase, done.stdout + done.stderr) == [] and "9f9f" not in done.stdout


def test_ask_text_mode_with_a_phrase_prints_no_word(quiet_phrase):
    """The human-readable `ask` says a secret was found and prints nothing of it."""
    done = run_bot("ask", *quiet_phrase)
    assert done.returncode == 0, done.stderr
    assert "decision: secret" in done.stdout
    assert leaked(quiet_phrase, done.stdout + done.stderr) == []
