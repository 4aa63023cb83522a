"""Measure matcher settings on several sets at once, so tuning generalises.

    python benchmarks/matcher_tune.py [--set key=value ...] [--folds 5]

Reports the four eval figures on: the dev set (benchmarks/data/dev.yaml), the independent
holdout set (benchmarks/data/holdout.yaml) and a k-fold cross-validation over
the content's own example questions (each fold's examples are removed from
the index and asked as questions). holdout2.yaml was written last, blind to
content, dev and holdout, and measured once without tuning: keep it that way
(look at its misses only when retiring it as a tuning set). Threshold/weight overrides are applied to
all of them, so a change that only helps one set shows up as such.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app.evaluate import evaluate, load_items  # noqa: E402
from bot.core.check import load_valid  # noqa: E402
from bot.core.engine import Engine  # noqa: E402
from intents import Intent, Matcher  # noqa: E402


def engine_with(content, thresholds, drop=None):
    c = dataclasses.replace(content, thresholds=thresholds)
    if drop is None:
        return Engine(c)
    intents = [Intent(e.id, [x for k, x in enumerate(e.examples) if (e.id, k) not in drop], e.keywords)
               for e in c.entries.values()]
    m = Matcher(intents, synonyms=c.synonyms, stopwords=c.stopwords, thresholds=thresholds)
    return Engine(c, matcher=m)


def crossval(content, thresholds, folds):
    items_all = []
    for f in range(folds):
        drop = {(e.id, k) for e in content.entries.values() for k in range(len(e.examples)) if k % folds == f}
        eng = engine_with(content, thresholds, drop)
        items = [{"q": content.entries[i].examples[k], "expect": [i]} for i, k in sorted(drop)]
        r = evaluate(eng, items)
        items_all.append(r)
    n = sum(r.n for r in items_all)
    avg = lambda key: sum(getattr(r, key) * r.n for r in items_all) / n
    return {"answered_correctly": avg("answered_correctly"), "within_top3": avg("within_top3"),
            "wrong_answers": avg("wrong_answers"), "n": n}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", action="append", default=[], help="threshold=value override")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    content = load_valid(ROOT / "content")
    th = content.thresholds
    for kv in args.set:
        k, v = kv.split("=")
        th = dataclasses.replace(th, **{k: type(getattr(th, k))(float(v))})
    data = ROOT / "benchmarks" / "data"
    sets = {"dev": data / "dev.yaml", "holdout": data / "holdout.yaml",
            "holdout2": data / "holdout2.yaml"}
    eng = engine_with(content, th)
    for name, path in sets.items():
        if path.exists():
            r = evaluate(eng, load_items(path))
            f = r.figures()
            print(f"{name:8s} correct {f['answered_correctly']:.3f} top3 {f['within_top3']:.3f} "
                  f"wrong {f['wrong_answers']:.3f} quiet {f['offtopic_quiet']:.3f} n={f['n']}")
            if args.misses:
                for m in r.misses:
                    print(f"   {m.question[:90]!r} exp={m.expected} got={m.got}/{m.decision} {m.score:.2f} ru={m.runner_up} {m.runner_up_score:.2f}")
    if args.folds > 1:
        cv = crossval(content, th, args.folds)
        print(f"cv{args.folds:<6d} correct {cv['answered_correctly']:.3f} top3 {cv['within_top3']:.3f} "
              f"wrong {cv['wrong_answers']:.3f} n={cv['n']}")


if __name__ == "__main__":
    main()
