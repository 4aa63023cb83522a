"""Measure matcher settings on every set at once, so tuning generalises.

    python benchmarks/matcher_tune.py [--set key=value ...] [--folds 5] [--misses] [--no-test]

Sets:

* cv-real: k-fold cross-validation over the real questions' TRAINING part
  (benchmarks/data/real/train.yaml): each fold's questions are left out of
  training and asked. The figure to tune on.
* cv-content: the same over the content's own example questions.
* dev.yaml (a copy of ../shared/eval), holdout.yaml, holdout2.yaml: written-for-purpose
  sets. holdout2.yaml was written blind and measured once without tuning.
* real-test, real-test2, real-test3, real-test4: benchmarks/data/real/test.yaml ...
  test4.yaml, the FROZEN real test parts (one per collection batch), then all of them
  pooled. REPORTED ONLY, never tuned on:
  nothing here reads them for training or for choosing a setting (the training
  loader refuses them), and their figures are printed last. `--no-test` leaves
  them out while you tune.

Threshold/setting overrides (`--set model_c=3`) apply to all sets.
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
from bot.core.model_cache import build_matcher, load_questions  # noqa: E402
from intents import Intent, LabelledQuestion, Matcher  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
REAL_TRAIN = DATA / "real" / "train.yaml"
REAL_TEST = DATA / "real" / "test.yaml"  # REPORT ONLY: evaluated, never trained or tuned on
REAL_TEST2 = DATA / "real" / "test2.yaml"  # REPORT ONLY: the second batch's frozen test part
REAL_TEST3 = DATA / "real" / "test3.yaml"  # REPORT ONLY: the third batch's frozen test part
REAL_TEST4 = DATA / "real" / "test4.yaml"  # REPORT ONLY: the fourth batch's frozen test part


def line(name: str, r) -> str:
    f = r.figures()
    return (f"{name:11s} correct {f['answered_correctly']:.3f} top3 {f['within_top3']:.3f} "
            f"wrong {f['wrong_answers']:.3f} quiet {f['offtopic_quiet']:.3f} "
            f"clarify {f['clarified']:.3f} ece {f['ece']:.3f} n={f['n']}")


def pooled(results):
    """One EvalResult-like summary over folds (weighted by items)."""
    from bot.app.evaluate import EvalResult

    out = EvalResult()
    n = sum(r.n for r in results)
    out.n = n
    out.offtopic = sum(r.offtopic for r in results)
    for key in ("wrong_answers", "clarified"):
        setattr(out, key, sum(getattr(r, key) * r.n for r in results) / n if n else 0.0)
    on_w = [r.n - r.offtopic for r in results]
    off_w = [r.offtopic for r in results]
    for key, ws in (("answered_correctly", on_w), ("within_top3", on_w), ("offtopic_quiet", off_w)):
        total = sum(ws)
        setattr(out, key, sum(getattr(r, key) * w for r, w in zip(results, ws)) / total if total else 0.0)
    out.confidence = [c for r in results for c in r.confidence]
    out.misses = [m for r in results for m in r.misses]
    return out


def fold_engine(content, questions, drop_examples=frozenset()):
    intents = [Intent(e.id, [x for k, x in enumerate(e.examples) if (e.id, k) not in drop_examples],
                      e.keywords, e.buttons) for e in content.entries.values()]
    m = Matcher(intents, synonyms=content.synonyms, stopwords=content.stopwords,
                thresholds=content.thresholds, counterexamples=content.offtopic, questions=questions)
    return Engine(content, matcher=m)


def cv_real(content, questions, folds):
    results = []
    for f in range(folds):
        train = [q for k, q in enumerate(questions) if k % folds != f]
        held = [{"q": q.text, "expect": list(q.expect)} for k, q in enumerate(questions) if k % folds == f]
        results.append(evaluate(fold_engine(content, train), held))
    return pooled(results)


def cv_content(content, questions, folds):
    results = []
    for f in range(folds):
        drop = {(e.id, k) for e in content.entries.values() for k in range(len(e.examples)) if k % folds == f}
        items = [{"q": content.entries[i].examples[k], "expect": [i]} for i, k in sorted(drop)]
        results.append(evaluate(fold_engine(content, questions, frozenset(drop)), items))
    return pooled(results)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", action="append", default=[], help="threshold=value override")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--no-test", action="store_true", help="leave out the frozen real test part (while tuning)")
    ap.add_argument("--no-content-cv", action="store_true")
    args = ap.parse_args()
    content = load_valid(ROOT / "content")
    th = content.thresholds
    for kv in args.set:
        k, v = kv.split("=")
        th = dataclasses.replace(th, **{k: type(getattr(th, k))(float(v))})
    content = dataclasses.replace(content, thresholds=th)
    questions: list[LabelledQuestion] = load_questions(REAL_TRAIN) if REAL_TRAIN.exists() else []
    print(f"training data: {sum(len(e.examples) for e in content.entries.values())} content examples, "
          f"{len(content.offtopic)} off-topic lines, {len(questions)} real training questions")

    def show(name, r):
        print(line(name, r), flush=True)
        if args.misses:
            for m in r.misses:
                print(f"   {m.question[:90]!r} exp={m.expected} got={m.got}/{m.decision} {m.score:.2f} "
                      f"ru={m.runner_up} {m.runner_up_score:.2f}")

    if args.folds > 1 and questions:
        show(f"cv{args.folds}-real", cv_real(content, questions, args.folds))
    if args.folds > 1 and not args.no_content_cv:
        show(f"cv{args.folds}-content", cv_content(content, questions, args.folds))
    eng = Engine(content, matcher=build_matcher(content, questions=questions))
    info = eng.matcher.model.info
    print(f"model: answer threshold {eng.matcher.answer_threshold:.2f} (cross-validated on "
          f"{info.get('threshold_set')} n={info.get('n')}), temperature {eng.matcher.model.temperature:.3f}")
    sets = {"dev": DATA / "dev.yaml", "holdout": DATA / "holdout.yaml",
            "holdout2": DATA / "holdout2.yaml"}
    for name, path in sets.items():
        if path.exists():
            show(name, evaluate(eng, load_items(path)))
    # REPORT ONLY: the frozen test parts are evaluated here and used for nothing else
    frozen = []
    for name, path in (("real-test", REAL_TEST), ("real-test2", REAL_TEST2), ("real-test3", REAL_TEST3), ("real-test4", REAL_TEST4)):
        if path.exists() and not args.no_test:
            frozen.append(evaluate(eng, load_items(path)))
            show(name, frozen[-1])
    if len(frozen) > 1:
        show("real-tests", pooled(frozen))


if __name__ == "__main__":
    main()
