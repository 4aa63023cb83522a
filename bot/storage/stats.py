"""`python -m bot stats`: what people ask, what the bot answers, and what it misses."""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select

from .errors import describe_error
from .models import Interaction, Vote
from .retention import utcnow
from .similar import Group, group_similar
from .store import Store

DECISIONS = ("answer", "clarify", "none", "secret")
UNANSWERED = ("none", "clarify")  # the bot did not answer with an entry


@dataclass
class EntryFigures:
    entry: str
    answers: int = 0  # answered questions plus opens through buttons
    yes: int = 0
    no: int = 0
    wrong: int = 0
    unsolved: int = 0

    @property
    def helpful(self) -> float | None:
        """Share of votes that said it helped; None without votes."""
        return self.yes / (self.yes + self.no) if self.yes + self.no else None


@dataclass
class Stats:
    days: int
    since: datetime
    until: datetime
    decisions: dict[str, int]
    presses: int
    clarify_resolved: int  # clarify questions after which a button led to an entry
    entries: list[EntryFigures]
    routes: list[tuple[str, int]]
    unanswered: list[Group]
    downvoted: list[tuple[Group, str]]  # with the entry that was voted down most
    votes: int = field(default=0)

    @property
    def questions(self) -> int:
        return sum(self.decisions.values())

    def rate(self, decision: str) -> float:
        return self.decisions.get(decision, 0) / self.questions if self.questions else 0.0

    def as_json(self) -> dict:
        return {
            "days": self.days,
            "since": self.since.isoformat(timespec="seconds") + "Z",
            "until": self.until.isoformat(timespec="seconds") + "Z",
            "questions": self.questions,
            "decisions": dict(self.decisions),
            "rates": {d: round(self.rate(d), 4) for d in ("answer", "clarify", "none")},
            "button_presses": self.presses,
            "clarify_resolved": self.clarify_resolved,
            "votes": self.votes,
            "entries": [{"entry": e.entry, "answers": e.answers, "yes": e.yes, "no": e.no,
                         "wrong_topic": e.wrong, "unsolved": e.unsolved,
                         "helpful": None if e.helpful is None else round(e.helpful, 4)}
                        for e in self.entries],
            "routes": [{"route": r, "count": n} for r, n in self.routes],
            "unanswered": [{"question": g.question, "count": g.count, "phrasings": g.phrasings[:5]}
                           for g in self.unanswered],
            "downvoted": [{"question": g.question, "count": g.count, "entry": entry,
                           "phrasings": g.phrasings[:5]} for g, entry in self.downvoted],
        }


def compute(store: Store, days: int = 30, now: datetime | None = None, top: int = 10) -> Stats:
    until = now or utcnow()
    since = until - timedelta(days=days)
    I = Interaction
    recent = I.at >= since
    with store.session() as s:
        decisions = {d: 0 for d in DECISIONS}
        for decision, n in s.execute(select(I.decision, func.count()).where(recent, I.source == "question")
                                     .group_by(I.decision)):
            decisions[decision] = n
        presses = s.scalar(select(func.count()).select_from(I).where(recent, I.source == "button"))

        # clarify questions whose message then got a press leading to an entry: two indexed
        # scans and a set intersection (SQLite plans the equivalent join or EXISTS as a scan
        # of every press per question)
        clarified = set(s.scalars(select(I.message).where(
            recent, I.source == "question", I.decision == "clarify", I.message.is_not(None))))
        to_entry = set(s.scalars(select(I.message).where(
            recent, I.source == "button", I.entry.is_not(None), I.message.is_not(None))))
        clarify_resolved = len(clarified & to_entry)

        figures: dict[str, EntryFigures] = {}
        answered = and_(recent, I.entry.is_not(None))
        for entry, n in s.execute(select(I.entry, func.count()).where(answered).group_by(I.entry)):
            figures[entry] = EntryFigures(entry, answers=n)
        votes = 0
        for entry, helped, reason, n in s.execute(
                select(Vote.entry, Vote.helped, Vote.reason, func.count()).where(Vote.at >= since)
                .group_by(Vote.entry, Vote.helped, Vote.reason)):
            f = figures.setdefault(entry, EntryFigures(entry))
            votes += n
            if helped:
                f.yes += n
            else:
                f.no += n
                f.wrong += n if reason == "wrong" else 0
                f.unsolved += n if reason == "unsolved" else 0
        entries = sorted(figures.values(), key=lambda f: (-f.answers, -f.no, f.entry))

        routes = [(r, n) for r, n in s.execute(
            select(I.route, func.count().label("n")).where(recent, I.source == "button", I.entry.is_not(None),
                                                           I.route.is_not(None))
            .group_by(I.route).order_by(func.count().desc(), I.route).limit(top))]

        unanswered = list(s.scalars(select(I.question).where(
            recent, I.source == "question", I.decision.in_(UNANSWERED), I.question.is_not(None))))

        down = select(Vote.message, Vote.entry).where(Vote.at >= since, Vote.helped.is_(False)).subquery()
        downvoted_rows = s.execute(select(I.question, down.c.entry).join(down, down.c.message == I.message)
                                   .where(I.source == "question", I.question.is_not(None))).all()

    entry_of: dict[str, Counter] = {}
    for question, entry in downvoted_rows:
        entry_of.setdefault(question, Counter())[entry] += 1
    downvoted = []
    for g in group_similar([q for q, _ in downvoted_rows], limit=top):
        entry_votes = sum((entry_of.get(p, Counter()) for p in g.phrasings), Counter())
        downvoted.append((g, entry_votes.most_common(1)[0][0] if entry_votes else ""))
    return Stats(days, since, until, decisions, presses or 0, clarify_resolved or 0, entries, routes,
                 group_similar(unanswered, limit=top), downvoted, votes)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(st: Stats, top: int = 10) -> str:
    """The figures as a table a moderator reads in a terminal."""
    lines = [f"bnb-route stats: last {st.days} day(s), {st.since:%Y-%m-%d %H:%M} to {st.until:%Y-%m-%d %H:%M} UTC", ""]
    q = st.questions
    lines.append(f"{'Questions':<26}{q:>8}")
    for d, label in (("answer", "answered"), ("clarify", "asked which one"), ("none", "not answered")):
        lines.append(f"  {label:<24}{st.decisions.get(d, 0):>8}  {_pct(st.rate(d)) if q else '-':>5}")
    clarified = st.decisions.get("clarify", 0)
    if clarified:
        lines.append(f"    then picked an entry    {st.clarify_resolved:>6}  "
                     f"{_pct(st.clarify_resolved / clarified):>5} of asked-which-one")
    lines.append(f"  {'held a secret (not kept)':<24}{st.decisions.get('secret', 0):>8}")
    lines.append(f"{'Button presses':<26}{st.presses:>8}")
    lines.append(f"{'Feedback votes':<26}{st.votes:>8}")

    lines += ["", "Entries (answers, votes: 👍 helped / 👎 didn't, of which wrong topic / unsolved)"]
    if st.entries:
        lines.append(f"  {'entry':<28}{'answers':>8}{'👍':>6}{'👎':>6}{'wrong':>7}{'unsolv.':>8}{'helped':>8}")
        for e in st.entries[:top]:
            lines.append(f"  {e.entry:<28}{e.answers:>8}{e.yes:>6}{e.no:>6}{e.wrong:>7}{e.unsolved:>8}"
                         f"{_pct(e.helpful):>8}")
    else:
        lines.append("  (none yet)")

    lines += ["", "Top button routes to an answer"]
    lines += [f"  {n:>6}  {_short(r, 90)}" for r, n in st.routes] or ["  (none yet)"]

    lines += ["", "Top unanswered questions (grouped by similarity)"]
    lines += [f"  {g.count:>6}  {_short(g.question)}"
              + (f"  (+{len(g.phrasings) - 1} similar)" if len(g.phrasings) > 1 else "")
              for g in st.unanswered] or ["  (none yet)"]

    lines += ["", "Top down-voted answers, by the question asked"]
    lines += [f"  {g.count:>6}  {_short(g.question)}  -> {entry}"
              + (f"  (+{len(g.phrasings) - 1} similar)" if len(g.phrasings) > 1 else "")
              for g, entry in st.downvoted] or ["  (none yet)"]
    return "\n".join(lines)


def gaps_text(st: Stats, top: int = 5) -> str:
    """A short plain-text summary for an operator in chat (escape it for the platform)."""
    q = st.questions
    lines = [f"Last {st.days} day(s): {q} question(s); answered {_pct(st.rate('answer'))}, "
             f"asked which one {_pct(st.rate('clarify'))}, not answered {_pct(st.rate('none'))}. "
             f"{st.votes} feedback vote(s)."]
    voted = [e for e in st.entries if e.helpful is not None]
    if voted:
        lines += ["", "Least helpful answers:"]
        for e in sorted(voted, key=lambda e: (e.helpful, -e.no))[:top]:
            lines.append(f"• {e.entry}: {e.yes} helped, {e.no} didn't ({e.wrong} wrong topic, {e.unsolved} unsolved)")
    lines += ["", "Top unanswered questions:"]
    lines += [f"{i}. {_short(g.question, 80)} ({g.count}x)" for i, g in enumerate(st.unanswered[:top], 1)] \
        or ["(none)"]
    if st.downvoted:
        lines += ["", "Top down-voted:"]
        lines += [f"{i}. {_short(g.question, 80)} -> {entry} ({g.count}x)"
                  for i, (g, entry) in enumerate(st.downvoted[:top], 1)]
    return "\n".join(lines)


GAPS_DAYS = 30
RECORDING_OFF = "Nothing is recorded: this bot runs without a database."
READ_FAILED = "I couldn't read the record just now (the bot's log says why). Try again in a moment."


def gaps_summary(recorder) -> str:
    """The operators' summary of the last GAPS_DAYS days (Telegram /gaps, Discord
    /bnb-route-stats): what people ask that the bot does not answer and which answers were
    voted down, or one line saying why there is none. Reads the database: call in a thread."""
    if recorder is None or not recorder.enabled:
        return RECORDING_OFF
    try:
        return gaps_text(compute(recorder.store, days=GAPS_DAYS))
    except Exception as exc:  # a database that is down: say so, never fail silently
        logging.getLogger("bnb_route.storage").warning("operators' summary: cannot read the record: %s",
                                                       describe_error(exc))
        return READ_FAILED
