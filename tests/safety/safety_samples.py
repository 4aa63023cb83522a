"""Seeded sample secrets for the safety tests (nothing real-looking is committed)."""
from __future__ import annotations

import random
import re

from mnemonic import Mnemonic

from bot.safety.phrases import INDEX, WORDS, checksum_ok

MNEMONIC = Mnemonic("english")


def seeded_phrase(seed: int, words: int = 12) -> list[str]:
    """A checksum-valid phrase from seeded entropy (what `Mnemonic.generate` does with a random seed)."""
    rng = random.Random(seed)
    return MNEMONIC.to_mnemonic(rng.randbytes(words * 4 // 3)).split()


def phrase_avoiding(texts: list[str], seed: int = 1, words: int = 12) -> list[str]:
    """A checksum-valid phrase none of whose words occurs in `texts` (so any occurrence is a leak)."""
    seen = set(re.findall(r"[a-z]+", " ".join(texts).lower()))
    usable = [w for w in WORDS if w not in seen]
    rng = random.Random(seed)
    while True:
        head = rng.sample(usable, words - 1)
        tails = [w for w in usable if checksum_ok([INDEX[x] for x in head] + [INDEX[w]])]
        if tails:
            return head + [rng.choice(tails)]


def leaked(words: list[str], text: str) -> list[str]:
    """The phrase words that appear in `text` as whole words, ignoring case."""
    found = set(re.findall(r"[a-z]+", text.lower()))
    return [w for w in words if w in found]
