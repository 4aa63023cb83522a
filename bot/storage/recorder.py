"""The record, written off the answering path.

`interaction` and `save_chat_settings` only put a job on a bounded queue; one
background thread hashes ids, checks question text and writes in batches. A
full queue or a failing database costs a dropped record and one log line,
never an answer. `cast` (a vote) needs the database's answer, so adapters run
it in a worker thread (`asyncio.to_thread`); while the database is down votes
are counted in memory.
"""
from __future__ import annotations

import logging
import os
import queue
import re
import threading
import time
from collections import OrderedDict
from datetime import datetime
from typing import Callable, Hashable, Mapping

from sqlalchemy import insert, select

from bot.core.chat_settings import ACTIONS, DEFAULTS, Settings
from bot.core.engine import SECRET, Reply
from bot.core.feedback import AnswerRef, Cast, MemoryBallot, Vote
from bot.safety.phrases import only_list_words

from . import config
from .errors import describe_error
from .models import QUESTION_MAX, ROUTE_MAX, ChatSetting, Interaction
from .retention import purge, utcnow
from .store import Store
from .votes import cast_vote

log = logging.getLogger("bnb_route.storage")

BATCH = 500  # jobs written per transaction
ROUTES_KEPT = 20_000  # messages whose button route is remembered
PURGE_EVERY = 24 * 3600.0  # seconds between retention purges
FAILURE_LOG_EVERY = 60.0
REOPEN_EVERY = 60.0  # seconds between attempts to open a database that was down at start  # seconds: a database that is down logs once a minute, not per record

_STOP = object()


# a 64-hex string the guard let through (no telling context) may still be a
# private key: it is never stored, whatever it turns out to be
_HEX64 = re.compile(r"(?<![0-9A-Fa-f])(?:0x)?[0-9A-Fa-f]{64}(?![0-9A-Fa-f])")


def keepable_question(text: str | None) -> str | None:
    """The question as stored: truncated, 64-hex strings redacted, and text a database
    accepts (no NUL, no lone surrogates). A message made only of recovery-phrase list words
    is not kept: it may be one piece of a phrase sent over several messages."""
    if not text or only_list_words(text):
        return None
    text = _HEX64.sub("[64-hex]", text.strip())[:QUESTION_MAX]
    text = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    return text or None


class Recorder:
    """Records what people ask and what the bot did, and counts feedback votes."""

    def __init__(self, store: Store | None, guard: Callable[[str], object] | None = None,
                 maxsize: int = 10_000, purge_every: float | None = PURGE_EVERY,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.store = store
        # the safety guard: a question it flags is recorded without its text
        self.guard = guard
        self.clock = clock
        self.dropped = 0
        self.memory = MemoryBallot()
        self._queue: queue.Queue = queue.Queue(maxsize)
        self._routes: OrderedDict[str, str] = OrderedDict()
        self._purge_every = purge_every
        self._next_purge = time.monotonic()
        self._failures = 0
        self._next_failure_log = 0.0
        self._log_lock = threading.Lock()  # failures are reported from several threads
        self._thread: threading.Thread | None = None
        self._closing = threading.Event()
        if store is not None:
            self._thread = threading.Thread(target=self._drain, name="bnb-route-recorder", daemon=True)
            self._thread.start()

    @classmethod
    def start(cls, url: str | None = None, env: Mapping[str, str] = os.environ,
              guard: Callable[[str], object] | None = None) -> "Recorder":
        """A recorder on DATABASE_URL (migrated under the lock). When the database cannot
        be opened the bot still answers: one log line, and nothing is recorded."""
        try:
            store = Store.open(url, env)
        except Exception as exc:  # any failure here must not stop the bot
            target = config.safe_url(config.normalise_url(url) if url else config.database_url(env))
            log.error("storage: cannot open %s, recording is off until it can be (tried again every %.0f s): %s",
                      target, REOPEN_EVERY, describe_error(exc))
            recorder = cls(None, guard=guard)
            recorder.reopen_later(lambda: Store.open(url, env))
            return recorder
        return cls(store, guard=guard)

    def reopen_later(self, opener: Callable[[], Store], every: float = REOPEN_EVERY) -> None:
        """Try `opener` every `every` seconds in the background until the database opens;
        then recording starts (what was asked meanwhile is not recorded)."""
        def retry() -> None:
            while not self._closing.wait(every):
                try:
                    store = opener()
                except Exception as exc:
                    log.debug("storage: still cannot open the database: %s", describe_error(exc))
                    continue
                if self._closing.is_set():
                    store.close()
                    return
                log.info("storage: the database is reachable again: recording is on")
                self.store = store
                self._thread = threading.Thread(target=self._drain, name="bnb-route-recorder", daemon=True)
                self._thread.start()
                return

        threading.Thread(target=retry, name="bnb-route-reopen", daemon=True).start()

    @property
    def enabled(self) -> bool:
        return self.store is not None

    # -- the answering path: never blocks ----------------------------------------
    def interaction(self, platform: str, chat: Hashable, reply: Reply, *, question: str | None = None,
                    message: Hashable | None = None, via: str = "question") -> None:
        """Record a question (`via="question"`, with its text) or a button press
        (`via="button"`) and the reply; `message` is the bot message showing the reply."""
        self._put(("interaction", self.clock(), platform, chat, message, via, reply, question))

    def save_chat_settings(self, platform: str, chat: Hashable, settings: Settings) -> None:
        self._put(("chat_settings", self.clock(), platform, chat, settings))

    def _put(self, job: tuple) -> None:
        if self.store is None:
            return
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            self.dropped += 1
            self._failed("record", f"the write queue is full ({self._queue.maxsize})")

    # -- votes: call from a worker thread in async code ---------------------------
    def cast(self, answer: AnswerRef, voter: Hashable, vote: Vote) -> Cast:
        if self.store is None:
            return self.memory.cast(answer, voter, vote)
        try:
            return cast_vote(self.store, answer, voter, vote, self.clock())
        except Exception as exc:
            self._failed("count a vote", describe_error(exc))
            return self.memory.cast(answer, voter, vote)

    def load_chat_settings(self) -> dict[tuple[str, str], Settings]:
        """Every stored chat's settings, by (platform, chat reference); empty on failure."""
        if self.store is None:
            return {}
        try:
            with self.store.session() as session:
                return {(r.platform, r.chat): _settings_of(r) for r in session.scalars(select(ChatSetting))}
        except Exception as exc:
            self._failed("load chat settings", describe_error(exc))
            return {}

    # -- lifecycle ----------------------------------------------------------------
    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait until everything queued so far is written (or dropped); False on timeout."""
        if self._thread is None:
            return True
        done = threading.Event()
        try:
            self._queue.put(("flush", done), timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def close(self, timeout: float = 30.0) -> None:
        self._closing.set()
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)
        if self.store is not None:
            self.store.close()

    # -- the background thread ------------------------------------------------------
    def _drain(self) -> None:
        while True:
            self._purge_when_due()
            try:
                job = self._queue.get(timeout=3600)
            except queue.Empty:
                continue
            batch = [job]
            while len(batch) < BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = any(j is _STOP for j in batch)
            self._write([j for j in batch if j is not _STOP])
            if stop:
                return

    def _write(self, batch: list) -> None:
        flushes = [j[1] for j in batch if j[0] == "flush"]
        jobs = [j for j in batch if j[0] != "flush"]
        try:
            if jobs:
                rows = [self._interaction_row(*j[1:]) for j in jobs if j[0] == "interaction"]
                with self.store.session() as session:
                    if rows:  # one multi-row INSERT, not an ORM object per row
                        session.execute(insert(Interaction), rows)
                    for job in jobs:
                        if job[0] == "chat_settings":
                            session.merge(self._chat_settings_row(*job[1:]))
                    session.commit()
        except Exception as exc:
            self.dropped += len(jobs)
            self._failed(f"write {len(jobs)} record(s)", describe_error(exc))
        for done in flushes:
            done.set()

    def _interaction_row(self, at: datetime, platform: str, chat: Hashable, message: Hashable | None,
                         via: str, reply: Reply, question: str | None) -> dict:
        store = self.store
        message_ref = store.message_ref(platform, chat, message) if message is not None else None
        node = reply.node or reply.kind
        route = None
        if reply.kind != SECRET:
            earlier = self._routes.get(message_ref) if message_ref and via == "button" else None
            route = f"{earlier}>{node}" if earlier else node
            if len(route) > ROUTE_MAX:
                route = "…" + route[-(ROUTE_MAX - 1):]
            if message_ref:
                self._routes[message_ref] = route
                self._routes.move_to_end(message_ref)
                while len(self._routes) > ROUTES_KEPT:
                    self._routes.popitem(last=False)
        text = None
        if via == "question" and reply.kind != SECRET and question:
            text = keepable_question(question) if not (self.guard and self.guard(question)) else None
        return dict(
            at=at, platform=platform[:16], chat=store.chat_ref(platform, chat), message=message_ref,
            source="button" if via == "button" else "question",
            decision="open" if via == "button" else reply.decision[:8],
            entry=reply.node if reply.kind == "entry" else None,
            score=round(reply.match.score, 4) if reply.match is not None else None,
            route=route, question=text)

    def _chat_settings_row(self, at: datetime, platform: str, chat: Hashable,
                           settings: Settings) -> ChatSetting:
        return ChatSetting(platform=platform[:16], chat=self.store.chat_ref(platform, chat),
                           autoanswer=settings.autoanswer, linkguard=settings.linkguard,
                           impersonation=settings.impersonation,
                           impersonation_action=settings.impersonation_action[:16],
                           hijack=settings.hijack, hijack_delete=settings.hijack_delete,
                           joinnotice=settings.joinnotice, updated=at)

    def _purge_when_due(self) -> None:
        if self._purge_every is None or time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + self._purge_every
        try:
            done = purge(self.store, now=self.clock())
            if done.interactions or done.votes:
                log.info("storage: purged %d interaction(s) and %d vote(s) older than %d days",
                         done.interactions, done.votes, self.store.retention_days)
        except Exception as exc:
            self._failed("purge old records", describe_error(exc))

    def _failed(self, what: str, why: str) -> None:
        """One log line per failure, at most one a minute while failures go on."""
        with self._log_lock:
            self._failures += 1
            now = time.monotonic()
            if now < self._next_failure_log:
                return
            self._next_failure_log = now + FAILURE_LOG_EVERY
            more = f" ({self._failures - 1} more failure(s) since the last report)" if self._failures > 1 else ""
            self._failures = 0
        log.warning("storage: could not %s, the bot carries on: %s%s", what, why, more)


def _settings_of(row: ChatSetting) -> Settings:
    """A stored row as Settings; columns a row predates (NULL) keep their defaults."""
    values = {name: getattr(row, name) for name in DEFAULTS}
    values = {name: value for name, value in values.items() if value is not None}
    if values.get("impersonation_action") not in ACTIONS:
        values.pop("impersonation_action", None)
    return Settings(**values)
