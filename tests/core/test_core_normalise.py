"""Normalisation: questions and content meet in one form before scoring."""
from __future__ import annotations

import pytest

from intents import Normaliser

SYN = {
    "bsc": ["bnb smart chain", "binance smart chain", "bep20", "bep-20", "bep 20"],
    "bep2": ["beacon chain", "binance chain", "bnb1address"],
    "metamask": ["mm", "meta mask", "metamsk"],
    "binanceus": ["binance.us", "binance us"],
}
VOCAB = ["binance withdraw pancakeswap gone tokens showing network fees"]


@pytest.fixture(scope="module")
def norm():
    return Normaliser(SYN, ["the", "my", "i", "to"], VOCAB)


def tokens(norm, text):
    return list(norm(text).tokens)


def test_case_and_fullwidth_fold(norm):
    """Case and full-width forms fold to the same tokens (NFKC)."""
    assert tokens(norm, "ＢＩＮＡＮＣＥ Network") == tokens(norm, "binance network")


def test_zero_width_characters_removed(norm):
    """Zero-width characters pasted from web pages do not split or hide words."""
    assert tokens(norm, "pan\u200bcake\u200dswap") == tokens(norm, "pancakeswap")


def test_punctuation_and_apostrophes(norm):
    """Punctuation separates words; apostrophes inside words vanish."""
    assert tokens(norm, "can't... use!!! pancakeswap???") == tokens(norm, "cant use pancakeswap")


def test_repeated_letters(norm):
    """Stretched words ("gooone") fold back to the word."""
    assert tokens(norm, "gooooone") == tokens(norm, "gone")


def test_typos_corrected_against_vocabulary(norm):
    """Misspellings within a small edit distance become the content's word."""
    assert tokens(norm, "binnance") == tokens(norm, "binance")
    assert tokens(norm, "pancakeswp") == tokens(norm, "pancakeswap")


def test_synonyms_fold_to_one_word(norm):
    """All the names of BSC become one canonical word; longest spelling wins."""
    for text in ("BSC", "bnb smart chain", "Binance Smart Chain", "BEP20", "bep-20", "bep 20"):
        assert tokens(norm, text) == ["bsc"], text
    assert tokens(norm, "binance chain") == ["bep2"]
    assert tokens(norm, "meta mask") == tokens(norm, "MM") == tokens(norm, "metamsk") == ["metamask"]
    assert tokens(norm, "binance.us") == tokens(norm, "Binance US") == ["binanceus"]


def test_bnb1_address_is_recognised(norm):
    """A Beacon Chain address reads as the BEP2 word."""
    assert tokens(norm, "sent to bnb1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh") == ["sent", "bep2"] or \
        "bep2" in tokens(norm, "sent to bnb1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh")


def test_stopwords_dropped(norm):
    """Stop words carry no intent."""
    assert "the" not in tokens(norm, "the network")


def test_empty_and_symbols_only(norm):
    """Empty or symbol-only input gives no tokens, not an error."""
    assert tokens(norm, "") == []
    assert tokens(norm, "?!?! 🙂🙂 <<>>") == []
