"""Nothing lost, nobody starved: replies survive short Bot API faults and a stop, a busy chat
never holds up another, and an update the library cannot read is skipped."""
from __future__ import annotations

import asyncio
import logging
import time

from telegram import Update

from bot.core.delivery import Outgoing
from bot.ops.settings import TelegramSettings
from bot.platforms.telegram import build_application
from bot.platforms.telegram.app import readable_update
from bot.platforms.telegram.processing import ChatOrderedProcessor
from bot.platforms.telegram.service import TelegramService
from bot.platforms.telegram.state import STATE_KEY
from bot.storage.outbox import OutboxStore

QUESTION = "how do I withdraw USDT from Binance to MetaMask?"
WAIT = 30  # a guard against hanging, not a speed check
MODLOG_CHAT = -1009990001


async def test_telegram_answer_arrives_after_a_short_5xx_fault(tg, api, caplog):
    """sendMessage fails with 500 and then 502: the answer is sent again and arrives once."""
    api.fail_next("sendMessage", 500, "Internal Server Error", times=1)
    calls = await tg.feed(tg.message(f"@bnbroute_bot {QUESTION}"))
    sends = [c for c in calls if c.method == "sendMessage"]
    assert len(sends) == 2 and sends[0].result is None and sends[1].result["text"]
    api.fail_next("sendMessage", 502, "Bad Gateway", times=2)
    calls = await tg.feed(tg.message(QUESTION, chat=tg.private(tg.alice)))
    assert [c.result is not None for c in calls if c.method == "sendMessage"] == [False, False, True]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_telegram_refusal_is_not_retried_nor_called_a_network_error(tg, api, caplog):
    """A 400 "chat not found" is a refusal: tried once, and logged as such (never "network error")."""
    caplog.set_level(logging.INFO)
    api.failures["sendMessage"] = (400, "Bad Request: chat not found")
    await tg.feed(tg.message(QUESTION, chat=tg.private(tg.alice)))
    assert len(api.calls_of("sendMessage")) == 1
    text = caplog.text
    assert "was refused: Chat not found" in text and "network error" not in text
    assert QUESTION not in text


async def test_telegram_mod_log_line_holds_no_update(tg, api, monkeypatch):
    """A mod-log chat that does not take its line yet never holds up the update, nor the
    warning in the group: each waits in its own chat's backlog."""
    state = tg.app.bot_data[STATE_KEY]
    release = asyncio.Event()
    send = state.outbox.send

    async def slow_for_modlog(item):
        if item.kind == "modlog":
            await release.wait()
        return await send(item)

    monkeypatch.setattr(state.outbox, "send", slow_for_modlog)
    monkeypatch.setattr(state, "modlog_chat", MODLOG_CHAT)
    api.admins.add((tg.group["id"], tg.carol["id"]))
    command = tg.message("/warn seed", user=tg.carol)
    await asyncio.wait_for(tg.app.process_update(Update.de_json(command, tg.app.bot)), WAIT)
    warning = await api.wait_for("sendMessage")
    assert warning.params["chat_id"] == tg.group["id"]
    assert not [c for c in api.calls_of("sendMessage") if c.params["chat_id"] == MODLOG_CHAT]
    release.set()
    await state.outbox.settled()
    assert api.calls_of("sendMessage")[-1].params["chat_id"] == MODLOG_CHAT


async def test_telegram_busy_chat_holds_no_slot_another_chat_needs():
    """With more updates waiting in one chat than there are slots, another chat's update still runs."""
    processor = ChatOrderedProcessor(max_concurrent_updates=4)
    gate = asyncio.Event()
    done: list[str] = []

    async def handler(name):
        if name.startswith("busy"):
            await gate.wait()
        done.append(name)

    busy = [asyncio.create_task(processor.process_update(_in_chat(-100, i), handler(f"busy{i}")))
            for i in range(20)]
    await asyncio.sleep(0)
    await asyncio.wait_for(processor.process_update(_in_chat(42, 99), handler("other")), WAIT)
    assert done == ["other"]
    gate.set()
    await asyncio.wait_for(asyncio.gather(*busy), WAIT)
    assert done[1:] == [f"busy{i}" for i in range(20)]  # and the busy chat kept its order


def _in_chat(chat_id: int, n: int) -> Update:
    chat = {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"}
    return Update.de_json({"update_id": n, "message": {"message_id": n, "date": 0, "chat": chat, "text": "q"}},
                          None)


def test_telegram_unreadable_update_is_skipped_by_id_only(caplog):
    """An update whose fields the library cannot read becomes an empty update with its id (so
    polling moves past it), logged once by id, never with its contents."""
    bad = {"update_id": 77, "message": {"message_id": 1, "date": 0, "chat": "not-a-chat",
                                        "text": "my secret words are here"}}
    assert readable_update(bad) == {"update_id": 77}
    good = {"update_id": 78, "message": {"message_id": 2, "date": 0, "chat": {"id": 5, "type": "private"},
                                         "text": "hi"}}
    assert readable_update(good) is good
    assert readable_update({"message": "junk"}) is None
    assert "skipped update 77" in caplog.text
    assert "secret words" not in caplog.text and "not-a-chat" not in caplog.text


async def test_telegram_polling_moves_past_an_unreadable_update(api, engine, updates, caplog):
    """The real service polling: a bad update between two questions is skipped, both are answered."""
    service = TelegramService(build_application(engine, api.token, base_url=api.base_url),
                              TelegramSettings(token=api.token), _health())
    first = updates.message(QUESTION, chat=updates.private(updates.alice))
    bad = {"update_id": first["update_id"] + 1, "message": {"message_id": 9, "date": 0, "chat": 12,
                                                            "text": "leaked words here"}}
    second = updates.message("gas fees on bsc?", chat=updates.private(updates.bob))
    second["update_id"] = bad["update_id"] + 1
    for update in (first, bad, second):
        await api.push_update(update)
    await service.start()
    try:
        await api.wait_for("sendMessage", count=2, timeout=WAIT)
    finally:
        await service.stop(1)
    assert api.calls_of("getUpdates")[-1].params["offset"] == second["update_id"] + 1
    assert caplog.text.count(f"skipped update {bad['update_id']}") == 1
    assert "leaked words" not in caplog.text


async def test_telegram_stop_keeps_unsent_replies_and_the_next_start_sends_them(api, engine, updates, store):
    """Replies still queued when the drain time is up are kept in the database; the next start
    sends them (once), and a reply kept too long ago is dropped instead."""
    kept = OutboxStore(store, max_age=900)
    app = build_application(engine, api.token, base_url=api.base_url)
    service = TelegramService(app, TelegramSettings(token=api.token), _health(), kept)
    await service.start()
    api.failures["sendMessage"] = (500, "Internal Server Error")  # Telegram down: nothing goes out
    chat = updates.private(updates.alice)
    for n in range(3):
        service.outbox.put(Outgoing(chat["id"], f"answer {n}"))
    await service.stop(0.2)
    rows, _ = OutboxStore(store, max_age=900).take("telegram", time.time())
    assert [r.text for r in rows] == ["answer 0", "answer 1", "answer 2"]
    kept.keep("telegram", rows)
    kept.keep("telegram", [Outgoing(chat["id"], "too old", created=time.time() - 3600)])

    del api.failures["sendMessage"]
    sent_before = len(api.calls_of("sendMessage"))
    again = TelegramService(build_application(engine, api.token, base_url=api.base_url),
                            TelegramSettings(token=api.token), _health(), kept)
    await again.start()
    try:
        await again.outbox.settled()
    finally:
        await again.stop(1)
    texts = [c.params["text"] for c in api.calls_of("sendMessage")[sent_before:]]
    assert texts == ["answer 0", "answer 1", "answer 2"]
    assert kept.take("telegram", time.time()) == ([], [])


async def test_telegram_stop_sends_what_it_can_within_the_drain_time(api, engine, updates):
    """A stop with replies queued sends them before exiting when the drain time allows."""
    service = TelegramService(build_application(engine, api.token, base_url=api.base_url),
                              TelegramSettings(token=api.token), _health())
    await service.start()
    chat = updates.private(updates.alice)
    for n in range(3):
        service.outbox.put(Outgoing(chat["id"], f"reply {n}"))
    await service.stop(WAIT)
    assert [c.params["text"] for c in api.calls_of("sendMessage")] == ["reply 0", "reply 1", "reply 2"]


def _health():
    from bot.ops.health import Health

    return Health()

