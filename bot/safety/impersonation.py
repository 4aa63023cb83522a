"""Member names that imitate an admin, a role or a brand (fake admins, "Binance Support").

    check_member(display_name, username, admins, *, member_id=None, bot_id=None,
                 brands=BRANDS) -> Verdict

`admins` is the chat's admin list as `Admin(id, name, username)` (the caller
fetches and caches it); `member_id` is the member's own id. A Verdict says
`flagged`, the `rule` ("admin-lookalike", "role-word", "brand-word"), a
`reason` for the mod-log ("close to admin Mike Chen", "role word 'support'",
"brand 'binance'") and the two names compared (`name`: the member's display
name or @username that matched; `compared_with`: the admin's name or the
word). Pure: no I/O, nothing kept. The caller runs it on join, on a name
change and (Telegram, privacy mode allowing) on a first message, and decides
what to do (report / restrict / timeout).

Never flagged: a member whose id is an admin's id or the bot's id.

How names are read: the shared folding (`intents.folding`: invisible
characters, NFKC, accents, Cyrillic/Greek/other lookalike letters, spaced
letters "A D M I N" joined), emoji and punctuation dropped, camelCase and
"_", ".", "-", "|" split into words, digits between letters (and one digit
at either end) read as letters ("adm1n", "supp0rt", "Luca5"), other digits
dropped ("hanna95" is Hanna), repeated letters squeezed ("Miike").

1. Close to an admin: the member's name or username, as a whole or with role,
   brand and filler words taken off ("Mike_Chen_Support", "Official Mike
   Chen"), equals an admin's name or username (or the admin's name without
   its role/brand words, when 5 letters or more: "Alex | BNB Chain" is not
   matched by a plain "Alex"), or is within one edit of it (two from 9
   letters; a swap of two neighbouring letters is one edit; a letter added
   or dropped counts from 8 letters; at 5 letters only a swap; "l"/"I",
   "rn"/"m" and "vv"/"w" compared as the same). Names of 3 or 4 letters must
   match exactly. A member with exactly the display name of a one-word
   admin ("Lucas") is flagged: in the chat the two look the same; a member
   whose username merely holds that first name ("lucas615") is not (a
   username is held against an admin's display name from 8 letters on).
2. Role word: a whole word "admin", "support", "official", "moderator",
   "helpdesk", "customer service/support/care" (also joined: "adminsupport",
   "BinanceSupportTeam"), or a name that begins or ends with one next to a
   word of four letters or more ("johnadmin", "supportmike"). Weak role words
   ("mod", "dev", "team", "angel", "help", "staff") count only beside a brand
   or a strong role word ("BNB Mod", "Binance Angel"), since "Angel Garcia",
   "Devon" and "Mod" in a nickname are ordinary.
3. Brand: a whole word "binance", "bnb", "bnbchain", "metamask",
   "trustwallet", "pancakeswap" ... or a long brand (5+ letters) at the start
   or end of a word ("binanceguy", "mymetamask").

Decided on purpose: "Adminah" is not flagged ("admin" + "ah", a name),
"Admin_ah" is ("admin" stands as a word); "Bnbeliever" is not flagged ("bnb"
inside a longer word; a short brand must stand as a word), "BNB Believer"
is; "Badminton" and "Supporter" are not. Measured in
`benchmarks/protection_bench.py` (caught / false-flag rates).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz.distance import OSA

from intents.folding import fold

__all__ = ["Admin", "BRANDS", "Verdict", "check_member", "name_words", "skeleton"]

ADMIN_LOOKALIKE = "admin-lookalike"
ROLE_WORD = "role-word"
BRAND_WORD = "brand-word"

STRONG_ROLES = ("admin", "admins", "administrator", "support", "official", "moderator", "moderators",
                "helpdesk", "customerservice", "customersupport", "customercare", "supportteam")
WEAK_ROLES = ("mod", "mods", "dev", "devs", "team", "angel", "angels", "help", "service", "care", "staff",
              "agent", "manager", "desk", "customer", "ceo", "founder", "owner", "verify", "verification",
              "security", "recovery")
BRANDS = ("binance", "bnb", "bnbchain", "binanceus", "metamask", "trustwallet", "pancakeswap", "bscscan",
          "opbnb", "safepal", "binancesupport")
FILLER = ("the", "real", "official", "global", "int", "intl", "hq", "center", "centre", "live", "online",
          "bot", "info", "us", "app", "chat", "group", "channel", "im", "its", "my")

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s"})
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_TOKEN = re.compile(r"[^\W_]+")
# names are short (Telegram: 64 + 64 characters, Discord: 32); anything longer is read this far
MAX_NAME = 256
_SQUEEZE = re.compile(r"(.)\1+")
_INNER_DIGITS = re.compile(r"(?<=[^\W\d_])\d+(?=[^\W\d_])")
_EDGE_DIGIT = re.compile(r"^[013457](?=[^\W\d_]{3})|(?<=[^\W\d_]{3})[013457]$")


@dataclass(frozen=True)
class Admin:
    """One admin (or moderator) of the chat, as the platform lists them."""

    id: int | str
    name: str = ""  # display name (Telegram first + last name; Discord display name)
    username: str = ""  # @username without the @, or the Discord user name


@dataclass(frozen=True)
class Verdict:
    flagged: bool
    rule: str = ""  # "admin-lookalike", "role-word", "brand-word"
    reason: str = ""  # for the mod-log: "close to admin Mike Chen", "role word 'support'"
    name: str = ""  # the member's name or @username that matched
    compared_with: str = ""  # the admin's name or the word it matched

    def __bool__(self) -> bool:
        return self.flagged


NOT_FLAGGED = Verdict(False)


# single letters and digits spaced out ("M 1 k e", "S-a-r-4-h"): joined like spaced letters
_SPACED_ALNUM = re.compile(r"(?<!\w)[^\W_](?P<sep>  | |[._\-\u00b7*/|~])[^\W_](?:(?P=sep)[^\W_])+(?!\w)")


def name_words(name: str) -> list[str]:
    """A name as lower-case words: folded, camelCase and separators split, leet digits read as letters."""
    text = fold((name or "")[:MAX_NAME], lower=False)
    text = _SPACED_ALNUM.sub(lambda m: m.group().replace(m.group("sep"), ""), text)
    text = _CAMEL.sub(" ", text)
    words = []
    for token in _TOKEN.findall(text.replace("@", "a").replace("$", "s")):
        token = token.lower()
        if any(c.isdigit() for c in token):
            if not any(c.isalpha() for c in token):
                continue  # a number: "Mike 2" is Mike
            # digits between letters stand for letters ("adm1n", "supp0rt"); around them
            # they are numbers ("hanna95", "2fast")
            token = _INNER_DIGITS.sub(lambda m: m.group().translate(_LEET), token)
            token = _EDGE_DIGIT.sub(lambda m: m.group().translate(_LEET), token)  # "Luca5", "0fficial"
            token = "".join(c for c in token if not c.isdigit())
        if words and len(words[-1]) == 1 and token.startswith(words[-1]):
            words[-1] = token  # "JJin" split as "J Jin": a doubled first letter
            continue
        words.append(token)
    return words


def skeleton(text: str, squeeze: bool = True) -> str:
    """The letters a name is compared by: l/I, rn/m, vv/w made alike, repeats squeezed."""
    text = text.replace("rn", "m").replace("vv", "w").replace("l", "i")
    return _SQUEEZE.sub(r"\1", text) if squeeze else text


def _segments(word: str, vocab: frozenset[str], limit: int = 6) -> list[str] | None:
    """`word` cut wholly into vocabulary words (longest first), or None."""
    if not word:
        return []
    if limit == 0:
        return None
    for end in range(len(word), 0, -1):
        head = word[:end]
        if head in vocab:
            rest = _segments(word[end:], vocab, limit - 1)
            if rest is not None:
                return [head, *rest]
    return None


class _Vocab:
    """Role, brand and filler words in skeleton form ("real" and "rea1" meet as "reai")."""

    def __init__(self, brands: tuple[str, ...]) -> None:
        self.word = {skeleton(w): w for w in (*FILLER, *WEAK_ROLES, *brands, *STRONG_ROLES)}
        self.strong = frozenset(skeleton(w) for w in STRONG_ROLES)
        self.brands = frozenset(skeleton(w) for w in brands)
        self.weak = frozenset(skeleton(w) for w in WEAK_ROLES)
        self.all = self.strong | self.brands | self.weak | frozenset(skeleton(w) for w in FILLER)
        self.long_marks = tuple(skeleton(w) for w in (*STRONG_ROLES, *brands) if len(w) >= 5)
        # longest first, in a fixed order, so every run strips the same way
        self.affixes = tuple(sorted((w for w in self.all if len(w) >= 3), key=lambda w: (-len(w), w)))


_VOCABS: dict[tuple[str, ...], _Vocab] = {}


def _vocab(brands: tuple[str, ...]) -> _Vocab:
    if brands not in _VOCABS:
        _VOCABS[brands] = _Vocab(brands)
    return _VOCABS[brands]


def _marks_in(words: list[str], v: _Vocab) -> list[str]:
    """Role and brand words a name carries (strong roles and brands; weak roles beside them)."""
    found: list[str] = []
    weak: list[str] = []
    words = [skeleton(w) for w in words]
    pieces = [*words, "".join(words)] if len(words) > 1 else list(words)
    for word in pieces:
        parts = [word] if word in v.all else _segments(word, v.all) or []
        for p in parts:
            if p in v.strong or p in v.brands:
                found.append(p)
            elif p in v.weak:
                weak.append(p)
        if not parts and len(word) >= 5:
            for mark in v.long_marks:  # "Amdin", "Supprot", "Offiical", "Binnance"
                if abs(len(word) - len(mark)) <= 1 and OSA.distance(word, mark, score_cutoff=1) <= 1 and (
                        len(mark) >= 7 or sorted(word) == sorted(mark)):  # "Armin" is no "admin"
                    found.append(mark)
        if not parts:
            for mark in v.long_marks:
                rest = len(word) - len(mark)
                if rest >= 4 and (word.startswith(mark) or word.endswith(mark)):
                    found.append(mark)
    return found + weak if found else []


def _core_words(words: list[str], v: _Vocab) -> list[str]:
    """The name's words (skeletons) without role, brand and filler words ("mike chen support" -> mike, chen)."""
    kept = []
    for word in map(skeleton, words):
        if word in v.all or _segments(word, v.all) is not None:
            continue
        changed = True
        while changed:
            changed = False
            for mark in v.affixes:
                if len(word) - len(mark) >= 3:
                    if word.startswith(mark):
                        word, changed = word[len(mark):], True
                    elif word.endswith(mark):
                        word, changed = word[: -len(mark)], True
        kept.append(word)
    return kept


def _forms(words: list[str], v: _Vocab) -> set[tuple[bool, str, bool]]:
    """(squeezed?, letters, is the core?) of a name: whole and without role/brand/filler words,
    each plain and with repeated letters squeezed word by word ("Lucas S" stays "lucass")."""
    out = {(False, "".join(skeleton(w, False) for w in words), False),
           (True, "".join(skeleton(w) for w in words), False)}
    core = "".join(_core_words(words, v))
    if core:
        out.add((True, core, True))
    return out


def _edits_allowed(n: int) -> int:
    return 0 if n < 5 else 1 if n < 9 else 2


# a member's username is held against an admin's display name from this many letters
USERNAME_VS_NAME = 8
# below this length only same-length slips count (a swap, a letter changed): "Hannah A."
# is not "Hannah", "Lucy S" is not "Lucas"
GROW_FROM = 8


def _close(a: str, b: str) -> bool:
    if len(b) < 3 or len(a) < 3:
        return False
    if a == b:
        return True
    edits = _edits_allowed(min(len(a), len(b)))
    if edits == 0 or abs(len(a) - len(b)) > edits or (len(a) != len(b) and min(len(a), len(b)) < GROW_FROM):
        return False
    if min(len(a), len(b)) < 6:  # five letters: only two neighbours swapped ("Lcuas"), not "Lucy S"
        return sorted(a) == sorted(b) and OSA.distance(a, b) == 1
    return OSA.distance(a, b, score_cutoff=edits) <= edits


def check_member(display_name: str, username: str = "", admins: Iterable[Admin] = (), *,
                 member_id: int | str | None = None, bot_id: int | str | None = None,
                 brands: Iterable[str] = BRANDS) -> Verdict:
    """Is this member's name imitating an admin, a role or a brand? (see the module docstring)"""
    admins = tuple(admins)
    if member_id is not None and (member_id == bot_id or any(a.id == member_id for a in admins)):
        return NOT_FLAGGED
    v = _vocab(tuple(brands))
    names = [(n, name_words(n), is_user) for n, is_user in ((display_name or "", False), (username or "", True))
             if n and n.strip()]
    names = [(n, w, u) for n, w, u in names if w]
    if not names:
        return NOT_FLAGGED
    # 1. close to an admin
    member_forms = [(shown, _forms(words, v), is_user) for shown, words, is_user in names]
    for admin in admins:
        targets: set[tuple[bool, str, bool]] = set()  # (squeezed?, letters, from the admin's display name?)
        for admin_name, is_display in ((admin.name, True), (admin.username, False)):
            admin_words = name_words(admin_name or "")
            # an admin's name without role words ("lucas" of "lucas_mod") is as common as a display name
            targets |= {(sq, f, is_display or is_core) for sq, f, is_core in _forms(admin_words, v)
                        if not is_core or len(f) >= 5}
        # an admin called "Admin" or "BNB": the role and brand rules cover it
        targets = {(sq, t, d) for sq, t, d in targets if len(t) >= 3 and t not in v.all}
        for shown, forms, is_user in member_forms:
            for sq, form, _ in forms:
                # a username ("lucas615") is compared with an admin's display name only when that
                # name is distinctive (8 letters or more: "mikechen"), not a first name ("Lucas")
                if any(tsq == sq and _close(form, t) and not (is_user and from_display and len(t) < USERNAME_VS_NAME)
                       for tsq, t, from_display in targets):
                    label = admin.name or admin.username
                    return Verdict(True, ADMIN_LOOKALIKE, f"close to admin {label}", shown, label)
    # 2. and 3. role and brand words
    for shown, words, _ in names:
        marks = _marks_in(words, v)
        if marks:
            word = v.word.get(marks[0], marks[0])
            if marks[0] in v.strong:
                return Verdict(True, ROLE_WORD, f"role word '{word}'", shown, word)
            return Verdict(True, BRAND_WORD, f"brand '{word}'", shown, word)
    return NOT_FLAGGED
