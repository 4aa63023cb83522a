"""Route buttons: who may move a message along, restarts, forged ids, Back and Start over."""
from __future__ import annotations

from fake_discord import ALICE, BOB

from bot.core.engine import Button, Reply
from bot.platforms.discord.buttons import pack_rows

QUESTION = "withdraw USDT from Binance to MetaMask, which network?"


async def asked(discord_env, client, **options):
    """Alice runs /bnb-route; the message Discord now holds."""
    sent = await discord_env.command(client, "bnb-route", question=QUESTION, **options)
    return discord_env.fake.message_for(sent)


async def test_invoker_press_after_restart_edits_the_message(discord_env, engine):
    """After a restart, the asker's press updates her message in place (type 7) to the new step."""
    msg = await asked(discord_env, await discord_env.bot())
    restarted = await discord_env.bot()
    [sent] = await discord_env.press(restarted, msg, "bnbroute:go:exchange-wallet", who=ALICE)
    assert sent.type == 7
    assert sent.embed["title"] == engine.content.menus["exchange-wallet"].title
    assert "bnbroute:go:withdraw-from-exchange" in sent.custom_ids
    assert sent.body["allowed_mentions"] == {"parse": []}


async def test_someone_elses_press_opens_a_private_copy(discord_env, engine):
    """Bob pressing Alice's button gets the step privately (type 4, flags 64); her message stays."""
    msg = await asked(discord_env, await discord_env.bot())
    restarted = await discord_env.bot()
    [sent] = await discord_env.press(restarted, msg, "bnbroute:go:gas-fees", who=BOB)
    assert sent.type == 4 and sent.ephemeral
    assert sent.embed["title"] == engine.content.entries["gas-fees"].title
    assert sent.custom_ids  # Bob can keep exploring from his copy


async def test_press_on_a_private_copy_edits_it_for_its_owner(discord_env, engine):
    """Bob's own private copy is his to steer: his next press there edits it."""
    client = await discord_env.bot()
    msg = await asked(discord_env, client)
    [copy] = await discord_env.press(client, msg, "bnbroute:go:gas-fees", who=BOB)
    [sent] = await discord_env.press(client, discord_env.fake.message_for(copy), "bnbroute:go:start", who=BOB)
    assert sent.type == 7
    assert sent.embed["title"] == engine.content.menus["start"].title


async def test_forged_node_in_a_button_id_gets_an_expired_notice(discord_env, bot):
    """A custom_id naming no node: a private 'expired' notice, and the message is not edited."""
    msg = await asked(discord_env, bot)
    forged = "bnbroute:go:no-such-entry"
    msg["components"][0]["components"][0]["custom_id"] = forged
    [sent] = await discord_env.press(bot, msg, forged, who=ALICE)
    assert sent.type == 4 and sent.ephemeral
    assert "expired" in sent.body["content"]


async def test_foreign_or_absent_button_ids_get_an_expired_notice(discord_env, bot):
    """Ids outside our namespace, or not on the message at all, never go unanswered or edit anything."""
    msg = await asked(discord_env, bot)
    for custom_id in ("other-app:thing", "bnbroute:go:start-not-on-message", "bnbroute:evil", "x" * 100):
        [sent] = await discord_env.press(bot, msg, custom_id, who=ALICE)
        assert sent.type == 4 and sent.ephemeral, custom_id
        assert "expired" in sent.body["content"]


async def test_every_step_has_back_and_start_over(discord_env, bot, engine):
    """Walking every menu and entry by button: each step but the start offers Back and Start over."""
    msg = await asked(discord_env, bot)
    for node in [*engine.content.menus, *engine.content.entries]:
        if node == "start":
            continue
        msg["components"][0]["components"][0]["custom_id"] = f"bnbroute:go:{node}"
        [sent] = await discord_env.press(bot, msg, f"bnbroute:go:{node}", who=ALICE)
        assert sent.type == 7, node
        labels = dict(zip(sent.custom_ids, sent.labels))
        assert labels.get("bnbroute:go:start") == "Start over", node
        assert f"bnbroute:go:{engine.parent(node)}" in sent.custom_ids, node
        assert sent.rows <= 5


async def test_a_press_on_a_message_without_interaction_goes_private(discord_env, bot):
    """When Discord says nothing about who ran the command, nobody can hijack it: ephemeral."""
    msg = await asked(discord_env, bot)
    msg.pop("interaction_metadata")
    [sent] = await discord_env.press(bot, msg, "bnbroute:go:start", who=ALICE)
    assert sent.type == 4 and sent.ephemeral


def test_pack_rows_keeps_engine_rows_when_they_fit():
    """Up to five engine rows stay as they are (navigation keeps its own row)."""
    rows = [(Button("a", "go:a"),), (Button("b", "go:b"),), (Button("Back", "go:x"), Button("Start", "go:start"))]
    assert pack_rows(rows) == [list(r) for r in rows]


def test_pack_rows_merges_short_rows_and_caps_at_25():
    """Seven one-button rows become five rows; 40 buttons are cut to 25 in rows of five."""
    seven = [(Button(str(i), f"go:n{i}"),) for i in range(7)]
    packed = pack_rows(seven)
    assert len(packed) == 5 and [b for r in packed for b in r] == [b for r in seven for b in r]
    many = [tuple(Button(str(i * 8 + j), f"go:n{i}-{j}") for j in range(8)) for i in range(5)]
    packed = pack_rows(many)
    assert len(packed) == 5 and all(len(r) == 5 for r in packed)
    assert [b.label for b in packed[0]] == [str(i) for i in range(5)]


async def test_long_labels_are_cut_to_80_characters():
    """A label over Discord's 80 characters is shortened with an ellipsis, its action intact."""
    from bot.platforms.discord.buttons import route_view

    reply = Reply("menu", "open", "start", "t", buttons=((Button("x" * 120, "go:gas-fees"),),))
    [item] = route_view(reply).children
    assert len(item.item.label) == 80 and item.item.label.endswith("…")
    assert item.custom_id == "bnbroute:go:gas-fees"
