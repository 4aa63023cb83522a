"""Fitting the model: labelled texts in, a `Model` (plain arrays) out.

Multinomial logistic regression (scikit-learn, imported here only) over the
three feature blocks of `intents.features`; the off-topic texts are a class of
their own. Cross-validation (fixed folds) gives out-of-fold probabilities, from
which come the temperature that calibrates them and the answer threshold that
keeps wrong answers at or under the target. Deterministic: the same data gives
the same arrays. Pure: the caller passes the data in and stores the result.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .features import CHAR, WORD, Featuriser
from .model import Model, chance_it_helps

OFFTOPIC = "(off-topic)"


@dataclass(frozen=True)
class Example:
    """One training text: its acceptable entry ids (empty: off-topic)."""

    text: str
    labels: tuple[str, ...]
    # counts towards choosing the answer threshold (questions people really asked)
    real: bool = False


@dataclass(frozen=True)
class TrainSettings:
    c: float = 10.0
    folds: int = 5
    seed: int = 0
    wrong_answers: float = 0.02   # target share of wrong answers, out of fold
    min_char_df: int = 2
    max_iter: int = 300
    calibrate: bool = True        # False: no cross-validation (benchmarks at scale)
    # "logistic": the real model. "centroid": each class's mean feature vector as its
    # weights, sparse, no scikit-learn: only for speed benchmarks at x10 / x100 content,
    # where fitting the logistic model would take far too long to repeat
    method: str = "logistic"
    # how much one labelled real question weighs against one content example
    real_weight: float = 1.0
    # the off-topic class's total weight, relative to an average entry's
    offtopic_weight: float = 1.0
    # a real off-topic question (often near the topics: an error no entry covers) weighs
    # this much more than a written off-topic line
    real_offtopic_weight: float = 1.0
    # also answer when the top entry leads the runner-up by a margin (fitted out of fold)
    margin_rule: bool = True
    # fit the rule to this share of the wrong-answer target (the fit is optimistic)
    rule_safety: float = 1.0
    # decide on "the chance the answer helps" (see `acceptance`): 0 turns it off; else the
    # smoothing of the co-acceptance shares (pseudo-questions accepting only their own entry)
    accept_smoothing: float = 1.0


def _matrix(rows_feats, vocab, idf_of, unknown_idf, n_cols):
    from scipy import sparse

    indptr, indices, data = [0], [], []
    for words, chars, keywords in rows_feats:
        for block, counts in ((WORD, words), (CHAR, chars)):
            start = len(indices)
            sq = 0.0
            for name, c in counts.items():
                tf = 1.0 + math.log(c)
                j = vocab.get(name)
                w = tf * idf_of.get(name, unknown_idf[block])
                if j is not None:
                    indices.append(j)
                    data.append(w)
                sq += w * w
            if sq > 0:
                inv = 1.0 / math.sqrt(sq)
                for k in range(start, len(indices)):
                    data[k] *= inv
        for name, v in keywords.items():
            j = vocab.get(name)
            if j is not None:
                indices.append(j)
                data.append(v)
        indptr.append(len(indices))
    return sparse.csr_matrix((np.asarray(data, np.float64), np.asarray(indices, np.int32),
                              np.asarray(indptr, np.int64)), shape=(len(rows_feats), n_cols))


def _folds(examples: Sequence[Example], k: int, seed: int) -> np.ndarray:
    """Fold of each example: stratified by first label, a seeded shuffle within each."""
    rng = np.random.default_rng(seed)
    by_label: dict[str, list[int]] = {}
    for i, ex in enumerate(examples):
        by_label.setdefault(ex.labels[0] if ex.labels else OFFTOPIC, []).append(i)
    fold = np.zeros(len(examples), np.int32)
    offset = 0
    for label in sorted(by_label):
        idx = np.asarray(by_label[label])
        idx = idx[rng.permutation(len(idx))]
        fold[idx] = (np.arange(len(idx)) + offset) % k
        offset += len(idx)
    return fold


def _fit(X, y, w, n_classes, s: TrainSettings):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=s.c, max_iter=s.max_iter, tol=1e-4)
    clf.fit(X, y, sample_weight=w)
    coef = np.zeros((n_classes, X.shape[1]))
    intercept = np.full(n_classes, -30.0)
    coef[clf.classes_] = clf.coef_ if len(clf.classes_) > 2 else np.vstack([-clf.coef_, clf.coef_])
    intercept[clf.classes_] = clf.intercept_ if len(clf.classes_) > 2 else [-clf.intercept_[0], clf.intercept_[0]]
    return coef, intercept


def _centroid_model(X, rows, y, classes, class_of, vocab, idf, unknown_idf) -> Model:
    from scipy import sparse

    n = len(classes)
    Y = sparse.csr_matrix((np.ones(len(rows)), (y, rows)), shape=(n, X.shape[0]))
    counts = np.maximum(np.asarray(Y.sum(axis=1)).ravel(), 1.0)
    centroids = sparse.diags(1.0 / counts) @ (Y @ X)          # [classes, features]
    by_feature = (centroids.T * 10.0).tocsr().astype(np.float32)  # scaled cosine as logits
    by_feature.sort_indices()
    csr = (by_feature.indptr.astype(np.int64), by_feature.indices.astype(np.int64), by_feature.data)
    return Model(classes, class_of.get(OFFTOPIC, -1), vocab, idf, np.zeros((0, n), np.float32),
                 np.zeros(n, np.float32), 1.0, 0.5, unknown_idf, {"method": "centroid"}, csr=csr)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def decide_arrays(p: np.ndarray, offtopic: int, answer: float,
                  margin: float = 1.01) -> tuple[np.ndarray, np.ndarray]:
    """(top real class, answered?) for rows of probabilities: answered when the top entry
    is not beaten by off-topic and its probability clears `answer` or its lead over the
    runner-up (any class) clears `margin`."""
    real = p.copy()
    if offtopic >= 0:
        real[:, offtopic] = -1.0
    top = real.argmax(axis=1)
    ptop = real[np.arange(len(p)), top]
    answered = (ptop >= answer) | (ptop - _runner_up(p, top) >= margin)
    if offtopic >= 0:
        answered &= p.argmax(axis=1) != offtopic
    return top, answered


def _runner_up(p: np.ndarray, top: np.ndarray) -> np.ndarray:
    rest = p.copy()
    rest[np.arange(len(p)), top] = -1.0
    return rest.max(axis=1) if p.shape[1] > 1 else np.zeros(len(p))


def fit_rule(p: np.ndarray, ok: np.ndarray, offtopic: int, target: float) -> tuple[float, float]:
    """(answer, margin): the pair answering the most right entries while wrong answers
    stay within `target`, on out-of-fold probabilities; ties go to the stricter pair."""
    real = p.copy()
    if offtopic >= 0:
        real[:, offtopic] = -1.0
    idx = np.arange(len(p))
    top = real.argmax(axis=1)
    ptop = real[idx, top]
    lead = ptop - _runner_up(p, top)
    eligible = p.argmax(axis=1) != offtopic if offtopic >= 0 else np.ones(len(p), bool)
    right = ok[idx, top] & eligible
    wrong = ~ok[idx, top] & eligible
    answers = np.round(np.arange(0.20, 0.991, 0.01), 2)
    margins = np.append(np.round(np.arange(0.10, 0.991, 0.02), 2), 1.01)
    A = ptop[None, :] >= answers[:, None]                       # [answers, n]
    M = lead[None, :] >= margins[:, None]                       # [margins, n]
    on = A[:, None, :] | M[None, :, :]                          # [answers, margins, n]
    n_wrong = (on & wrong).sum(axis=2)
    n_right = (on & right).sum(axis=2)
    feasible = n_wrong <= target * len(p)
    if not feasible.any():
        return 0.99, 1.01
    score = np.where(feasible, n_right, -1)
    best = score.max()
    cands = np.argwhere(score == best)
    # stricter: highest answer threshold first, then highest margin
    i, j = max(cands.tolist(), key=lambda c: (answers[c[0]], margins[c[1]]))
    return float(answers[i]), float(margins[j])


def acceptance(examples: Sequence[Example], classes: Sequence[str], smoothing: float) -> np.ndarray | None:
    """[classes x classes]: row j, column i = the share of real questions answered by j
    (labelled with it) that also accept i, smoothed towards the identity by `smoothing`
    pseudo-questions; off-topic accepts only itself. None when no real question carries
    two labels (nothing to learn: the identity)."""
    index = {c: k for k, c in enumerate(classes)}
    n = len(classes)
    together = np.zeros((n, n))
    count = np.zeros(n)
    for ex in examples:
        if not ex.real or not ex.labels:
            continue
        labels = [index[label] for label in ex.labels if label in index]
        for j in labels:
            count[j] += 1
            together[j, labels] += 1
    if smoothing <= 0 or not (together.sum(axis=1) > count).any():
        return None
    accept = (together + smoothing * np.eye(n)) / (count + smoothing)[:, None]
    return accept


def _threshold_only(p, ok, off, target) -> float:
    for t in np.round(np.arange(0.20, 0.991, 0.01), 2):
        top, answered = decide_arrays(p, off, t)
        wrong = answered & ~ok[np.arange(len(p)), top]
        if wrong.mean() <= target:
            return float(t)
    return 0.99


def train(featuriser: Featuriser, intents: Sequence[str], examples: Sequence[Example],
          settings: TrainSettings = TrainSettings()) -> Model:
    # one thread: BLAS threads fighting over a small problem make it ten times slower
    import sklearn.linear_model  # noqa: F401  (load its thread pools before limiting them)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return _train(featuriser, intents, examples, settings)


def _train(featuriser: Featuriser, intents: Sequence[str], examples: Sequence[Example],
           s: TrainSettings) -> Model:
    has_off = any(not ex.labels for ex in examples)
    classes = tuple(intents) + ((OFFTOPIC,) if has_off else ())
    class_of = {c: k for k, c in enumerate(classes)}
    examples = [ex for ex in examples if all(l in class_of for l in ex.labels)]
    feats = [featuriser.blocks(featuriser.normalise(ex.text)) for ex in examples]

    # vocabulary and idf over the training texts (document frequency per block)
    n_docs = max(len(feats), 1)
    df: Counter = Counter()
    block_of: dict[str, int] = {}
    for words, chars, _ in feats:
        df.update(words.keys())
        df.update(chars.keys())
    for words, chars, _ in feats:
        for name in words:
            block_of.setdefault(name, WORD)
        for name in chars:
            block_of.setdefault(name, CHAR)
    idf_of = {f: math.log((1 + n_docs) / (1 + c)) + 1.0 for f, c in df.items()}
    keep = sorted(f for f, c in df.items() if block_of[f] == WORD or c >= s.min_char_df)
    keep += sorted({f"k:{i}" for i in intents})
    vocab = {f: j for j, f in enumerate(keep)}
    idf = np.asarray([idf_of.get(f, 1.0) for f in keep], np.float32)
    unknown = math.log((1 + n_docs) / 2) + 1.0
    unknown_idf = (unknown, unknown)
    X = _matrix(feats, vocab, idf_of, unknown_idf, len(keep))

    # one row per (example, acceptable label), weights sharing the example's one vote
    rows, y, w = [], [], []
    for i, ex in enumerate(examples):
        labels = ex.labels or (OFFTOPIC,)
        for label in labels:
            rows.append(i)
            y.append(class_of[label])
            weight = s.real_weight if ex.real else 1.0
            if ex.real and not ex.labels:
                weight *= s.real_offtopic_weight
            w.append(weight / len(labels))
    rows_a, y_a, w_a = np.asarray(rows), np.asarray(y), np.asarray(w)
    if s.method == "centroid":
        return _centroid_model(X, rows_a, y_a, classes, class_of, vocab, idf, unknown_idf)
    # balance classes: each class weighs as much in total as an average one
    totals = np.bincount(y_a, weights=w_a, minlength=len(classes))
    w_a = w_a * (totals[totals > 0].mean() / totals[y_a])
    if OFFTOPIC in class_of:
        w_a = np.where(y_a == class_of[OFFTOPIC], w_a * s.offtopic_weight, w_a)
    coef, intercept = _fit(X[rows_a], y_a, w_a, len(classes), s)

    temperature, answer, margin, info = 1.0, 0.5, 1.01, {}
    accept = acceptance(examples, classes, s.accept_smoothing)
    if s.calibrate and s.folds > 1 and len(examples) >= 2 * s.folds:
        fold = _folds(examples, s.folds, s.seed)
        oof = np.zeros((len(examples), len(classes)))
        for f in range(s.folds):
            tr = fold[rows_a] != f
            c_f, b_f = _fit(X[rows_a[tr]], y_a[tr], w_a[tr], len(classes), s)
            te = np.flatnonzero(fold == f)
            oof[te] = X[te] @ c_f.T + b_f
        ok = np.zeros((len(examples), len(classes)), bool)
        for i, ex in enumerate(examples):
            for label in ex.labels or (OFFTOPIC,):
                ok[i, class_of[label]] = True
        # calibration and the threshold are measured on real questions when there are
        # enough of them (they are what the bot will be asked), else on everything
        real = np.asarray([ex.real for ex in examples])
        sel = real if real.sum() >= 100 else np.ones(len(examples), bool)
        # temperature: the one that makes out-of-fold probabilities most honest (log loss)
        best = None
        for t in np.exp(np.linspace(math.log(0.2), math.log(5.0), 81)):
            p = _softmax(oof[sel] / t)
            nll = -np.log(np.maximum((p * ok[sel]).sum(axis=1), 1e-12)).mean()
            if best is None or nll < best[0]:
                best = (nll, float(t))
        temperature = best[1]
        p = _softmax(oof / temperature)
        if accept is not None:
            # decide on the chance the answer helps, each fold's co-acceptance learnt
            # without its own questions (as the final one will meet new questions)
            for f in range(s.folds):
                te = np.flatnonzero(fold == f)
                a_f = acceptance([ex for ex, k in zip(examples, fold) if k != f], classes, s.accept_smoothing)
                p[te] = chance_it_helps(p[te], a_f)
        # the decision rule: answer when p(top) clears `answer` or its lead over the
        # runner-up clears `margin`, the pair that answers most within the wrong target
        off = class_of.get(OFFTOPIC, -1)
        if s.margin_rule:
            answer, margin = fit_rule(p[sel], ok[sel], off, s.wrong_answers * s.rule_safety)
        else:
            answer, margin = _threshold_only(p[sel], ok[sel], off, s.wrong_answers * s.rule_safety), 1.01
        top, answered = decide_arrays(p[sel], off, answer, margin)
        right = ok[sel][np.arange(sel.sum()), top]
        on_topic = ~ok[sel][:, off] if off >= 0 else np.ones(sel.sum(), bool)
        info = {
            "folds": s.folds, "temperature": round(temperature, 4), "answer": answer, "margin": margin,
            "threshold_set": "real" if real.sum() >= 100 else "all", "n": int(sel.sum()),
            "cv_answered_correctly": round(float((answered & right & on_topic).sum() / max(on_topic.sum(), 1)), 4),
            "cv_wrong_answers": round(float((answered & ~right).mean()), 4),
        }
    return Model(classes, class_of.get(OFFTOPIC, -1), vocab, idf, coef.T.astype(np.float32).copy(),
                 intercept.astype(np.float32), temperature, answer, unknown_idf, info, margin=margin,
                 accept=accept)
