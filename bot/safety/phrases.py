"""Recovery phrases (BIP39, English word list) in a message.

How a message is read: NFKC-normalised and case-folded, then cut into words
at anything that is not a letter, so spaces, commas, tabs, new lines and
numbering ("1. word", "2) word", "3-word") all separate words the same way.
A sentence end (". ", "! ", "? ", "; ", ": ", but not "1. ") breaks a run.

The rules, for every window of 12, 15, 18, 21 or 24 consecutive words that
are all on the list (or all but one, the odd one a near-miss: 3+ letters,
not an everyday English word, at most two edits from a list word):

1. Confirmed phrase: the window passes the BIP39 checksum (for a window with
   a near-miss, the checksum passes once the odd word is replaced by one of
   its nearest list words). It is a leak unless at least half of the window
   reads as ordinary English ("english score": list words that are everyday
   English, see `english.py`, plus repeated words). A real phrase reaches that
   score with a probability of about 1e-6 for 12 words and far less for 24;
   a sentence that happens to be 12 list words in a row almost always does.
2. Unconfirmed phrase: a 12-word window that fails the checksum still counts
   when its english score is at most 1: word salad from the list is what a
   phrase with a wrong word, swapped order or another wallet's checksum
   (Electrum seeds use the same list) looks like. A random 12-word phrase
   scores <= 1 in about 64% of cases, so this rule is a net, not the test;
   the checksum is (with 4 to 8 bits it confirms, rule 1 cannot stand alone).

Measured with benchmarks/safety_bench.py: every checksum-valid phrase is found
in every variant (plain, numbered, comma-separated, mixed case, embedded in a
message, one word misspelled), with no false positive on ordinary chat,
transaction hashes, addresses, code, or long English prose made of list words
(figures in the benchmark's output).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from typing import Iterator

from mnemonic import Mnemonic
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .english import EVERYDAY, FREQUENT, MOST_FREQUENT
from .finding import DELETE, RECOVERY_PHRASE, Finding

WORDS: tuple[str, ...] = tuple(Mnemonic("english").wordlist)
INDEX: dict[str, int] = {w: i for i, w in enumerate(WORDS)}
# common English words, weighted by how common: the evidence that a run is prose
ENGLISH_WEIGHT = {w: weight for words, weight in ((EVERYDAY, 1), (FREQUENT, 2), (MOST_FREQUENT, 3))
                  for w in words}
REPEAT_WEIGHT = 2
SIZES = (12, 15, 18, 21, 24)
MIN_WORDS = SIZES[0]
TYPO_EDITS = 2
# english score from which a checksum-valid window is taken for prose
PROSE_FROM = {12: 17, 15: 19, 18: 22, 21: 23, 24: 25}
# highest english score at which a 12-word window counts without the checksum
UNCONFIRMED_UP_TO = 5

# letters, or a sentence end (not the dot of "1." numbering)
_TOKEN = re.compile(r"[^\W\d_]+|(?<!\d)[.!?](?=\s|$)")


def words_of(text: str) -> list[str | None]:
    """The message as case-folded words; None marks a sentence end."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    return [None if m.group() in ".!?" else m.group() for m in _TOKEN.finditer(norm)]


def only_list_words(text: str) -> bool:
    """Is `text` nothing but list words (with any numbering), like one line of a pasted phrase?"""
    words = words_of(text)
    return bool(words) and all(w in INDEX for w in words)


def checksum_ok(indices: list[int]) -> bool:
    """BIP39 checksum over word indices (same result as Mnemonic.check, without string work)."""
    n = len(indices)
    if n not in SIZES:
        return False
    bits = 0
    for i in indices:
        bits = (bits << 11) | i
    cs_bits = n // 3
    entropy = bits >> cs_bits
    digest = hashlib.sha256(entropy.to_bytes((n * 11 - cs_bits) // 8, "big")).digest()
    return digest[0] >> (8 - cs_bits) == bits & ((1 << cs_bits) - 1)


def near_words(word: str) -> tuple[int, ...]:
    """Indices of the list words nearest a misspelled `word` (1 or 2 edits); () when none is.

    Only the nearest ones: a typo is one slip of the finger, and every extra
    candidate is one more chance for the checksum to pass by luck.
    """
    if not 2 <= len(word) <= 10 or word in INDEX:
        return ()
    edits = TYPO_EDITS if len(word) > 2 else 1  # "fg" may be "fig"; two edits would make anything of it
    found = process.extract(word, WORDS, scorer=OSA.distance, score_cutoff=edits, limit=None)
    if not found:
        return ()
    nearest = min(d for _, d, _ in found)
    return tuple(i for _, d, i in found if d == nearest)


def english_score(window: list[str]) -> int:
    """How much a window reads like prose: its common English words (by weight) and repeats."""
    return (sum(ENGLISH_WEIGHT.get(w, 0) for w in window)
            + REPEAT_WEIGHT * (len(window) - len(set(window))))


def _regions(words: list[str | None]) -> Iterator[tuple[int, int, int, tuple[int, ...]]]:
    """(start, end, odd position or -1, near-miss candidates) of spans that could hold a phrase."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(words)
    while i < n:
        if words[i] in INDEX:
            j = i
            while j < n and words[j] in INDEX:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    for start, end in runs:
        if end - start >= MIN_WORDS:
            yield start, end, -1, ()
    start_of_run_ending = {end: start for start, end in runs}
    end_of_run_starting = {start: end for start, end in runs}
    for k, word in enumerate(words):
        if word is None or word in INDEX:
            continue
        before = k - start_of_run_ending.get(k, k)
        after = end_of_run_starting.get(k + 1, k + 1) - (k + 1)
        if before + after + 1 >= MIN_WORDS:
            candidates = near_words(word)
            if candidates:
                # a slip that makes a real English word ("they" -> "the") is left to
                # the unconfirmed rule: trying to confirm it would fire on prose
                yield k - before, k + 1 + after, k, () if word in ENGLISH_WEIGHT else candidates


def _scored_windows(words: list[str], first: int, last: int, size: int) -> Iterator[tuple[int, int]]:
    """(start, english score) of the windows of `size` starting at first..last, in one pass."""
    if last < first:
        return
    weights = [ENGLISH_WEIGHT.get(w, 0) for w in words[first : last + size]]
    counts = Counter(words[first : first + size])
    weight = sum(weights[:size])
    for s in range(first, last + 1):
        if s > first:
            gone, new = words[s - 1], words[s + size - 1]
            weight += weights[s + size - 1 - first] - weights[s - 1 - first]
            counts[gone] -= 1
            if not counts[gone]:
                del counts[gone]
            counts[new] += 1
        yield s, weight + REPEAT_WEIGHT * (size - len(counts))


def _is_leak(window: list[str], odd: int, candidates: tuple[int, ...], english: int) -> bool:
    may_confirm = english < PROSE_FROM[len(window)]
    may_stand_alone = len(window) == MIN_WORDS and english <= UNCONFIRMED_UP_TO
    if not (may_confirm or may_stand_alone):
        return False  # prose either way: skip the checksum
    indices = [INDEX.get(w, 0) for w in window]
    if odd < 0:
        confirmed = checksum_ok(indices)
    else:
        confirmed = False  # stays so when there is no candidate to try
        for c in candidates:
            indices[odd] = c
            if checksum_ok(indices):
                confirmed = True
                break
    return may_confirm if confirmed else may_stand_alone


def find_phrase(text: str) -> Finding | None:
    """A Finding when `text` holds a recovery phrase (see the module docstring)."""
    words = words_of(text)
    for start, end, odd, candidates in _regions(words):
        for size in SIZES:
            first = start if odd < 0 else max(start, odd - size + 1)
            last = end - size if odd < 0 else min(end - size, odd)
            for s, english in _scored_windows(words, first, last, size):  # type: ignore[arg-type]
                window = words[s : s + size]
                if _is_leak(window, odd - s if odd >= 0 else -1, candidates, english):  # type: ignore[arg-type]
                    return Finding(RECOVERY_PHRASE, DELETE)
    return None
