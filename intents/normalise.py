"""Text normalisation shared by questions, examples and keywords.

Every string the matcher sees goes through the same pipeline, so a question and
the example it resembles end up in the same form: Unicode folded, noise removed,
typos corrected against the content's own vocabulary, domain synonyms folded to
one canonical word, words stemmed and stop words dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .folding import fold as fold_text

# Shapes that carry meaning before punctuation is removed.
_HEX64 = re.compile(r"(?<![0-9a-z])(?:0x)?[0-9a-f]{64}(?![0-9a-z])")
_EVM_ADDRESS = re.compile(r"(?<![0-9a-z])0x[0-9a-f]{40}(?![0-9a-z])")
_BNB1_ADDRESS = re.compile(r"(?<![0-9a-z])bnb1[02-9ac-hj-np-z]{20,}(?![0-9a-z])")
_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u02bc`](?=\w)")
_REPEATS = re.compile(r"(\w)\1{2,}")
_WORD = re.compile(r"[^\W_]+")

# Placeholder words for the shapes above; content synonyms may fold them further
# (for example `bnb1address` into the canonical BEP2 word).
TXHASH, EVM_ADDRESS, BNB1_ADDRESS = "txhash", "evmaddress", "bnb1address"


def fold(text: str) -> str:
    """The shared folding (`intents.folding`: invisibles, NFKC, accents, lookalike letters,
    case, spaced letters), then apostrophes dropped ("don't" -> "dont")."""
    return _APOSTROPHE.sub("", fold_text(text))


def words(text: str) -> list[str]:
    """Fold and split into words, replacing hashes and addresses by placeholders."""
    text = fold(text)
    text = _HEX64.sub(f" {TXHASH} ", text)
    text = _EVM_ADDRESS.sub(f" {EVM_ADDRESS} ", text)
    text = _BNB1_ADDRESS.sub(f" {BNB1_ADDRESS} ", text)
    return _WORD.findall(text)


@dataclass(frozen=True)
class Normalised:
    """The matcher's view of a text: final tokens, and how many words were unknown."""

    tokens: tuple[str, ...]
    unknown: int

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


class Normaliser:
    """Turns raw text into tokens; built once from the content's vocabulary.

    synonyms: canonical word -> spellings people use (multi-word allowed).
    stopwords: words dropped after folding (they carry no intent).
    vocabulary: words the content uses; unknown words within a small edit
    distance of one of them are corrected to it ("binnance" -> "binance").
    """

    def __init__(
        self,
        synonyms: Mapping[str, Iterable[str]] | None = None,
        stopwords: Iterable[str] = (),
        vocabulary: Iterable[str] = (),
    ) -> None:
        self._stemmer = snowballstemmer.stemmer("english")
        synonyms = synonyms or {}
        self.canonical = {fold(c).strip() for c in synonyms}
        phrases: dict[tuple[str, ...], str] = {}
        for canonical, spellings in synonyms.items():
            target = fold(canonical).strip()
            for spelling in [canonical, *spellings]:
                key = tuple(words(spelling))
                if key:
                    phrases.setdefault(key, target)
        # phrases by first word, longest first, so most words cost one lookup
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, target in sorted(phrases.items(), key=lambda kv: -len(kv[0])):
            self._by_first.setdefault(key[0], []).append((key, target))
        vocab = {w for v in vocabulary for w in words(v)}
        vocab |= {w for k in phrases for w in k} | self.canonical
        self._vocab = frozenset(vocab)
        # per-instance caches: a reloaded content's normaliser must not keep the old one alive
        self._stem = lru_cache(maxsize=100_000)(self._stem_uncached)
        by_letter: dict[str, list[str]] = {}
        for w in sorted(vocab):
            if w.isalpha() and len(w) >= 3:
                by_letter.setdefault(w[0], []).append(w)
        self._by_letter = by_letter
        self._stop = frozenset(self._stem(w) for s in stopwords for w in words(s))
        self._correct = lru_cache(maxsize=100_000)(self._correct_uncached)

    # -- pipeline steps -------------------------------------------------
    def _correct_uncached(self, word: str) -> tuple[str, bool]:
        """Return (word in vocabulary form, was it known)."""
        if word in self._vocab:
            return word, True
        squeezed = _REPEATS.sub(r"\1\1", word)
        single = _REPEATS.sub(r"\1", word)
        for form in (squeezed, single):
            if form in self._vocab:
                return form, True
        # short words sit one edit from many others ("sead", "pase"): leave them be
        if not squeezed.isalpha() or len(squeezed) < 5:
            return squeezed, False
        pool = self._by_letter.get(squeezed[0], ())
        limit = 1 if len(squeezed) < 7 else 2
        best = process.extractOne(squeezed, pool, scorer=OSA.distance, score_cutoff=limit)
        if best is None:
            return squeezed, False
        return best[0], True

    def _fold_synonyms(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for key, target in self._by_first.get(tokens[i], ()):
                if tuple(tokens[i : i + len(key)]) == key:
                    out.extend(target.split())
                    i += len(key)
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def _stem_uncached(self, word: str) -> str:
        if word in self.canonical or not word.isalpha():
            return word
        return self._stemmer.stemWord(word)

    # -- public ------------------------------------------------------------
    def __call__(self, text: str, *, max_words: int = 400) -> Normalised:
        raw = words(text)[:max_words]
        corrected: list[str] = []
        unknown = 0
        for w in raw:
            form, known = self._correct(w)
            corrected.append(form)
            unknown += not known
        folded = self._fold_synonyms(corrected)
        tokens = tuple(t for t in (self._stem(w) for w in folded) if t not in self._stop)
        return Normalised(tokens, unknown)

    def cache_clear(self) -> None:
        self._correct.cache_clear()
        self._stem.cache_clear()
