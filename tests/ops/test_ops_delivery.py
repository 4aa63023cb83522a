"""The outbox: chats never wait for each other, passing faults are retried, refusals are not,
and a stop hands back what is unsent (the message cut off mid-send included)."""
from __future__ import annotations

import asyncio
import logging

from bot.core.delivery import Outgoing
from bot.ops.delivery import Outbox

WAIT = 30  # a guard against hanging, not a speed check


class Flaky(Exception):
    pass


class Refused(Exception):
    pass


def _retry_wait(exc: BaseException) -> float | None:
    return 0.0 if isinstance(exc, Flaky) else None


def _label(platform, chat):
    return f"hash-of-{chat}"


async def test_ops_outbox_one_blocked_chat_never_delays_another():
    """Chat 1's send hangs with 50 replies behind it; chat 2's reply goes out meanwhile."""
    gate = asyncio.Event()
    sent: list[tuple] = []

    async def send(item):
        if item.chat == 1:
            await gate.wait()
        sent.append((item.chat, item.text))
        return item.text

    outbox = Outbox("test", send, _retry_wait, label=_label)
    for n in range(50):
        outbox.put(Outgoing(1, f"busy {n}", key=f"busy {n}"))
    outbox.put(Outgoing(2, "other"))
    async with asyncio.timeout(WAIT):
        while (2, "other") not in sent:
            await asyncio.sleep(0)
    assert sent == [(2, "other")]
    gate.set()
    await asyncio.wait_for(outbox.settled(), WAIT)
    assert [t for c, t in sent if c == 1] == [f"busy {n}" for n in range(50)]


async def test_ops_outbox_retries_passing_faults_and_not_refusals(caplog, monkeypatch):
    """A send failing twice for a passing reason is sent on the third try; a refused one is tried
    once; giving up is logged with the chat's hash and the kind, never the text."""
    caplog.set_level(logging.INFO)
    monkeypatch.setattr("bot.ops.delivery.backoff", lambda attempt: 0.0)
    failures = {"flaky": 2}
    sent: list[str] = []
    told: list = []

    async def send(item):
        if item.text == "refused":
            raise Refused("Forbidden")
        if failures.get(item.text, 0) > 0:
            failures[item.text] -= 1
            raise Flaky("Bad Gateway")
        sent.append(item.text)
        return f"msg-{item.text}"

    refusals = []
    outbox = Outbox("test", send, _retry_wait, label=_label, on_refused=lambda i, e: refusals.append(i.text))
    outbox.put(Outgoing(7, "flaky", on_sent=told.append))
    outbox.put(Outgoing(8, "refused secret-text", kind="notice", on_sent=told.append))
    outbox.put(Outgoing(8, "refused", kind="notice", on_sent=told.append))
    await asyncio.wait_for(outbox.settled(), WAIT)
    assert sorted(sent) == ["flaky", "refused secret-text"] and outbox.retried == 2
    assert refusals == ["refused"] and sorted(told, key=str) == sorted(["msg-flaky", "msg-refused secret-text", None], key=str)
    assert "a notice to chat hash-of-8 was refused" in caplog.text


async def test_ops_outbox_gives_up_after_the_retry_window(caplog, monkeypatch):
    """A fault that outlasts the retry window: the message is given up, once, with one warning."""
    caplog.set_level(logging.INFO)
    monkeypatch.setattr("bot.ops.delivery.backoff", lambda attempt: 0.01)
    attempts = []

    async def send(item):
        attempts.append(item.text)
        raise Flaky("Service Unavailable")

    outbox = Outbox("test", send, _retry_wait, label=_label, retry_seconds=0.05)
    outbox.put(Outgoing(3, "the answer text"))
    await asyncio.wait_for(outbox.settled(), WAIT)
    assert len(attempts) > 1 and outbox.given_up == 1
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "gave up a answer to chat hash-of-3" in warnings[0]
    assert "the answer text" not in caplog.text


async def test_ops_outbox_drain_hands_back_the_unsent_in_order():
    """A stop while a send hangs: the message being sent and those behind it come back, in order;
    what is queued after the stop is kept too."""
    gate = asyncio.Event()

    async def send(item):
        await gate.wait()

    outbox = Outbox("test", send, _retry_wait, label=_label)
    for n in range(3):
        outbox.put(Outgoing(1, f"r{n}"))
    await asyncio.sleep(0)
    left = await outbox.drain(0.01)
    outbox.put(Outgoing(1, "late"))
    assert [i.text for i in left] == ["r0", "r1", "r2"]
    assert [i.text for i in await outbox.drain(0)] == ["late"]


async def test_ops_outbox_sheds_with_one_log_line(caplog):
    """A flooded chat drops its oldest answers with one warning line, not one per message."""
    gate = asyncio.Event()

    async def send(item):
        await gate.wait()

    outbox = Outbox("test", send, _retry_wait, label=_label, limit=5)
    for n in range(30):
        outbox.put(Outgoing(1, f"q{n}", key=f"q{n}"))
    assert outbox.shed == 25  # the newest 5 are kept
    assert [r.getMessage() for r in caplog.records].count(
        "delivery: chat hash-of-1: dropped 1 oldest answer(s): more than 5 replies waiting") == 1
    assert len(caplog.records) == 1
    gate.set()
    await asyncio.wait_for(outbox.settled(), WAIT)
