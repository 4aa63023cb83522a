"""The record at 100,000 interactions: the write on the answering path, the background
writer's throughput, `stats` over the lot, the unanswered export and a vote.

    python benchmarks/storage_bench.py [--n 100000] [--database URL]

Default database: a SQLite file in a temporary folder (deleted afterwards). With
--database (e.g. the TEST_DATABASE_URL of .ci/services) the tables there are
used (it must hold no interactions yet: the benchmark ends by purging everything). Traffic is synthetic but shaped
like a support chat: 55% answered, 15% "which one?", 25% unanswered (drawn from
a few hundred phrasings of a few dozen gaps), 5% button presses, spread over
90 days, with votes on about 8% of the answers.

Reported: the caller's cost of `Recorder.interaction` (what an answer waits for:
mean / p50 / p99 over every call, next to the engine's own time to answer), the
rows per second the background thread writes, the time of `stats` over 30 and
90 days (query, similarity grouping and table) and of the export, and the
latency of counting one vote (which adapters run in a worker thread).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bot.core.check import load_valid  # noqa: E402
from bot.core.engine import Engine, Reply  # noqa: E402
from bot.core.feedback import AnswerRef  # noqa: E402
from bot.storage import Recorder, Store  # noqa: E402
from bot.storage.export import evaluation_yaml, unanswered_questions  # noqa: E402
from bot.storage.models import Interaction  # noqa: E402
from bot.storage.retention import purge, utcnow  # noqa: E402
from bot.storage.stats import compute, format_table  # noqa: E402

GAPS = ["can i stake {coin} on {place}", "how do i buy {coin} with {fiat}", "is {coin} going to {move}",
        "why is my {place} account locked", "where do i claim the {coin} airdrop", "how to short {coin} on {place}",
        "what is the tax on {coin} in {country}", "my {place} kyc is stuck", "is {place} safe for {coin}"]
FILL = {"coin": ["bnb", "btc", "eth", "cake", "doge", "sol", "usdt"], "place": ["binance", "binance us", "trust wallet",
        "metamask", "pancakeswap"], "fiat": ["usd", "eur", "card", "paypal"], "move": ["moon", "pump", "crash"],
        "country": ["germany", "uk", "us", "india"]}
TYPO = str.maketrans({"a": "q"})


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def gap_question(rng: random.Random) -> str:
    template = rng.choice(GAPS)
    text = template.format(**{k: rng.choice(v) for k, v in FILL.items()})
    roll = rng.random()
    if roll < 0.2:
        text = text.capitalize() + "?"
    elif roll < 0.3:
        text = text.translate(TYPO)  # a typo in every 'a'
    elif roll < 0.4:
        text = "hey guys " + text + " pls"
    return text


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--database", default=None, help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    content = load_valid(ROOT / "content")
    engine = Engine(content, feedback=True)
    entries = list(content.entries)
    examples = {e.id: list(e.examples) for e in content.entries.values()}
    answers = {e: replace(engine.open(e), decision="answer", match=engine.match(examples[e][0])) for e in entries}
    none_reply = replace(engine.open("start"), decision="none")
    which = Reply("clarify", "clarify", None, "Which of these is it?")

    tmp = tempfile.TemporaryDirectory()
    url = args.database or f"sqlite:///{tmp.name}/bench.db"
    store = Store.open(url, {"BOT_HASH_KEY": "bench"})
    with store.session() as s:
        if s.scalar(select(func.count()).select_from(Interaction)):
            print(f"{store.url} already holds interactions; the benchmark purges everything, "
                  "so give it an empty database", file=sys.stderr)
            return 2
    print(f"database: {store.url}   interactions: {args.n:,}")
    # the queue holds the whole run, so this measures writing, not dropping
    clock = Clock(utcnow())
    recorder = Recorder(store, guard=engine.guard, maxsize=args.n + 10, purge_every=None, clock=clock)

    # the engine's own time to answer, for scale
    sample = [ex for exs in examples.values() for ex in exs][:200]
    t = time.perf_counter()
    for q in sample:
        engine.ask(q)
    ask_us = (time.perf_counter() - t) / len(sample) * 1e6

    start = utcnow()
    costs = []
    pending_votes = []
    t_all = time.perf_counter()
    for i in range(args.n):
        clock.now = start - timedelta(seconds=rng.uniform(0, 90 * 86400))
        roll = rng.random()
        if roll < 0.55:
            entry = rng.choice(entries)
            reply, question, via = answers[entry], rng.choice(examples[entry]), "question"
            if rng.random() < 0.08:
                pending_votes.append((i, entry, clock.now))
        elif roll < 0.70:
            reply, question, via = which, gap_question(rng), "question"
        elif roll < 0.95:
            reply, question, via = none_reply, gap_question(rng), "question"
        else:
            reply, question, via = answers[rng.choice(entries)], None, "button"
        t = time.perf_counter()
        recorder.interaction("telegram", rng.randrange(50), reply, question=question, message=i, via=via)
        costs.append(time.perf_counter() - t)
    t_enqueued = time.perf_counter() - t_all
    recorder.flush(timeout=None)
    t_written = time.perf_counter() - t_all

    costs.sort()
    print(f"\nanswering path, Recorder.interaction (enqueue only), over {len(costs):,} calls:")
    print(f"  mean {statistics.fmean(costs) * 1e6:.1f} µs   p50 {costs[len(costs) // 2] * 1e6:.1f} µs   "
          f"p99 {costs[int(len(costs) * 0.99)] * 1e6:.1f} µs   "
          f"(the engine's answer itself: {ask_us:.0f} µs mean)")
    print(f"background writer: {args.n:,} rows in {t_written:.1f} s ({args.n / t_written:,.0f} rows/s; "
          f"the caller spent {t_enqueued:.2f} s of it, mostly building the traffic)")

    vote_times = []
    for i, entry, at in pending_votes:
        clock.now = at
        voter = rng.randrange(10_000)
        choice = rng.choice(["y", "y", "y", "n", "wrong", "unsolved"])
        t = time.perf_counter()
        engine.vote(f"fb:{entry}:{choice}", recorder, AnswerRef("telegram", i % 50, i), voter)
        vote_times.append(time.perf_counter() - t)
    vote_times.sort()
    print(f"a vote (read + write, in a worker thread on the platforms), {len(vote_times):,} votes: "
          f"p50 {ms(vote_times[len(vote_times) // 2])}   p99 {ms(vote_times[int(len(vote_times) * 0.99)])}")

    for days in (30, 90):
        t = time.perf_counter()
        st = compute(store, days=days)
        t_compute = time.perf_counter() - t
        t = time.perf_counter()
        format_table(st)
        t_table = time.perf_counter() - t
        print(f"stats --days {days}: {st.questions:,} questions, {len(st.unanswered)} top gaps shown: "
              f"{ms(t_compute)} (table {ms(t_table)})")
    t = time.perf_counter()
    _, groups = evaluation_yaml(unanswered_questions(store, 90), 90)
    print(f"stats --export-unanswered (90 days): {groups} groups in {ms(time.perf_counter() - t)}")

    t = time.perf_counter()
    done = purge(store, days=0)
    print(f"purge of everything: {done.interactions:,} interactions, {done.votes:,} votes in "
          f"{ms(time.perf_counter() - t)}")
    recorder.close()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
