"""Grouping near-identical questions, so the table shows one line per gap, not per typo."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

SIMILAR = 80  # token_sort_ratio at or above which two questions are one gap
MAX_DISTINCT = 2000  # the most-asked distinct questions grouped; the rest are too rare to rank


@dataclass
class Group:
    question: str  # the most-asked phrasing
    count: int = 0  # how often any phrasing in the group was asked
    phrasings: list[str] = field(default_factory=list)  # most-asked first


def group_similar(questions: list[str], limit: int | None = None) -> list[Group]:
    """Groups of similar questions, most-asked first. Exact repeats (ignoring case,
    punctuation and spacing) count together; then each question joins the first
    group whose leading phrasing is similar enough, or starts its own."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for q in questions:
        key = default_process(q)
        if not key:
            continue
        counts[key] += 1
        first.setdefault(key, q)
    groups: list[Group] = []
    leaders: list[str] = []
    for key, n in counts.most_common(MAX_DISTINCT):
        hit = process.extractOne(key, leaders, scorer=fuzz.token_sort_ratio, processor=None,
                                 score_cutoff=SIMILAR) if leaders else None
        if hit is None:
            leaders.append(key)
            groups.append(Group(first[key]))
            group = groups[-1]
        else:
            group = groups[hit[2]]
        group.count += n
        group.phrasings.append(first[key])
    groups.sort(key=lambda g: -g.count)
    return groups[:limit] if limit is not None else groups
