"""The fitted model as plain numpy arrays, and how a question is scored with them.

Training (`intents.train`, scikit-learn) produces a `Model`; running needs only
numpy: the question's features are looked up in `vocab`, weighted by `idf`,
scaled per block, and multiplied with the coefficient rows they hit (a sparse
dot product), then turned into probabilities with the temperature fitted by
cross-validation. `to_arrays` / `from_arrays` give a flat dict of arrays the
caller may store anywhere (the bot caches it on disk, see bot/model_cache.py).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from .features import CHAR, KEYWORD, WORD

FORMAT = 1


def chance_it_helps(p: np.ndarray, accept: np.ndarray | None) -> np.ndarray:
    """For each class (rows of `p` alike), the probability that answering with it helps:
    its own probability plus the share of every other class's probability whose questions
    also accept it (an answer about the deposit helps most wrong-network deposits). The
    answer rule is fitted on this and decides on it. `accept` None: `p` itself."""
    return p if accept is None else np.minimum(p @ accept, 1.0)


@dataclass
class Model:
    classes: tuple[str, ...]          # entry ids, then the off-topic class
    offtopic: int                     # index of the off-topic class (-1: none)
    vocab: dict[str, int]             # feature name -> row of `coef`
    idf: np.ndarray                   # float32 [n_features]
    coef: np.ndarray                  # float32 [n_features, n_classes]
    intercept: np.ndarray             # float32 [n_classes]
    temperature: float                # calibrated probabilities: softmax(logits / temperature)
    answer: float                     # answer when p(top) >= this (chosen by cross-validation)
    # idf given to words and n-grams the training texts never used (they still count
    # towards a block's length, as they did at training time)
    unknown_idf: tuple[float, float] = (1.0, 1.0)
    info: dict = field(default_factory=dict)  # cross-validation figures, for reports
    # sparse coefficients (CSR by feature: indptr, class, weight) for very large contents,
    # where a dense [features x classes] matrix would not fit; `coef` is then empty
    csr: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    # also answer when the top entry leads the runner-up (any class) by this much (> 1: never)
    margin: float = 1.01
    # [classes x classes]: row j, column i = how often a question whose answer is j also
    # accepts i (1 on the diagonal), from the multi-labelled real questions. `helps`
    # turns probabilities into "the chance that answering with i helps"; None: identity
    accept: np.ndarray | None = None
    _idf_list: list | None = field(default=None, repr=False, compare=False)

    # -- scoring ---------------------------------------------------------------
    def vectorise(self, blocks) -> tuple[np.ndarray, np.ndarray]:
        """(rows, weights) of the known features of one text; each block unit length."""
        get = self.vocab.get
        idf = self._idf_list
        if idf is None:
            idf = self._idf_list = self.idf.tolist()
        rows: list[int] = []
        vals: list[float] = []
        log, sqrt = math.log, math.sqrt
        for block in (WORD, CHAR):
            counts = blocks[block]
            if not counts:
                continue
            start = len(rows)
            unknown = self.unknown_idf[block]
            sq = 0.0
            for name, c in counts.items():
                j = get(name)
                w = (1.0 + log(c) if c > 1 else 1.0) * (unknown if j is None else idf[j])
                sq += w * w
                if j is not None:
                    rows.append(j)
                    vals.append(w)
            if len(rows) > start:
                inv = 1.0 / sqrt(sq)
                vals[start:] = [v * inv for v in vals[start:]]
        for name, v in blocks[KEYWORD].items():
            j = get(name)
            if j is not None:
                rows.append(j)
                vals.append(v)
        return np.array(rows, np.intp), np.array(vals, np.float32)

    def logits(self, rows: np.ndarray, vals: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return self.intercept.astype(np.float64)
        if self.csr is None:
            return vals @ self.coef[rows] + self.intercept
        indptr, cls, weight = self.csr
        starts = indptr[rows]
        lens = indptr[rows + 1] - starts
        total = int(lens.sum())
        at = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(total)
        return np.bincount(cls[at], weights=weight[at] * np.repeat(vals, lens),
                           minlength=len(self.classes)) + self.intercept

    def probabilities(self, rows: np.ndarray, vals: np.ndarray) -> np.ndarray:
        z = self.logits(rows, vals).astype(np.float64) / self.temperature
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()

    def helps(self, p: np.ndarray) -> np.ndarray:
        return chance_it_helps(p, self.accept)

    # -- storage (plain arrays, no pickle) ----------------------------------------
    def to_arrays(self) -> dict[str, np.ndarray]:
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        meta = {"format": FORMAT, "classes": list(self.classes), "offtopic": self.offtopic,
                "temperature": self.temperature, "answer": self.answer, "margin": self.margin,
                "unknown_idf": list(self.unknown_idf), "info": self.info}
        sparse = {} if self.csr is None else {"csr_indptr": self.csr[0], "csr_class": self.csr[1],
                                               "csr_weight": self.csr[2]}
        if self.accept is not None:
            sparse["accept"] = self.accept.astype(np.float32)
        return {
            **sparse,
            "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode(), np.uint8),
            "vocab": np.frombuffer("\n".join(names).encode(), np.uint8),
            "idf": self.idf.astype(np.float32),
            "coef": self.coef.astype(np.float32),
            "intercept": self.intercept.astype(np.float32),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> "Model":
        meta = json.loads(bytes(arrays["meta"]).decode())
        if meta.get("format") != FORMAT:
            raise ValueError("model arrays of another format")
        text = bytes(arrays["vocab"]).decode()
        names = text.split("\n") if text else []
        coef = np.ascontiguousarray(arrays["coef"], dtype=np.float32)
        csr = None
        if "csr_indptr" in arrays:
            csr = (np.asarray(arrays["csr_indptr"]), np.asarray(arrays["csr_class"]),
                   np.asarray(arrays["csr_weight"]))
            if len(csr[0]) != len(names) + 1:
                raise ValueError("model arrays do not fit together")
        elif coef.shape != (len(names), len(meta["classes"])):
            raise ValueError("model arrays do not fit together")
        accept = None
        if "accept" in arrays:
            accept = np.asarray(arrays["accept"], dtype=np.float64)
            if accept.shape != (len(meta["classes"]),) * 2:
                raise ValueError("model arrays do not fit together")
        return cls(tuple(meta["classes"]), int(meta["offtopic"]), dict(zip(names, range(len(names)))),
                   np.asarray(arrays["idf"], dtype=np.float32), coef,
                   np.asarray(arrays["intercept"], dtype=np.float32), float(meta["temperature"]),
                   float(meta["answer"]), tuple(meta["unknown_idf"]), meta.get("info", {}), csr=csr,
                   margin=float(meta.get("margin", 1.01)), accept=accept)

    def same_as(self, other: "Model") -> bool:
        a, b = self.to_arrays(), other.to_arrays()
        return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)
