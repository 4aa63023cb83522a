"""Apply the second annotator's label corrections (train_relabel.yaml) to train.yaml.

A second annotator read every item of train.yaml against the entries' scopes, blind
to the matcher (it was not run), and listed the items whose labels it would change
materially, each with the old labels, the new ones and why (train_relabel.yaml).
This script rewrites the `expect:` line of each listed item whose current labels are
still the old ones; already applied or changed items are left alone, so running it
again changes nothing. Only train.yaml is touched: the frozen test parts keep the
labels they were frozen with.
"""
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def main() -> int:
    changes = yaml.safe_load((HERE / "train_relabel.yaml").read_text(encoding="utf-8")) or []
    path = HERE / "train.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    items = yaml.safe_load("".join(lines)) or []
    # line of each item's `expect:` (items are written as "- q:", "  expect:", "  source:")
    expect_lines = [k for k, line in enumerate(lines) if line.startswith("  expect:")]
    if len(expect_lines) != len(items):
        print("train.yaml is not in the one-item-three-lines layout this script expects", file=sys.stderr)
        return 1
    by_text: dict[str, list[int]] = {}
    for k, it in enumerate(items):
        by_text.setdefault(str(it["q"]), []).append(k)
    applied = missing = stale = 0
    for ch in changes:
        where = by_text.get(str(ch["q"]))
        if not where:
            missing += 1
            continue
        for k in where:
            if list(items[k]["expect"] or []) != list(ch["old"] or []):
                stale += 1
                continue
            new = [str(e) for e in (ch["new"] or [])]
            lines[expect_lines[k]] = re.sub(r"expect:.*", f"expect: [{', '.join(new)}]",
                                            lines[expect_lines[k]].rstrip("\n")) + "\n"
            items[k]["expect"] = new
            applied += 1
    path.write_text("".join(lines), encoding="utf-8")
    print(f"changes={len(changes)} applied={applied} not-found={missing} already-different={stale}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
