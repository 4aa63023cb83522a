"""Recovery phrases (BIP39, English word list from the `mnemonic` package) in a message.

Reading: the text goes through the shared folding (`intents.folding`:
zero-width characters and soft hyphens removed, NFKC, accents stripped,
lookalike letters such as a Cyrillic "а" written in Latin, case-folded,
spaced letters "a b a n d o n" joined), then is cut into words at
anything that is not a letter, so spaces, commas, tabs, new lines and
numbering ("1. word", "2) word", "3-word", "4.word") all separate words alike.
A sentence end (". ", "! ", "? ", but not the "1." of numbering) breaks a run.

Candidates: every window of 12, 15, 18, 21 or 24 consecutive words that are
all on the list, or all but one, the odd one a near-miss of a list word (2 to
10 letters, one or two edits away; its nearest list words are kept).

English score of a window: 3 for each of the ~80 commonest English words
("you", "that", "have", ...), 2 for the next ~90, 1 for the next ~740
everyday words (`english.py`), plus 2 for each repeated word. A real phrase
draws uniformly from 2048 words and scores about 3 for 12 words; a sentence
that happens to be 12 list words in a row scores 10 or more.

1. Confirmed: the window passes the BIP39 checksum (with a near-miss: once the
   odd word is replaced by one of its nearest list words) and its English
   score is below PROSE_FROM (17 for 12 words ... 25 for 24). A random valid
   phrase scores that high with a probability under 1e-5 (simulated, 10^6
   phrases per length), so checksum-valid phrases are all but always found,
   while prose that passes the 4-bit checksum by luck (1 window in 16) is
   let through by its score.
2. Unconfirmed: a 12-word window that fails the checksum, or whose odd word is
   itself an English word ("they" slipped to "the"), still counts when its
   English score is at most 5: word salad from the list is what a phrase with
   a wrong word, a swapped order or another wallet's checksum (Electrum seeds
   use the same list) looks like. About 80% of random windows score that
   low; no English window did in any sample. The checksum, 4 to 8 bits,
   confirms; this rule is why it is not the only test.

3. Well-known test phrases: the BIP39 test vectors (patterned entropy such as
   "abandon abandon ... about", "legal winner thank year wave ... yellow",
   "zoo ... wrong", every repeated-byte entropy of every length) and the
   development defaults ("test test ... junk" and others) are leaks too:
   people test the guard with them, and their repeated words read as prose.
4. Letters spaced with single spaces throughout ("a b a n d o n a b i l i t y
   ...") fold into one long word; a word of 36 letters or more that is not
   on the list is split back into list words (every way, up to a bound) and
   each split is judged as above.

Why not the checksum alone: over 12-word runs of list words in English, 1 in
16 passes by chance; and a phrase with a typo fails it. Why not a run length
alone: "you can also just have that one more time when they ..." is 12 list
words. Measured with `benchmarks/safety_bench.py` (seeded, 2,000 phrases per
variant, 20,000+ ordinary messages): 100% of valid phrases found in every
variant, including one word misspelled; no deletion on ordinary chat,
transaction hashes, addresses, code or long prose made of list words; 0.035%
on short terse chat built only of list words with articles dropped.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import Iterator

from mnemonic import Mnemonic
from rapidfuzz import process
from rapidfuzz.distance import OSA

from intents.folding import fold

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
    """The message as folded words (`intents.folding.fold`); None marks a sentence end."""
    return [None if m.group() in ".!?" else m.group() for m in _TOKEN.finditer(fold(text))]


def only_list_words(text: str) -> bool:
    """Is `text` nothing but list words (with any numbering), like one line of a pasted phrase?"""
    words = [w for w in words_of(text) if w]
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


def _test_phrases() -> frozenset[tuple[str, ...]]:
    """The BIP39 test vectors with patterned entropy and the development tools' default phrases."""
    m = Mnemonic("english")
    found = {tuple(m.to_mnemonic(bytes([b]) * (size * 4 // 3)).split()) for b in range(256) for size in SIZES}
    found |= {tuple(p.split()) for p in (
        "test test test test test test test test test test test junk",  # Hardhat, Anvil, Foundry
        "myth like bonus scare over problem client lizard pioneer submit female collect",  # Ganache
        "candy maple cake sugar pudding cream honey rich smooth crumble sweet treat",  # Truffle
    )}
    return frozenset(found)


TEST_PHRASES = _test_phrases()
KNOWN_TEST_PHRASE = "well-known test phrase"
# letters spaced out with single spaces fold into one long word: split it back from this length
SPLIT_FROM = MIN_WORDS * 3
MAX_SPLITS = 64


_TEST_FIRST = frozenset(p[0] for p in TEST_PHRASES)


def _known_test_phrase(words: list[str | None]) -> bool:
    for s, word in enumerate(words):
        if word in _TEST_FIRST:
            for size in SIZES:
                if tuple(words[s : s + size]) in TEST_PHRASES:
                    return True
    return False


def _splits(word: str) -> list[list[str]]:
    """Ways to cut `word` into 12 to 24 list words (at most MAX_SPLITS; longer words tried first)."""
    n = len(word)
    # counts[i]: bit k set when word[i:] can be cut into exactly k list words (k <= 24)
    counts = [0] * (n + 1)
    counts[n] = 1
    for i in range(n - 1, -1, -1):
        for end in range(i + 3, min(n, i + 8) + 1):
            if counts[end] and word[i:end] in INDEX:
                counts[i] |= (counts[end] << 1) & ((1 << (SIZES[-1] + 1)) - 1)
    wanted = sum(1 << k for k in SIZES)
    if not counts[0] & wanted:
        return []
    out: list[list[str]] = []
    path: list[str] = []

    def walk(at: int) -> None:
        if len(out) >= MAX_SPLITS:
            return
        if at == n:
            out.append(list(path))
            return
        for end in range(min(n, at + 8), at + 2, -1):
            if word[at:end] in INDEX and (counts[end] << (len(path) + 1)) & wanted:
                path.append(word[at:end])
                walk(end)
                path.pop()

    walk(0)
    return out


def _find_in_words(words: list[str | None]) -> bool:
    for start, end, odd, candidates in _regions(words):
        for size in SIZES:
            first = start if odd < 0 else max(start, odd - size + 1)
            last = end - size if odd < 0 else min(end - size, odd)
            for s, english in _scored_windows(words, first, last, size):  # type: ignore[arg-type]
                window = words[s : s + size]
                if _is_leak(window, odd - s if odd >= 0 else -1, candidates, english):  # type: ignore[arg-type]
                    return True
    return False


def find_phrase(text: str) -> Finding | None:
    """A Finding when `text` holds a recovery phrase (see the module docstring)."""
    words = words_of(text)
    if _known_test_phrase(words):
        return Finding(RECOVERY_PHRASE, DELETE, KNOWN_TEST_PHRASE)
    if _find_in_words(words):
        return Finding(RECOVERY_PHRASE, DELETE)
    for word in words:
        if word is not None and SPLIT_FROM <= len(word) <= 8 * SIZES[-1]:
            for split in _splits(word):
                if tuple(split) in TEST_PHRASES:
                    return Finding(RECOVERY_PHRASE, DELETE, KNOWN_TEST_PHRASE)
                if _find_in_words(split):  # type: ignore[arg-type]
                    return Finding(RECOVERY_PHRASE, DELETE)
    return None

