"""Reading the record: `stats`, `stats --json`, `--export-unanswered`, `purge`."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.app.cli import main
from bot.app.evaluate import evaluate, load_items
from bot.core.engine import Reply
from bot.core.feedback import AnswerRef
from bot.storage import Recorder
from bot.storage.retention import purge, utcnow
from bot.storage.stats import compute, format_table, gaps_text

# an hour ago, so the command line (which counts up to the real now) sees all the traffic
NOW = utcnow().replace(microsecond=0) - timedelta(hours=1)

UNANSWERED = [
    "can i stake bnb here",
    "Can I stake BNB here?",
    "can i stake my bnb here",
    "stake bnb here can i",
    "what is the best meme coin",
    "what's the best meme coin",
]


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def traffic(store, fb_engine, answered, unanswered):
    """A week of traffic: answers, clarify resolved by a press, unanswered questions,
    votes, and some interactions older than the window."""
    clock = Clock(NOW - timedelta(days=2))
    r = Recorder(store, guard=fb_engine.guard, purge_every=None, clock=clock)
    msg = iter(range(1, 10_000))

    def ask(q, reply):
        m = next(msg)
        r.interaction("telegram", 1, reply, question=q, message=m)
        return m

    for _ in range(3):
        ask("how do i add bnb smart chain to metamask, chain id?", answered("add-bsc-network"))
    gas_msg = ask("why do I need BNB for gas fees on bsc?", answered("gas-fees"))
    for q in UNANSWERED:
        ask(q, unanswered)
    # unsure, the bot asks which one; the person picks an entry
    which = ask("fee stuck on the wrong chain", Reply("clarify", "clarify", None, "Which of these is it?"))
    r.interaction("telegram", 1, fb_engine.press("go:gas-fees"), message=which, via="button")
    # somebody goes through the buttons to an entry
    m = next(msg)
    r.interaction("discord", 2, fb_engine.open("start"), message=m, via="button")
    r.interaction("discord", 2, fb_engine.press("go:bsc-evm"), message=m, via="button")
    r.interaction("discord", 2, fb_engine.press("go:wrong-network"), message=m, via="button")
    # votes: gas-fees answer voted down by two, up by one
    answer = AnswerRef("telegram", 1, gas_msg)
    fb_engine.vote("fb:gas-fees:n", r, answer, 10)
    fb_engine.vote("fb:gas-fees:wrong", r, answer, 10)
    fb_engine.vote("fb:gas-fees:unsolved", r, answer, 11)
    fb_engine.vote("fb:gas-fees:y", r, answer, 12)
    # old traffic, outside a 7-day window
    clock.now = NOW - timedelta(days=40)
    for _ in range(5):
        ask("ancient unanswered question about dogecoin mining", unanswered)
    assert r.flush()
    r.close()
    return store


def test_rates_entries_and_helpfulness(traffic):
    """The window's questions by decision, entries by use, and votes per entry."""
    st = compute(traffic, days=7, now=NOW)
    assert st.questions == 3 + 1 + len(UNANSWERED) + 1
    assert st.decisions["answer"] == 4
    assert st.decisions["none"] == len(UNANSWERED) and st.decisions["clarify"] == 1
    assert st.presses == 4 and st.clarify_resolved == 1
    by_entry = {e.entry: e for e in st.entries}
    assert by_entry["add-bsc-network"].answers == 3 and by_entry["wrong-network"].answers == 1
    gas = by_entry["gas-fees"]
    assert (gas.yes, gas.no, gas.wrong, gas.unsolved) == (1, 2, 1, 1)
    assert gas.answers == 2 and gas.helpful == pytest.approx(1 / 3)
    assert st.routes == [("clarify>gas-fees", 1), ("start>bsc-evm>wrong-network", 1)]


def test_unanswered_questions_are_grouped_by_similarity(traffic):
    """Rephrasings of one question are one line, counted together, most asked first."""
    st = compute(traffic, days=7, now=NOW)
    assert [(g.count, len(g.phrasings)) for g in st.unanswered] == [(4, 3), (2, 2), (1, 1)]
    assert "stake" in st.unanswered[0].question and "meme" in st.unanswered[1].question
    assert st.unanswered[2].question == "fee stuck on the wrong chain"  # clarify counts as unanswered
    [(group, entry)] = st.downvoted
    assert entry == "gas-fees" and "gas" in group.question and group.count == 2


def test_the_window_excludes_older_traffic(traffic):
    """`--days` decides what is counted: the 40-day-old questions appear only in a 60-day view."""
    assert not any("dogecoin" in g.question for g in compute(traffic, days=7, now=NOW).unanswered)
    wide = compute(traffic, days=60, now=NOW)
    assert wide.unanswered[0].question == "ancient unanswered question about dogecoin mining"
    assert wide.unanswered[0].count == 5


def test_table_and_json_show_the_same_figures(traffic):
    """The readable table and the JSON carry the rates, entries and gaps."""
    st = compute(traffic, days=7, now=NOW)
    table = format_table(st)
    assert "Questions" in table and "gas-fees" in table and "33%" in table
    assert "can i stake bnb here" in table.lower() and "(+2 similar)" in table
    data = json.loads(json.dumps(st.as_json()))
    assert data["questions"] == st.questions and data["rates"]["answer"] == round(4 / 11, 4)
    assert {"entry": "gas-fees", "answers": 2, "yes": 1, "no": 2, "wrong_topic": 1, "unsolved": 1,
            "helpful": 0.3333} in data["entries"]
    assert data["unanswered"][0]["count"] == 4 and data["downvoted"][0]["entry"] == "gas-fees"
    brief = gaps_text(st)
    assert "gas-fees: 1 helped, 2 didn't" in brief and "stake" in brief


def test_empty_record_reads_cleanly(store):
    """A new deployment's stats are zeros, not errors."""
    st = compute(store, days=7, now=NOW)
    assert st.questions == 0 and st.rate("answer") == 0.0
    assert "(none yet)" in format_table(st) and "0 question(s)" in gaps_text(st)


def test_export_unanswered_is_an_evaluation_file(traffic, tmp_path, engine):
    """The export loads as an evaluation set: one item per group, all `expect: null`."""
    from bot.storage.export import export_unanswered

    path = tmp_path / "unanswered.yaml"
    assert export_unanswered(traffic, path, days=7, now=NOW) == 3
    items = load_items(path)
    assert [i["expect"] for i in items] == [None, None, None]
    assert "stake" in items[0]["q"] and "meme" in items[1]["q"]
    assert evaluate(engine, items).unlabelled == 3
    assert "# asked 4 time(s), 3 phrasings" in path.read_text(encoding="utf-8")


def test_purge_deletes_only_what_is_older_than_retention(traffic):
    """Purging at 30 days removes the 40-day-old questions and keeps the rest, votes included."""
    done = purge(traffic, days=30, now=NOW)
    assert (done.interactions, done.votes) == (5, 0)
    st = compute(traffic, days=365, now=NOW)
    assert st.questions == 11 and sum(e.yes + e.no for e in st.entries) == 3


def test_cli_stats_json_export_and_purge(traffic, db_url, tmp_path, capsys):
    """`python -m bot stats --json`, `--export-unanswered` and `purge` on the same database."""
    assert main(["stats", "--database", db_url, "--days", "365", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["questions"] == 16 and data["days"] == 365
    out = tmp_path / "gaps.yaml"
    assert main(["stats", "--database", db_url, "--days", "365", "--export-unanswered", str(out)]) == 0
    assert "Wrote 4 unanswered" in capsys.readouterr().out and len(load_items(out)) == 4
    assert main(["stats", "--database", db_url, "--days", "365"]) == 0
    assert "Top unanswered questions" in capsys.readouterr().out
    assert main(["purge", "--database", db_url, "--days", "0"]) == 0
    assert "Deleted 20 interaction(s) and 3 vote(s)" in capsys.readouterr().out


def test_cli_migrate_and_a_bad_database(db_url, capsys):
    """`migrate` reports the revision; an unreachable database is one clear line and exit 1."""
    assert main(["migrate", "--database", db_url]) == 0
    assert "schema at revision 0003" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["stats", "--database", "postgres://bot:hunter2@127.0.0.1:1/none"])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "Cannot use the database" in err and "hunter2" not in err


def test_cli_rejects_bad_days(capsys):
    """`--days` must be a whole number of days, 0 or more."""
    for bad in ("-1", "week"):
        with pytest.raises(SystemExit):
            main(["stats", "--days", bad])
    assert "days" in capsys.readouterr().err
