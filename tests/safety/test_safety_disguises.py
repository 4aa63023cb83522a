"""Disguised secrets: zero-width characters, soft hyphens, lookalike letters, spacing, accents.

Every guard scan reads the shared folding (intents/folding.py), so a phrase or
key hidden by any of these is still a leak; well-known test phrases count too.
"""
from __future__ import annotations

import pytest
from safety_samples import seeded_phrase

from bot.safety import scan
from bot.safety.phrases import KNOWN_TEST_PHRASE

CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с"})


def secret(text: str) -> bool:
    f = scan(text)
    return f is not None and f.action == "delete"


def test_zero_width_spaces_inside_the_words():
    """A checksum-valid phrase with a zero-width space inside every word is found."""
    words = seeded_phrase(1)
    assert secret(" ".join(w[:2] + "\u200b" + w[2:] for w in words))


def test_soft_hyphens_inside_the_words():
    """A phrase with soft hyphens (invisible in most clients) inside the words is found."""
    words = seeded_phrase(2)
    assert secret(" ".join(w[:1] + "\u00ad" + w[1:] for w in words))


def test_a_cyrillic_letter_swapped_in():
    """A phrase with a Cyrillic lookalike in one word, or in all of them, is found."""
    words = seeded_phrase(3)
    one = list(words)
    i = next(i for i, w in enumerate(one) if set(w) & set("aeopc"))
    one[i] = one[i].translate(CYRILLIC)
    assert secret(" ".join(one))
    assert secret(" ".join(w.translate(CYRILLIC) for w in words))


def test_letters_spaced_out_with_wider_gaps_between_words():
    """"a b a n d o n   a b l e ..." (letters spaced, words further apart) is found."""
    assert secret("   ".join(" ".join(w) for w in seeded_phrase(4)))


def test_letters_spaced_out_evenly():
    """Every letter one space apart, words not marked at all: the run is split back into words."""
    assert secret(" ".join(" ".join(seeded_phrase(5))).replace("   ", " "))


def test_combining_accents_on_the_letters():
    """A phrase with combining accents on its letters is found."""
    words = seeded_phrase(6)
    assert secret(" ".join("".join(c + "\u0301" for c in w) for w in words))


def test_mathematical_bold_letters():
    """A phrase typed in mathematical bold letters is found."""
    bold = {c: chr(0x1D41A + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}
    assert secret(" ".join(seeded_phrase(7)).translate(str.maketrans(bold)))


def test_private_key_with_zero_width_characters():
    """A private key called a key, with zero-width spaces inside the hex, is still deleted."""
    key = "0x" + "5a3c" * 16
    f = scan("my private key " + key[:20] + "\u200b" + key[20:])
    assert f is not None and f.rule == "private-key"


KNOWN = [
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
    "legal winner thank year wave sausage worth useful legal winner thank yellow",
    "letter advice cage absurd amount doctor acoustic avoid letter advice cage above",
    "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
    " ".join(["abandon"] * 23 + ["art"]),
    " ".join(["zoo"] * 23 + ["vote"]),
    "test test test test test test test test test test test junk",
]


@pytest.mark.parametrize("phrase", KNOWN)
def test_well_known_test_phrases_are_leaks(phrase):
    """The BIP39 test vectors and development defaults are flagged, saying they are test phrases."""
    f = scan("is this safe to post? " + phrase)
    assert f is not None and f.action == "delete" and f.detail == KNOWN_TEST_PHRASE


def test_well_known_test_phrase_disguised():
    """"abandon ... about" with spaced letters and a zero-width space is still flagged."""
    text = "  ".join(" ".join(w) for w in ["abandon"] * 11 + ["about"]).replace("b a", "b\u200b a")
    assert secret(text)


@pytest.mark.parametrize("text", [
    "the U S A and the U K both list it", "J. R. R. Tolkien wrote it", "plan a b c d then e",
    "my name is A l e x and I lost my bnb", "ｐｌｅａｓｅ ｈｅｌｐ ｍｅ", "Привет, помогите с выводом BNB",
    "café résumé naïve — déjà vu", "s p a c e d  o u t  w o r d s  a r e  f u n",
])
def test_ordinary_text_with_odd_characters_is_not_a_secret(text):
    """Spaced letters, initials, full-width or accented text and other scripts are not secrets."""
    assert scan(text) is None
