"""Telegram's flood limits as the deployed bot keeps them: a chat's messages a second apart,
a 429 waited out and the message still delivered."""
from __future__ import annotations

import asyncio

from ops_support import TG_TOKEN

from bot.platforms.telegram import build_application
from bot.platforms.telegram.app import CHAT_PACING_SECONDS

GROUP_ID = -1001000000001
OTHER_GROUP_ID = -1001000000002


async def _app(api, engine):
    app = build_application(engine, TG_TOKEN, base_url=api.base_url, chat_pacing=CHAT_PACING_SECONDS)
    await app.initialize()
    return app


async def test_ops_two_messages_into_one_chat_go_a_second_apart(api, engine):
    """Two answers due in one group at once: both delivered, the second a second after the first
    went through; another chat is not held up."""
    app = await _app(api, engine)
    try:
        await asyncio.gather(app.bot.send_message(GROUP_ID, "one"), app.bot.send_message(GROUP_ID, "two"),
                             app.bot.send_message(OTHER_GROUP_ID, "elsewhere"))
    finally:
        await app.shutdown()
    [first, second] = [t for chat, t in api.send_times if chat == GROUP_ID]
    [elsewhere] = [t for chat, t in api.send_times if chat == OTHER_GROUP_ID]
    assert second - first >= CHAT_PACING_SECONDS
    assert elsewhere < second


async def test_ops_flood_control_is_waited_out_and_the_message_delivered(api, engine):
    """Telegram answering 429 (retry after 1 s): the bot waits as told and sends the message again."""
    api.floods = 1
    app = await _app(api, engine)
    try:
        message = await app.bot.send_message(GROUP_ID, "after the pause")
    finally:
        await app.shutdown()
    assert message.text == "after the pause"
    assert len(api.calls_of("sendMessage")) == 2 and len(api.send_times) == 1
