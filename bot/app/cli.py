"""The command line: `python -m bot <command>` (also installed as `bnb-route`).

The commands and their JSON fields are a public contract
(../shared/contract/cli.md): add fields, never rename them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import closing
from pathlib import Path
from typing import Sequence

from bot.core.check import ContentError, validate
from bot.core.engine import SECRET, Engine
from bot.ops import reload
from bot.ops.reload import default_content_dir


def load_engine(content_dir: Path) -> Engine:
    """Engine over valid content; prints why and exits 2 when content is invalid."""
    try:
        return reload.load_engine(content_dir)
    except ContentError as exc:
        from .runner import refuse

        raise SystemExit(refuse(f"content in {content_dir} has {len(exc.problems)} problem(s)",
                                exc.problems)) from None


def _reply_object(question: str, reply) -> dict:
    """The `ask --json` object for a reply (None: an empty line)."""
    if reply is None:
        return {"question": question, "entry": None, "decision": "none", "score": 0.0, "candidates": []}
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


def _ask(engine: Engine, question: str):
    """(question without its line end, the reply or None for an empty line): one answer per question."""
    question = question.rstrip("\r\n")
    return question, (engine.ask(question) if question.strip() else None)


def _ask_object(engine: Engine, question: str) -> dict:
    return _reply_object(*_ask(engine, question))


def cmd_ask(args: argparse.Namespace) -> int:
    engine = load_engine(args.content)
    from bot.core.render import render_text

    def one(q: str) -> None:
        q, reply = _ask(engine, q)
        obj = _reply_object(q, reply)
        if args.json:
            print(json.dumps(obj, ensure_ascii=False), flush=True)
            return
        if obj["decision"] == "secret":
            print("decision: secret (a recovery phrase or key was found; it is not shown or kept)")
            return
        print(f"decision: {obj['decision']}  entry: {obj['entry']}  score: {obj['score']:.2f}")
        if args.explain:
            m = engine.matcher.match(q, explain=True)
            print(json.dumps(m.explain, indent=2, ensure_ascii=False))
        elif reply is not None:
            print(render_text(reply, "plain"))
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
    # train the matcher now (or find it in the model cache), so the next start is quick
    from bot.core.engine import build_matcher
    from bot.core.model_cache import bundle_status, write_bundle

    try:
        if getattr(args, "bundle", False):
            print(f"bundled model written: {write_bundle(report.content)}")
        else:
            build_matcher(report.content)
    except Exception as exc:  # content that passes every check but cannot be learned from
        print(f"content: the matcher cannot be trained on this content: {exc}")
        print(f"1 problem(s) in {args.content}")
        return 1
    if bundle_status(report.content) == "stale":
        print("warning: the bundled model (bot/core/trained) is stale for this content and code; "
              "a fresh install trains at start. Regenerate it: python -m bot check --bundle")
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
    from bot.platforms.console import ConsoleChat

    engine = load_engine(args.content).configured(feedback=True)
    recorder = _console_recorder(args, engine)
    if recorder is not None:
        from bot.storage import engine_options

        engine = engine.configured(**engine_options(recorder))
    stdin = sys.stdin
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(errors="replace")
    try:
        return ConsoleChat(engine, recorder=recorder).run(stdin)
    finally:
        if recorder is not None:
            recorder.close()


def _console_recorder(args: argparse.Namespace, engine: Engine):
    """A recorder when a database is configured (--database or DATABASE_URL): the console
    is for trying things out, so by default it leaves no files behind."""
    url = getattr(args, "database", None) or os.environ.get("DATABASE_URL")
    if not url:
        return None
    from bot.storage import Recorder

    return Recorder.start(url, guard=engine.guard)


def cmd_map(args: argparse.Namespace) -> int:
    from .routemap import mermaid

    engine = load_engine(args.content)
    print(mermaid(engine))
    return 0


def cmd_telegram(args: argparse.Namespace) -> int:
    from .runner import run_platforms

    return run_platforms(["telegram"], content_dir=args.content)


def cmd_discord(args: argparse.Namespace) -> int:
    if getattr(args, "sync", False):
        from bot.platforms.discord import sync

        return sync(load_engine(args.content))
    from .runner import run_platforms

    return run_platforms(["discord"], content_dir=args.content)


def cmd_run(args: argparse.Namespace) -> int:
    from .runner import run_platforms

    return run_platforms(None, content_dir=args.content)


def cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import run_doctor

    return run_doctor(args.content, online=args.online)


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
    if days < 0:
        raise argparse.ArgumentTypeError("days must be 0 or more")
    return days


def _store_url(args: argparse.Namespace) -> str:
    from bot.storage import database_url
    from bot.storage.config import normalise_url

    return normalise_url(args.database) if args.database else database_url()


def _no_record(args: argparse.Namespace) -> bool:
    """True, after saying so, when the SQLite file the command would read does not exist yet:
    reading a record must not create one (nor its folder)."""
    from bot.storage.config import sqlite_file

    path = sqlite_file(_store_url(args))
    if path is None or path.exists():
        return False
    print(f"No record yet: {path} does not exist. The bot creates it when it first runs "
          f"(DATABASE_URL or BOT_DATA_DIR choose another place).",
          file=sys.stderr if getattr(args, "json", False) else sys.stdout)
    return True


def _open_store(args: argparse.Namespace):
    """The migrated store at --database or DATABASE_URL; prints why and exits 1 when it cannot be used."""
    from bot.storage import Store
    from bot.storage.config import safe_url
    from bot.storage.errors import describe_error

    url = _store_url(args)
    try:
        return Store.open(url)
    except Exception as exc:  # a wrong URL, a server that is down, a folder we may not write
        print(f"Cannot use the database {safe_url(url)}: {describe_error(exc)}", file=sys.stderr)
        raise SystemExit(1)


def cmd_migrate(args: argparse.Namespace) -> int:
    from bot.storage.migrate import current_revision

    with closing(_open_store(args)) as store:
        print(f"{store.url}: schema at revision {current_revision(store.engine)}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from bot.storage.export import export_unanswered
    from bot.storage.stats import compute, format_table

    if _no_record(args):
        return 0
    with closing(_open_store(args)) as store:
        if args.export_unanswered:
            n = export_unanswered(store, args.export_unanswered, args.days)
            print(f"Wrote {n} unanswered question(s) from the last {args.days} day(s) to "
                  f"{args.export_unanswered} (expect: null, for a moderator to label)")
            return 0
        st = compute(store, args.days)
        print(json.dumps(st.as_json(), ensure_ascii=False) if args.json else format_table(st))
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from bot.storage.retention import purge

    if _no_record(args):
        return 0
    with closing(_open_store(args)) as store:
        done = purge(store, args.days)
    print(f"Deleted {done.interactions} interaction(s) and {done.votes} vote(s) "
          f"from before {done.before:%Y-%m-%d %H:%M} UTC")
    return 0


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
    c.add_argument("--bundle", action="store_true",
                   help="also store the trained model in the package (bot/core/trained), "
                        "so a fresh clone never trains at start")
    c.set_defaults(func=cmd_check)

    e = sub.add_parser("eval", help="measure the matcher on a labelled file")
    e.add_argument("file", type=Path)
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_eval)

    ch = sub.add_parser("chat", help="the console chat (no token, no network)")
    ch.add_argument("--database", metavar="URL", default=None,
                    help="record questions and votes there (default: DATABASE_URL; unset: record nothing)")
    ch.set_defaults(func=cmd_chat)

    m = sub.add_parser("map", help="the route tree as a Mermaid flowchart")
    m.set_defaults(func=cmd_map)

    t = sub.add_parser("telegram", help="run the Telegram bot (TELEGRAM_TOKEN)")
    t.set_defaults(func=cmd_telegram)

    d = sub.add_parser("discord", help="run the Discord bot (DISCORD_TOKEN)")
    d.add_argument("--sync", action="store_true",
                   help="sync the slash commands with Discord (globally, or to DISCORD_GUILD_ID) and exit")
    d.set_defaults(func=cmd_discord)

    r = sub.add_parser("run", help="run every platform whose token is set, in one process")
    r.set_defaults(func=cmd_run)

    dr = sub.add_parser("doctor", help="check settings, content, database and tokens; exit 1 on any error")
    dr.add_argument("--online", action="store_true",
                    help="also sign in: Telegram getMe and a Discord login, at the configured API URLs")
    dr.set_defaults(func=cmd_doctor)

    database = argparse.ArgumentParser(add_help=False)
    database.add_argument("--database", metavar="URL", default=None,
                          help="database URL (default: DATABASE_URL, else bnb-route.db in BOT_DATA_DIR, "
                               "else in ~/.local/share/bnb-route)")

    mg = sub.add_parser("migrate", parents=[database], help="create or upgrade the database schema")
    mg.set_defaults(func=cmd_migrate)

    st = sub.add_parser("stats", parents=[database],
                        help="answer / clarify / none rates, helpfulness, top unanswered questions")
    st.add_argument("--days", type=_days, default=30, help="look back this many days (default 30)")
    st.add_argument("--json", action="store_true", help="one JSON object")
    st.add_argument("--export-unanswered", metavar="FILE", type=Path, default=None,
                    help="write the unanswered questions as an evaluation file (expect: null) instead")
    st.set_defaults(func=cmd_stats)

    pu = sub.add_parser("purge", parents=[database], help="delete records older than the retention period")
    pu.add_argument("--days", type=_days, default=None, help="keep this many days (default: RETENTION_DAYS, 90)")
    pu.set_defaults(func=cmd_purge)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from bot.ops.settings import load_env_file

    parser = build_parser()
    args = parser.parse_args(argv)
    load_env_file()  # a .env file in the working directory (or BOT_ENV_FILE); the environment wins
    if args.content is None:
        args.content = default_content_dir()
    if not getattr(args, "command", None):
        # no command: every platform whose token is set, else the console chat
        if os.environ.get("TELEGRAM_TOKEN", "").strip() or os.environ.get("DISCORD_TOKEN", "").strip():
            args.func = cmd_run
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
