"""One-time split of the third batch of real questions (collected 3 Dec 2026, session 2).

Same checks, duplicate rules and stratified 30% split as split_batch2.py (whose
functions it uses), with its own seed: duplicates are checked against every item of
train.yaml, test.yaml and test2.yaml; the training part is APPENDED to train.yaml after
MARKER and the test part becomes the NEW frozen file test3.yaml. The pool file
(batch3_pool.yaml) was deleted afterwards. Do NOT re-run it: it refuses once
test3.yaml exists or the marker is in train.yaml.
"""
import sys
from pathlib import Path

import yaml
from split_batch2 import dump, is_duplicate, known_ids, norm, split, valid

HERE = Path(__file__).resolve().parent
SEED = 20261206
MARKER = "# batch 3, 2026-12-06 (split once by split_batch3.py; its test part is test3.yaml)"


def main():
    train_path, test3_path = HERE / "train.yaml", HERE / "test3.yaml"
    if test3_path.exists() or MARKER in train_path.read_text(encoding="utf-8"):
        sys.exit("batch 3 is already split: test3.yaml is frozen, do not re-run")
    ids = known_ids()
    raw = yaml.safe_load((HERE / "batch3_pool.yaml").read_text(encoding="utf-8")) or []
    seen = [norm(str(it.get("q", ""))) for name in ("train.yaml", "test.yaml", "test2.yaml")
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
    train, test = split(pool, SEED)
    text = train_path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    train_path.write_text(text + MARKER + "\n" + dump(train), encoding="utf-8")
    test3_path.write_text(
        "# Real user questions, batch 3, FROZEN TEST part (split once by split_batch3.py).\n"
        "# Report only: never train, tune or copy from it. See README.md.\n" + dump(test),
        encoding="utf-8")
    print(f"pool={len(raw)} kept={len(pool)} dropped={dropped} train+={len(train)} test3={len(test)}")


if __name__ == "__main__":
    main()
