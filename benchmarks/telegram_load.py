"""Load benchmark: the Telegram bot as deployed, under a busy community's traffic.

    .venv/bin/python benchmarks/telegram_load.py [--seconds 60] [--chats 200] [--per-minute 2100]

Starts `python -m bot telegram` (the real process: build_application with
AIORateLimiter and per-chat pacing, polling getUpdates) against a fake Bot API
on 127.0.0.1, and feeds it group messages at a steady rate, each into a chat
picked at random (2,100 a minute over 200 chats: about 10 a chat a minute, in
bursts as in real groups). A third
are questions addressed to the bot (each needs a reply); the rest are
chit-chat nobody addressed to it and presses of the buttons under its answers
(by the asker, so the answer is edited in place). Every 400th sendMessage is
refused with a 429 (retry after 1 s), as Telegram does under flood control:
those replies must wait, then arrive.

Reported: processing latency inside the bot (from each update's per-update log
line: the time from its processing start to its handlers being done, sends
included) p50/p99 per kind; the bot process's peak RSS; from the fake server's
own log: the most messages any group got in any 60 s window (Telegram: 20), the
smallest gap between two messages into one chat (Telegram: about 1 s), the
busiest second overall (Telegram: 30), and every expected reply counted as
delivered (none dropped). Bounded: it stops feeding after --seconds, waits at
most 60 s for the last replies, then stops the bot with SIGTERM.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import signal
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.check import load_valid  # noqa: E402

TOKEN = "424242:LOAD-benchmark-token-not-a-real-one-x"
BOT = {"id": 424242, "is_bot": True, "first_name": "bnb-route", "username": "bnbroute_bot"}
USERS_PER_CHAT = 20
FLOOD_EVERY = 400  # every Nth sendMessage gets a 429
DRAIN_SECONDS = 60.0
GROUP_LIMIT_PER_MINUTE = 20
CHAT_GAP_SECONDS = 1.0
OVERALL_PER_SECOND = 30


class FakeTelegram:
    """Just the Bot API methods the bot uses, with a timestamped log of every message it sends."""

    def __init__(self, flood_every: int = FLOOD_EVERY) -> None:
        self.flood_every = flood_every
        self.updates: list[dict] = []
        self.ready = asyncio.Condition()
        self.sends: list[tuple[float, str, int, int | None, dict]] = []  # (t, method, chat, quoted id, result)
        self.floods = 0
        self.refused: list[str] = []
        # chat -> (the bot's latest answer with buttons, the question it quotes), for presses
        self.latest_answer: dict[int, tuple[dict, dict]] = {}
        self.question_of: dict[tuple[int, int], dict] = {}
        self._send_count = 0
        self._ids = itertools.count(10_000_000)
        self._closing = False
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self._closing = True
        async with self.ready:
            self.ready.notify_all()
        await self._runner.cleanup()

    async def push(self, update: dict) -> None:
        async with self.ready:
            self.updates.append(update)
            self.ready.notify_all()

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await _params(request)
        answer = getattr(self, f"api_{method}", None)
        if answer is None:
            self.refused.append(method)
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        return await answer(params)

    @staticmethod
    def ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    async def api_getMe(self, params: dict) -> web.Response:
        return self.ok({**BOT, "can_join_groups": True, "can_read_all_group_messages": True,
                        "supports_inline_queries": False})

    async def api_deleteWebhook(self, params: dict) -> web.Response:
        return self.ok(True)

    api_setMyCommands = api_deleteWebhook
    api_answerCallbackQuery = api_deleteWebhook
    api_deleteMessage = api_deleteWebhook

    async def api_getChatMember(self, params: dict) -> web.Response:
        return self.ok({"status": "member", "user": {"id": int(params["user_id"]), "is_bot": False,
                                                       "first_name": "someone"}})

    async def api_getUpdates(self, params: dict) -> web.Response:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)

        def pending() -> list[dict]:
            # updates are pushed in id order: skip the confirmed ones without scanning them all
            lo, hi = 0, len(self.updates)
            while lo < hi:
                mid = (lo + hi) // 2
                if self.updates[mid]["update_id"] < offset:
                    lo = mid + 1
                else:
                    hi = mid
            return self.updates[lo:lo + 100]

        async with self.ready:
            if not pending() and timeout > 0 and not self._closing:
                try:
                    async with asyncio.timeout(timeout):
                        await self.ready.wait_for(lambda: pending() or self._closing)
                except TimeoutError:
                    pass
            return self.ok(pending())

    async def api_sendMessage(self, params: dict) -> web.Response:
        self._send_count += 1
        if self.flood_every and self._send_count % self.flood_every == 0:
            self.floods += 1
            return web.json_response({"ok": False, "error_code": 429, "parameters": {"retry_after": 1},
                                      "description": "Too Many Requests: retry after 1"}, status=429)
        return self.ok(self._message("sendMessage", params))

    async def api_editMessageText(self, params: dict) -> web.Response:
        return self.ok(self._message("editMessageText", params))

    def _message(self, method: str, params: dict) -> dict:
        chat_id = int(params["chat_id"])
        quoted = (params.get("reply_parameters") or {}).get("message_id")
        message = {"message_id": int(params.get("message_id") or next(self._ids)), "date": int(time.time()),
                   "from": BOT, "chat": {"id": chat_id, "type": "supergroup", "title": "g"},
                   "text": params.get("text", "")}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.sends.append((time.monotonic(), method, chat_id, quoted, message))
        question = self.question_of.get((chat_id, quoted))
        if method == "sendMessage" and question is not None and message.get("reply_markup"):
            self.latest_answer[chat_id] = (message, question)
        return message


async def _params(request: web.Request) -> dict:
    if request.content_type == "application/json":
        return await request.json()
    form = await request.post()
    params: dict[str, Any] = {}
    for key, value in form.items():
        try:
            params[key] = json.loads(value) if key not in ("text", "callback_query_id") else value
        except (TypeError, ValueError):
            params[key] = value
    return params


class Traffic:
    """Group messages as Telegram delivers them: questions, chit-chat and button presses."""

    def __init__(self, chats: int, seed: int = 7) -> None:
        content = load_valid(ROOT / "content")
        self.rng = random.Random(seed)
        self.questions = sorted({q for e in content.entries.values() for q in e.examples if len(q) < 300})
        self.chatter = sorted(q for q in content.offtopic if "?" not in q)
        self.chats = [{"id": -1001_000_000_000 - i, "type": "supergroup", "title": f"group {i}"}
                      for i in range(chats)]
        self.update_ids = itertools.count(1)
        self.message_ids = defaultdict(lambda: itertools.count(1))
        # each chat cycles question, chit-chat, press, starting at a different point, so every
        # stretch of traffic holds a third of each
        cycle = ("question", "chatter", "press")
        self.kinds = {c["id"]: itertools.cycle(cycle[i % 3:] + cycle[:i % 3]) for i, c in enumerate(self.chats)}
        self.questions_by_id: dict[tuple[int, int], dict] = {}
        self.asked_at: dict[tuple[int, int], float] = {}
        self.sent_kinds: dict[str, int] = defaultdict(int)

    def _user(self, chat_index: int) -> dict:
        uid = 5_000_000 + chat_index * 100 + self.rng.randrange(USERS_PER_CHAT)
        return {"id": uid, "is_bot": False, "first_name": f"user{uid}"}

    def _message(self, chat: dict, text: str, user: dict) -> dict:
        return {"message_id": next(self.message_ids[chat["id"]]), "date": int(time.time()), "chat": chat,
                "from": user, "text": text}

    def next_update(self, chat_index: int, fake: FakeTelegram) -> tuple[str, dict]:
        chat = self.chats[chat_index]
        kind = next(self.kinds[chat["id"]])
        if kind == "press":
            press = self._press(chat, fake)
            if press is not None:
                return kind, press
            kind = "chatter"
        user = self._user(chat_index)
        if kind == "question":
            message = self._message(chat, "@bnbroute_bot " + self.rng.choice(self.questions), user)
            message["entities"] = [{"type": "mention", "offset": 0, "length": len("@bnbroute_bot")}]
            self.questions_by_id[(chat["id"], message["message_id"])] = message
            self.asked_at[(chat["id"], message["message_id"])] = time.monotonic()
        else:
            message = self._message(chat, self.rng.choice(self.chatter), user)
        return kind, {"update_id": next(self.update_ids), "message": message}

    def _press(self, chat: dict, fake: FakeTelegram) -> dict | None:
        """The asker pressing a navigation button under the bot's latest answer in this chat."""
        latest = fake.latest_answer.get(chat["id"])
        if latest is None:
            return None
        message, question = latest
        buttons = [b["callback_data"] for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
                   for b in row if b.get("callback_data", "").startswith("go:")]
        if not buttons:
            return None
        shown = {**message, "reply_to_message": question}
        return {"update_id": next(self.update_ids),
                "callback_query": {"id": str(next(self.update_ids)), "from": question["from"],
                                   "chat_instance": str(chat["id"]), "data": self.rng.choice(buttons),
                                   "message": shown}}


async def feed(fake: FakeTelegram, traffic: Traffic, seconds: float, per_minute: int) -> float:
    """Push updates at a steady `per_minute`, each into a chat picked at random (so a chat
    averages per_minute / chats, with the bursts real groups have)."""
    interval = 60.0 / per_minute
    start = time.monotonic()
    n = 0
    while True:
        due = start + n * interval
        now = time.monotonic()
        if due - start >= seconds:
            break
        if due > now:
            await asyncio.sleep(due - now)
        kind, update = traffic.next_update(traffic.rng.randrange(len(traffic.chats)), fake)
        traffic.sent_kinds[kind] += 1
        await fake.push(update)
        n += 1
    return time.monotonic() - start


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def _rss_peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def send_limits(fake: FakeTelegram) -> dict:
    """From the fake server's log: the busiest 60 s per group, the tightest gap per chat, the busiest second."""
    per_chat: dict[int, list[float]] = defaultdict(list)
    for t, _method, chat, _quoted, _message in fake.sends:
        per_chat[chat].append(t)
    max_minute, min_gap, gaps_under = 0, float("inf"), 0
    for times in per_chat.values():
        times.sort()
        lo = 0
        for hi, t in enumerate(times):
            while t - times[lo] >= 60.0:
                lo += 1
            max_minute = max(max_minute, hi - lo + 1)
        for a, b in zip(times, times[1:]):
            min_gap = min(min_gap, b - a)
            gaps_under += (b - a) < CHAT_GAP_SECONDS * 0.95  # 5% for the loopback's own jitter
    everything = sorted(t for t, *_ in fake.sends)
    busiest, lo = 0, 0
    for hi, t in enumerate(everything):
        while t - everything[lo] >= 1.0:
            lo += 1
        busiest = max(busiest, hi - lo + 1)
    return {"max_per_group_per_60s": max_minute, "min_gap_in_a_chat_s": min_gap,
            "gaps_under_1s": gaps_under, "busiest_second_overall": busiest, "chats_sent_to": len(per_chat)}


async def run(seconds: float, chats: int, per_minute: int) -> int:
    fake = FakeTelegram()
    await fake.start()
    traffic = Traffic(chats)
    fake.question_of = traffic.questions_by_id
    workdir = Path(tempfile.mkdtemp(prefix="bnb-load-"))
    log_path = workdir / "bot.log"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "DISCORD_", "BOT_", "LOG_", "ALLOWED_")) and not k.endswith("_PROXY")}
    env.update(TELEGRAM_TOKEN=TOKEN, TELEGRAM_BOT_API_URL=f"http://127.0.0.1:{fake.port}/bot", LOG_FORMAT="json",
               LOG_LEVEL="INFO", DATABASE_URL=f"sqlite:///{workdir / 'bot.db'}", BOT_HASH_KEY="load-benchmark")
    print(f"bot: python -m bot telegram against the fake Bot API on 127.0.0.1:{fake.port}; "
          f"{per_minute} group messages a minute over {chats} chats for {seconds:.0f} s", flush=True)
    with open(log_path, "wb") as log_file:
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "telegram", cwd=ROOT, env=env,
                                                    stdin=asyncio.subprocess.DEVNULL, stdout=log_file,
                                                    stderr=log_file)
        try:
            async with asyncio.timeout(60):
                while "polling Telegram for updates" not in log_path.read_text(errors="replace"):
                    if proc.returncode is not None:
                        raise RuntimeError(f"the bot exited at start:\n{log_path.read_text()}")
                    await asyncio.sleep(0.1)
            fed_for = await feed(fake, traffic, seconds, per_minute)
            expected = set(traffic.questions_by_id)
            delivered: dict[tuple[int, int], float] = {}
            drain_until = time.monotonic() + DRAIN_SECONDS
            while time.monotonic() < drain_until:
                delivered = {(chat, quoted): t for t, method, chat, quoted, _ in fake.sends
                             if method == "sendMessage" and (chat, quoted) in expected}
                if len(delivered) >= len(expected):
                    break
                await asyncio.sleep(0.2)
            await asyncio.sleep(1.0)  # let the last log lines land
            rss = _rss_peak_mb(proc.pid)
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(proc.wait(), 30)
                except TimeoutError:
                    proc.kill()
                    await proc.wait()
            await fake.stop()

    lines = [json.loads(line) for line in log_path.read_text(errors="replace").splitlines()
             if line.startswith("{")]
    updates = [e for e in lines if "duration_ms" in e]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for e in updates:
        kind = ("question" if e["decision"] in ("answer", "clarify", "none", "secret")
                else "press" if e["decision"] in ("open", "stale") else "chatter")
        by_kind[kind].append(e["duration_ms"])
    every = [e["duration_ms"] for e in updates]
    end_to_end = [(delivered[k] - traffic.asked_at[k]) * 1000 for k in delivered]
    limits = send_limits(fake)
    pushed = sum(traffic.sent_kinds.values())
    errors = [e for e in lines if e.get("level") in ("ERROR", "CRITICAL")]

    print(f"\nfed {pushed} updates in {fed_for:.1f} s = {pushed / fed_for * 60:.0f} a minute "
          f"({pushed / fed_for * 60 / chats:.1f} per chat a minute): "
          + ", ".join(f"{k} {v}" for k, v in sorted(traffic.sent_kinds.items())))
    print(f"bot logged {len(updates)} updates (one line each); exit status {proc.returncode}; "
          f"{len(errors)} error line(s)")
    print("processing latency inside the bot (update start -> handlers done, sends included):")
    for kind in ("question", "press", "chatter"):
        values = by_kind.get(kind, [])
        print(f"  {kind:<9} n={len(values):>5}  p50 {_pct(values, 50):7.1f} ms  p99 {_pct(values, 99):7.1f} ms"
              f"  max {max(values) if values else float('nan'):7.1f} ms")
    print(f"  {'all':<9} n={len(every):>5}  p50 {_pct(every, 50):7.1f} ms  p99 {_pct(every, 99):7.1f} ms")
    print(f"question -> reply delivered (end to end, polling included): p50 {_pct(end_to_end, 50):.0f} ms, "
          f"p99 {_pct(end_to_end, 99):.0f} ms")
    print(f"bot process peak RSS (VmHWM): {rss:.0f} MB")
    print(f"replies: {len(expected)} questions needed one, {len(delivered)} delivered, "
          f"{len(expected) - len(delivered)} missing; {fake.floods} sends refused with 429 and retried")
    print(f"sends per group (sendMessage + editMessageText, {len(fake.sends)} in all, "
          f"{limits['chats_sent_to']} chats): most in any 60 s window {limits['max_per_group_per_60s']} "
          f"(limit {GROUP_LIMIT_PER_MINUTE}); smallest gap in one chat {limits['min_gap_in_a_chat_s']:.3f} s, "
          f"{limits['gaps_under_1s']} under 0.95 s (limit ~1/s); busiest second overall "
          f"{limits['busiest_second_overall']} (limit {OVERALL_PER_SECOND})")
    if fake.refused:
        print(f"unexpected Bot API methods: {sorted(set(fake.refused))}")
    ok = (len(delivered) == len(expected) and limits["max_per_group_per_60s"] <= GROUP_LIMIT_PER_MINUTE
          and limits["gaps_under_1s"] == 0 and limits["busiest_second_overall"] <= OVERALL_PER_SECOND
          and proc.returncode == 0 and pushed / fed_for * 60 >= 2000 * min(1, per_minute / 2000))
    print("RESULT:", "within Telegram's limits, no reply dropped" if ok else "FAILED (see above)")
    print(f"(bot log: {log_path})")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to feed traffic (default 60)")
    parser.add_argument("--chats", type=int, default=200, help="group chats (default 200)")
    parser.add_argument("--per-minute", type=int, default=2100, help="group messages a minute (default 2100)")
    args = parser.parse_args()
    return asyncio.run(run(args.seconds, args.chats, args.per_minute))


if __name__ == "__main__":
    sys.exit(main())
