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
import re
import sys
from pathlib import Path

import yaml
from split import append, dump, split

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEED = 20261205
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


def split_batch(batch: int, seed: int, marker: str) -> None:
    """Check, de-duplicate (against train.yaml and every frozen part before this one) and
    split batchN_pool.yaml once: its training part appended to train.yaml after `marker`,
    its test part the new frozen testN.yaml. Refuses once either has happened."""
    train_path, test_path = HERE / "train.yaml", HERE / f"test{batch}.yaml"
    if test_path.exists() or marker in train_path.read_text(encoding="utf-8"):
        sys.exit(f"batch {batch} is already split: {test_path.name} is frozen, do not re-run")
    ids = known_ids()
    raw = yaml.safe_load((HERE / f"batch{batch}_pool.yaml").read_text(encoding="utf-8")) or []
    earlier = ["train.yaml", "test.yaml"] + [f"test{k}.yaml" for k in range(2, batch)]
    seen = [norm(str(it.get("q", ""))) for name in earlier
            for it in (yaml.safe_load((HERE / name).read_text(encoding="utf-8")) or [])]
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
    train, test = split(pool, seed)
    append(train_path, marker, train)
    test_path.write_text(dump(test, f"# Real user questions, batch {batch}, FROZEN TEST part (split once by "
                                     f"split_batch{batch}.py).\n"
                                     "# Report only: never train, tune or copy from it. See README.md.\n"),
                         encoding="utf-8")
    print(f"pool={len(raw)} kept={len(pool)} dropped={dropped} train+={len(train)} {test_path.stem}={len(test)}")


def main():
    split_batch(2, SEED, MARKER)


if __name__ == "__main__":
    main()
