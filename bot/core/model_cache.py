"""Building the matcher for a content, with its fitted model cached on disk.

Training takes seconds; loading the fitted arrays takes milliseconds. The
arrays are stored under a hash of everything the model is trained from (entry
examples and keywords, off-topic lines, synonyms, stop words, thresholds, the
labelled real questions and the matcher's own source code), so editing YAML is
still all a moderator does: a changed content simply misses the cache and is
trained again (by `check`, a reload or the first start).

Cache folder: BNB_ROUTE_CACHE_DIR, else $XDG_CACHE_HOME/bnb-route, else
~/.cache/bnb-route. When it cannot be written the matcher is trained in memory.

Labelled real questions (the training part of benchmarks/data/real) are read
from BNB_ROUTE_TRAIN_FILE (empty: none), else benchmarks/data/real/train.yaml
beside the package when present. The frozen test part is never read here:
`load_questions` refuses any path under data/real/test.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Sequence

from intents import Intent, LabelledQuestion, Matcher

log = logging.getLogger("bnb_route.model")

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TRAIN = ROOT / "benchmarks" / "data" / "real" / "train.yaml"
KEEP_FILES = 12


class FrozenTestError(ValueError):
    """Someone tried to train or tune on the frozen real test set."""


def is_frozen_test(path: Path | str) -> bool:
    """Is this file (or anything under it) the frozen real test part?"""
    parts = Path(os.path.abspath(path)).parts
    for i in range(len(parts) - 2):
        if parts[i : i + 2] == ("data", "real") and parts[i + 2].startswith("test"):
            return True
    return False


def cache_dir() -> Path:
    env = os.environ.get("BNB_ROUTE_CACHE_DIR", "").strip()
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "bnb-route"


def training_file() -> Path | None:
    env = os.environ.get("BNB_ROUTE_TRAIN_FILE")
    if env is not None:
        return Path(env) if env.strip() else None
    return DEFAULT_TRAIN if DEFAULT_TRAIN.is_file() else None


def load_questions(path: Path | str) -> list[LabelledQuestion]:
    """Labelled questions (`- q: ..., expect: [ids]`) for training; never the frozen test part."""
    if is_frozen_test(path):
        raise FrozenTestError(f"{path}: the frozen test set is for reporting only, never for training")
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader) or []
    out = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict) or item.get("q") is None or item.get("expect") is None:
            continue
        expect = item["expect"] if isinstance(item["expect"], list) else [item["expect"]]
        out.append(LabelledQuestion(str(item["q"]), tuple(str(e) for e in expect)))
    return out


def default_questions() -> list[LabelledQuestion]:
    path = training_file()
    if path is None:
        return []
    try:
        return load_questions(path)
    except FrozenTestError:
        raise
    except Exception as exc:  # unreadable or malformed: train on content alone, say so
        log.warning("cannot read the labelled questions in %s (%s); training on content only", path, exc)
        return []


def code_version() -> str:
    """Hash of the matcher's source: a code change retrains."""
    import intents

    h = hashlib.sha256()
    for path in sorted(Path(intents.__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def intents_of(content) -> list[Intent]:
    return [Intent(e.id, e.examples, e.keywords, e.buttons) for e in content.entries.values()]


def training_key(content, questions: Sequence[LabelledQuestion]) -> str:
    payload = {
        "code": code_version(),
        "intents": [[i.id, list(i.examples), list(i.keywords), list(i.related)] for i in intents_of(content)],
        "offtopic": list(content.offtopic),
        "synonyms": {k: list(v) for k, v in sorted(content.synonyms.items())},
        "stopwords": list(content.stopwords),
        "thresholds": dataclasses.asdict(content.thresholds),
        "questions": [[q.text, list(q.expect)] for q in questions],
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:24]


def _load(path: Path):
    import numpy as np

    from intents.model import Model

    with np.load(path, allow_pickle=False) as z:
        return Model.from_arrays({k: z[k] for k in z.files})


def _save(path: Path, model) -> None:
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        np.savez(f, **model.to_arrays())
    os.replace(tmp, path)
    # keep the folder small: the newest few models only
    old = sorted(path.parent.glob("matcher-*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in old[KEEP_FILES:]:
        stale.unlink(missing_ok=True)


def build_matcher(content, *, questions: Sequence[LabelledQuestion] | None = None,
                  use_cache: bool = True) -> Matcher:
    """The matcher for this content: the cached model when there is one, else trained now."""
    if questions is None:
        questions = default_questions()
    kwargs = dict(synonyms=content.synonyms, stopwords=content.stopwords,
                  thresholds=content.thresholds, counterexamples=content.offtopic)
    intents = intents_of(content)
    path = cache_dir() / f"matcher-{training_key(content, questions)}.npz" if use_cache else None
    if path is not None and path.is_file():
        try:
            return Matcher(intents, model=_load(path), **kwargs)
        except Exception as exc:  # truncated, another format: train again
            log.warning("ignoring the cached model %s: %s", path, exc)
    matcher = Matcher(intents, questions=questions, **kwargs)
    if path is not None:
        try:
            _save(path, matcher.model)
        except OSError as exc:
            log.warning("cannot cache the model in %s: %s", path.parent, exc)
    return matcher


def matcher_for(content) -> Matcher:
    """One matcher per loaded content (validation and the engine share it)."""
    m = content.__dict__.get("_matcher")
    if m is None:
        m = build_matcher(content)
        content.__dict__["_matcher"] = m
    return m
