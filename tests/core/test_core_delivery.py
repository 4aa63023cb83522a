"""The delivery policy, written once for every platform: bounded backlogs, duplicates answered
once, freshness of replies kept across a restart."""
from __future__ import annotations

from bot.core.delivery import ANSWER, MODLOG, NOTICE, Backlog, Outgoing, split_fresh


def test_core_backlog_keeps_the_newest_questions_and_tells_the_shed_ones():
    """Past the limit the oldest answers go (and are handed back, to be told); notices are kept."""
    backlog = Backlog(limit=3)
    notice = Outgoing(1, "rules", kind=NOTICE)
    assert backlog.add(notice) == []
    shed = []
    for n in range(4):
        shed += backlog.add(Outgoing(1, f"a{n}", key=f"a{n}"))
    assert [i.text for i in backlog.items] == ["rules", "a2", "a3"]
    assert [(s.item.text, s.why) for s in shed] == [("a0", "full"), ("a1", "full")]


def test_core_duplicate_question_is_answered_once_per_place():
    """The same answer already queued in the same chat and topic is not queued again;
    in another topic, or once the first went out, it is."""
    backlog = Backlog()
    first = Outgoing(1, "gas fees", key="gas fees", reply_to=10)
    assert backlog.add(first) == []
    [shed] = backlog.add(Outgoing(1, "gas fees", key="gas fees", reply_to=11))
    assert shed.why == "duplicate"
    assert backlog.add(Outgoing(1, "gas fees", key="gas fees", topic=7)) == []
    assert backlog.add(Outgoing(1, "x", kind=MODLOG)) == [] and backlog.add(Outgoing(1, "x", kind=MODLOG)) == []
    backlog.pop()
    assert backlog.add(Outgoing(1, "gas fees", key="gas fees", reply_to=12)) == []
    assert len(backlog) == 4


def test_core_kept_replies_are_sent_only_while_fresh():
    """After a restart, replies younger than the limit go out in order; older ones are dropped."""
    now = 1_000_000.0
    items = [Outgoing(1, "old", created=now - 901), Outgoing(1, "new", created=now - 60),
             Outgoing(2, "newer", created=now - 1, kind=ANSWER)]
    fresh, stale = split_fresh(items, now, max_age=900)
    assert [i.text for i in fresh] == ["new", "newer"] and [i.text for i in stale] == ["old"]


def test_core_settle_tells_the_owner_once():
    told = []
    item = Outgoing(1, "x", on_sent=told.append)
    item.settle("message")
    item.settle(None)
    assert told == ["message"]
