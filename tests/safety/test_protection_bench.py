"""The protection benchmark runs and, on a small sample, shows its detectors working."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^  (?P<name>.+?)\s+(?P<n>[\d,]+)\s+(?P<flagged>[\d,]+)\s+(?P<rate>[\d.]+)%\s+(?P<bar>.+)$")


def test_benchmark_small_run_reports_every_figure():
    """A small seeded run prints caught and false-flag rates near the targets, admins and bot never flagged."""
    done = subprocess.run([sys.executable, "benchmarks/protection_bench.py", "--scale", "0.05", "--seed", "3"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = {m["name"]: m for m in map(ROW.match, done.stdout.splitlines()) if m}
    rate = {name: float(row["rate"]) for name, row in rows.items()}
    assert rate["all impersonating names"] >= 90
    if "Faker not installed" not in done.stdout:  # the small built-in list is no fair sample of names
        assert rate["ordinary members (name + handle)"] <= 1
    assert rate["the admins themselves"] == 0 and rate["the bot itself"] == 0
    assert rate["hijack replies caught"] >= 85
    assert rate["ordinary helpful replies flagged"] <= 2
    assert rate["scam links and texts caught"] >= 90
    assert rate["ordinary messages flagged"] <= 1
    assert "check time per item" in done.stdout
