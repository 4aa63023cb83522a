"""Fake admins: names imitating an admin, a role or a brand are flagged; real admins and ordinary names are not."""
from __future__ import annotations

import pytest

from bot.safety import Admin, check_member

ADMINS = (Admin(1, "Mike Chen", "mikechen_bnb"), Admin(2, "Sarah Kim", "sarahkim"),
          Admin(3, "Lucas 🔶", "lucas_mod"), Admin(4, "Alex | BNB Chain", "alex_bnbchain"))
BOT = 99


def verdict(name: str, username: str = "", member_id: int = 500):
    return check_member(name, username, ADMINS, member_id=member_id, bot_id=BOT)


@pytest.mark.parametrize("name", [
    "Mike Chen", "Mіke Chеn", "M i k e  C h e n", "M.i.k.e C.h.e.n", "Mkie Chen", "Miike Chen",
    "🔶 Mike Chen 🔶", "Mike Chen ✅", "Mike\u200b Chen", "Mike_Chen_Support", "Official Mike Chen",
    "Mike Chen | Admin", "M1ke Chen", "Sarah Klm", "Sarha Kim", "M 1 k e  C h e n", "Lcuas",
])
def test_names_close_to_an_admin_are_flagged(name):
    """Homoglyphs, spacing, swapped, doubled or replaced letters, emoji, suffixes: still the admin's name."""
    v = verdict(name)
    assert v.flagged and v.rule == "admin-lookalike", (name, v)
    assert v.reason.startswith("close to admin ") and v.name == name and v.compared_with in {a.name for a in ADMINS}


def test_an_admins_username_with_a_suffix_is_flagged():
    """@mikechen_bnb_support imitates the admin's username."""
    v = verdict("Mike", "mikechen_bnb_support")
    assert v.flagged and v.compared_with == "Mike Chen"


@pytest.mark.parametrize("name, word", [
    ("A D M I N", "admin"), ("Admin", "admin"), ("Binance_Support_Team", "binance"), ("Support Team", "support"),
    ("Customer Support", "support"), ("BNB Mod", "bnb"), ("Binance Angel", "binance"), ("Adm1n", "admin"),
    ("johnadmin", "admin"), ("MetaMask Help Desk", "metamask"), ("BinanceSupport", "binance"),
    ("Оfficial", "official"), ("Kenji | Amdin", "admin"), ("Supprot Team", "support"), ("Binnance", "binance"),
])
def test_role_and_brand_words_are_flagged(name, word):
    """A role word or a brand in a non-admin's name is flagged, naming the word."""
    v = verdict(name)
    assert v.flagged and v.compared_with == word, (name, v)
    assert v.reason in (f"role word '{word}'", f"brand '{word}'")


def test_real_admins_are_never_flagged():
    """An admin (by id) is never flagged, even with role words in the name."""
    for admin in ADMINS:
        assert not verdict(admin.name, admin.username, member_id=admin.id)
    assert not check_member("BNB Support", "", (Admin(7, "BNB Support"),), member_id=7)


def test_the_bot_itself_is_never_flagged():
    """The bot's own account is never flagged, whatever its name."""
    assert not verdict("BNB Route Support Bot", "bnb_route_bot", member_id=BOT)


@pytest.mark.parametrize("name, username", [
    ("John Smith", "jsmith"), ("Adminah", ""), ("Bnbeliever", ""), ("Badminton Fan", ""), ("Supporter", ""),
    ("Angel Garcia", "angel_g"), ("Devon", "devon92"), ("Alex", "alex62"), ("Michael Chen", ""),
    ("Sarah", ""), ("Lucy S.", "lucy_s"), ("Mohammed Al-Sayed", "msayed"), ("Анна Иванова", ""), ("李伟", ""),
    ("moon_hodl 🚀", "degen_ape"), ("", ""), ("Lucas S.", "lucas_s2"), ("Adrian", "odin"), ("Hanna", "hanna95"),
])
def test_ordinary_names_are_not_flagged(name, username):
    """Ordinary names, names that merely contain a role or brand inside a word, and other scripts pass."""
    assert not verdict(name, username), name


def test_a_short_brand_inside_a_word_is_not_a_brand_but_as_a_word_it_is():
    """"Bnbeliever" passes (documented choice); "BNB Believer" names the brand."""
    assert not verdict("Bnbeliever")
    assert verdict("BNB Believer").reason == "brand 'bnb'"


def test_exact_name_of_a_one_word_admin_is_flagged():
    """A member called exactly like a one-word admin looks the same in the chat: flagged."""
    assert verdict("Lucas").rule == "admin-lookalike"


@pytest.mark.parametrize("name", ["\x00\x01", "🙂" * 500, "ab" * 50_000, "\u202e\u200b" * 100, "1 " * 5000, "   "])
def test_odd_names_are_handled(name):
    """Huge, binary, emoji-only and invisible names give an answer, not an exception."""
    assert verdict(name, name).flagged in (True, False)
