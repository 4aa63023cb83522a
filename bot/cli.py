"""The command line: `python -m bot <command>` (also installed as `bnb-route`).

The commands and their JSON fields are a public contract
(../shared/contract/cli.md): add fields, never rename them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from .check import ContentError, validate
from .engine import SECRET, Engine

PLATFORM_COMMANDS = ("telegram", "discord", "run")


def default_content_dir() -> Path:
    """BOT_CONTENT, else ./content, else the content folder beside the package."""
    env = os.environ.get("BOT_CONTENT")
    if env:
        return Path(env)
    here = Path("content")
    if (here / "entries").is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "content"


def load_engine(content_dir: Path) -> Engine:
    """Engine over valid content; prints why and exits 2 when content is invalid."""
    report = validate(content_dir)
    if not report.ok:
        print(f"Refusing to start: content in {content_dir} has {len(report.problems)} problem(s):",
              file=sys.stderr)
        for p in report.problems:
            print(str(p), file=sys.stderr)
        raise SystemExit(2)
    from .safety import guard_for

    return Engine(report.content, guard=guard_for(report.content))


def _ask_object(engine: Engine, question: str) -> dict:
    question = question.rstrip("\r\n")
    if not question.strip():
        return {"question": question, "entry": None, "decision": "none", "score": 0.0, "candidates": []}
    reply = engine.ask(question)
    if reply.kind == SECRET:
        return {"entry": None, "decision": "secret", "score": 0.0, "candidates": []}
    m = reply.match
    return {
        "question": question,
        "entry": reply.node if reply.decision == "answer" else None,
        "decision": m.decision if m else "none",
        "score": round(m.score, 4) if m else 0.0,
        "candidates": [{"entry": c.intent, "score": round(c.score, 4)} for c in (m.candidates if m else ())],
    }


def cmd_ask(args: argparse.Namespace) -> int:
    engine = load_engine(args.content)
    from .render import render_text

    def one(q: str) -> None:
        if args.json:
            print(json.dumps(_ask_object(engine, q), ensure_ascii=False), flush=True)
            return
        obj = _ask_object(engine, q)
        if obj["decision"] == "secret":
            print("decision: secret (a recovery phrase or key was found; it is not shown or kept)")
            return
        print(f"decision: {obj['decision']}  entry: {obj['entry']}  score: {obj['score']:.2f}")
        if args.explain:
            m = engine.matcher.match(q, explain=True)
            print(json.dumps(m.explain, indent=2, ensure_ascii=False))
        elif q.strip():
            print(render_text(engine.ask(q), "plain"))
        print()

    if args.question:
        one(" ".join(args.question))
        return 0
    stdin = sys.stdin
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(errors="replace")
    for line in stdin:
        one(line)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    report = validate(args.content, stale_days=args.stale_days)
    for w in report.warnings:
        print(str(w))
    if not report.ok:
        for p in report.problems:
            print(str(p))
        print(f"{len(report.problems)} problem(s) in {args.content}")
        return 1
    print(report.summary())
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import EvalFileError, evaluate, format_report, load_items

    engine = load_engine(args.content)
    try:
        items = load_items(args.file)
    except EvalFileError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    result = evaluate(engine, items)
    if args.json:
        print(json.dumps(result.figures()))
    else:
        print(format_report(result))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from .console import ConsoleChat

    engine = load_engine(args.content)
    stdin = sys.stdin
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(errors="replace")
    return ConsoleChat(engine).run(stdin)


def cmd_map(args: argparse.Namespace) -> int:
    from .routemap import mermaid

    engine = load_engine(args.content)
    print(mermaid(engine))
    return 0


def cmd_telegram(args: argparse.Namespace) -> int:
    from .telegram_adapter import run

    return run(load_engine(args.content), args)


def cmd_discord(args: argparse.Namespace) -> int:
    from .discord_adapter import run

    return run(load_engine(args.content), args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="bnb-route: the Binance/BNB routing support bot")
    p.add_argument("--content", type=Path, default=None, help="content folder (default: BOT_CONTENT or ./content)")
    sub = p.add_subparsers(dest="command")

    a = sub.add_parser("ask", help="answer a question (or one per stdin line)")
    a.add_argument("question", nargs="*")
    a.add_argument("--json", action="store_true", help="one JSON object per question")
    a.add_argument("--explain", action="store_true", help="show why the matcher decided as it did")
    a.set_defaults(func=cmd_ask)

    c = sub.add_parser("check", help="validate content/")
    c.add_argument("--stale-days", type=int, default=None,
                   help="warn about entries not verified for this many days (default: bot.yaml, 180)")
    c.set_defaults(func=cmd_check)

    e = sub.add_parser("eval", help="measure the matcher on a labelled file")
    e.add_argument("file", type=Path)
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_eval)

    ch = sub.add_parser("chat", help="the console chat (no token, no network)")
    ch.set_defaults(func=cmd_chat)

    m = sub.add_parser("map", help="the route tree as a Mermaid flowchart")
    m.set_defaults(func=cmd_map)

    t = sub.add_parser("telegram", help="run the Telegram bot (TELEGRAM_TOKEN)")
    t.set_defaults(func=cmd_telegram)

    d = sub.add_parser("discord", help="run the Discord bot (DISCORD_TOKEN)")
    d.add_argument("--sync", action="store_true",
                   help="sync the slash commands with Discord (globally, or to DISCORD_GUILD_ID) and exit")
    d.set_defaults(func=cmd_discord)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.content is None:
        args.content = default_content_dir()
    if not getattr(args, "command", None):
        # no command: a platform when its token is set, else the console chat
        if os.environ.get("TELEGRAM_TOKEN"):
            args.func = cmd_telegram
        elif os.environ.get("DISCORD_TOKEN"):
            args.func, args.sync = cmd_discord, False
        else:
            args.func = cmd_chat
    try:
        return args.func(args)
    except ContentError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
