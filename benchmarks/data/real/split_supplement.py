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
import sys
from pathlib import Path

import yaml
from split import append, split

HERE = Path(__file__).resolve().parent
SEED = 20261204
MARKER = "# supplement 2026-12-04 (split once by split_supplement.py)"


def main():
    train_path, test_path = HERE / "train.yaml", HERE / "test.yaml"
    for path in (train_path, test_path):
        if MARKER in path.read_text(encoding="utf-8"):
            sys.exit(f"{path.name} already holds the supplement: the split is frozen, do not re-run")
    pool = yaml.safe_load((HERE / "supplement_pool.yaml").read_text(encoding="utf-8"))
    train, test = split(pool, SEED)
    for path, part in ((train_path, train), (test_path, test)):
        append(path, MARKER, part)
    print(f"supplement={len(pool)} train+={len(train)} test+={len(test)}")


if __name__ == "__main__":
    main()
