"""The record and "Did this help?" on Discord, with a real SQLite store (no database mocks)."""
from __future__ import annotations

import pytest
from fake_discord import ALICE, BOB, MOD, SUPPORT_ID, guild, interaction, message, slash
from leak_samples import leak
from sqlalchemy import select

from bot.core.access import Access
from bot.core.engine import Engine
from bot.core.feedback import ALREADY, ASK_WHY, THANKS, THANKS_REASON
from bot.storage.models import Interaction, Vote

QUESTION = "withdraw USDT from Binance to MetaMask, which network?"
UNANSWERED = "banana *smoothie* @everyone recipe"


@pytest.fixture
def engine(fresh_engine):
    """This module's bots get a fresh engine: recording switches feedback on in it."""
    return fresh_engine


@pytest.fixture
def recording(discord_env, recorder):
    """Builds a bot that records, with MOD as the deployment's operator (a new one: a restart)."""
    operators = Access(operators=frozenset({("discord", MOD["id"])}))
    return lambda **options: discord_env.bot(recorder=recorder, access=operators, **options)


def rows(recorder, store) -> list[Interaction]:
    """Every interaction recorded so far, oldest first (after the background writes are done)."""
    assert recorder.flush()
    with store.session() as s:
        return list(s.scalars(select(Interaction).order_by(Interaction.id)))


def votes(store) -> list[tuple[bool, str | None]]:
    with store.session() as s:
        return [(v.helped, v.reason) for v in s.scalars(select(Vote).order_by(Vote.id))]


async def asked(discord_env, client):
    """Alice runs /bnb-route with QUESTION; the message Discord now holds."""
    sent = await discord_env.command(client, "bnb-route", question=QUESTION)
    return discord_env.fake.message_for(sent)


def of(sent, kind: str):
    """The one request of `kind`: "callback", "edit" (of the original message) or "followup"."""
    paths = {"callback": lambda s: s.path.endswith("/callback"),
             "edit": lambda s: s.method == "PATCH" and s.path.endswith("/messages/@original"),
             "followup": lambda s: s.method == "POST" and s.path.startswith("/webhooks/")}
    found = [s for s in sent if paths[kind](s)]
    assert len(found) == 1, [(s.method, s.path) for s in sent]
    return found[0]


async def test_discord_answer_is_recorded_with_decision_and_entry(discord_env, recording, engine, recorder, store):
    """/bnb-route's question is stored with the decision, entry, score and text; the channel id hashed."""
    expected = engine.ask(QUESTION)
    await asked(discord_env, await recording())
    [row] = rows(recorder, store)
    assert (row.platform, row.source, row.decision, row.entry) == ("discord", "question", "answer", expected.node)
    assert row.question == QUESTION and row.score is not None and row.message is not None
    assert "700000000000000001" not in row.chat


async def test_discord_presses_and_picks_add_to_the_route(discord_env, recording, recorder, store):
    """The asker's presses extend the answer's route; an autocomplete pick is a choice, not a question;
    the empty menu is no question at all."""
    client = await recording()
    msg = await asked(discord_env, client)
    await discord_env.press(client, msg, "bnbroute:go:exchange-wallet", who=ALICE)
    await discord_env.command(client, "bnb-route", question="gas-fees")
    await discord_env.command(client, "bnb-route")
    asked_row, pressed, picked = rows(recorder, store)
    assert (pressed.source, pressed.decision, pressed.message) == ("button", "open", asked_row.message)
    assert pressed.route == f"{asked_row.route}>exchange-wallet"
    assert (picked.source, picked.entry, picked.question) == ("button", "gas-fees", None)


async def test_discord_secret_and_support_channel_questions(discord_env, recording, recorder, store):
    """A phrase in /bnb-route is counted as a secret with no text; a support-channel answer is recorded
    with its question."""
    client = await recording(support_channels=[SUPPORT_ID])
    client._connection.parse_guild_create(guild(bot_can_manage_messages=True))
    sent = await discord_env.command(client, "bnb-route", question=leak("inside a longer message", ()).text)
    assert sent.ephemeral
    await discord_env.post(client, message(QUESTION, author=BOB))
    secret, support = rows(recorder, store)
    assert (secret.decision, secret.question, secret.route, secret.entry) == ("secret", None, None, None)
    assert (support.decision, support.question) == ("answer", QUESTION)


async def test_discord_answers_carry_feedback_buttons(discord_env, recording, engine):
    """Under an answer: 👍 / 👎 buttons with the entry in their ids; none under the menu."""
    client = await recording()
    sent = await discord_env.command(client, "bnb-route", question=QUESTION)
    entry = engine.ask(QUESTION).node
    assert [f"bnbroute:fb:{entry}:y", f"bnbroute:fb:{entry}:n"] == sent.custom_ids[-2:]
    assert sent.labels[-2:] == ["👍 Helped", "👎 Didn't help"] and sent.rows <= 5
    menu = await discord_env.command(client, "bnb-route")
    assert not any(":fb:" in cid for cid in menu.custom_ids)


async def test_discord_votes_count_once_per_person_and_survive_a_restart(discord_env, recording, engine, store):
    """The asker's 👍 updates the buttons (not the embed) and thanks her privately; her second press only
    says she voted; after a restart another member's 👍 counts too."""
    msg = await asked(discord_env, await recording())
    entry = engine.ask(QUESTION).node
    sent = await discord_env.press(await recording(), msg, f"bnbroute:fb:{entry}:y", who=ALICE)
    assert of(sent, "callback").type == 6  # acknowledged before the database is asked
    edit = of(sent, "edit")
    assert "embeds" not in edit.json and "content" not in edit.json  # the answer itself is left alone
    assert edit.labels[-2:] == ["👍 Helped · 1", "👎 Didn't help"]
    followup = of(sent, "followup")
    assert followup.ephemeral and followup.body["content"] == THANKS

    client = await recording()
    sent = await discord_env.press(client, msg, f"bnbroute:fb:{entry}:y", who=ALICE)
    assert of(sent, "followup").body["content"] == ALREADY and not any(s.method == "PATCH" for s in sent)

    sent = await discord_env.press(client, msg, f"bnbroute:fb:{entry}:y", who=BOB)
    assert of(sent, "edit").labels[-2:] == ["👍 Helped · 2", "👎 Didn't help"]
    assert votes(store) == [(True, None), (True, None)]


async def test_discord_no_vote_offers_reasons(discord_env, recording, engine, store):
    """👎 asks why and adds the two reasons to the message's buttons; a reason is then added to that vote."""
    client = await recording()
    msg = await asked(discord_env, client)
    entry = engine.ask(QUESTION).node
    sent = await discord_env.press(client, msg, f"bnbroute:fb:{entry}:n", who=BOB)
    assert of(sent, "followup").body["content"] == ASK_WHY
    ids = [c["custom_id"] for row in msg["components"] for c in row["components"]]
    assert f"bnbroute:fb:{entry}:wrong" in ids and f"bnbroute:fb:{entry}:unsolved" in ids
    assert all(len(row["components"]) <= 5 for row in msg["components"]) and len(msg["components"]) <= 5
    sent = await discord_env.press(client, msg, f"bnbroute:fb:{entry}:wrong", who=BOB)
    assert of(sent, "followup").body["content"] == THANKS_REASON
    assert votes(store) == [(False, "wrong")]


async def test_discord_stats_for_operators_only(discord_env, recording, recorder):
    """/bnb-route-stats shows an operator the unanswered questions, escaped, privately; anyone else is
    told privately that it is not for them."""
    client = await recording()
    await discord_env.command(client, "bnb-route", question=UNANSWERED)
    assert recorder.flush()
    refused = await discord_env.command(client, "bnb-route-stats", who=ALICE)
    assert refused.type == 4 and refused.ephemeral and "operators" in refused.body["content"]
    sent = await discord_env.interact(client, interaction(2, slash("bnb-route-stats"), who=MOD))
    assert of(sent, "callback").type == 5 and of(sent, "callback").ephemeral
    shown = of(sent, "followup")
    assert shown.ephemeral and shown.body["allowed_mentions"]["parse"] == []
    assert r"banana \*smoothie\* \@everyone recipe" in shown.embed["description"]
    assert len(shown.embed["description"]) <= 4096


async def test_discord_help_says_what_is_kept(discord_env, recording, engine):
    """/bnb-help states the record and its retention when recording; without a recorder, that nothing is kept."""
    recorded = await discord_env.command(await recording(), "bnb-help")
    assert "records, for 90 days, the questions" in recorded.text()
    unrecorded = Engine(engine.content, matcher=engine.matcher, guard=engine.guard)
    plain = await discord_env.command(await discord_env.bot(engine=unrecorded), "bnb-help")
    assert "Questions and messages are not kept" in plain.text() and "records, for" not in plain.text()
