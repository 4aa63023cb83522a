"""The command line, as operators' scripts and benchmarks drive it (contract/cli.md)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdin: str | bytes | None = None, env: dict | None = None, cwd: Path = ROOT):
    e = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_TOKEN", "DISCORD_TOKEN")}
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                          cwd=cwd, env=e, timeout=120, text=not isinstance(stdin, bytes))


def test_ask_json_shape():
    """`ask --json` prints one object with exactly the contract's fields."""
    r = run("ask", "--json", "binance sent my bnb as bep2 with a memo, pancakeswap shows 0")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert set(obj) == {"question", "entry", "decision", "score", "candidates"}
    assert obj["question"] == "binance sent my bnb as bep2 with a memo, pancakeswap shows 0"
    assert obj["decision"] in ("answer", "clarify", "none")
    assert 0 <= obj["score"] <= 1
    assert len(obj["candidates"]) <= 5
    assert obj["candidates"], "a clear question has candidates"
    for c in obj["candidates"]:
        assert set(c) == {"entry", "score"} and c["entry"] not in ("start", "exchange-wallet", "bsc-evm")
    assert obj["decision"] == "answer" and obj["entry"] == obj["candidates"][0]["entry"] == "bep2-not-bep20"
    quiet = json.loads(run("ask", "--json", "gm everyone").stdout)
    assert quiet["decision"] == "none" and quiet["entry"] is None


def test_ask_json_lines_from_stdin_in_order():
    """Questions on stdin give one JSON line each, same order; an empty line gives entry null."""
    qs = ["how do I add bsc to metamask", "", "gm", "insufficient funds for gas on bsc"]
    r = run("ask", "--json", stdin="\n".join(qs) + "\n")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(l) for l in r.stdout.splitlines()]
    assert [l["question"] for l in lines] == qs
    assert lines[1]["entry"] is None and lines[1]["decision"] == "none" and lines[1]["candidates"] == []
    assert lines[2]["entry"] is None


def test_ask_survives_binary_and_huge_input():
    """Invalid UTF-8 and a 100 kB line are answered, not crashed on."""
    big = ("bnb bep2 withdraw help " * 5000)[:100_000]
    r = run("ask", "--json", stdin=b"\xff\xfe\x00garbage\n" + big.encode() + b"\n")
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 2


def test_ask_human_readable():
    """Without --json, the answer is shown as text with its decision."""
    r = run("ask", "how do I add bsc to metamask chain id")
    assert r.returncode == 0 and "decision:" in r.stdout and "56" in r.stdout


def test_ask_explain():
    """--explain shows the evidence per candidate."""
    r = run("ask", "--explain", "insufficient funds for gas")
    assert r.returncode == 0 and '"keyword_hits"' in r.stdout and '"tokens"' in r.stdout


def test_check_ok_and_failing(content_copy):
    """`check` exits 0 with a summary, or 1 with FILE:LINE lines."""
    ok = run("check")
    assert ok.returncode == 0 and ok.stdout.strip().splitlines()[-1].startswith("content OK")
    (content_copy / "entries" / "gas-fees.yaml").write_text("id: gas-fees\ntitle: [\n")
    bad = run("--content", str(content_copy), "check")
    assert bad.returncode == 1
    assert any(":2: YAML syntax error" in l or ":3: YAML syntax error" in l for l in bad.stdout.splitlines()), bad.stdout


def test_bot_refuses_to_start_on_invalid_content(content_copy):
    """The chat does not start on broken content, and says why."""
    (content_copy / "links.yaml").unlink()
    r = run("--content", str(content_copy), "chat", stdin="quit\n")
    assert r.returncode == 2 and "links.yaml:1: file is missing" in r.stderr


def test_eval_json_and_report(tmp_path):
    """`eval` gives the four figures, n, unlabelled and timing; misses are listed."""
    f = tmp_path / "set.yaml"
    f.write_text(
        "- q: how do I add bsc to metamask, chain id and rpc\n  expect: [add-bsc-network]\n"
        "- q: gm everyone\n  expect: []\n"
        "- q: some question nobody labelled\n  expect: null\n"
        "- q: what is the price of bnb\n  expect: [gas-fees]\n"
    )
    r = run("eval", "--json", str(f))
    obj = json.loads(r.stdout)
    assert set(obj) >= {"answered_correctly", "within_top3", "wrong_answers", "offtopic_quiet", "n",
                        "unlabelled", "per_question_ms"}
    assert obj["n"] == 3 and obj["unlabelled"] == 1 and obj["offtopic_quiet"] == 1.0
    text = run("eval", str(f)).stdout
    assert "answered_correctly" in text and "misses" in text and "what is the price of bnb" in text


def test_eval_bad_file(tmp_path):
    """A broken evaluation file gets a clear message, not a traceback."""
    f = tmp_path / "bad.yaml"
    f.write_text("- q: [unclosed\n")
    r = run("eval", str(f))
    assert r.returncode == 1 and "bad.yaml" in r.stderr and "Traceback" not in r.stderr


def test_map_is_mermaid():
    """`map` prints a Mermaid flowchart with every menu edge."""
    r = run("map")
    assert r.returncode == 0 and r.stdout.startswith("flowchart TD")
    assert "n_start --> n_exchange_wallet" in r.stdout and "n_bsc_evm --> n_wrong_network" in r.stdout


def test_no_command_without_token_starts_console():
    """`python -m bot` with no token is the console chat."""
    r = run(stdin="quit\n")
    assert r.returncode == 0 and "console chat" in r.stdout and "What are you trying to do?" in r.stdout
