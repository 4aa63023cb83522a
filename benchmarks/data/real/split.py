"""One-time split of the real-question pool into train.yaml and test.yaml.

This script did the split that produced train.yaml and test.yaml from pool.yaml
(the pool was deleted afterwards; the two parts hold every item). It is kept so
the split can be audited. Do NOT re-run it: test.yaml is frozen.

Method: stratify by the first expected label ("offtopic" when the list is
empty); within each stratum, in pool order, shuffle with
random.Random(20261203) (one generator, strata visited in sorted order) and put
round(30%) of the stratum in test, the rest in train. Output keeps pool order.
"""
import json
import random
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SEED = 20261203
TEST_SHARE = 0.30

TRAIN_HEADER = """\
# Real user questions, TRAIN part (about 70%). See README.md for sources and labels.
# Tune freely on this file. Each item: the person's own words (lightly trimmed),
# every acceptable entry id (empty list = off-topic / not covered), and the source URL.
"""
TEST_HEADER = """\
# Real user questions, TEST part (about 30%). FROZEN: never tune content, examples,
# thresholds or the matcher against this file, and never edit or re-split it.
# Use it only to measure. See README.md for how it was made.
"""


def dump(items, header):
    lines = [header]
    for it in items:
        q = json.dumps(it["q"], ensure_ascii=False)
        lines.append(f"- q: {q}\n  expect: [{', '.join(it['expect'])}]\n  source: {it['source']}\n")
    return "".join(lines)


def main():
    pool_path = HERE / "pool.yaml"
    if (HERE / "test.yaml").exists():
        sys.exit("test.yaml already exists: the split is frozen, do not re-run")
    pool = yaml.safe_load(pool_path.read_text(encoding="utf-8"))
    strata = {}
    for idx, it in enumerate(pool):
        key = it["expect"][0] if it["expect"] else "offtopic"
        strata.setdefault(key, []).append(idx)
    rng = random.Random(SEED)
    test_idx = set()
    for key in sorted(strata):
        idxs = list(strata[key])
        rng.shuffle(idxs)
        n_test = round(len(idxs) * TEST_SHARE)
        test_idx.update(idxs[:n_test])
    train = [it for i, it in enumerate(pool) if i not in test_idx]
    test = [it for i, it in enumerate(pool) if i in test_idx]
    (HERE / "train.yaml").write_text(dump(train, TRAIN_HEADER), encoding="utf-8")
    (HERE / "test.yaml").write_text(dump(test, TEST_HEADER), encoding="utf-8")
    print(f"pool={len(pool)} train={len(train)} test={len(test)}")


if __name__ == "__main__":
    main()
