"""/bnb-route and /bnb-help as a user sees them: embeds, buttons, privacy, autocomplete."""
from __future__ import annotations

from fake_discord import LEAKED_PHRASE, interaction, question_in_band, slash

from bot.core.render import render_parts

ANSWER_QUESTION = "withdraw USDT from Binance to MetaMask, which network?"


def assert_fits_discord(sent) -> None:
    """Within Discord's limits: 5 rows of 5 buttons, labels 80, ids 100, embed sizes."""
    assert sent.rows <= 5
    assert all(len(row["components"]) <= 5 for row in sent.body.get("components") or [])
    assert all(len(label) <= 80 for label in sent.labels)
    assert all(len(cid) <= 100 for cid in sent.custom_ids)
    e = sent.embed
    assert len(e.get("title", "")) <= 256 and len(e.get("description", "")) <= 4096
    assert all(len(f["value"]) <= 1024 for f in e.get("fields", []))


async def test_question_gets_the_answer_embed_with_buttons(discord_env, bot, engine):
    """A question in the answer band: the entry's title, answer, links and safety line, plus route buttons."""
    expected = engine.ask(ANSWER_QUESTION)
    assert expected.decision == "answer"
    sent = await discord_env.command(bot, "bnb-route", question=ANSWER_QUESTION)
    assert sent.type == 4 and not sent.ephemeral
    assert sent.embed["title"] == render_parts(expected, "markdown")[0]
    assert "Official links" in sent.embed["description"]
    assert sent.embed["footer"]["text"] == "🛡 " + engine.content.safety_line
    assert f"bnbroute:go:{engine.parent(expected.node)}" in sent.custom_ids  # Back
    assert "bnbroute:go:start" in sent.custom_ids  # Start over
    assert all(cid.startswith("bnbroute:go:") for cid in sent.custom_ids)
    assert sent.body["allowed_mentions"]["parse"] == []
    assert_fits_discord(sent)


async def test_no_question_shows_the_start_menu_packed_into_five_rows(discord_env, bot, engine):
    """Without a question: the start menu, all seven options, packed into at most five rows."""
    sent = await discord_env.command(bot, "bnb-route")
    start = engine.content.menus["start"]
    assert sent.embed["title"] == start.title
    assert sent.custom_ids == [f"bnbroute:go:{o}" for o in start.options]
    assert 1 < sent.rows <= 5
    assert "fields" not in sent.embed  # nothing to echo


async def test_private_option_makes_the_answer_ephemeral(discord_env, bot):
    """private:true: the answer is only shown to the person who asked (flags 64)."""
    sent = await discord_env.command(bot, "bnb-route", question=ANSWER_QUESTION, private=True)
    assert sent.type == 4 and sent.ephemeral
    assert sent.custom_ids


async def test_question_equal_to_an_entry_id_opens_that_entry(discord_env, bot, engine):
    """An autocomplete pick arrives as the entry id and opens exactly that entry, not echoed."""
    sent = await discord_env.command(bot, "bnb-route", question="gas-fees")
    assert sent.embed["title"] == engine.content.entries["gas-fees"].title
    assert "fields" not in sent.embed


async def test_ambiguous_question_asks_which_one(discord_env, bot, engine):
    """The clarify band: 'Which of these is it?' with a button per candidate and a way out."""
    question = question_in_band(engine, "clarify")
    sent = await discord_env.command(bot, "bnb-route", question=question)
    assert sent.embed["title"] == "Which of these is it?"
    assert len(sent.custom_ids) >= 3 and sent.custom_ids[-1] == "bnbroute:go:start"


async def test_unknown_question_shows_the_menu_with_a_note(discord_env, bot):
    """The none band, off-topic: one line on what the bot helps with, and the start menu."""
    sent = await discord_env.command(bot, "bnb-route", question="what a lovely sunny day for a picnic")
    assert "I can only help with Binance and BNB Chain questions" in sent.embed["description"]
    assert "bnbroute:go:exchange-wallet" in sent.custom_ids


async def test_question_is_echoed_escaped_and_never_pings(discord_env, bot):
    """Mentions and markdown in a question are shown literally and nothing may ping."""
    question = "@everyone <@&123456789012345678> **help** withdraw to metamask `network`?"
    sent = await discord_env.command(bot, "bnb-route", question=question)
    echoed = sent.embed["fields"][0]["value"]
    assert "\\@everyone" in echoed and "\\<\\@&123456789012345678\\>" in echoed
    assert "\\*\\*help\\*\\*" in echoed and "\\`network\\`" in echoed
    assert sent.body["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in (sent.body.get("content") or "")


async def test_a_100kb_question_is_cut_to_fit(discord_env, bot):
    """A 100 kB question still gets an answer; the echo is cut short with an ellipsis."""
    sent = await discord_env.command(bot, "bnb-route", question="withdraw bnb to metamask " * 4000)
    echoed = sent.embed["fields"][0]["value"]
    assert echoed.endswith("…") and len(echoed) <= 1024
    assert_fits_discord(sent)


async def test_secret_in_question_gets_a_private_warning_and_no_echo(discord_env, bot):
    """A recovery phrase in the question: the engine's advice, privately; the words never sent back."""
    sent = await discord_env.command(bot, "bnb-route", question=f"is this ok {LEAKED_PHRASE}")
    assert sent.type == 4 and sent.ephemeral
    assert "recovery phrase" in sent.embed["title"]
    assert "hollow" not in str(sent.json)
    assert not sent.custom_ids


async def test_autocomplete_suggests_matching_entries_by_id(discord_env, bot, engine):
    """Typing 'withd' suggests the withdraw entry first; values are entry ids, at most 25."""
    payload = interaction(4, slash("bnb-route", question="withd", focused="question"))
    [sent] = await discord_env.interact(bot, payload)
    choices = sent.json["data"]["choices"]
    assert sent.type == 8
    assert choices[0] == {"name": "Withdraw from Binance to MetaMask", "value": "withdraw-from-exchange"}
    assert all(c["value"] in engine.content.entries for c in choices)


async def test_autocomplete_with_nothing_typed_lists_entries_within_limits(discord_env, bot, engine):
    """An empty field lists entries, never more than Discord's 25, names within 100 characters."""
    payload = interaction(4, slash("bnb-route", question="", focused="question"))
    [sent] = await discord_env.interact(bot, payload)
    choices = sent.json["data"]["choices"]
    assert 0 < len(choices) <= 25
    assert {c["value"] for c in choices} <= set(engine.content.entries)
    assert all(len(c["name"]) <= 100 for c in choices)


async def test_help_lists_commands_and_what_is_stored(discord_env, bot, engine):
    """/bnb-help says what the bot does, lists its commands and what it keeps, with a menu button."""
    sent = await discord_env.command(bot, "bnb-help")
    names = [f["name"] for f in sent.embed["fields"]]
    assert names == ["Commands", "What it stores"]
    assert "/bnb-route" in sent.embed["fields"][0]["value"] and "/warn" in sent.embed["fields"][0]["value"]
    assert sent.custom_ids == ["bnbroute:go:start"]
    assert sent.embed["footer"]["text"].endswith(engine.content.safety_line)
