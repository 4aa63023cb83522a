"""One-time split of the 2026-12-04 supplement of real questions.

The supplement (supplement_pool.yaml, collected after the first split) was split
ONCE by this script and its two parts were APPENDED to train.yaml and test.yaml,
after the comment line MARKER below. The pool file was deleted afterwards; the
two files hold every item. Kept so the split can be audited. Do NOT re-run it:
test.yaml is frozen (the script refuses to run once the marker is present).

Method (same as split.py): stratify by the first expected label ("offtopic"
when the list is empty); one generator random.Random(20261204); strata visited
in sorted order, each stratum's pool indices shuffled and round(30%) of them
put in test, the rest in train. Output keeps pool order.
"""
import json
import random
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SEED = 20261204
TEST_SHARE = 0.30
MARKER = "# supplement 2026-12-04 (split once by split_supplement.py)"


def dump(items):
    lines = []
    for it in items:
        q = json.dumps(it["q"], ensure_ascii=False)
        lines.append(f"- q: {q}\n  expect: [{', '.join(it['expect'])}]\n  source: {it['source']}\n")
    return "".join(lines)


def split(pool):
    strata = {}
    for idx, it in enumerate(pool):
        key = it["expect"][0] if it["expect"] else "offtopic"
        strata.setdefault(key, []).append(idx)
    rng = random.Random(SEED)
    test_idx = set()
    for key in sorted(strata):
        idxs = list(strata[key])
        rng.shuffle(idxs)
        test_idx.update(idxs[: round(len(idxs) * TEST_SHARE)])
    train = [it for i, it in enumerate(pool) if i not in test_idx]
    test = [it for i, it in enumerate(pool) if i in test_idx]
    return train, test


def main():
    train_path, test_path = HERE / "train.yaml", HERE / "test.yaml"
    for path in (train_path, test_path):
        if MARKER in path.read_text(encoding="utf-8"):
            sys.exit(f"{path.name} already holds the supplement: the split is frozen, do not re-run")
    pool = yaml.safe_load((HERE / "supplement_pool.yaml").read_text(encoding="utf-8"))
    train, test = split(pool)
    for path, part in ((train_path, train), (test_path, test)):
        text = path.read_text(encoding="utf-8")
        if not text.endswith("\n"):
            text += "\n"
        path.write_text(text + MARKER + "\n" + dump(part), encoding="utf-8")
    print(f"supplement={len(pool)} train+={len(train)} test+={len(test)}")


if __name__ == "__main__":
    main()
