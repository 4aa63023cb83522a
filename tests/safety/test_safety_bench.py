"""The safety benchmark runs and, on a small sample, meets its bars."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^  (?P<name>.+?)\s+(?P<n>[\d,]+)\s+(?P<flagged>[\d,]+)\s+(?P<rate>[\d.]+)%\s+(?P<bar>.+)$")


def test_benchmark_small_run_meets_the_bars():
    """Every checksum-valid phrase variant is found, and nothing ordinary is deleted or flagged."""
    done = subprocess.run([sys.executable, "benchmarks/safety_bench.py", "--scale", "0.05", "--seed", "3"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = {m["name"]: m for m in map(ROW.match, done.stdout.splitlines()) if m}
    assert len(rows) >= 18
    checked = 0
    for name, row in rows.items():
        n, flagged = int(row["n"].replace(",", "")), int(row["flagged"].replace(",", ""))
        if row["bar"].startswith("bar 100%"):
            assert flagged == n, name
            checked += 1
        elif row["bar"].startswith(("bar 0%", "bar < 0.1%")):
            assert flagged <= n // 1000, name
            checked += 1
    assert checked >= 15, "the benchmark's rows no longer name their bars"
    assert "scan time per message" in done.stdout
