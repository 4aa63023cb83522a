"""Fixtures for the safety guard: seeded recovery phrases, keys and the real allowed domains."""
from __future__ import annotations

import pytest
from safety_samples import phrase_avoiding, seeded_phrase


@pytest.fixture(scope="session")
def allowed(content):
    """The allowed link rules from the real content (links.yaml)."""
    return content.allowed_links


@pytest.fixture(scope="session")
def bot_vocabulary(content, engine):
    """Everything the bot itself may say: content, menus, notices, console banner."""
    from bot.core.render import render_text
    from bot.platforms.console import BANNER, HIDDEN_ECHO, HIDDEN_WORDS
    from bot.safety import Finding

    texts = [BANNER, HIDDEN_ECHO, HIDDEN_WORDS, "Bye. Stay safe: nobody legitimate will ever ask for your recovery phrase.",
             # what `ask` prints around an answer, JSON keys included
             "question entry decision score candidates secret none answer clarify",
             "decision: secret (a recovery phrase or key was found; it is not shown or kept)"]
    from bot.core.engine import CLARIFY_TEXT, CLARIFY_TITLE, NONE_TEXT

    nodes = [engine.open(n) for n in [*content.menus, *content.entries]]
    texts += [render_text(r, "plain") for r in nodes]
    texts += [b.label for r in nodes for row in r.buttons for b in row]
    texts += [CLARIFY_TITLE, CLARIFY_TEXT, NONE_TEXT]
    texts += [render_text(engine.help(), "plain"), render_text(engine.key_reminder(), "plain")]
    for rule in ("recovery-phrase", "private-key"):
        finding = Finding(rule, "delete")
        for deleted, can in ((True, True), (False, True), (False, False)):
            texts.append(render_text(engine.secret_notice(finding, deleted, can), "plain"))
    texts += [render_text(engine.ask(q), "plain") for q in ("", "hello", "help", "my pk 0x" + "5a" * 32,
                                                              " ".join(seeded_phrase(0)))]
    return texts


@pytest.fixture(scope="session")
def quiet_phrase(bot_vocabulary):
    """A valid 12-word phrase that shares no word with anything the bot says."""
    return phrase_avoiding(bot_vocabulary, seed=11)
