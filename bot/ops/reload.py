"""Hot reload of content: the engine every adapter reads, swapped in one assignment.

Adapters read `holder.engine` on every update, so a reload takes effect at the
next update and an update never sees half of one content and half of another.
New content is validated in full first; on any problem the last good engine
stays and the problems come back as `FILE:LINE: message` lines for whoever
asked (an operator's command, SIGHUP, the file watch).
"""
from __future__ import annotations

import asyncio
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from bot.core.check import ContentError, validate
from bot.core.engine import Engine

log = logging.getLogger("bnb_route.reload")

WATCH_SECONDS = 2.0


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    summary: str
    problems: tuple[str, ...] = ()

    def text(self) -> str:
        """What to tell whoever asked, one problem per line."""
        if self.ok:
            return f"Reloaded the content: {self.summary}"
        return "\n".join((f"Content NOT reloaded ({len(self.problems)} problem(s)); "
                          "still using the previous content:", *self.problems))


def default_content_dir() -> Path:
    """BOT_CONTENT, else ./content, else the content folder beside the package."""
    env = os.environ.get("BOT_CONTENT")
    if env:
        return Path(env)
    here = Path("content")
    if (here / "entries").is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "content"


def load_engine(content_dir: Path) -> Engine:
    """An engine over the content in `content_dir`; ContentError (with FILE:LINE problems)
    when it is invalid."""
    report = validate(content_dir)
    if not report.ok:
        raise ContentError(report.problems)
    return build_engine(report.content)


def build_engine(content, like: Engine | None = None) -> Engine:
    """An engine over valid content, with the deployment's switches taken from `like`."""
    from bot.safety import guard_for

    engine = Engine(content, guard=guard_for(content), **(like.options() if like is not None else {}))
    engine.matcher  # build (or load) the matcher now, not at the first question
    return engine


class EngineHolder:
    """The current engine, and the content folder it is reloaded from."""

    def __init__(self, engine: Engine, content_dir: Path | None = None) -> None:
        self.engine = engine
        self.content_dir = content_dir
        self._lock = threading.Lock()  # one reload at a time (SIGHUP and a command together)
        self.listeners: list[Callable[[ReloadResult], None]] = []

    def configure(self, **options: object) -> None:
        """Switch the deployment's engine options (e.g. what the record adds); reloads keep them."""
        with self._lock:
            self.engine = self.engine.configured(**options)

    def reload(self) -> ReloadResult:
        """Validate the folder and swap engines when it is valid; never raises for bad content."""
        if self.content_dir is None:
            return ReloadResult(False, "", ("content: this bot was not started from a content folder",))
        with self._lock:
            try:
                report = validate(self.content_dir)
            except Exception as exc:  # a folder that vanished, permissions: report, keep serving
                report, failure = None, f"content: cannot read {self.content_dir}: {exc.__class__.__name__}"
            if report is None or not report.ok:
                problems = tuple(str(p) for p in report.problems) if report else (failure,)
                result = ReloadResult(False, "", problems)
                log.warning("reload refused, keeping the previous content: %d problem(s)", len(problems))
                for problem in problems:
                    log.warning("reload: %s", problem)
            else:
                self.engine = build_engine(report.content, like=self.engine)
                result = ReloadResult(True, report.summary())
                log.info("content reloaded: %s", result.summary)
        for listener in self.listeners:
            listener(result)
        return result

    async def reload_async(self) -> ReloadResult:
        """`reload` in a worker thread: building the matcher index takes a moment, and updates
        keep being answered with the previous engine meanwhile."""
        return await asyncio.to_thread(self.reload)


def as_holder(engine: Engine | EngineHolder) -> EngineHolder:
    return engine if isinstance(engine, EngineHolder) else EngineHolder(engine)


# -- the file watch (BOT_WATCH_CONTENT=1) ----------------------------------------------

def _files(root: Path) -> Iterator[Path]:
    return (p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def content_signature(root: Path) -> tuple:
    """What changes when any content file is added, removed or written."""
    found = []
    for path in _files(root):
        try:
            st = path.stat()
        except OSError:  # removed while looking
            continue
        found.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(sorted(found))


async def watch_content(holder: EngineHolder, stop: asyncio.Event, every: float = WATCH_SECONDS) -> None:
    """Poll the content folder's files every `every` seconds; reload when they change.
    Polling the modification times of a few dozen files costs nothing and needs no
    extra dependency; two processes (one per platform) each see the same change."""
    if holder.content_dir is None:
        return
    seen = await asyncio.to_thread(content_signature, holder.content_dir)
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=every)
            return
        except asyncio.TimeoutError:
            pass
        now = await asyncio.to_thread(content_signature, holder.content_dir)
        if now != seen:
            seen = now
            log.info("content files changed; reloading")
            await holder.reload_async()
