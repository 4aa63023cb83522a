"""Delivery benchmark: nothing lost, nobody starved, with the real bot process.

    .venv/bin/python benchmarks/delivery_bench.py [--only faults,backlog,stop] [--per-fault 20]

Starts `python -m bot telegram` (polling, AIORateLimiter with per-chat pacing,
the outbox, a SQLite record) against a fake Bot API on 127.0.0.1 that can
misbehave, and reports:

1. faults: for each fault, --per-fault questions in as many private chats, half just
   before it and half while it lasts: answers delivered / lost / sent twice, the
   longest wait, and how many sendMessage calls the fault failed. 5xx, the hang and
   the 429s hit sendMessage (as in issue 12); the disconnect and the outage hit
   every method, getUpdates included.
   500 for 3 s; 502 bursts (three 1 s bursts); a 12 s hang (requests answered only
   when it ends, with a 504); a 4 s disconnect (connections reset); the whole API
   down 20 s (connections refused); a 429 storm (10 s of "retry after 1").
2. backlog: a forum group gets 200 addressed questions at once (one per topic, so
   no two are duplicates), while 40 private chats ask one question each: the other
   chats' delay from question to answer (p50 / p99), and what the group got.
3. stop: 60 questions queued in one group (one per topic); SIGTERM once the first
   answers are out (STOP_DRAIN_SECONDS=20); then a new process on the same database:
   answers sent before the stop / after the restart / lost, the exit status and how
   long the stop took.

Bounded: every wait has a deadline, and the bot is stopped (SIGTERM, then SIGKILL)
at the end of each part. Targets (issue 12): 0 lost in every fault; other chats'
p99 under 2 s during the backlog; 0 lost across the stop and restart.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.check import load_valid  # noqa: E402

TOKEN = "424243:DELIVERY-benchmark-token-not-a-real-one"
BOT = {"id": 424243, "is_bot": True, "first_name": "bnb-route", "username": "bnbroute_bot"}
MENTION = "@bnbroute_bot "
RECOVERY_SECONDS = 120.0  # after a fault ends, how long its answers may take to arrive


class FaultyTelegram:
    """The Bot API methods the bot uses, and a switch for what goes wrong."""

    def __init__(self) -> None:
        self.updates: list[dict] = []
        self.ready = asyncio.Condition()
        self.sends: list[tuple[float, int, int | None, str]] = []  # (t, chat, topic, text)
        self.mode: str | None = None  # None, "500", "502", "429", "hang", "reset", "down"
        self.hang_over = asyncio.Event()
        self.faulted = 0
        self.faulted_sends = 0
        self.confirmed = 0
        self._ids = itertools.count(10_000_000)
        self._closing = False
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self.handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await self._listen()

    async def _listen(self) -> None:
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        await self._site.start()
        self.port = self._site._server.sockets[0].getsockname()[1]

    async def set_mode(self, mode: str | None) -> None:
        if self.mode == "hang":
            self.hang_over.set()
        if mode == "hang":
            self.hang_over.clear()
        if mode == "down" and self._site is not None:
            await self._site.stop()  # refused from now on (open connections are cut too)
            self._site = None
        if mode != "down" and self._site is None:
            await self._listen()
        self.mode = mode
        async with self.ready:
            self.ready.notify_all()  # a long poll waiting now sees the fault

    async def stop(self) -> None:
        self._closing = True
        self.hang_over.set()
        async with self.ready:
            self.ready.notify_all()
        await self._runner.cleanup()

    async def push(self, update: dict) -> None:
        async with self.ready:
            self.updates.append(update)
            self.ready.notify_all()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await _params(request)
        mode = self.mode
        # 5xx, hangs and 429s hit sendMessage (as in issue 12); a dropped or refused connection hits all
        if mode is not None and method != "getMe" and (method == "sendMessage" or mode in ("reset", "down")):
            self.faulted += 1
            self.faulted_sends += method == "sendMessage"
            if mode in ("reset", "down"):  # "down": a connection opened before it went down
                request.transport.abort()  # as a dropped connection: no answer at all
                return web.Response(status=500)
            if mode in ("500", "502"):
                return _error(int(mode), "Internal Server Error" if mode == "500" else "Bad Gateway")
            if mode == "hang":
                await self.hang_over.wait()
                return _error(504, "Gateway Timeout")
            if mode == "429" and method == "sendMessage":
                return web.json_response({"ok": False, "error_code": 429, "parameters": {"retry_after": 1},
                                          "description": "Too Many Requests: retry after 1"}, status=429)
        answer = getattr(self, f"api_{method}", None)
        if answer is None:
            return _error(404, "Not Found")
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
        # as Telegram: an offset confirms every update below it, which are then never sent again
        self.confirmed = max(self.confirmed, int(params.get("offset") or 0))
        timeout = float(params.get("timeout") or 0)

        def pending() -> list[dict]:
            return [u for u in self.updates if u["update_id"] >= self.confirmed][:100]

        async with self.ready:
            if not pending() and timeout > 0 and not self._closing:
                try:
                    async with asyncio.timeout(timeout):
                        await self.ready.wait_for(lambda: pending() or self._closing or self.mode is not None)
                except TimeoutError:
                    pass
        if self.mode is not None:  # the fault began while this request waited
            return _error(502, "Bad Gateway")
        return self.ok(pending())

    async def api_sendMessage(self, params: dict) -> web.Response:
        chat_id = int(params["chat_id"])
        topic = params.get("message_thread_id")
        topic = int(topic) if topic is not None else None
        self.sends.append((time.monotonic(), chat_id, topic, params.get("text", "")))
        message = {"message_id": next(self._ids), "date": int(time.time()), "from": BOT, "text": params.get("text", ""),
                   "chat": {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"}}
        return self.ok(message)

    def delivered(self, chat: int, topic: int | None = None) -> list[float]:
        return [t for t, c, tp, _ in self.sends if c == chat and (topic is None or tp == topic)]


def _error(code: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": code, "description": description}, status=code)


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


class Questions:
    """Updates as Telegram sends them: one new user per question (no per-person rate limit)."""

    def __init__(self) -> None:
        content = load_valid(ROOT / "content")
        self.texts = sorted({q for e in content.entries.values() for q in e.examples if 10 < len(q) < 200})
        self.update_ids = itertools.count(1)
        self.users = itertools.count(6_000_000)
        self.message_ids = itertools.count(1)
        self.n = itertools.count()

    def _text(self) -> str:
        return self.texts[next(self.n) % len(self.texts)]

    def private(self, chat_id: int) -> dict:
        user = {"id": chat_id, "is_bot": False, "first_name": f"user{chat_id}"}
        message = {"message_id": next(self.message_ids), "date": int(time.time()), "from": user,
                   "chat": {"id": chat_id, "type": "private", "first_name": user["first_name"]},
                   "text": self._text()}
        return {"update_id": next(self.update_ids), "message": message}

    def in_topic(self, group: dict, topic: int) -> dict:
        uid = next(self.users)
        text = MENTION + self._text()
        message = {"message_id": next(self.message_ids), "date": int(time.time()), "chat": group,
                   "from": {"id": uid, "is_bot": False, "first_name": f"user{uid}"}, "text": text,
                   "entities": [{"type": "mention", "offset": 0, "length": len(MENTION) - 1}],
                   "message_thread_id": topic, "is_topic_message": True}
        return {"update_id": next(self.update_ids), "message": message}


class BotProcess:
    def __init__(self, fake: FaultyTelegram, workdir: Path, database: Path, name: str, **extra: str) -> None:
        self.log = workdir / f"{name}.log"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("TELEGRAM_", "DISCORD_", "BOT_", "LOG_", "ALLOWED_", "STOP_", "OUTBOX_"))
               and not k.lower().endswith("_proxy")}
        env.update(TELEGRAM_TOKEN=TOKEN, TELEGRAM_BOT_API_URL=f"http://127.0.0.1:{fake.port}/bot",
                   LOG_LEVEL="INFO", DATABASE_URL=f"sqlite:///{database}", BOT_HASH_KEY="delivery-benchmark",
                   **extra)
        self.env = env
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self._file = open(self.log, "wb")
        self.proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "telegram", cwd=ROOT,
                                                         env=self.env, stdin=asyncio.subprocess.DEVNULL,
                                                         stdout=self._file, stderr=self._file)
        async with asyncio.timeout(60):
            while "polling Telegram for updates" not in self.text():
                if self.proc.returncode is not None:
                    raise RuntimeError(f"the bot exited at start:\n{self.text()}")
                await asyncio.sleep(0.1)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    async def stop(self, timeout: float = 60.0) -> tuple[int, float]:
        """SIGTERM; (exit status, seconds until it exited); SIGKILL after `timeout`."""
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = await asyncio.wait_for(self.proc.wait(), timeout)
        except TimeoutError:
            self.proc.kill()
            code = await self.proc.wait()
        self._file.close()
        return code, time.monotonic() - started


FAULTS = [
    ("500 for 3 s", [("500", 3.0)]),
    ("502 bursts (3 x 1 s)", [("502", 1.0), (None, 1.0), ("502", 1.0), (None, 1.0), ("502", 1.0)]),
    ("12 s hang", [("hang", 12.0)]),
    ("4 s disconnect", [("reset", 4.0)]),
    ("API down 20 s", [("down", 20.0)]),
    ("429 storm (10 s)", [("429", 10.0)]),
]


async def run_faults(fake: FaultyTelegram, questions: Questions, per_fault: int) -> list[dict]:
    results = []
    chat_ids = itertools.count(7_000_000)
    for name, schedule in FAULTS:
        length = sum(seconds for _, seconds in schedule)
        chats = [next(chat_ids) for _ in range(per_fault)]
        asked: dict[int, float] = {}

        async def ask(now: list[int], spread: list[int]) -> None:
            for chat in now:
                asked[chat] = time.monotonic()
                await fake.push(questions.private(chat))
            for chat in spread:
                await asyncio.sleep(length / max(1, len(spread)))
                asked[chat] = time.monotonic()
                await fake.push(questions.private(chat))

        # half asked just before the fault (their answers are being sent when it starts), half during it
        half = per_fault // 2
        await ask(chats[:half], [])
        await asyncio.sleep(0.3)
        faulted_before = fake.faulted_sends
        asking = asyncio.create_task(ask([], chats[half:]))
        for mode, seconds in schedule:
            await fake.set_mode(mode)
            await asyncio.sleep(seconds)
        await fake.set_mode(None)
        await asking
        deadline = time.monotonic() + RECOVERY_SECONDS
        while time.monotonic() < deadline and not all(fake.delivered(c) for c in chats):
            await asyncio.sleep(0.2)
        await asyncio.sleep(2.0)  # a late duplicate would show here
        got = {c: fake.delivered(c) for c in chats}
        waits = [got[c][0] - asked[c] for c in chats if got[c]]
        row = {"fault": name, "asked": per_fault, "delivered": sum(1 for c in chats if got[c]),
               "lost": sum(1 for c in chats if not got[c]), "twice": sum(1 for c in chats if len(got[c]) > 1),
               "longest_wait_s": round(max(waits), 1) if waits else None,
               "sends_refused_by_the_fault": fake.faulted_sends - faulted_before}
        print(f"  {name:<22} delivered {row['delivered']}/{per_fault}, lost {row['lost']}, "
              f"sent twice {row['twice']}, longest wait {row['longest_wait_s']} s "
              f"({row['sends_refused_by_the_fault']} sendMessage calls failed by the fault)", flush=True)
        results.append(row)
    return results


async def run_backlog(fake: FaultyTelegram, questions: Questions, group_questions: int = 200,
                      others: int = 40) -> dict:
    group = {"id": -1002_000_000_001, "type": "supergroup", "title": "busy forum", "is_forum": True}
    topics = list(range(1000, 1000 + group_questions))
    for topic in topics:
        await fake.push(questions.in_topic(group, topic))
    pushed = time.monotonic()
    await asyncio.sleep(2.0)  # the group's questions are in the bot's hands
    asked: dict[int, float] = {}
    for i in range(others):
        chat = 8_000_000 + i
        asked[chat] = time.monotonic()
        await fake.push(questions.private(chat))
        await asyncio.sleep(0.5)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(fake.delivered(c) for c in asked):
        await asyncio.sleep(0.1)
    delays = sorted(fake.delivered(c)[0] - asked[c] for c in asked if fake.delivered(c))
    group_sent = fake.delivered(group["id"])
    row = {"others": others, "answered": len(delays), "p50_s": round(_pct(delays, 50), 3),
           "p99_s": round(_pct(delays, 99), 3), "max_s": round(delays[-1], 3) if delays else None,
           "group_questions": group_questions,
           "group_answers_during": len([t for t in group_sent if t <= time.monotonic()]),
           "group_window_s": round(time.monotonic() - pushed, 1)}
    print(f"  other chats: {row['answered']}/{others} answered, delay p50 {row['p50_s']} s, p99 {row['p99_s']} s, "
          f"max {row['max_s']} s; the group got {row['group_answers_during']} answers in its first "
          f"{row['group_window_s']} s (Telegram allows 20 a minute)", flush=True)
    return row


async def run_stop(workdir: Path, questions: Questions, queued: int = 60) -> dict:
    fake = FaultyTelegram()
    await fake.start()
    database = workdir / "stop.db"
    group = {"id": -1003_000_000_001, "type": "supergroup", "title": "queued forum", "is_forum": True}
    topics = list(range(2000, 2000 + queued))
    try:
        first = BotProcess(fake, workdir, database, "stop-first")
        await first.start()
        for topic in topics:
            await fake.push(questions.in_topic(group, topic))
        async with asyncio.timeout(60):
            while len(fake.delivered(group["id"])) < 3:
                await asyncio.sleep(0.1)
        code, took = await first.stop(timeout=60)
        before = {tp for _, c, tp, _ in fake.sends if c == group["id"]}
        print(f"  SIGTERM with {queued - len(before)} of {queued} still to send: exit {code} after {took:.1f} s, "
              f"{len(before)} sent before the stop", flush=True)
        second = BotProcess(fake, workdir, database, "stop-second")
        await second.start()
        deadline = time.monotonic() + 400  # about 20 a minute into one group
        while time.monotonic() < deadline and not all(fake.delivered(group["id"], t) for t in topics):
            await asyncio.sleep(0.5)
        await asyncio.sleep(2.0)
        await second.stop(timeout=60)
        per_topic = {t: len(fake.delivered(group["id"], t)) for t in topics}
        row = {"queued": queued, "exit_status": code, "stop_seconds": round(took, 1),
               "sent_before_stop": len(before),
               "sent_after_restart": sum(1 for t in topics if t not in before and per_topic[t]),
               "lost": sum(1 for t in topics if not per_topic[t]),
               "twice": sum(1 for t in topics if per_topic[t] > 1),
               "kept_line": "kept for the next start" in first.text(),
               "resent_line": "kept at the last stop" in second.text()}
        print(f"  before the stop {row['sent_before_stop']}, after the restart {row['sent_after_restart']}, "
              f"lost {row['lost']}, sent twice {row['twice']}", flush=True)
        return row
    finally:
        await fake.stop()


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


async def main(parts: set[str], per_fault: int) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bnb-delivery-"))
    questions = Questions()
    report: dict[str, Any] = {"workdir": str(workdir)}
    if parts & {"faults", "backlog"}:
        fake = FaultyTelegram()
        await fake.start()
        bot = BotProcess(fake, workdir, workdir / "faults.db", "faults")
        try:
            await bot.start()
            if "faults" in parts:
                print("faults (5xx, hang, 429: on sendMessage; disconnect and outage: on every method):", flush=True)
                report["faults"] = await run_faults(fake, questions, per_fault)
            if "backlog" in parts:
                print("backlog (one forum group with 200 questions, 40 private chats asking meanwhile):", flush=True)
                report["backlog"] = await run_backlog(fake, questions)
        finally:
            code, took = await bot.stop(timeout=60)
            report["faults_process"] = {"exit_status": code, "stop_seconds": round(took, 1),
                                        "tracebacks_in_log": bot.text().count("Traceback"),
                                        "log_lines": len(bot.text().splitlines())}
            await fake.stop()
        print(f"  (that process: exit {code} after {took:.1f} s, {report['faults_process']['tracebacks_in_log']} "
              f"tracebacks in {report['faults_process']['log_lines']} log lines)", flush=True)
    if "stop" in parts:
        print("stop (60 questions queued in one group, SIGTERM, restart on the same database):", flush=True)
        report["stop"] = await run_stop(workdir, questions)
    (workdir / "report.json").write_text(json.dumps(report, indent=2))
    print(f"report: {workdir / 'report.json'}")
    lost = sum(r["lost"] for r in report.get("faults", [])) + report.get("stop", {}).get("lost", 0)
    slow = report.get("backlog", {}).get("p99_s", 0) or 0
    return 0 if lost == 0 and slow < 2.0 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="faults,backlog,stop", help="comma-separated: faults, backlog, stop")
    parser.add_argument("--per-fault", type=int, default=20, help="questions asked during each fault")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(set(args.only.split(",")), args.per_fault)))
