"""Matcher speed at the real content size and scaled x10 / x100, on one core.

    python benchmarks/matcher_bench.py [--questions N] [--factors 1,10,100]

At x1: the real model (logistic regression, cross-validated calibration):
training time, cache load time (the fitted arrays from disk, as every start
after the first does) and time per question. At x10 / x100 the synthetic
entries are made by recombining the real examples' words (so vocabulary and
lengths stay realistic); fitting the logistic model there would take minutes
per run, so the benchmark fits a sparse class-centroid model of the same form
(`TrainSettings(method="centroid")`) and measures the per-question scoring
path, which is the same code (sparse dot product over the question's
features). Questions mix short dev-style questions, long posts and chatter.
Wall time includes waiting for the core on a shared machine; CPU time does not.
"""
from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.check import load_valid  # noqa: E402
from bot.core.model_cache import _load, _save, default_questions  # noqa: E402
from intents import Intent, Matcher  # noqa: E402
from intents.train import TrainSettings  # noqa: E402


def scaled_intents(content, factor: int, rng: random.Random) -> list[Intent]:
    base = [Intent(e.id, e.examples, e.keywords) for e in content.entries.values()]
    if factor == 1:
        return base
    words = [w for i in base for ex in i.examples for w in ex.split()]
    out = list(base)
    for k in range(len(base) * (factor - 1)):
        src = base[k % len(base)]
        examples = []
        for ex in src.examples:
            toks = ex.split()
            # keep half of the example, replace the rest by random corpus words
            examples.append(" ".join(t if rng.random() < 0.5 else rng.choice(words) for t in toks)
                            + f" topic{k}")
        keywords = [f"{kw} topic{k}" for kw in src.keywords[:5]] + [f"topic{k}"]
        out.append(Intent(f"synthetic-{k}", examples, keywords))
    return out


def questions(content, n: int, rng: random.Random) -> list[str]:
    examples = [ex for e in content.entries.values() for ex in e.examples]
    chatter = ["gm", "wen moon", "lol", "thanks, that worked!", "anyone here from germany?",
               "what's the price of bnb today", "how do I stake ETH on lido"]
    qs = []
    for i in range(n):
        r = rng.random()
        if r < 0.5:
            qs.append(rng.choice(examples))
        elif r < 0.8:
            qs.append(" ".join(rng.choice(examples) for _ in range(rng.randint(3, 6))))
        else:
            qs.append(rng.choice(chatter))
    return qs


def per_question(m: Matcher, qs: list[str]) -> dict:
    for q in qs[:50]:  # warm the typo cache as a running bot would be
        m.match(q)
    times, cpu = [], []
    for q in qs:
        t, c = time.perf_counter(), time.thread_time()
        m.match(q)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    times.sort()
    return {"mean_ms": statistics.fmean(times), "p50_ms": times[len(times) // 2],
            "p99_ms": times[int(len(times) * 0.99) - 1], "cpu_ms": statistics.fmean(cpu)}


def measure(content, factor: int, n: int) -> dict:
    rng = random.Random(factor)
    intents = scaled_intents(content, factor, rng)
    kwargs = dict(synonyms=content.synonyms, stopwords=content.stopwords, thresholds=content.thresholds,
                  counterexamples=content.offtopic)
    gc.collect()
    row = {"factor": factor, "intents": len(intents), "examples": sum(len(i.examples) for i in intents)}
    if factor == 1:
        t0 = time.perf_counter()
        m = Matcher(intents, questions=default_questions(), **kwargs)
        row["train_ms"] = (time.perf_counter() - t0) * 1000
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "matcher-bench.npz"
            _save(path, m.model)
            loads = []
            for _ in range(5):
                t0 = time.perf_counter()
                Matcher(intents, model=_load(path), **kwargs)
                loads.append((time.perf_counter() - t0) * 1000)
            row["load_ms"] = min(loads)
    else:
        t0 = time.perf_counter()
        m = Matcher(intents, train_settings=TrainSettings(method="centroid", calibrate=False), **kwargs)
        row["train_ms"] = (time.perf_counter() - t0) * 1000
        row["load_ms"] = float("nan")
    row["features"] = len(m.model.vocab)
    row.update(per_question(m, questions(content, n, rng)))
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=2000)
    ap.add_argument("--factors", default="1,10,100")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    content = load_valid(ROOT / "content")
    print(f"{'scale':>6} {'intents':>8} {'examples':>9} {'features':>9} {'train ms':>9} {'load ms':>8} "
          f"{'mean ms':>8} {'p50 ms':>7} {'p99 ms':>7} {'cpu ms':>7}")
    for factor in (int(f) for f in args.factors.split(",")):
        r = measure(content, factor, args.questions if factor < 100 else max(200, args.questions // 5))
        print(f"{'x' + str(factor):>6} {r['intents']:>8} {r['examples']:>9} {r['features']:>9} "
              f"{r['train_ms']:>9.0f} {r['load_ms']:>8.1f} {r['mean_ms']:>8.3f} {r['p50_ms']:>7.3f} "
              f"{r['p99_ms']:>7.3f} {r['cpu_ms']:>7.3f}", flush=True)


if __name__ == "__main__":
    main()
