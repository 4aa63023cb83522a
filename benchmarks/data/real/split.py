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


def dump(items, header: str = "") -> str:
    """The items as YAML, one item per "- q:", "  expect:", "  source:" (and "  kind:") lines."""
    lines = [header]
    for it in items:
        q = json.dumps(it["q"], ensure_ascii=False)
        kind = f"  kind: {it['kind']}\n" if it.get("kind") else ""
        lines.append(f"- q: {q}\n  expect: [{', '.join(it['expect'])}]\n  source: {it['source']}\n{kind}")
    return "".join(lines)


def split(pool, seed: int = SEED, share: float = TEST_SHARE):
    """(train, test): stratified by the first expected label ("offtopic" when empty); one
    random.Random(seed), strata in sorted order, each shuffled and round(share) of it put
    in test; both parts keep pool order. Every batch was split by this."""
    strata: dict[str, list[int]] = {}
    for idx, it in enumerate(pool):
        key = it["expect"][0] if it["expect"] else "offtopic"
        strata.setdefault(key, []).append(idx)
    rng = random.Random(seed)
    test_idx: set[int] = set()
    for key in sorted(strata):
        idxs = list(strata[key])
        rng.shuffle(idxs)
        test_idx.update(idxs[: round(len(idxs) * share)])
    return ([it for i, it in enumerate(pool) if i not in test_idx],
            [it for i, it in enumerate(pool) if i in test_idx])


def append(path: Path, marker: str, items) -> None:
    """Append the items to a part, after a comment line naming the batch they came from."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + marker + "\n" + dump(items), encoding="utf-8")


def main():
    pool_path = HERE / "pool.yaml"
    if (HERE / "test.yaml").exists():
        sys.exit("test.yaml already exists: the split is frozen, do not re-run")
    pool = yaml.safe_load(pool_path.read_text(encoding="utf-8"))
    train, test = split(pool)
    (HERE / "train.yaml").write_text(dump(train, TRAIN_HEADER), encoding="utf-8")
    (HERE / "test.yaml").write_text(dump(test, TEST_HEADER), encoding="utf-8")
    print(f"pool={len(pool)} train={len(train)} test={len(test)}")


if __name__ == "__main__":
    main()
