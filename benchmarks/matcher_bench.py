"""Matcher speed and memory at the real content size and scaled x10 / x100.

    python benchmarks/matcher_bench.py [--questions N]

Synthetic entries are made by recombining the real examples' words (so the
vocabulary and lengths stay realistic); questions are a mix of dev-style
short questions, long posts and off-topic chatter. Reports index build time,
mean / p50 / p99 time per question on one core, and peak memory (tracemalloc)
of building the index.
"""
from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.check import load_valid  # noqa: E402
from intents import Intent, Matcher  # noqa: E402


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


def measure(content, factor: int, n: int) -> dict:
    rng = random.Random(factor)
    intents = scaled_intents(content, factor, rng)
    def build():
        return Matcher(intents, synonyms=content.synonyms, stopwords=content.stopwords,
                       thresholds=content.thresholds)

    # time and memory from separate builds: tracemalloc slows allocation a lot
    gc.collect()
    t0 = time.perf_counter()
    m = build()
    build_ms = (time.perf_counter() - t0) * 1000
    tracemalloc.start()
    build()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    qs = questions(content, n, rng)
    for q in qs[:50]:  # warm the typo cache as a running bot would be
        m.match(q)
    times = []
    for q in qs:
        t = time.perf_counter()
        m.match(q)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "factor": factor, "intents": len(intents), "examples": sum(len(i.examples) for i in intents),
        "build_ms": build_ms, "peak_mb": peak / 1e6,
        "mean_ms": statistics.fmean(times), "p50_ms": times[len(times) // 2],
        "p99_ms": times[int(len(times) * 0.99) - 1],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=2000)
    ap.add_argument("--factors", default="1,10,100")
    args = ap.parse_args()
    content = load_valid(ROOT / "content")
    print(f"{'scale':>6} {'intents':>8} {'examples':>9} {'build ms':>9} {'peak MB':>8} "
          f"{'mean ms':>8} {'p50 ms':>7} {'p99 ms':>7}")
    for factor in (int(f) for f in args.factors.split(",")):
        r = measure(content, factor, args.questions if factor < 100 else max(200, args.questions // 5))
        print(f"{'x' + str(factor):>6} {r['intents']:>8} {r['examples']:>9} {r['build_ms']:>9.1f} "
              f"{r['peak_mb']:>8.1f} {r['mean_ms']:>8.3f} {r['p50_ms']:>7.3f} {r['p99_ms']:>7.3f}")


if __name__ == "__main__":
    main()
