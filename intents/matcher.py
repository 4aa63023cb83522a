"""Index and scoring: data in, ranked matches and a decision out.

Three kinds of evidence are combined per intent:

* fuzzy: rapidfuzz similarity between the question and the intent's example
  questions (all examples scored in one `process.cdist` call over
  pre-processed strings). Catches near-paraphrases and word-order typos.
* words: a TF-IDF cosine over words and word pairs between the question and
  each example. Long, messy posts share their telling words with examples
  even when the surface text differs; word pairs keep direction
  ("from bsc" vs "to bsc").
* keywords: the intent's keywords found in the question, each weighted by
  how few intents share it.
* votes: every known word (and word pair) of the question votes for the
  intents whose examples use it, in proportion to how telling it is there
  (P(intent | word), weighted by rarity). Generic words split their vote;
  telling words give it whole.

The decision has three bands: answer (confident and clearly ahead of the
runner-up), clarify (plausible candidates to offer as buttons) and none.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from rapidfuzz import fuzz, process

from .normalise import Normalised, Normaliser

ANSWER, CLARIFY, NONE = "answer", "clarify", "none"
NONE_INTENT = "(off-topic)"


@dataclass(frozen=True)
class Intent:
    """What the matcher knows of one guidance entry."""

    id: str
    examples: Sequence[str]
    keywords: Sequence[str] = ()
    # intents one tap away from this one's answer (its buttons): a close
    # runner-up among them does not stop an answer, since the answer offers it
    related: Sequence[str] = ()


@dataclass(frozen=True)
class Thresholds:
    """Where the decision bands start; tuned in content, not code."""

    answer: float = 0.55
    margin: float = 0.08
    clarify: float = 0.35
    clarify_options: int = 3
    max_candidates: int = 5
    # weights of the three kinds of evidence; they sum to 1
    fuzzy_weight: float = 0.2
    words_weight: float = 0.3
    keyword_weight: float = 0.2
    vote_weight: float = 0.3
    vote_sharpness: float = 1.0
    # how much keyword evidence saturates the keyword score
    keyword_scale: float = 4.0
    # only the first words of a very long message are matched
    max_words: int = 400
    # how many leading intents get the (costly) fuzzy comparison
    fuzzy_pool: int = 20
    # 1: the margin is measured against the best runner-up the answer does not link to
    skip_related: int = 0


@dataclass(frozen=True)
class Candidate:
    intent: str
    score: float


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one text."""

    decision: str
    intent: str | None
    score: float
    candidates: tuple[Candidate, ...]
    explain: Mapping[str, object] = field(default_factory=dict, compare=False)


def _features(tokens: Sequence[str]) -> Counter[str]:
    feats: Counter[str] = Counter(tokens)
    feats.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]))
    return feats


def _contains(tokens: Sequence[str], phrase: Sequence[str]) -> bool:
    n = len(phrase)
    if n == 1:
        return phrase[0] in tokens
    return any(tuple(tokens[i : i + n]) == tuple(phrase) for i in range(len(tokens) - n + 1))


class Matcher:
    """Built once from intents; `match(text)` is pure and deterministic."""

    def __init__(
        self,
        intents: Iterable[Intent],
        *,
        synonyms: Mapping[str, Iterable[str]] | None = None,
        stopwords: Iterable[str] = (),
        thresholds: Thresholds = Thresholds(),
        counterexamples: Sequence[str] = (),
    ) -> None:
        self.intents = list(intents)
        # counter-examples (chit-chat, off-topic) form one internal intent that
        # competes in the ranking but is never offered: when it wins, nothing fits
        self._none_index: int | None = None
        if counterexamples:
            self._none_index = len(self.intents)
            self.intents.append(Intent(NONE_INTENT, tuple(counterexamples)))
        self.thresholds = thresholds
        vocabulary = [t for i in self.intents for t in [*i.examples, *i.keywords]]
        self.normalise = Normaliser(synonyms, stopwords, vocabulary)

        # examples: processed strings for rapidfuzz and TF-IDF vectors
        self._example_owner: list[int] = []
        self._example_text: list[str] = []
        example_feats: list[Counter[str]] = []
        for idx, intent in enumerate(self.intents):
            for ex in intent.examples:
                norm = self.normalise(ex)
                if not norm.tokens:
                    continue
                self._example_owner.append(idx)
                self._example_text.append(norm.text)
                example_feats.append(_features(norm.tokens))
        index_of = {intent.id: k for k, intent in enumerate(self.intents)}
        self._related: dict[int, frozenset[int]] = {}
        for k, intent in enumerate(self.intents):
            for other in intent.related:
                if other in index_of:
                    # related both ways: either answer links to the other
                    self._related.setdefault(k, frozenset())
                    self._related[k] |= {index_of[other]}
                    self._related[index_of[other]] = self._related.get(index_of[other], frozenset()) | {k}
        self._sorted_examples: list[list[str]] = [[] for _ in self.intents]
        for j, owner in enumerate(self._example_owner):
            self._sorted_examples[owner].append(" ".join(sorted(self._example_text[j].split())))
        df: Counter[str] = Counter()
        for feats in example_feats:
            df.update(feats.keys())
        n_docs = max(len(example_feats), 1)
        self._idf = {f: math.log((1 + n_docs) / (1 + c)) + 1.0 for f, c in df.items()}
        # votes: per feature, the share of each intent among examples using it,
        # normalised by intent size so big intents do not win by volume
        sizes = Counter(self._example_owner)
        per_feature: dict[str, Counter[int]] = defaultdict(Counter)
        for j, feats in enumerate(example_feats):
            for f in feats:
                per_feature[f][self._example_owner[j]] += 1
        self._votes: dict[str, list[tuple[int, float]]] = {}
        power = thresholds.vote_sharpness
        for f, owners in per_feature.items():
            # sharpening (power > 1) lets a word used mostly by one intent vote
            # more decisively than one spread over several
            rates = {i: (c / sizes[i]) ** power for i, c in owners.items()}
            total = sum(rates.values())
            self._votes[f] = [(i, r / total) for i, r in rates.items()]
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for j, feats in enumerate(example_feats):
            vec = {f: (1 + math.log(c)) * self._idf[f] for f, c in feats.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            for f, v in vec.items():
                postings[f][0].append(j)
                postings[f][1].append(v / norm)
        self._postings = dict(postings)

        # keywords: phrases in token form, weighted by how many intents share them
        kw_intents: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for idx, intent in enumerate(self.intents):
            for kw in intent.keywords:
                toks = self.normalise(kw).tokens
                if toks:
                    kw_intents[toks].add(idx)
        n_int = max(len(self.intents), 1)
        self._keywords: list[tuple[tuple[str, ...], float, frozenset[int]]] = []
        for toks, owners in sorted(kw_intents.items()):
            weight = math.log((1 + n_int) / len(owners))
            # a keyword the examples use across many intents tells less: scale
            # by its share in its own intents' examples (unused ones keep full weight)
            feature = " ".join(toks) if len(toks) <= 2 else None
            votes = dict(self._votes.get(feature, ())) if feature else {}
            if votes:
                weight *= max(0.25, sum(votes.get(i, 0.0) for i in owners))
            self._keywords.append((toks, weight, frozenset(owners)))
        self._kw_first: dict[str, list[int]] = defaultdict(list)
        for k, (toks, _, _) in enumerate(self._keywords):
            self._kw_first[toks[0]].append(k)

    # -- evidence ------------------------------------------------------------
    def _fuzzy(self, norm: Normalised, intents: Iterable[int]) -> list[float]:
        """Best rapidfuzz similarity to an example, for the given intents only.

        Token-sort similarity: examples are stored with their tokens sorted at
        build time, so each comparison is a plain `fuzz.ratio` (what
        `token_sort_ratio` computes, without re-sorting 1,000s of strings per
        question); `extractOne` keeps only each intent's best in C.
        """
        per_intent = [0.0] * len(self.intents)
        query = " ".join(sorted(norm.tokens))
        for i in intents:
            best = process.extractOne(query, self._sorted_examples[i], scorer=fuzz.ratio,
                                      processor=None, score_cutoff=40)
            if best is not None:
                per_intent[i] = best[1] / 100.0
        return per_intent

    def _words(self, norm: Normalised) -> list[float]:
        per_intent = [0.0] * len(self.intents)
        feats = _features(norm.tokens)
        q = {f: (1 + math.log(c)) * self._idf[f] for f, c in feats.items() if f in self._idf}
        if not q:
            return per_intent
        # unknown words count against the question's length, so that a long
        # post about something else does not match on one shared word
        unknown_mass = sum(
            (1 + math.log(c)) * 2.0 for f, c in feats.items() if f not in self._idf and " " not in f
        )
        qnorm = math.sqrt(sum(v * v for v in q.values()) + unknown_mass**2 * 0.25) or 1.0
        dots = [0.0] * len(self._example_owner)
        for f, v in q.items():
            ids, weights = self._postings[f]
            for j, w in zip(ids, weights):
                dots[j] += v * w
        owner = self._example_owner
        for j, d in enumerate(dots):
            if d and d > per_intent[owner[j]]:
                per_intent[owner[j]] = d
        return [s / qnorm for s in per_intent]

    def _vote(self, norm: Normalised) -> list[float]:
        per_intent = [0.0] * len(self.intents)
        feats = _features(norm.tokens)
        weight_sum = 0.0
        for f in feats:
            votes = self._votes.get(f)
            if votes is None:
                # an unknown word still counts towards the question's length
                weight_sum += 0.0 if " " in f else 1.0
                continue
            w = self._idf[f]
            weight_sum += w
            for i, share in votes:
                per_intent[i] += w * share
        if weight_sum:
            per_intent = [v / weight_sum for v in per_intent]
        return per_intent

    def _keyword_hits(self, norm: Normalised) -> tuple[list[float], dict[int, list[str]]]:
        evidence = [0.0] * len(self.intents)
        hits: dict[int, list[str]] = defaultdict(list)
        seen: set[int] = set()
        for tok in set(norm.tokens):
            for k in self._kw_first.get(tok, ()):
                if k in seen:
                    continue
                toks, weight, owners = self._keywords[k]
                if _contains(norm.tokens, toks):
                    seen.add(k)
                    for i in owners:
                        evidence[i] += weight
                        hits[i].append(" ".join(toks))
        scale = self.thresholds.keyword_scale
        return [1.0 - math.exp(-e / scale) for e in evidence], hits

    # -- public --------------------------------------------------------------
    def match(self, text: str, *, explain: bool = False) -> Match:
        t = self.thresholds
        norm = self.normalise(text or "", max_words=t.max_words)
        if not norm.tokens or not self.intents:
            return Match(NONE, None, 0.0, (), {"tokens": list(norm.tokens)} if explain else {})
        wordsim = self._words(norm)
        kw, hits = self._keyword_hits(norm)
        vote = self._vote(norm)
        # fuzzy similarity is the costly part: score only the intents that the
        # word evidence already points at (all of them at small content sizes)
        lead = sorted(range(len(self.intents)), key=lambda i: -(wordsim[i] + vote[i] + kw[i]))
        fuzzy = self._fuzzy(norm, [i for i in lead[: t.fuzzy_pool] if wordsim[i] + vote[i] + kw[i] > 0])
        total = [
            t.fuzzy_weight * f + t.words_weight * w + t.keyword_weight * k + t.vote_weight * v
            for f, w, k, v in zip(fuzzy, wordsim, kw, vote)
        ]
        order = sorted(range(len(self.intents)), key=lambda i: (-total[i], self.intents[i].id))
        off_topic = self._none_index is not None and order[0] == self._none_index
        order_real = [i for i in order if i != self._none_index]
        ranked = tuple(
            Candidate(self.intents[i].id, round(float(total[i]), 4))
            for i in order_real[: t.max_candidates]
            if total[i] > 0
        )
        top = ranked[0].score if ranked else 0.0
        rivals = [float(total[i]) for i in order if i != order_real[0]] if ranked else []
        if t.skip_related and ranked:
            near = self._related.get(order_real[0], frozenset())
            rivals = [float(total[i]) for i in order if i != order_real[0] and i not in near]
        second = rivals[0] if rivals else 0.0
        if off_topic:
            decision, intent = NONE, None
        elif top >= t.answer and top - second >= t.margin:
            decision, intent = ANSWER, ranked[0].intent
        elif top >= t.clarify:
            decision, intent = CLARIFY, None
        else:
            decision, intent = NONE, None
        info: dict[str, object] = {}
        if explain:
            info = {
                "tokens": list(norm.tokens),
                "off_topic_score": round(float(total[self._none_index]), 4) if self._none_index is not None else None,
                "unknown_words": norm.unknown,
                "thresholds": {"answer": t.answer, "margin": t.margin, "clarify": t.clarify},
                "candidates": [
                    {
                        "entry": self.intents[i].id,
                        "score": round(float(total[i]), 4),
                        "fuzzy": round(float(fuzzy[i]), 3),
                        "words": round(float(wordsim[i]), 3),
                        "keywords": round(float(kw[i]), 3),
                        "votes": round(float(vote[i]), 3),
                        "keyword_hits": hits.get(i, []),
                    }
                    for i in order[: t.max_candidates]
                ],
            }
        return Match(decision, intent, top, ranked, info)

    def clarify_options(self, m: Match) -> list[str]:
        """The candidates worth offering as buttons for a clarify decision."""
        t = self.thresholds
        floor = max(t.clarify * 0.8, (m.score or 0) - 0.25)
        return [c.intent for c in m.candidates[: t.clarify_options] if c.score >= floor]
