"""Leaked secrets for the adapters' tests with the real detector (tests/telegram, tests/discord).

The phrases are real BIP39 phrases: checksum-valid, as `Mnemonic.generate`
makes them, but from seeded entropy so every run is the same. Each avoids
every word the bot says or logs on its own, so finding any of its words in
what the bot sent or logged is a leak, never a coincidence.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Iterable

from mnemonic import Mnemonic

from bot.core.render import render_text
from bot.safety import Finding
from bot.safety.english import EVERYDAY, FREQUENT, MOST_FREQUENT

MNEMONIC = Mnemonic("english")
KINDS = ("12 words", "24 words, numbered", "inside a longer message", "one word misspelt", "private key")


@dataclass(frozen=True)
class Leak:
    text: str  # the message someone posts
    rule: str  # what the guard should call it
    words: tuple[str, ...] = ()  # a phrase's words: never anywhere as a whole word
    fragments: tuple[str, ...] = ()  # overlapping pieces of a key: never anywhere at all

    def found_in(self, text: str) -> list[str]:
        """The words or key pieces of this secret that occur in `text`."""
        lowered = text.lower()
        return ([w for w in self.words if re.search(rf"(?<![a-z]){w}(?![a-z])", lowered)]
                + [f for f in self.fragments if f in lowered])


def said_by_the_bot(engine, fmt: str, *extra: str) -> set[str]:
    """Every word the bot may send or log on its own: its notices, warnings and reminder in `fmt`,
    everyday English (log lines, API field names), and `extra` (fixture names, field names)."""
    texts = list(extra)
    for rule in ("recovery-phrase", "private-key"):
        for deleted, can_delete in ((True, True), (False, True), (False, False)):
            texts.append(render_text(engine.secret_notice(Finding(rule, "delete"), deleted, can_delete), fmt))
    texts += [render_text(engine.warning(w), fmt) for w in engine.warning_ids()]
    texts.append(render_text(engine.key_reminder(), fmt))
    words = set(re.findall(r"[a-z]+", " ".join(texts).lower()))
    return words | set(EVERYDAY) | set(FREQUENT) | set(MOST_FREQUENT)


def phrase_avoiding(vocabulary: Iterable[str], words: int, seed: int) -> list[str]:
    """A checksum-valid phrase of `words` words sharing none with `vocabulary`."""
    avoid = set(vocabulary)
    rng = random.Random(seed)
    while True:
        phrase = MNEMONIC.to_mnemonic(rng.randbytes(words * 4 // 3)).split()
        if not avoid.intersection(phrase):
            return phrase


def misspelt(word: str) -> str:
    """`word` with one letter dropped: a near-miss of a list word, no longer one itself."""
    for i in range(1, len(word)):
        candidate = word[:i] + word[i + 1:]
        if candidate not in MNEMONIC.wordlist:
            return candidate
    raise AssertionError(f"no misspelling of {word!r}")


def key_hex(seed: int) -> str:
    """64 hex digits, as a private key or a transaction hash is written."""
    return random.Random(seed).randbytes(32).hex()


def leak(kind: str, vocabulary: Iterable[str]) -> Leak:
    """One of KINDS, its words avoiding `vocabulary`."""
    if kind == "12 words":
        words = phrase_avoiding(vocabulary, 12, seed=11)
        return Leak(" ".join(words), "recovery-phrase", tuple(words))
    if kind == "24 words, numbered":
        words = phrase_avoiding(vocabulary, 24, seed=24)
        return Leak(" ".join(f"{n}. {w}" for n, w in enumerate(words, 1)), "recovery-phrase", tuple(words))
    if kind == "inside a longer message":
        words = phrase_avoiding(vocabulary, 12, seed=37)
        text = (f"my wallet got drained this morning and I still have the words, "
                f"here they are {' '.join(words)} can someone tell me what happened?")
        return Leak(text, "recovery-phrase", tuple(words))
    if kind == "one word misspelt":
        words = phrase_avoiding(vocabulary, 12, seed=52)
        words[5] = misspelt(words[5])
        return Leak(" ".join(words), "recovery-phrase", tuple(words))
    if kind == "private key":
        key = key_hex(seed=64)
        return Leak(f"my private key is 0x{key}", "private-key", fragments=tuple(key[i:i + 12] for i in range(53)))
    raise ValueError(kind)
