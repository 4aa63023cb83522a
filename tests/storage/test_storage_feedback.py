"""The "Did this help?" buttons in the engine: shown under answers, voting is not navigation."""
from __future__ import annotations

import pytest

from bot.core.engine import parse_action
from bot.core.feedback import ALREADY, ASK_WHY, THANKS, THANKS_REASON, AnswerRef, MemoryBallot

ANSWER = AnswerRef("telegram", -100, 55)


def actions(reply):
    return [b.action for row in reply.buttons for b in row]


def labels(reply):
    return [b.label for row in reply.buttons for b in row]


def test_answers_end_with_a_feedback_row(fb_engine):
    """An answer, asked or reached by buttons, ends with 👍 Helped / 👎 Didn't help."""
    asked = fb_engine.ask("how do i add bnb smart chain to metamask, chain id?")
    pressed = fb_engine.press("go:wrong-network")
    for reply in (asked, pressed):
        last = reply.buttons[-1]
        assert [b.label for b in last] == ["👍 Helped", "👎 Didn't help"]
        assert [b.action for b in last] == [f"fb:{reply.node}:y", f"fb:{reply.node}:n"]


def test_menus_and_clarify_have_no_feedback_row(fb_engine):
    """Menus, help and the fallback carry no vote buttons: they are not answers."""
    for reply in (fb_engine.open("start"), fb_engine.open("bsc-evm"), fb_engine.help(),
                  fb_engine.ask("what's the weather like")):
        assert not any(a.startswith("fb:") for a in actions(reply))


def test_feedback_is_off_unless_enabled(engine):
    """An engine built without feedback shows answers exactly as before."""
    reply = engine.open("gas-fees")
    assert not any(a.startswith("fb:") for a in actions(reply))


def test_every_feedback_action_fits_telegram(fb_engine, content):
    """Each feedback action, with a platform prefix, stays within 64 bytes and parses."""
    for entry in content.entries:
        for choice in ("y", "n", "wrong", "unsolved"):
            data = f"fb:{entry}:{choice}"
            assert len(("bnbroute:" + data).encode()) <= 64
            assert parse_action(data) == ("fb", f"{entry}:{choice}")
    assert len(f"fb:{'a' * 40}:unsolved".encode()) <= 64


@pytest.mark.parametrize("data", [
    "fb:gas-fees:maybe", "fb:gas-fees", "fb::y", "fb:Gas-Fees:y", "fb:gas fees:y", "fb:gas-fees:y:extra",
    "fb:<b>x</b>:y", "fb:" + "a" * 70 + ":y", "fbx:gas-fees:y", "fb:gas-fees:y\n", None, 42, b"fb:gas-fees:y",
])
def test_forged_feedback_data_is_refused(fb_engine, data):
    """Malformed or forged vote data is neither a vote nor a navigation."""
    assert fb_engine.vote(data, MemoryBallot(), ANSWER, 1) is None
    assert fb_engine.press(data) is None


def test_a_vote_for_an_unknown_entry_is_refused(fb_engine):
    """Well-formed data naming no entry (stale or invented) counts nothing."""
    ballot = MemoryBallot()
    assert fb_engine.vote("fb:no-such-entry:y", ballot, ANSWER, 1) is None
    assert fb_engine.vote("fb:start:y", ballot, ANSWER, 1) is None  # a menu is not an answer


def test_voting_is_not_navigation(fb_engine):
    """Pressing a vote button through `press` changes nothing."""
    assert fb_engine.press("fb:gas-fees:y") is None


def test_anyone_votes_once_and_the_buttons_show_counts(fb_engine):
    """Two people vote yes once each; a second vote by the same person is refused politely."""
    ballot = MemoryBallot()
    first = fb_engine.vote("fb:gas-fees:y", ballot, ANSWER, "alice")
    assert first.notice == THANKS and first.tally.yes == 1
    again = fb_engine.vote("fb:gas-fees:n", ballot, ANSWER, "alice")
    assert again.notice == ALREADY and again.tally.yes == 1 and again.tally.no == 0
    other = fb_engine.vote("fb:gas-fees:y", ballot, ANSWER, "bob")
    assert other.tally.yes == 2
    assert labels(other.reply)[-2:] == ["👍 Helped · 2", "👎 Didn't help"]
    # the answer itself is unchanged above the feedback row
    assert other.reply.title == fb_engine.open("gas-fees").title


def test_no_asks_why_and_a_reason_is_added_once(fb_engine):
    """After "didn't help" the reasons appear; the voter may add one reason, once."""
    ballot = MemoryBallot()
    no = fb_engine.vote("fb:gas-fees:n", ballot, ANSWER, "carol")
    assert no.notice == ASK_WHY
    assert labels(no.reply)[-4:] == ["👍 Helped", "👎 Didn't help · 1", "Wrong topic", "Right topic, didn't solve it"]
    why = fb_engine.vote("fb:gas-fees:wrong", ballot, ANSWER, "carol")
    assert why.notice == THANKS_REASON and (why.tally.no, why.tally.wrong) == (1, 1)
    twice = fb_engine.vote("fb:gas-fees:unsolved", ballot, ANSWER, "carol")
    assert twice.notice == ALREADY and twice.tally.unsolved == 0
    assert "Wrong topic · 1" in labels(twice.reply)


def test_a_reason_alone_counts_as_didnt_help(fb_engine):
    """Someone who presses a reason without voting first has said it didn't help."""
    ballot = MemoryBallot()
    voted = fb_engine.vote("fb:gas-fees:unsolved", ballot, ANSWER, "dave")
    assert (voted.tally.no, voted.tally.unsolved) == (1, 1) and voted.notice == THANKS_REASON


def test_votes_are_per_answer(fb_engine):
    """The same person may vote on another message, or another entry in the same message."""
    ballot = MemoryBallot()
    assert fb_engine.vote("fb:gas-fees:y", ballot, ANSWER, "erin").notice == THANKS
    assert fb_engine.vote("fb:gas-fees:y", ballot, AnswerRef("telegram", -100, 56), "erin").notice == THANKS
    assert fb_engine.vote("fb:wrong-network:y", ballot, ANSWER, "erin").notice == THANKS
    assert fb_engine.vote("fb:gas-fees:y", ballot, AnswerRef("discord", -100, 55), "erin").notice == THANKS
