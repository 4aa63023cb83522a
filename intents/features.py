"""Turning a text into named features, the same way at training and at run time.

Three blocks, each TF-IDF weighted and scaled to unit length on its own:

* words: normalised words and word pairs ("from bsc" is not "bsc from");
* chars: character 4-grams of each normalised word, with word
  boundaries, so typos, plurals and compounds still share most features;
* keywords: for every entry, how strongly its content keywords appear
  (the v1 keyword evidence, now a feature the model learns to weigh).

Pure: no I/O, no numpy. The model (`intents.model`) maps names to columns.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Iterable, Sequence

from .normalise import Normalised, Normaliser

WORD, CHAR, KEYWORD = 0, 1, 2
CHAR_SIZES = (4,)
# long posts: only the first words give character n-grams (their cost grows with length)
MAX_CHAR_WORDS = 120


class Featuriser:
    """Normalised tokens -> {feature name: raw count} per block."""

    def __init__(self, normaliser: Normaliser, keywords: Iterable[tuple[str, Iterable[str]]] = (),
                 *, keyword_scale: float = 4.0, keyword_weight: float = 0.3) -> None:
        self.normalise = normaliser
        self.keyword_scale = keyword_scale
        # at full weight the model leans on keywords too much (examples share them with their
        # entry by construction) and ranks real questions worse
        self.keyword_weight = keyword_weight
        # keyword phrase (tokens) -> the intents that list it, weighted by rarity
        owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for intent, kws in keywords:
            for kw in kws:
                toks = normaliser(kw).tokens
                if toks:
                    owners[toks].add(intent)
        n_int = max(len({i for o in owners.values() for i in o}), 1)
        self._keywords = [(toks, math.log((1 + n_int) / len(o)) + 0.1, tuple(sorted(o)))
                          for toks, o in sorted(owners.items())]
        self._kw_first: dict[str, list[int]] = defaultdict(list)
        for k, (toks, _, _) in enumerate(self._keywords):
            self._kw_first[toks[0]].append(k)
        self._grams: dict[str, tuple[str, ...]] = {}
        self.char_sizes = CHAR_SIZES

    def _char_grams(self, token: str) -> tuple[str, ...]:
        grams = self._grams.get(token)
        if grams is None:
            padded = f" {token} "
            grams = tuple(padded[i : i + n] for n in self.char_sizes for i in range(len(padded) - n + 1))
            if len(self._grams) < 200_000:
                self._grams[token] = grams
        return grams

    def _found(self, tokens: Sequence[str], pairs=None):
        """(keyword index, its tokens, weight, owners) for every keyword phrase in the text.
        `pairs`: the text's word pairs ("a b"), when already counted."""
        if pairs is None:
            pairs = {f"{a} {b}" for a, b in zip(tokens, tokens[1:])}
        first = self._kw_first
        seen: set[str] = set()
        for pos, tok in enumerate(tokens):
            if tok not in first or tok in seen:
                continue
            seen.add(tok)
            for k in first[tok]:
                toks, weight, owners = self._keywords[k]
                n = len(toks)
                if n == 1:
                    yield k, toks, weight, owners
                elif f"{toks[0]} {toks[1]}" in pairs and (
                        n == 2 or any(tuple(tokens[p : p + n]) == toks for p in range(pos, len(tokens) - n + 1))):
                    yield k, toks, weight, owners

    def keyword_hits(self, tokens: Sequence[str]) -> dict[str, list[str]]:
        hits: dict[str, list[str]] = defaultdict(list)
        for _, toks, _, owners in self._found(tokens):
            for i in owners:
                hits[i].append(" ".join(toks))
        return hits

    def blocks(self, norm: Normalised) -> tuple[Counter, Counter, dict[str, float]]:
        tokens = norm.tokens
        words: Counter = Counter(tokens)
        words.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]))
        cache, grams = self._grams, []
        for tok in tokens[:MAX_CHAR_WORDS]:
            g = cache.get(tok)
            grams.extend(g if g is not None else self._char_grams(tok))
        chars = Counter(grams)
        evidence: dict[str, float] = defaultdict(float)
        for _, _, weight, owners in self._found(tokens, words):
            for i in owners:
                evidence[i] += weight
        scale, weight = self.keyword_scale, self.keyword_weight
        keywords = {f"k:{i}": weight * (1.0 - math.exp(-e / scale)) for i, e in evidence.items()}
        return words, chars, keywords
