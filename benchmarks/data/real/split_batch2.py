"""One-time split of the second batch of real questions (collected 3 Dec 2026, session 2).

The batch (batch2_pool.yaml, gathered by three collectors with the search tool) was
checked, de-duplicated and split ONCE by this script: its training part was APPENDED to
train.yaml after the comment line MARKER below, and its test part became a NEW frozen
file, test2.yaml. The pool file was deleted afterwards; the two files hold every item.
Kept so the split can be audited. Do NOT re-run it: the script refuses once test2.yaml
exists or the marker is in train.yaml.

Checks before the split (an item failing one is dropped and counted):
- `q` is a non-empty string of at most 300 characters, `source` an http(s) URL,
  `expect` a list of entry ids the content has (empty: off-topic);
- duplicates, within the batch and against every item of train.yaml and test.yaml:
  the same text after normalising case, punctuation and spaces; one normalised text
  contained in the other when the shorter has 20+ characters; or a difflib ratio
  above 0.85. The first occurrence is kept (items already in the files win).

Split (same method as split.py): stratified by the first expected label ("offtopic"
when the list is empty); one generator random.Random(SEED); strata visited in sorted
order, each stratum's indices shuffled and round(30%) of them put in test2, the rest
in train. Output keeps pool order.
"""
import difflib
import json
import random
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEED = 20261205
TEST_SHARE = 0.30
MARKER = "# batch 2, 2026-12-05 (split once by split_batch2.py; its test part is test2.yaml)"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def known_ids() -> set[str]:
    ids = set()
    for path in sorted((ROOT / "content" / "entries").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("id"):
            ids.add(str(data["id"]))
    return ids


def dump(items) -> str:
    lines = []
    for it in items:
        q = json.dumps(it["q"], ensure_ascii=False)
        kind = f"  kind: {it['kind']}\n" if it.get("kind") else ""
        lines.append(f"- q: {q}\n  expect: [{', '.join(it['expect'])}]\n  source: {it['source']}\n{kind}")
    return "".join(lines)


def valid(it, ids) -> str | None:
    if not isinstance(it, dict):
        return "not a mapping"
    q, expect, source = it.get("q"), it.get("expect"), it.get("source")
    if not isinstance(q, str) or not q.strip():
        return "empty q"
    if len(q) > 300:
        return "q over 300 characters"
    if not isinstance(source, str) or not source.startswith(("http://", "https://")):
        return "no source URL"
    if not isinstance(expect, list) or any(str(e) not in ids for e in expect):
        return "unknown entry id"
    return None


def is_duplicate(text: str, seen: list[str]) -> bool:
    n = norm(text)
    for other in seen:
        if n == other:
            return True
        short, long_ = (n, other) if len(n) <= len(other) else (other, n)
        if len(short) >= 20 and short in long_:
            return True
        if abs(len(n) - len(other)) <= max(len(n), len(other)) * 0.3 and \
                difflib.SequenceMatcher(None, n, other, autojunk=False).ratio() > 0.85:
            return True
    return False


def split(pool, seed: int = SEED):
    strata: dict[str, list[int]] = {}
    for idx, it in enumerate(pool):
        key = it["expect"][0] if it["expect"] else "offtopic"
        strata.setdefault(key, []).append(idx)
    rng = random.Random(seed)
    test_idx: set[int] = set()
    for key in sorted(strata):
        idxs = list(strata[key])
        rng.shuffle(idxs)
        test_idx.update(idxs[: round(len(idxs) * TEST_SHARE)])
    return ([it for i, it in enumerate(pool) if i not in test_idx],
            [it for i, it in enumerate(pool) if i in test_idx])


def main():
    train_path, test_path, test2_path = HERE / "train.yaml", HERE / "test.yaml", HERE / "test2.yaml"
    if test2_path.exists() or MARKER in train_path.read_text(encoding="utf-8"):
        sys.exit("batch 2 is already split: test2.yaml is frozen, do not re-run")
    ids = known_ids()
    raw = yaml.safe_load((HERE / "batch2_pool.yaml").read_text(encoding="utf-8")) or []
    seen = [norm(str(it.get("q", ""))) for path in (train_path, test_path)
            for it in (yaml.safe_load(path.read_text(encoding="utf-8")) or [])]
    pool, dropped = [], {}
    for it in raw:
        why = valid(it, ids)
        if why is None and is_duplicate(it["q"], seen):
            why = "duplicate"
        if why:
            dropped[why] = dropped.get(why, 0) + 1
            continue
        seen.append(norm(it["q"]))
        pool.append({"q": it["q"].strip(), "expect": [str(e) for e in it["expect"]],
                     "source": it["source"].strip(), "kind": str(it.get("kind") or "")})
    train, test = split(pool)
    text = train_path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    train_path.write_text(text + MARKER + "\n" + dump(train), encoding="utf-8")
    test2_path.write_text(
        "# Real user questions, batch 2, FROZEN TEST part (split once by split_batch2.py).\n"
        "# Report only: never train, tune or copy from it. See README.md.\n" + dump(test),
        encoding="utf-8")
    print(f"pool={len(raw)} kept={len(pool)} dropped={dropped} train+={len(train)} test2={len(test)}")


if __name__ == "__main__":
    main()
