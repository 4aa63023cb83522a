"""The house rules, checked with the tests: lint clean, layers kept, the README's files present."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the virtualenv's tools sit next to its python


def tool(name: str, *args: str) -> subprocess.CompletedProcess:
    path = BIN / name
    assert path.exists(), f"{name} is not installed next to {sys.executable}: pip install -e '.[test]'"
    return subprocess.run([str(path), *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    """`ruff check bot intents tests benchmarks`: no unused code, sorted imports, no errors."""
    done = tool("ruff", "check", "--no-cache", "bot", "intents", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_contracts_are_kept():
    """`lint-imports`: each layer imports only those below it, platforms never each other."""
    done = tool("lint-imports", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" in done.stdout and " 0 broken" in done.stdout


def test_readme_commands_use_files_inside_the_repository():
    """Every repository path the READMEs' commands name exists in a fresh clone; none points outside it."""
    named = set()
    for readme in (ROOT / "README.md", ROOT / "content" / "README.md"):
        text = readme.read_text(encoding="utf-8")
        assert "../shared" not in text, f"{readme.name} points outside the repository"
        named |= set(re.findall(r"\b((?:benchmarks|content|docs|bot|tests)/[\w./-]+\.(?:ya?ml|py|md))", text))
    assert "benchmarks/data/dev.yaml" in named
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert not missing, missing
