"""Logs: JSON or text lines, one per update with its decision, never a token or a raw user id."""
from __future__ import annotations

import asyncio
import json
import logging

from ops_support import TG_TOKEN, telegram_fakes

from bot.ops.logs import configure_logging
from bot.ops.update_log import UpdateLog, chat_hasher, chat_label

USER_ID = 7770012345


def _lines(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line]


def test_ops_json_lines_parse_and_hide_tokens_and_user_ids(capsys):
    """LOG_FORMAT=json: every line is one JSON object; tokens and chat ids named in a line are gone."""
    configure_logging("DEBUG", "json", [TG_TOKEN])
    log = logging.getLogger("bot.platforms.telegram.conversation")
    log.info("answered in chat %s: %s", USER_ID, "answer")
    logging.getLogger("httpx").warning("POST https://api.telegram.org/bot%s/sendMessage failed", TG_TOKEN)
    try:
        raise RuntimeError(f"Bot API said no to bot{TG_TOKEN}")
    except RuntimeError:
        log.exception("unexpected error in chat %s", USER_ID)
    entries = [json.loads(line) for line in _lines(capsys)]
    assert [e["level"] for e in entries] == ["INFO", "WARNING", "ERROR"]
    assert entries[0]["message"] == f"answered in chat {chat_label('telegram', USER_ID)}: answer"
    assert "[token]" in entries[1]["message"] and "RuntimeError" in entries[2]["exc"]
    text = json.dumps(entries)
    assert TG_TOKEN not in text and TG_TOKEN.split(":")[1] not in text and str(USER_ID) not in text


def test_ops_update_line_carries_id_platform_chat_decision_duration(capsys):
    """One line per update: its id, platform, the chat's keyed hash, what was decided, how long it took."""
    configure_logging("INFO", "json")
    update_log = UpdateLog(chat_hasher(key="k1"))
    outcome = update_log.begin("telegram", 41, USER_ID)
    update_log.end(outcome)
    [entry] = [json.loads(line) for line in _lines(capsys)]
    assert entry["update_id"] == 41 and entry["platform"] == "telegram" and entry["decision"] == "ignored"
    assert entry["chat"] == chat_hasher(key="k1")("telegram", USER_ID) != chat_hasher(key="k2")("telegram", USER_ID)
    assert entry["duration_ms"] >= 0 and str(USER_ID) not in json.dumps(entry)


async def test_ops_telegram_updates_are_logged_with_what_the_bot_decided(engine, telegram_app):
    """Through the Application's own update queue: an addressed question is 'answer', chit-chat
    nobody addressed is 'ignored', and a stale button 'stale'."""
    seen = []
    all_three = asyncio.Event()
    update_log = UpdateLog(chat_hasher(key="k"))
    update_log.listeners.append(lambda outcome: (seen.append(outcome), len(seen) == 3 and all_three.set()))
    tg = await telegram_app(engine, update_log=update_log)
    feed = [tg.message("@bnbroute_bot how do I withdraw USDT from Binance to MetaMask?", chat=tg.group),
            tg.message("lol nice weather", chat=tg.group)]
    answer_update = feed[0]
    await tg.app.start()
    try:
        for payload in feed:
            await tg.app.update_queue.put(telegram_fakes.Update.de_json(payload, tg.app.bot))
        await tg.api.wait_for("sendMessage")
        answer = tg.bot_message(tg.api.calls_of("sendMessage")[0])
        await tg.app.update_queue.put(telegram_fakes.Update.de_json(tg.press(answer, "go:gone"), tg.app.bot))
        await asyncio.wait_for(all_three.wait(), 30)
    finally:
        await tg.app.stop()
    decisions = {o.update_id: o.decision for o in seen}
    assert decisions[answer_update["update_id"]] == "answer"
    assert decisions[feed[1]["update_id"]] == "ignored"
    assert sorted(decisions.values()) == ["answer", "ignored", "stale"]


def test_ops_text_lines_hide_the_token_in_messages_and_tracebacks(capsys):
    """LOG_FORMAT=text: a token quoted by a message or by an exception shows as [token]."""
    configure_logging("INFO", "text", [TG_TOKEN])
    try:
        raise ValueError(f"bad header Bot {TG_TOKEN}")
    except ValueError:
        logging.getLogger("bnb_route.test").exception("token %s", TG_TOKEN)
    text = capsys.readouterr().err
    assert "ValueError: bad header Bot [token]" in text and "token [token]" in text
    assert TG_TOKEN not in text and TG_TOKEN.split(":")[1] not in text


def test_ops_token_secret_part_alone_is_redacted(capsys):
    """An API error quoting only the part of the token after the colon shows '[token]' instead."""
    configure_logging("INFO", "text", [TG_TOKEN])
    tail = TG_TOKEN.split(":", 1)[1]
    logging.getLogger("telegram.ext.Updater").warning("Unauthorized: token %s is not valid", tail)
    text = capsys.readouterr().err
    assert "[token]" in text and tail not in text


async def test_ops_guarded_update_is_logged_as_secret(engine, telegram_app):
    """A leaked phrase the guard deleted: the update's line says 'secret', as the record does."""
    from mnemonic import Mnemonic

    seen = []
    update_log = UpdateLog(chat_hasher(key="k"))
    update_log.listeners.append(seen.append)
    tg = await telegram_app(engine, update_log=update_log)
    phrase = Mnemonic("english").to_mnemonic(bytes(range(16)))
    leak = tg.message(f"my wallet words are {phrase}", chat=tg.group, user=tg.bob)
    await tg.app.start()
    try:
        await tg.app.update_queue.put(telegram_fakes.Update.de_json(leak, tg.app.bot))
        await tg.api.wait_for("deleteMessage")
        async with asyncio.timeout(30):
            while not seen:
                await asyncio.sleep(0.01)
    finally:
        await tg.app.stop()
    assert [o.decision for o in seen] == ["secret"]


def test_ops_unexpected_handler_error_logs_no_raw_values(caplog):
    """An error raised while reading an update (a wrongly typed field) is logged by class and
    place, never with its text (which may quote the update's values)."""
    from types import SimpleNamespace

    from bot.platforms.telegram.handlers import on_error

    try:
        int("my seed words")
    except ValueError as exc:
        error = exc
    asyncio.run(on_error(None, SimpleNamespace(error=error)))
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "ValueError at test_ops_logging.py" in record.getMessage()
    assert record.exc_info is None and "seed words" not in caplog.text
