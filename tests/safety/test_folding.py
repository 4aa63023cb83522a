"""One Unicode folding (intents/folding.py) for the guard and the matcher."""
from __future__ import annotations

import sys
import unicodedata

import pytest

from intents import fold as matcher_fold
from intents.folding import CONFUSABLE, fold, strip_invisible


def test_every_format_character_is_removed():
    """Zero-width spaces, soft hyphens, direction marks and every other format character disappear."""
    cf = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert strip_invisible("a" + "".join(cf) + "b") == "ab"


@pytest.mark.parametrize("disguised", [
    "ab\u200bandon", "aban\u00addon", "a\u2060bandon", "\ufeffabandon", "aban\u200ddon",
])
def test_invisible_characters_inside_a_word_are_dropped(disguised):
    """A word split by an invisible character reads as the word."""
    assert fold(disguised) == "abandon"


@pytest.mark.parametrize("disguised", ["аbаndоn", "ΑΒΑΝDΟΝ", "ɑbɑndon", "ᴀʙᴀɴᴅᴏɴ"])
def test_lookalike_letters_fold_to_latin(disguised):
    """Cyrillic, Greek and small-capital lookalikes in a Latin word become the Latin letters."""
    assert fold(disguised) == "abandon"


def test_genuine_words_in_another_script_keep_their_script():
    """A Russian word with letters that have no Latin lookalike is left in Cyrillic."""
    assert fold("Привет") == "привет"


@pytest.mark.parametrize("disguised", ["𝐚𝐛𝐚𝐧𝐝𝐨𝐧", "ａｂａｎｄｏｎ", "ⓐⓑⓐⓝⓓⓞⓝ"])
def test_compatibility_forms_fold_by_nfkc(disguised):
    """Mathematical, full-width and circled letters are plain letters."""
    assert fold(disguised) == "abandon"


@pytest.mark.parametrize("disguised", ["abandón", "a\u0336b\u0336a\u0336n\u0336d\u0336o\u0336n\u0336", "àbàndôn"])
def test_combining_accents_are_stripped(disguised):
    """Accents and strike-through marks on the letters are dropped."""
    assert fold(disguised) == "abandon"


@pytest.mark.parametrize("spaced, joined", [
    ("a b a n d o n", "abandon"), ("A D M I N", "admin"), ("A.D.M.I.N", "admin"),
    ("a-b-a-n-d-o-n  a-b-l-e", "abandon  able"), ("s u p p o r t  t e a m", "support  team"),
])
def test_spaced_letters_are_joined(spaced, joined):
    """Three or more single letters with the same separator become one word."""
    assert fold(spaced) == joined


@pytest.mark.parametrize("text", ["a big deal", "I am a fan", "e.g. this", "plan b or c"])
def test_ordinary_single_letters_are_left_alone(text):
    """One or two single letters among words are not joined into anything."""
    assert fold(text) == text.casefold()


def test_case_can_be_kept_for_keys():
    """lower=False keeps the case (base58 keys are case-sensitive) but still folds the rest."""
    assert fold("5Kb\u200b8kLf", lower=False) == "5Kb8kLf"


def test_table_agrees_with_the_unicode_confusables():
    """Every generated entry is the Latin letter confusable_homoglyphs gives for that character."""
    from confusable_homoglyphs import confusables

    from intents.folding import _FROM, _TO

    assert len(_FROM) == len(_TO) > 100
    for ch, latin in zip(_FROM, _TO):
        found = confusables.is_confusable(ch, preferred_aliases=["latin"])
        assert found and latin in [g["c"] for g in found[0]["homoglyphs"]], ch
        assert CONFUSABLE[ch] == latin or ch in "ІΙӀ"


def test_matcher_uses_the_same_folding():
    """The matcher's fold sees through the same disguises as the guard."""
    assert matcher_fold("wіthdr\u200baw bіnаnce") == "withdraw binance"
    assert matcher_fold("don't") == "dont"
