"""`python -m bot eval`: how well the matcher answers a labelled set, and where it fails."""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.core.engine import SECRET, Engine


@dataclass
class Miss:
    question: str
    expected: list[str]
    got: str | None
    decision: str
    score: float
    runner_up: str | None
    runner_up_score: float


@dataclass
class EvalResult:
    n: int = 0
    unlabelled: int = 0
    answered_correctly: float = 0.0
    within_top3: float = 0.0
    wrong_answers: float = 0.0
    offtopic_quiet: float = 0.0
    offtopic: int = 0  # labelled items with an empty `expect` (what offtopic_quiet is a share of)
    per_question_ms: float = 0.0
    misses: list[Miss] = field(default_factory=list)
    confusions: Counter = field(default_factory=Counter)
    # calibration: (top candidate's score, was it a right entry) per labelled item
    confidence: list[tuple[float, bool]] = field(default_factory=list)
    clarified: float = 0.0

    def reliability(self, bins: int = 10) -> list[dict]:
        """The reliability diagram as a table: per score bin, how many items, their mean
        score and how often the top candidate was right (a calibrated score matches it)."""
        rows = []
        for b in range(bins):
            lo, hi = b / bins, (b + 1) / bins
            inside = [(s, ok) for s, ok in self.confidence if lo <= s < hi or (b == bins - 1 and s == 1.0)]
            if inside:
                rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "count": len(inside),
                             "mean_confidence": round(sum(s for s, _ in inside) / len(inside), 4),
                             "accuracy": round(sum(ok for _, ok in inside) / len(inside), 4)})
        return rows

    def ece(self) -> float:
        """Expected calibration error: the count-weighted gap between score and accuracy."""
        n = len(self.confidence)
        return sum(r["count"] * abs(r["mean_confidence"] - r["accuracy"]) for r in self.reliability()) / n if n else 0.0

    def figures(self) -> dict:
        return {
            "answered_correctly": round(self.answered_correctly, 4),
            "within_top3": round(self.within_top3, 4),
            "wrong_answers": round(self.wrong_answers, 4),
            "offtopic_quiet": round(self.offtopic_quiet, 4),
            "n": self.n,
            "unlabelled": self.unlabelled,
            "per_question_ms": round(self.per_question_ms, 3),
            "clarified": round(self.clarified, 4),
            "ece": round(self.ece(), 4),
            "reliability": self.reliability(),
        }


class EvalFileError(Exception):
    pass


def load_items(path: Path) -> list[dict]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise EvalFileError(f"{path}:{mark.line + 1 if mark else 1}: YAML syntax error") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise EvalFileError(f"{path}:1: an evaluation file is a list of items (- q: ..., expect: [...])")
    items = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or "q" not in item:
            raise EvalFileError(f"{path}: item {i + 1} needs a 'q' (question) and an 'expect' list")
        expect = item.get("expect")
        if expect is not None and not isinstance(expect, list):
            expect = [expect]
        items.append({"q": "" if item["q"] is None else str(item["q"]),
                      "expect": None if expect is None else [str(e) for e in expect]})
    return items


def evaluate(engine: Engine, items: list[dict]) -> EvalResult:
    r = EvalResult()
    on_topic = correct = top3 = wrong = off = quiet = clarified = 0
    elapsed = 0.0
    for item in items:
        expect = item["expect"]
        if expect is None:
            r.unlabelled += 1
            continue
        r.n += 1
        t0 = time.perf_counter()
        reply = engine.ask(item["q"])
        elapsed += time.perf_counter() - t0
        m = reply.match
        got = reply.node if reply.decision == "answer" else None
        cands = [c.intent for c in m.candidates] if m else []
        if reply.kind != SECRET:
            r.confidence.append((m.score if m and m.candidates else 0.0, bool(cands and cands[0] in expect)))
        clarified += reply.decision == "clarify"
        if got is not None and got not in expect:
            wrong += 1
        if expect:
            on_topic += 1
            correct += got in expect
            top3 += bool(got in expect or set(cands[:3]) & set(expect))
        else:
            off += 1
            quiet += got is None
        ok = (got in expect) if expect else got is None
        if not ok:
            runner = m.candidates[1] if m and len(m.candidates) > 1 else None
            r.misses.append(Miss(item["q"], expect, got,
                                 SECRET if reply.kind == SECRET else (m.decision if m else "none"),
                                 m.score if m else 0.0,
                                 runner.intent if runner else None, runner.score if runner else 0.0))
            top = cands[0] if cands else None
            if expect and top and top not in expect:
                r.confusions[(expect[0], top)] += 1
            elif not expect and got:
                r.confusions[("(off-topic)", got)] += 1
    r.answered_correctly = correct / on_topic if on_topic else 0.0
    r.within_top3 = top3 / on_topic if on_topic else 0.0
    r.wrong_answers = wrong / r.n if r.n else 0.0
    r.offtopic_quiet = quiet / off if off else 0.0
    r.offtopic = off
    r.per_question_ms = elapsed * 1000 / r.n if r.n else 0.0
    r.clarified = clarified / r.n if r.n else 0.0
    return r


def format_report(r: EvalResult) -> str:
    f = r.figures()
    lines = [
        f"answered_correctly  {f['answered_correctly']:.3f}",
        f"within_top3         {f['within_top3']:.3f}",
        f"wrong_answers       {f['wrong_answers']:.3f}",
        f"offtopic_quiet      {f['offtopic_quiet']:.3f}",
        f"({r.n} labelled items, {r.unlabelled} unlabelled, {f['per_question_ms']:.2f} ms per question; "
        f"{f['clarified']:.3f} asked which one)",
        "",
        f"reliability (top candidate's score against how often it was right; ECE {f['ece']:.3f}):",
        "  score bin   count  mean score  right",
    ]
    for row in f["reliability"]:
        lines.append(f"  {row['bin']:9s} {row['count']:6d}  {row['mean_confidence']:10.3f}  {row['accuracy']:5.3f}")
    if r.misses:
        lines.append("")
        lines.append(f"misses ({len(r.misses)}):")
        for m in r.misses:
            expected = ", ".join(m.expected) or "(nothing: off-topic)"
            got = m.got or f"({m.decision})"
            runner = f"{m.runner_up} {m.runner_up_score:.2f}" if m.runner_up else "-"
            lines.append(f"- {m.question[:100]!r}")
            lines.append(f"    expected {expected}; got {got} at {m.score:.2f}; runner-up {runner}")
    if r.confusions:
        lines.append("")
        lines.append("most often confused (expected -> matched instead):")
        for (a, b), n in r.confusions.most_common(10):
            lines.append(f"  {a} -> {b}: {n}")
    return "\n".join(lines)
