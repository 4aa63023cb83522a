"""`stats --export-unanswered FILE`: real unanswered questions as an evaluation file
(the format of benchmarks/data/dev.yaml), `expect: null` for a moderator to label."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from .models import Interaction
from .retention import utcnow
from .similar import group_similar
from .stats import UNANSWERED
from .store import Store


def unanswered_questions(store: Store, days: int, now: datetime | None = None) -> list[str]:
    since = (now or utcnow()) - timedelta(days=days)
    I = Interaction
    with store.session() as s:
        return list(s.scalars(select(I.question).where(
            I.at >= since, I.source == "question", I.decision.in_(UNANSWERED), I.question.is_not(None))
            .order_by(I.at)))


def evaluation_yaml(questions: list[str], days: int, now: datetime | None = None) -> tuple[str, int]:
    """The file's text and its number of items: one per group of similar questions."""
    when = (now or utcnow()).strftime("%Y-%m-%d %H:%M")
    lines = [
        f"# Unanswered questions from bnb-route's record: the last {days} day(s), exported {when} UTC.",
        "# One item per group of similar questions, most asked first. Label each: set `expect`",
        "# to the right entry ids, or [] where the bot should stay quiet; `eval` skips `expect: null`.",
    ]
    groups = group_similar(questions)
    for g in groups:
        q = " ".join(g.question.split())
        lines.append(f"# asked {g.count} time(s)" + (f", {len(g.phrasings)} phrasings" if len(g.phrasings) > 1 else ""))
        lines.append("- " + yaml.safe_dump({"q": q}, allow_unicode=True, width=1_000_000).rstrip("\n"))
        lines.append("  expect: null")
    return "\n".join(lines) + "\n", len(groups)


def export_unanswered(store: Store, path: Path, days: int, now: datetime | None = None) -> int:
    """Write the file; the number of items written."""
    text, n = evaluation_yaml(unanswered_questions(store, days, now), days, now)
    Path(path).write_text(text, encoding="utf-8")
    return n
