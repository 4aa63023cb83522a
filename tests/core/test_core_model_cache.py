"""The fitted model: cached by what it was trained on, rebuilt when content changes,
identical when trained again, and never trained or tuned on the frozen real test part."""
from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from bot.core import model_cache
from bot.core.model_cache import FrozenTestError, build_matcher, is_frozen_test, load_questions, training_key

ROOT = Path(__file__).resolve().parents[2]


def test_second_build_loads_the_cached_model(content, tmp_path, monkeypatch):
    """The first build trains and stores the arrays; the next one loads them without training."""
    monkeypatch.setenv("BNB_ROUTE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(model_cache, "BUNDLE_DIR", tmp_path / "no-bundle")
    c = dataclasses.replace(content)
    first = build_matcher(c)
    assert list(tmp_path.glob("matcher-*.npz"))

    def no_training(*a, **k):
        raise AssertionError("trained again although the model was cached")

    monkeypatch.setattr("intents.train.train", no_training)
    second = build_matcher(dataclasses.replace(content))
    assert second.model.same_as(first.model)
    assert second.match("withdrew BNB can't use pancakeswap") == first.match("withdrew BNB can't use pancakeswap")


def test_training_again_gives_identical_arrays(engine):
    """Deterministic training: the same content gives the same arrays, bit for bit."""
    fresh = build_matcher(engine.content, use_cache=False)
    assert fresh.model.same_as(engine.matcher.model)


def test_content_edits_change_the_key(content):
    """Any edit a moderator makes to what the model learns from means a new model."""
    questions = model_cache.default_questions()
    key = training_key(content, questions)
    entry = next(iter(content.entries.values()))
    edited = dataclasses.replace(content, entries={**content.entries, entry.id: dataclasses.replace(
        entry, examples=entry.examples + ("a brand new example question",))})
    assert training_key(edited, questions) != key
    assert training_key(dataclasses.replace(content, offtopic=content.offtopic + ("gm gm",)), questions) != key
    assert training_key(dataclasses.replace(content), questions) == key


def test_unwritable_cache_still_builds(content, tmp_path, monkeypatch):
    """A cache folder that cannot be written: the matcher is trained in memory, no crash."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BNB_ROUTE_CACHE_DIR", str(blocker / "cache"))
    m = build_matcher(dataclasses.replace(content))
    assert m.match("insufficient funds for gas").intent == "gas-fees"


def test_broken_cache_file_is_retrained(content, tmp_path, monkeypatch):
    """A truncated cache file is ignored and replaced."""
    monkeypatch.setenv("BNB_ROUTE_CACHE_DIR", str(tmp_path))
    key = training_key(content, model_cache.default_questions())
    (tmp_path / f"matcher-{key}.npz").write_bytes(b"PK\x03\x04 truncated")
    m = build_matcher(dataclasses.replace(content))
    assert m.match("insufficient funds for gas").intent == "gas-fees"


# -- the frozen real test part ---------------------------------------------------------

def test_training_loader_refuses_the_frozen_test_part(tmp_path, monkeypatch):
    """Whatever path leads there, the test part is never loaded for training."""
    real = tmp_path / "benchmarks" / "data" / "real"
    real.mkdir(parents=True)
    (real / "test.yaml").write_text("- q: gm\n  expect: []\n")
    (real / "test2.yaml").write_text("- q: gm\n  expect: []\n")
    (real / "train.yaml").write_text("- q: gm\n  expect: []\n")
    for path in (real / "test.yaml", real / "test2.yaml", real / "sub" / ".." / "test.yaml",
                 ROOT / "benchmarks/data/real/test.yaml"):
        assert is_frozen_test(path)
        with pytest.raises(FrozenTestError):
            load_questions(path)
    assert not is_frozen_test(real / "train.yaml")
    assert load_questions(real / "train.yaml")[0].text == "gm"
    monkeypatch.setenv("BNB_ROUTE_TRAIN_FILE", str(real / "test.yaml"))
    with pytest.raises(FrozenTestError):
        model_cache.default_questions()


def _mentions(tree) -> list[tuple[int, str]]:
    """(line, what) of every path string or REAL_TEST name naming the test part, docstrings aside."""
    mention = re.compile(r"test\d*\.ya?ml|real/test|real\\test")
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if mention.search(node.value):
                found.append((node.lineno, node.value))
        elif isinstance(node, ast.Name) and node.id.startswith("REAL_TEST"):
            found.append((node.lineno, node.id))
    return found


def test_no_training_or_tuning_code_reads_the_frozen_test_part():
    """Only the report at the end of benchmarks/matcher_tune.py evaluates test.yaml; no
    training path, tuning script or bot module names it otherwise."""
    allowed = {
        # the definition, and the one report at the end (evaluate + print, nothing chosen from it)
        "benchmarks/matcher_tune.py": {'REAL_TEST = DATA / "real" / "test.yaml"',
                                       'REAL_TEST2 = DATA / "real" / "test2.yaml"',
                                       'REAL_TEST3 = DATA / "real" / "test3.yaml"',
                                       'REAL_TEST4 = DATA / "real" / "test4.yaml"',
                                       'for name, path in (("real-test", REAL_TEST), ("real-test2", REAL_TEST2), '
                                       '("real-test3", REAL_TEST3), ("real-test4", REAL_TEST4)):'},
    }
    files = [*ROOT.glob("intents/*.py"), *ROOT.glob("bot/**/*.py"), *ROOT.glob("benchmarks/*.py")]
    assert any(p.name == "matcher_tune.py" for p in files)
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for n, what in _mentions(ast.parse(text)):
            code = lines[n - 1].split("  #")[0].strip()
            assert code in allowed.get(rel, set()), f"{rel}:{n} names the frozen test part: {code}"


def test_bundled_model_means_a_fresh_clone_never_trains(content, tmp_path, monkeypatch):
    """With an empty user cache and the bundled model present, building the matcher loads
    the bundled arrays; a content edit makes the bundle stale, and then it is not used."""
    bundle = tmp_path / "trained"
    monkeypatch.setattr(model_cache, "BUNDLE_DIR", bundle)
    monkeypatch.setenv("BNB_ROUTE_CACHE_DIR", str(tmp_path / "build-cache"))
    written = model_cache.write_bundle(content)
    assert [p.name for p in bundle.glob("matcher-*.npz")] == [written.name]
    assert model_cache.bundle_status(content) == "current"

    monkeypatch.setenv("BNB_ROUTE_CACHE_DIR", str(tmp_path / "empty-user-cache"))

    def no_training(*a, **k):
        raise AssertionError("trained although a bundled model matches")

    monkeypatch.setattr("intents.train.train", no_training)
    m = build_matcher(dataclasses.replace(content))
    assert m.match("withdrew BNB can't use pancakeswap").decision in {"answer", "clarify", "none"}

    edited = dataclasses.replace(content, offtopic=[*content.offtopic, "what a lovely day"])
    assert model_cache.bundle_status(edited) == "stale"
    with pytest.raises(AssertionError, match="trained although"):
        build_matcher(edited)


def test_check_warns_when_the_bundled_model_is_stale(content_copy, tmp_path, monkeypatch, capsys):
    """`check` still passes with a stale bundle, and says in one line how to regenerate it."""
    from bot.app.cli import main

    bundle = tmp_path / "trained"
    bundle.mkdir()
    (bundle / "matcher-000000000000000000000000.npz").write_bytes(b"old")
    monkeypatch.setattr(model_cache, "BUNDLE_DIR", bundle)
    assert main(["--content", str(content_copy), "check"]) == 0
    out = capsys.readouterr().out
    assert "bundled model" in out and "stale" in out and "check --bundle" in out
