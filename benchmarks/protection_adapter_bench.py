"""Community protection end to end: the real Telegram adapter on a fake Bot API, generated members.

    .venv/bin/python benchmarks/protection_adapter_bench.py [--seed 7] [--scale 1.0]

Where `protection_bench.py` measures the detectors alone, this feeds updates
through `build_application` (handlers, admin-list cache, policy in
bot.core.protection, mod-log posting) against the test suite's fake Bot API on
127.0.0.1, with the generators of `protection_bench.py` and its 14 admins:

* joins (chat_member updates) of impersonating names and of ordinary names:
  how many produce a mod-log line (caught / false flags, through the adapter);
* "DM me" replies and ordinary helpful replies to a member's question: how
  many get the asker's warning;
* time per update with protection on (defaults) and off (the check and the
  "DM me" guard switched off), for first messages of new members, the path
  every group message takes. Timings are printed, never asserted.

No network beyond loopback; bounded by the counts (about 10,000 updates at scale 1).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "platforms" / "telegram"))

import protection_bench as gen  # noqa: E402
from conftest import GROUP, TOKEN, FakeBotApi, Updates, settled  # noqa: E402
from telegram import Update  # noqa: E402

from bot.core.check import load_valid  # noqa: E402
from bot.core.engine import Engine  # noqa: E402
from bot.platforms.telegram import build_application  # noqa: E402
from bot.safety import guard_for  # noqa: E402

MODLOG = -1009999999999


def tg_user(uid: int, display: str, username: str) -> dict:
    user = {"id": uid, "is_bot": False, "first_name": display or "x"}
    if username:
        user["username"] = username
    return user


async def session(engine: Engine, *, protected: bool):
    api = FakeBotApi()
    await api.start()
    for admin in gen.ADMINS:
        api.users[admin.id] = tg_user(admin.id, admin.name, admin.username)
        api.admins.add((GROUP["id"], admin.id))
    app = build_application(engine, TOKEN, base_url=api.base_url, modlog_chat=MODLOG, rate_limiter=False)
    await app.initialize()
    if not protected:
        app.bot_data["bnb_route"].settings.set("telegram", GROUP["id"], impersonation=False, hijack=False)
    return api, app


async def feed(app, updates: list[dict]) -> float:
    start = time.perf_counter()
    for update in updates:
        await app.process_update(Update.de_json(update, app.bot))
        await settled(app)  # the replies and mod-log lines it queued, sent
    return time.perf_counter() - start


def modlog_count(api: FakeBotApi) -> int:
    return sum(1 for c in api.calls_of("sendMessage") if c.params["chat_id"] == MODLOG)


def warnings_count(api: FakeBotApi) -> int:
    return sum(1 for c in api.calls_of("sendMessage")
               if c.params["chat_id"] == GROUP["id"] and "never DM first" in c.params.get("text", ""))


async def main_async(seed: int, scale: float) -> None:
    logging.disable(logging.CRITICAL)
    rng = random.Random(seed)
    n = lambda k: max(1, int(k * scale))
    engine = Engine(load_valid(ROOT / "content"), guard=guard_for(load_valid(ROOT / "content")))
    u = Updates()
    ids = iter(range(10_000_000, 99_000_000))
    rows = []

    # joins
    fakes = [gen.impersonator(rng, kind) for kind in gen.DISGUISES for _ in range(n(2000) // len(gen.DISGUISES) + 1)]
    fakes += [gen.generic_impersonator(rng) for _ in range(n(250))]
    source = gen.name_source(rng)
    plain = [gen.ordinary(rng, source) for _ in range(n(5000))]
    api, app = await session(engine, protected=True)
    seconds = await feed(app, [u.chat_member(tg_user(next(ids), d, h)) for d, h in fakes])
    caught = modlog_count(api)
    rows.append(("impersonating joins reported", caught, len(fakes), seconds))
    before = modlog_count(api)
    seconds = await feed(app, [u.chat_member(tg_user(next(ids), d, h)) for d, h in plain])
    rows.append(("ordinary joins flagged", modlog_count(api) - before, len(plain), seconds))
    await app.shutdown()
    await api.stop()

    # replies to a question
    api, app = await session(engine, protected=True)
    asker = tg_user(next(ids), "Anna K", "anna_k")
    question = u.message("I sent BNB to the wrong network, help?", user=asker)
    await feed(app, [question])
    helper = tg_user(next(ids), "Dana Whitfield", "dana_w")
    hijacks = [gen.hijack(rng) for _ in range(n(500))]
    seconds = await feed(app, [u.message(t, user=helper, reply_to=question["message"]) for t in hijacks])
    rows.append(("\"DM me\" replies warned", warnings_count(api), len(hijacks), seconds))
    before = warnings_count(api)
    helpful = [gen.helpful(rng) for _ in range(n(2000))]
    seconds = await feed(app, [u.message(t, user=helper, reply_to=question["message"]) for t in helpful])
    rows.append(("helpful replies warned", warnings_count(api) - before, len(helpful), seconds))
    await app.shutdown()
    await api.stop()

    # first messages of new members: the cost of the name check, on and off
    chatter = [u.message("thanks, that worked", user=tg_user(next(ids), d, h)) for d, h in plain[: n(2000)]]
    timing = {}
    for protected in (False, True):
        api, app = await session(engine, protected=protected)
        timing[protected] = await feed(app, chatter) / len(chatter)
        await app.shutdown()
        await api.stop()

    print(f"{'through the real Telegram adapter':42} {'count':>13} {'rate':>8} {'ms/update':>10}")
    for label, hit, total, secs in rows:
        print(f"{label:42} {hit:>6} / {total:<6} {100 * hit / total:7.2f}% {1000 * secs / total:10.2f}")
    print(f"first messages, protection off: {1000 * timing[False]:.2f} ms/update; "
          f"on: {1000 * timing[True]:.2f} ms/update (admin list cached per chat)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every count (0.1 for a quick run)")
    args = ap.parse_args()
    asyncio.run(main_async(args.seed, args.scale))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
