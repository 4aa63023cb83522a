"""One Unicode folding for the safety guard and the matcher: text as it looks.

Pure functions, no I/O. Used by `intents.normalise` (the matcher's view of a
question) and by every scan in `bot.safety` (phrases, keys, links, scams,
impersonating names, "DM me" replies), so a disguise that fools one fools
neither.

    fold(text, *, lower=True, join_spaced=True) -> str

Steps, in order:

1. invisible characters removed: every format character (zero-width spaces
   and joiners, soft hyphen, word joiner, BOM, direction marks and
   overrides, tag characters), Hangul fillers, the braille blank, variation
   selectors;
2. NFKC: full-width letters, mathematical alphanumerics (𝐚𝐛𝐚𝐧𝐝𝐨𝐧), circled
   and other compatibility forms become plain letters;
3. combining marks stripped (NFKD, then marks dropped): "abandón" ->
   "abandon", "a̶b̶a̶n̶d̶o̶n̶" -> "abandon";
4. confusable letters mapped to the Latin letter they imitate (Cyrillic "а",
   Greek "ο", Cherokee, Lisu, small capitals ...; table `CONFUSABLE`, taken
   from Unicode's confusables via `confusable_homoglyphs`, letters only).
   A word is mapped only when every non-Latin letter in it has a Latin
   lookalike, so "bіnance" (Cyrillic і) becomes "binance" while genuine
   Russian or Greek words keep their script;
5. case-folded (unless lower=False: keys are case-sensitive base58);
6. spaced letters joined: a run of three or more single letters with the
   same separator between them (" ", ".", "-", "_", "·", "*", "/", "|", "~",
   or two spaces) becomes one word: "a b a n d o n" -> "abandon",
   "A.D.M.I.N" -> "admin". Words of two or more letters are never joined, so
   "a big deal" stays as it is.

ASCII text skips steps 1-4 (nothing there to fold), so folding costs little.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["CONFUSABLE", "INVISIBLE", "fold", "strip_invisible", "to_latin"]

# Every Unicode format character (category Cf) and the blank-looking letters
# and symbols people use to hide characters: Hangul fillers, braille blank,
# Mongolian vowel separator, Khmer inherent vowels, combining grapheme joiner,
# variation selectors.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u2800\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)

# Letters that look like a Latin letter. Generated once from the Unicode
# confusables data (confusable_homoglyphs, preferred alias "latin", a single
# ASCII letter as the target; tests/safety/test_folding.py checks it still
# agrees), plus common lookalikes that data lists only in one case or not at
# all (lower-case Cyrillic к м н т п в, small capitals, ı ł ø đ ħ).
_FROM = ("ͿΑΒΕΖΗΙΚΜΝΟΡΤΥΧαγινορσυϜϳϺЅІЈАВЕКМНОРСТУХЬагеорсухѕіјѡѴѵҮүһҽӀӏԁԌԛԜԝՍՏՕագզհոռսցքօ"
         "ᎠᎡᎢᎥᎩᎪᎫᎬᎳᎷᎻᎽᏀᏂᏃᏏᏒᏔᏕᏙᏚᏞᏟᏢᏦᏧᏳᏴᴦⲅⲎⲒⲔⲘⲚⲞⲟⲢⲣⲤⲥⲦⲨⲬⳐꓐꓑꓒꓓꓔꓖꓗꓙꓚꓜꓝꓟꓠꓡꓢꓣꓦꓧꓪꓫꓬꓮꓰꓲꓳꓴꙇꭵꮁꮃꮓꮩꮪꮯ")
_TO = ("JABEZHlKMNOPTYXayivopouFjMSlJABEKMHOPCTYXbareopcyxsijwVvYyhelidGqWwUSOwqqhnnugfo"
       "DRTiYAJEWMHYGhZbRWSVSLCPKdGBrrHlKMNOoPpCcTYXLBPdDTGKJCZFMNLSRVHWXYAElOUiirwzvsc")
_EXTRA = {
    "к": "k", "м": "m", "н": "h", "т": "t", "п": "n", "в": "b", "ԍ": "g", "ԃ": "d",
    "ι": "i", "κ": "k", "τ": "t", "ε": "e", "η": "n", "ω": "w", "χ": "x", "β": "b", "ϲ": "c",
    "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "ƅ": "b",
    "ɑ": "a", "ɡ": "g", "ɩ": "i", "ʏ": "y", "ɪ": "i", "ʀ": "r", "ʜ": "h", "ʟ": "l", "ɴ": "n",
    "ʙ": "b", "ɢ": "g", "ᴀ": "a", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ᴊ": "j", "ᴋ": "k", "ᴍ": "m",
    "ᴏ": "o", "ᴘ": "p", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ꜱ": "s",
}
# capital lookalikes of "I" are I, not the "l" the data gives (upper-case text reads "GENІUS")
_CAPITAL_I = {"І": "I", "Ι": "I", "Ӏ": "I"}
CONFUSABLE: dict[str, str] = {**dict(zip(_FROM, _TO)), **_EXTRA, **_CAPITAL_I}
# what NFKC makes of them (lunate sigma "ϲ" becomes "ς"), since the table is read after NFKC
CONFUSABLE.update({unicodedata.normalize("NFKC", k): v for k, v in list(CONFUSABLE.items())
                   if len(unicodedata.normalize("NFKC", k)) == 1 and not unicodedata.normalize("NFKC", k).isascii()})
_CONFUSABLE_TABLE = str.maketrans(CONFUSABLE)

_WORD = re.compile(r"[^\W\d_]+")
# three or more single letters, the same separator between each
_SPACED = re.compile(
    r"(?<!\w)[^\W\d_](?P<sep>  | |[._\-\u00b7*/|~])[^\W\d_](?:(?P=sep)[^\W\d_])+(?![^\W_])")


def strip_invisible(text: str) -> str:
    """`text` without zero-width, soft-hyphen, direction and other invisible characters."""
    return INVISIBLE.sub("", text)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _latin_word(match: re.Match[str]) -> str:
    word = match.group()
    if word.isascii():
        return word
    if all(c.isascii() or c in CONFUSABLE for c in word):
        return word.translate(_CONFUSABLE_TABLE)
    return word


def to_latin(text: str) -> str:
    """Words whose every non-Latin letter has a Latin lookalike, written in Latin."""
    return text if text.isascii() else _WORD.sub(_latin_word, text)


def _join(match: re.Match[str]) -> str:
    return match.group().replace(match.group("sep"), "")


def fold(text: str, *, lower: bool = True, join_spaced: bool = True) -> str:
    """`text` as it looks: invisibles gone, NFKC, marks stripped, lookalikes in Latin,
    case-folded (unless `lower=False`), spaced letters joined (unless `join_spaced=False`)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", strip_invisible(text))
        text = to_latin(_strip_marks(text))
    if lower:
        text = text.casefold()
        if not text.isascii():
            text = _strip_marks(text)  # casefold can add marks back ("İ" -> "i̇")
    if join_spaced and len(text) >= 5:
        text = _SPACED.sub(_join, text)
    return text
