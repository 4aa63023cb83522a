"""The matcher: a learned, calibrated classifier over the content's entries.

Built from intents (id, example questions, keywords), off-topic
counter-examples and optionally labelled real questions. A linear model
(`intents.train`, fitted with scikit-learn) scores a question's word, word-pair,
character n-gram and keyword features; its probabilities are calibrated by
cross-validation, and so is the answer threshold. At run time only numpy is
used (`intents.model`): a sparse dot product per question.

Decision, from the calibrated probabilities:

* off-topic on top: none;
* the top entry's probability clears the answer threshold, or its lead over the
  runner-up clears the margin (both fitted out of fold): answer;
* two or three entries share enough of the mass: clarify (offer them);
* otherwise none.

`Matcher(..., model=m)` reuses a fitted model (the bot caches one per content).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np

from .features import Featuriser
from .model import Model
from .normalise import Normaliser

ANSWER, CLARIFY, NONE = "answer", "clarify", "none"
NONE_INTENT = "(off-topic)"


@dataclass(frozen=True)
class Intent:
    """What the matcher knows of one guidance entry."""

    id: str
    examples: Sequence[str]
    keywords: Sequence[str] = ()
    # intents one tap away from this one's answer (its buttons)
    related: Sequence[str] = ()


@dataclass(frozen=True)
class Thresholds:
    """Decision settings; content may set them in matcher.yaml."""

    # answer only at or above this calibrated probability; the threshold chosen by
    # cross-validation applies when it is higher (0: the cross-validated one alone)
    answer: float = 0.0
    # target share of wrong answers the cross-validated threshold keeps to
    wrong_answers: float = 0.02
    # clarify when the offered entries together hold at least this probability...
    clarify: float = 0.5
    # ...each of them at least this much
    clarify_floor: float = 0.08
    clarify_options: int = 3
    max_candidates: int = 5
    # past the first `always_listed`, candidates below this probability are not listed
    min_candidate: float = 0.01
    # the first three are always listed, however unlikely: they are the ranking a caller
    # (and `eval`'s "right entry within the first 3") reads, one tap away in a menu
    always_listed: int = 3
    # how much keyword evidence saturates the keyword feature
    keyword_scale: float = 4.0
    # how much the keyword feature counts next to the word and character features
    keyword_weight: float = 0.3
    # only the first words of a very long message are matched
    max_words: int = 400
    # inverse regularisation strength of the classifier (higher: fits examples closer)
    model_c: float = 10.0
    # cross-validation folds for calibration and the threshold
    folds: int = 5
    # how much one labelled real question weighs against one content example
    real_weight: float = 1.0
    # the off-topic class's weight in training, relative to an average entry's
    offtopic_weight: float = 1.0
    # a real off-topic question weighs this much more than a written off-topic line
    real_offtopic_weight: float = 1.0
    # also answer when the top entry leads the runner-up by a margin fitted out of fold
    margin_rule: bool = True
    # fit the decision rule to this share of `wrong_answers` (out-of-fold fits are optimistic)
    rule_safety: float = 1.0
    # decide on the chance that an answer helps, learnt from real questions that accept
    # several entries (smoothing towards "only its own entry"); 0: on the top entry alone
    accept_smoothing: float = 1.0


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
    # the off-topic class came first: the text is not about what the bot covers
    off_topic: bool = False


@dataclass(frozen=True)
class LabelledQuestion:
    """A real question with its acceptable entry ids (empty: off-topic)."""

    text: str
    expect: tuple[str, ...]


def training_examples(intents: Sequence[Intent], counterexamples: Sequence[str] = (),
                      questions: Sequence[LabelledQuestion] = ()):
    """What the model learns from: every example question, off-topic line and labelled question."""
    from .train import Example

    known = {i.id for i in intents}
    out = [Example(ex, (i.id,)) for i in intents for ex in i.examples]
    out += [Example(ex, ()) for ex in counterexamples]
    for q in questions:
        labels = tuple(e for e in q.expect if e in known)
        if q.expect and not labels:
            continue  # labelled with entries this content does not have
        out.append(Example(q.text, labels, real=True))
    return out


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
        questions: Sequence[LabelledQuestion] = (),
        model: Model | None = None,
        train_settings=None,
    ) -> None:
        self.intents = list(intents)
        self.thresholds = thresholds
        vocabulary = [t for i in self.intents for t in [*i.examples, *i.keywords]] + list(counterexamples)
        self.normalise = Normaliser(synonyms, stopwords, vocabulary)
        self.featuriser = Featuriser(self.normalise, [(i.id, i.keywords) for i in self.intents],
                                     keyword_scale=thresholds.keyword_scale,
                                     keyword_weight=thresholds.keyword_weight)
        ids = [i.id for i in self.intents]
        if model is None:
            from .train import TrainSettings, train

            # every training setting that is also a threshold comes from the content
            shared = {f: getattr(thresholds, f) for f in TrainSettings.__dataclass_fields__
                      if f in Thresholds.__dataclass_fields__}
            settings = train_settings or TrainSettings(c=thresholds.model_c, **shared)
            model = train(self.featuriser, ids,
                          training_examples(self.intents, counterexamples, questions), settings)
        if list(model.classes[: len(ids)]) != ids:
            raise ValueError("the model was fitted for other intents")
        self.model = model
        self._n = len(ids)
        self._ids = ids
        self._names: list[str] | None = None

    @property
    def answer_threshold(self) -> float:
        return max(self.model.answer, self.thresholds.answer)

    def probabilities(self, text: str) -> tuple[np.ndarray, object]:
        norm = self.normalise(text or "", max_words=self.thresholds.max_words)
        rows, vals = self.model.vectorise(self.featuriser.blocks(norm))
        return self.model.probabilities(rows, vals), (norm, rows, vals)

    # -- public --------------------------------------------------------------
    def match(self, text: str, *, explain: bool = False) -> Match:
        t = self.thresholds
        norm = self.normalise(text or "", max_words=t.max_words)
        if not norm.tokens or not self.intents:
            return Match(NONE, None, 0.0, (), {"tokens": list(norm.tokens)} if explain else {})
        blocks = self.featuriser.blocks(norm)
        rows, vals = self.model.vectorise(blocks)
        p = self.model.probabilities(rows, vals)
        order = self._top(p[: self._n], max(t.max_candidates, t.clarify_options, 1))
        real = p.tolist()
        off = self.model.offtopic
        off_topic = off >= 0 and float(p[off]) > real[order[0]]
        # the answer is the entry most likely to help (its own probability plus that of
        # entries whose questions also accept it); the rule was fitted on that chance
        helps = self.model.helps(p)
        best = int(np.argmax(helps[: self._n]))
        chance = float(helps[best])
        answered = (off < 0 or float(helps[off]) < chance) and (chance >= self.answer_threshold or (
            t.answer <= 0 and chance - self._runner_up(helps, best) >= self.model.margin))
        if answered:
            order = [best] + [i for i in order if i != best]
        ranked = tuple(Candidate(self._ids[i], round(real[i], 4))
                       for k, i in enumerate(order[: t.max_candidates])
                       if k < t.always_listed or real[i] >= t.min_candidate or answered and i == best)
        top = real[order[0]]
        options = [c for c in ranked[: t.clarify_options] if c.score >= t.clarify_floor]
        if answered:
            decision, intent, off_topic = ANSWER, self._ids[best], False
        elif off_topic:
            decision, intent = NONE, None
        elif options and sum(c.score for c in options) >= t.clarify:
            decision, intent = CLARIFY, None
        else:
            decision, intent = NONE, None
        info: dict[str, object] = {}
        if explain:
            info = self._explain(norm, blocks, rows, vals, p, order, helps)
        return Match(decision, intent, round(top, 4) if ranked else 0.0, ranked, info, off_topic)

    @staticmethod
    def _runner_up(p: np.ndarray, top: int) -> float:
        """The most likely class after `top` (entries and off-topic alike)."""
        if len(p) < 2:
            return 0.0
        two = np.partition(p, len(p) - 2)[-2:]
        return float(two[0]) if float(two[1]) == float(p[top]) else float(two[1])

    def _top(self, real: np.ndarray, k: int) -> list[int]:
        """The k most likely entries, best first; ties keep content order."""
        if len(real) > 4 * k:
            part = np.argpartition(-real, k - 1)[:k]
            return sorted(part.tolist(), key=lambda i: (-real[i], i))
        return np.argsort(-real, kind="stable").tolist()

    def clarify_options(self, m: Match) -> list[str]:
        """The candidates worth offering as buttons for a clarify decision."""
        t = self.thresholds
        return [c.intent for c in m.candidates[: t.clarify_options] if c.score >= t.clarify_floor]

    def _explain(self, norm, blocks, rows, vals, p, order, helps) -> dict[str, object]:
        t = self.thresholds
        if self._names is None:
            names = [""] * len(self.model.vocab)
            for name, j in self.model.vocab.items():
                names[j] = name
            self._names = names
        hits = self.featuriser.keyword_hits(norm.tokens)
        contrib = (vals[:, None] * self.model.coef[rows]) if len(rows) else np.zeros((0, len(p)))
        off = self.model.offtopic

        def top_features(k: int) -> list[str]:
            if not len(rows):
                return []
            col = contrib[:, k]
            best = np.argsort(-col, kind="stable")[:5]
            return [f"{self._names[rows[j]]!r} {col[j]:+.2f}" for j in best if col[j] > 0]

        return {
            "tokens": list(norm.tokens),
            "unknown_words": norm.unknown,
            "off_topic_score": round(float(p[off]), 4) if off >= 0 else None,
            "thresholds": {"answer": round(self.answer_threshold, 4), "margin": self.model.margin, "clarify": t.clarify,
                           "clarify_floor": t.clarify_floor},
            "model": {"temperature": self.model.temperature, **self.model.info},
            "candidates": [
                {
                    "entry": self._ids[i],
                    "score": round(float(p[i]), 4),
                    # the chance that answering with it helps (the rule decides on this)
                    "helps": round(float(helps[i]), 4),
                    "keyword_hits": hits.get(self._ids[i], []),
                    "features": top_features(i),
                }
                for i in order[: t.max_candidates]
            ],
        }
