"""Hot reload: good content swaps the engine everywhere at once, bad content changes nothing
and says why (FILE:LINE), old buttons stay polite, operators reload from the chat."""
from __future__ import annotations

import asyncio

from ops_support import CONTENT_OK, EXTRA_ID, EXTRA_QUESTION, break_content, remove_extra_entry, telegram_fakes

from bot.app.cli import load_engine
from bot.core.access import OPERATORS_ONLY, Access
from bot.ops.reload import EngineHolder, watch_content
from bot.platforms.discord.notices import EXPIRED
from bot.platforms.telegram import texts

ALICE, BOB = telegram_fakes.ALICE, telegram_fakes.BOB


def _holder(content_dir):
    return EngineHolder(load_engine(content_dir), content_dir)


def test_ops_reload_good_content_swaps_the_engine(extra_content):
    """After the entry is removed and the content reloaded, its question no longer gets it."""
    holder = _holder(extra_content)
    holder.configure(feedback=True, record_notice="We keep things for 90 days.")
    before = holder.engine
    assert holder.engine.ask(EXTRA_QUESTION).node == EXTRA_ID
    remove_extra_entry(extra_content)
    result = holder.reload()
    assert result.ok and result.text().startswith(f"Reloaded the content: {CONTENT_OK}")
    assert holder.engine is not before
    assert holder.engine.ask(EXTRA_QUESTION).node != EXTRA_ID
    # the deployment's switches survive a reload
    assert holder.engine.feedback and holder.engine.record_notice == "We keep things for 90 days."


def test_ops_reload_bad_content_keeps_the_last_good_engine(extra_content):
    """Invalid content: nothing changes, and the problem comes back as FILE:LINE: message."""
    holder = _holder(extra_content)
    before = holder.engine
    expected = break_content(extra_content)
    result = holder.reload()
    assert not result.ok and expected in result.problems
    assert result.text().splitlines()[0] == ("Content NOT reloaded (1 problem(s)); "
                                             "still using the previous content:")
    assert holder.engine is before and holder.engine.ask(EXTRA_QUESTION).node == EXTRA_ID


async def test_ops_telegram_old_button_of_a_removed_entry_answers_politely(extra_content, telegram_app):
    """A button to an entry removed by a reload shows a short alert; other buttons keep working."""
    holder = _holder(extra_content)
    tg = await telegram_app(holder)
    private = tg.private(ALICE)
    menu = tg.bot_message((await tg.feed(tg.message("/start", chat=private)))[-1])
    assert [f"go:{EXTRA_ID}"] in tg.keyboard(tg.api.calls_of("sendMessage")[-1])
    remove_extra_entry(extra_content)
    assert (await holder.reload_async()).ok
    calls = await tg.feed(tg.press(menu, f"go:{EXTRA_ID}", user=ALICE))
    assert tg.actions(calls) == ["answerCallbackQuery"]
    assert calls[0].params["text"] == texts.STALE_BUTTON and calls[0].params["show_alert"]
    calls = await tg.feed(tg.press(menu, "go:gas-fees", user=ALICE))
    assert tg.actions(calls) == ["answerCallbackQuery", "editMessageText"]


async def test_ops_telegram_reload_command_for_operators_only(extra_content, telegram_app):
    """/reload from an operator reloads and replies (problems as FILE:LINE); from anyone else, nothing."""
    holder = _holder(extra_content)
    tg = await telegram_app(holder, access=Access(operators=frozenset({("telegram", str(ALICE["id"]))})))
    expected = break_content(extra_content)
    calls = await tg.feed(tg.message("/reload", user=BOB, chat=tg.group))
    assert tg.actions(calls) == []
    calls = await tg.feed(tg.message("/reload", user=ALICE, chat=tg.private(ALICE)))
    [reply] = [c for c in calls if c.method == "sendMessage"]
    assert "Content NOT reloaded" in reply.params["text"] and expected in reply.params["text"]
    routes = extra_content / "routes.yaml"
    routes.write_text(routes.read_text().replace("[no-such-entry, ", "["))
    remove_extra_entry(extra_content)
    calls = await tg.feed(tg.message("/reload", user=ALICE, chat=tg.group))
    [reply] = [c for c in calls if c.method == "sendMessage"]
    assert reply.params["text"].startswith(f"Reloaded the content: {CONTENT_OK}")
    assert holder.engine.ask(EXTRA_QUESTION).node != EXTRA_ID


async def test_ops_discord_reload_command_and_stale_buttons(extra_content, discord_bots, fake):
    """/bnb-route-reload: operators get the result privately, others a polite no; a removed entry's button expires."""
    from fake_discord import ALICE as D_ALICE
    from fake_discord import BOB as D_BOB

    holder = _holder(extra_content)
    client = await discord_bots.bot(engine=holder, access=Access(operators=frozenset({(None, D_ALICE["id"])})))
    sent = await discord_bots.command(client, "bnb-route", question=EXTRA_ID)
    answer = fake.message_for(sent)
    refused = await discord_bots.command(client, "bnb-route-reload", who=D_BOB)
    assert refused.ephemeral and refused.body["content"] == OPERATORS_ONLY
    remove_extra_entry(extra_content)
    fake.clear()
    await discord_bots.interact(client, discord_bots_interaction("bnb-route-reload", D_ALICE))
    [followup] = [s for s in fake.sent if s.method == "POST" and s.path.startswith("/webhooks/")]
    assert followup.ephemeral and followup.body["content"].startswith("Reloaded the content")
    assert client.engine is holder.engine and holder.engine.open(EXTRA_ID) is None
    # the old answer's "Start over" still works; a button to the removed entry says it expired
    fake.clear()
    [press] = await discord_bots.press(client, answer, "bnbroute:go:start")
    assert press.type == 7
    fake.clear()
    await discord_bots.press(client, answer | {"components": [{"type": 1, "components": [
        {"type": 2, "style": 2, "label": "x", "custom_id": f"bnbroute:go:{EXTRA_ID}"}]}]},
        f"bnbroute:go:{EXTRA_ID}")
    assert fake.only_callback().body["content"] == EXPIRED


def discord_bots_interaction(name, who):
    from fake_discord import interaction, slash

    return interaction(2, slash(name), who=who)


async def test_ops_file_watch_reloads_when_content_changes(extra_content):
    """With the watch on, editing a content file reloads it without a signal or a command."""
    holder = _holder(extra_content)
    results: asyncio.Queue = asyncio.Queue()
    holder.listeners.append(results.put_nowait)
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch_content(holder, stop, every=0.05))
    try:
        await asyncio.sleep(0.2)  # let the watch take its first look (no timing is asserted)
        remove_extra_entry(extra_content)
        result = await asyncio.wait_for(results.get(), 30)
    finally:
        stop.set()
        await watcher
    assert result.ok and holder.engine.open(EXTRA_ID) is None
