"""BOT_OPERATORS: who may reload the content and read the stats in chat."""
from __future__ import annotations

from bot.core.access import Access
from bot.storage.operators import operators


def access(raw: str | None) -> Access:
    """The access rules the bot runs with, for this BOT_OPERATORS value."""
    return Access(operators=operators({} if raw is None else {"BOT_OPERATORS": raw}))


def test_prefixed_ids_count_on_their_platform_only():
    """"telegram:123" is an operator on Telegram, not on Discord."""
    rules = access("telegram:123, discord:456789012345678901")
    assert rules.is_operator("telegram", 123) and rules.is_operator("discord", "456789012345678901")
    assert not rules.is_operator("discord", 123) and not rules.is_operator("telegram", 456789012345678901)


def test_bare_ids_count_everywhere_and_junk_is_ignored():
    """A bare id counts on any platform; names, empty items and markup are ignored."""
    rules = access("42,,@alice <b>7</b> slack:x Telegram:99")
    assert rules.is_operator("telegram", 42) and rules.is_operator("discord", 42)
    assert rules.is_operator("telegram", 99)  # the prefix is case-insensitive
    assert operators({"BOT_OPERATORS": "42,,@alice <b>7</b> slack:x Telegram:99"}) == {(None, "42"), ("telegram", "99")}


def test_nobody_is_an_operator_by_default():
    """Unset or empty, nobody may read the stats in chat; a missing user id is nobody."""
    assert not access(None).is_operator("telegram", 1) and not access(" ").is_operator("telegram", 1)
    assert not access("42").is_operator("telegram", None)
