"""The engine's safety notices: plain advice, the right status, no secret, only allowed links."""
from __future__ import annotations

import pytest
from safety_samples import leaked

from bot.core.render import render_parts, render_text
from bot.safety import Finding, format_modlog, scan

PHRASE = Finding("recovery-phrase", "delete")
KEY = Finding("private-key", "delete")


@pytest.mark.parametrize("finding, kind", [(PHRASE, "recovery phrase"), (KEY, "private key")])
def test_secret_notice_gives_the_advice(engine, finding, kind):
    """The notice names the kind, says it is compromised, to move funds to a new wallet now, nobody asks."""
    reply = engine.secret_notice(finding, deleted=True)
    text = render_text(reply, "plain")
    assert (reply.kind, reply.decision) == ("warning", "secret")
    assert kind in reply.title
    assert "compromised" in text and "new wallet" in text and "move your funds" in text and "now" in text
    assert "Nobody legitimate" in text
    assert "I deleted the message" in text


def test_secret_notice_without_the_right_asks_an_admin(engine):
    """When the bot may not delete, it says so and asks an admin to remove the message."""
    text = render_text(engine.secret_notice(PHRASE, deleted=False, can_delete=False), "plain")
    assert "not allowed to delete" in text and "Admins: please remove that message" in text
    assert "I deleted" not in text


def test_secret_notice_when_deleting_failed(engine):
    """When deleting failed, it says so and asks for the message to be removed."""
    text = render_text(engine.secret_notice(KEY, deleted=False), "plain")
    assert "could not delete" in text and "admin" in text
    assert "private key" in text


def test_notices_render_for_every_platform(engine):
    """Telegram HTML, Discord markdown and console text render, and carry only allowed links."""
    asked = engine.ask("my private key is 0x" + "5a" * 32)
    for reply in (engine.secret_notice(PHRASE, True), engine.key_reminder(), asked):
        html = render_text(reply, "html")
        title, body, footer = render_parts(reply, "markdown")
        assert html and title and body and footer
        assert all(engine.content.link_allowed(link.url) for link in reply.links)


def test_secret_notices_never_hold_the_phrase(engine, quiet_phrase):
    """Whatever the status, no notice contains any word of the phrase that triggered it."""
    finding = scan(" ".join(quiet_phrase))
    assert finding == PHRASE
    for deleted, can in ((True, True), (False, True), (False, False)):
        reply = engine.secret_notice(finding, deleted, can)
        for fmt in ("plain", "html", "markdown"):
            assert leaked(quiet_phrase, render_text(reply, fmt)) == []


def test_key_reminder_is_gentle(engine):
    """The reminder explains nothing was deleted and that a key must never be posted."""
    reply = engine.key_reminder()
    text = render_text(reply, "plain")
    assert (reply.kind, reply.decision) == ("warning", "remind")
    assert "transaction hash" in text and "private key must never be posted" in text
    assert "left it alone" in text


def test_link_notice_names_the_real_site(engine, allowed):
    """A lookalike gets a short note naming the real domain and its official https address."""
    finding = scan("https://metarnask.io/connect", allowed, link_guard=True)
    reply = engine.link_notice(finding)
    text = render_text(reply, "plain")
    assert "imitates metamask.io" in text and "https://metamask.io" in text
    assert "metarnask" not in text
    assert engine.content.link_allowed("https://metamask.io")


def test_link_notice_for_a_path_rule_links_the_allowed_prefix(engine, allowed):
    """An imitation of github.com points at the allowed github.com/bnb-chain, which passes the link policy."""
    reply = engine.link_notice(scan("githbu.com", allowed, link_guard=True))
    text = render_text(reply, "plain")
    assert "imitates github.com" in text and "https://github.com/bnb-chain" in text


def test_link_notice_never_carries_a_link_outside_content(engine):
    """A finding that names a domain the content does not allow yields a generic note with no link."""
    reply = engine.link_notice(Finding("lookalike-link", "link", "evil.example"))
    text = render_text(reply, "plain")
    assert "evil" not in text and "http" not in text and not reply.links


def test_modlog_line_is_one_plain_line():
    """The mod-log line says where, who and which rule, on one line, whatever the names hold."""
    line = format_modlog("telegram", "Support\nchat", "@alice\r\n@admin fake line", "recovery-phrase", "deleted")
    assert "\n" not in line and "\r" not in line
    assert line.startswith("telegram") and "Support chat" in line and "@alice" in line
    assert "recovery-phrase" in line and "deleted" in line
    assert len(format_modlog("discord", "x" * 5000, 1, "private-key")) < 300
