"""BOT_OPERATORS: who may read the stats in chat."""
from __future__ import annotations

from bot.storage.operators import is_operator, operators


def test_prefixed_ids_count_on_their_platform_only():
    """"telegram:123" is an operator on Telegram, not on Discord."""
    env = {"BOT_OPERATORS": "telegram:123, discord:456789012345678901"}
    assert is_operator("telegram", 123, env) and is_operator("discord", "456789012345678901", env)
    assert not is_operator("discord", 123, env) and not is_operator("telegram", 456789012345678901, env)


def test_bare_ids_count_everywhere_and_junk_is_ignored():
    """A bare id counts on any platform; names, empty items and markup are ignored."""
    env = {"BOT_OPERATORS": "42,,@alice <b>7</b> slack:x Telegram:99"}
    assert is_operator("telegram", 42, env) and is_operator("discord", 42, env)
    assert is_operator("telegram", 99, env)  # the prefix is case-insensitive
    assert operators(env) == {(None, "42"), ("telegram", "99")}


def test_nobody_is_an_operator_by_default():
    """Unset or empty, nobody may read the stats in chat."""
    assert not is_operator("telegram", 1, {}) and not is_operator("telegram", 1, {"BOT_OPERATORS": " "})
