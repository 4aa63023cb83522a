"""The auto-answer rule both platforms use (Telegram groups, Discord support channels)."""
from __future__ import annotations

from bot.core.autoanswer import PER_ENTRY_SECONDS, PER_USER_SECONDS, AutoAnswer

QUESTION = "how do I withdraw USDT from Binance to MetaMask, which network?"
OTHER_QUESTION = "how do I add BNB Smart Chain to MetaMask?"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_confident_question_is_answered_and_chatter_is_not(engine):
    """A clear question gets its entry; chit-chat and an empty line get nothing."""
    rule = AutoAnswer(clock=Clock())
    reply = rule.reply_for(engine, "chat", "alice", QUESTION)
    assert reply is not None and reply.node == "withdraw-from-exchange"
    assert rule.reply_for(engine, "chat", "bob", "gm everyone, nice weather today") is None
    assert rule.reply_for(engine, "chat", "carol", "   ") is None


def test_the_same_entry_waits_per_chat_not_everywhere(engine):
    """The same entry is not repeated in one chat for ten minutes; another chat gets it at once."""
    clock = Clock()
    rule = AutoAnswer(clock=clock)
    assert rule.reply_for(engine, "chat-1", "alice", QUESTION) is not None
    clock.now += PER_USER_SECONDS + 1
    assert rule.reply_for(engine, "chat-1", "bob", QUESTION) is None
    assert rule.reply_for(engine, "chat-2", "bob", QUESTION) is not None
    clock.now += PER_ENTRY_SECONDS
    assert rule.reply_for(engine, "chat-1", "bob", QUESTION) is not None


def test_one_person_waits_per_chat_between_answers(engine):
    """A person's second question within two minutes waits in that chat only."""
    clock = Clock()
    rule = AutoAnswer(clock=clock)
    assert rule.reply_for(engine, "chat-1", "alice", QUESTION) is not None
    assert rule.reply_for(engine, "chat-1", "alice", OTHER_QUESTION) is None
    assert rule.reply_for(engine, "chat-2", "alice", OTHER_QUESTION) is not None
    clock.now += PER_USER_SECONDS
    assert rule.reply_for(engine, "chat-1", "alice", OTHER_QUESTION) is not None


def test_a_screened_secret_is_never_auto_answered(engine):
    """A finding passed on from the adapter's single guard scan is honoured: no answer."""
    from bot.safety.finding import DELETE, RECOVERY_PHRASE, Finding

    rule = AutoAnswer(clock=Clock())
    assert rule.reply_for(engine, "chat", "alice", QUESTION, finding=Finding(RECOVERY_PHRASE, DELETE)) is None
    # and the cooldowns did not start: the same person's clean question is answered
    assert rule.reply_for(engine, "chat", "alice", QUESTION, finding=None) is not None
