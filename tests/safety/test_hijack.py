""""DM me" hijacks: replies inviting the asker to private messages or to a contact are flagged."""
from __future__ import annotations

import pytest

from bot.safety import find_hijack


@pytest.mark.parametrize("text", [
    "DM me, I can help", "pm me for help", "inbox me now", "send me a DM", "check your inbox",
    "I have sent you a DM", "I've DMed you", "let's talk in private", "text me on WhatsApp",
    "I can help you in DM", "D M me", "Don't worry, message me privately", "hmu", "my DM is open",
    "I have sent you a D M", "@anna D M me",
])
def test_invitations_to_private_messages_are_flagged(text):
    """Every way of saying "come to my DMs" is flagged as a DM invite."""
    h = find_hijack(text, asker=["anna"])
    assert h and h.rule == "dm-invite", text


@pytest.mark.parametrize("text", [
    "contact @fundsback_pro, they got my BNB back", "reach support at t.me/bnb_help_desk",
    "write to helpdesk.binance@gmail.com for a refund", "message wa.me/15551234567 for support",
    "same happened to me, @cryptofixer helped me recover everything",
    "@anna @recovery_pro helped me recover everything",
])
def test_a_contact_offering_help_is_flagged(text):
    """A handle, t.me / wa.me link or e-mail offered as support is flagged."""
    assert find_hijack(text, asker=["anna"]).rule in ("contact-offer", "recovery-offer")


def test_a_recovery_service_is_flagged_as_such():
    """"Recovery expert" with a way to reach it is a recovery offer."""
    assert find_hijack("Recovery expert here, message @recoverpro").rule == "recovery-offer"


def test_disguised_invitation_is_flagged():
    """Homoglyphs and zero-width characters do not hide "DM me"."""
    assert find_hijack("Ρ\u200bМ mе")


@pytest.mark.parametrize("text", [
    "Never DM anyone, admins will never DM you first", "Please don't DM me, ask here",
    "Send the tx hash here and we can check", "Contact Binance support through the chat in the app",
    "@anna try switching to BEP20", "You can message me here in the group", "Follow @BNBCHAIN for announcements",
    "Ignore anyone who messages you privately", "Like @mike said, the bridge takes a few minutes",
    "Check the pinned message", "I have sent you the link to the docs above", "",
])
def test_ordinary_helpful_replies_are_not_flagged(text):
    """Warnings about DMs, public help and addressing the asker are not hijacks."""
    assert not find_hijack(text, asker=["anna"]), text


def test_the_verdict_holds_no_part_of_the_message():
    """The reason is generic: the handle or link in the message is not repeated."""
    h = find_hijack("contact @fundsback_pro now for support")
    assert "fundsback" not in repr(h)


@pytest.mark.parametrize("text", ["\x00\x01", "🙂" * 5000, "ab" * 50_000, "wc:" + "a" * 100_000, "@x " * 20_000,
                                  "\u202e\u200b" * 100, "1 " * 50_000])
def test_odd_input_is_handled(text):
    """Huge, binary and odd Unicode text gives an answer, not an exception."""
    assert find_hijack(text).flagged in (True, False)
