"""Validation of content as a whole: the rules behind `python -m bot check`.

Reading problems come from `bot.core.content`; this adds what needs the whole
picture: the route tree, the contract, the link policy, and whether every
reply fits one message with its buttons on every platform.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import contract, markup
from .content import Content, Problem, load_content
from .engine import Engine, go
from .render import render_parts, render_text

MAX_ANSWER = 3500          # one message on every platform, with room for buttons
MAX_ANSWER_BODY = 700      # an entry's raw answer text: one phone screen; detail goes to links and buttons
TELEGRAM_CALLBACK_BYTES = 64
DISCORD_CUSTOM_ID = 100
DISCORD_MAX_BUTTONS = 25
DISCORD_LABEL = 80
DISCORD_ID_PREFIX = "bnbroute:"


class ContentError(Exception):
    """Content is invalid; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Report:
    content: Content
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        c = self.content
        return (f"content OK: {len(c.entries)} entries, {len(c.menus)} menus, "
                f"{len(c.warnings)} warnings, "
                f"{sum(len(e.examples) for e in c.entries.values())} example questions"
                + (f", {len(self.warnings)} warning(s)" if self.warnings else ""))


def validate(root: Path | str, *, stale_days: int | None = None,
             today: dt.date | None = None) -> Report:
    content, problems, reader = load_content(root)
    report = Report(content, list(problems))
    add = report.problems.append
    c = content
    nodes = {**c.menus, **c.entries}

    # contract: ids, menus and their options, warnings
    for mid, options in contract.MENUS.items():
        menu = c.menus.get(mid)
        if menu is None:
            add(Problem("", 0, f"missing menu '{mid}' required by the contract (add it to routes.yaml)"))
            continue
        for opt in options:
            if opt not in menu.options:
                line = reader.field_lines[mid].line_of("options") if mid in reader.field_lines else menu.where.line
                add(Problem(menu.where.file, line, f"menu '{mid}' must offer '{opt}' (contract route tree)"))
    for eid in contract.ENTRIES:
        if eid not in c.entries:
            add(Problem("", 0, f"missing entry '{eid}' required by the contract (add entries/{eid}.yaml)"))
    for wid in contract.WARNINGS:
        if wid not in c.warnings:
            add(Problem("", 0, f"missing warning '{wid}' required by the contract (add it to warnings.yaml)"))

    # buttons and options must point at known ids
    for node_id, node in nodes.items():
        field_name = "options" if node.kind == "menu" else "buttons"
        targets = node.options if node.kind == "menu" else node.buttons
        d = reader.field_lines.get(node_id)
        seq = d.get(field_name) if d is not None else None
        for i, target in enumerate(targets):
            line = seq.line_of(i) if hasattr(seq, "line_of") else node.where.line
            if target not in nodes:
                add(Problem(node.where.file, line, f"'{field_name}' points at unknown id '{target}'"))
            elif target == node_id:
                add(Problem(node.where.file, line, f"'{node_id}' points at itself"))

    # reachability from start
    engine = Engine(c) if contract.ROOT in c.menus else None
    if engine is not None:
        reachable = set(engine.parents) | {contract.ROOT}
        for node_id, node in nodes.items():
            if node_id not in reachable:
                add(Problem(node.where.file, node.where.line,
                            f"'{node_id}' cannot be reached from the start menu; add it to a menu's options or an entry's buttons"))

    # link policy: links shown to users must be https on an allowed domain
    def check_url(owner: str, url: str, file: str, line: int, shown: bool = True) -> None:
        if not url.startswith("https://"):
            add(Problem(file, line, f"link '{url}' is not https"))
        elif shown and not c.link_allowed(url):
            add(Problem(file, line, f"link '{url}' is not on an allowed domain (links.yaml)"))

    for e in c.entries.values():
        d = reader.field_lines.get(e.id)
        for link in e.links:
            check_url(e.id, link.url, e.where.file, reader.link_lines.get((e.id, link.url), e.where.line))
        for key, doc in (("answer", e.answer), ("warning", e.warning)):
            for url in markup.links_in(doc):
                check_url(e.id, url, e.where.file, d.line_of(key) if d is not None else e.where.line)
        for src in e.sources:
            check_url(e.id, src.url, e.where.file, d.line_of("sources") if d is not None else e.where.line,
                      shown=False)
    for m in c.menus.values():
        for url in markup.links_in(m.text):
            check_url(m.id, url, m.where.file, m.where.line)
    for w in c.warnings.values():
        urls = markup.links_in(w.text) + ([w.link.url] if w.link else [])
        for url in urls:
            check_url(w.id, url, w.where.file, reader.link_lines.get((f"warning:{w.id}", url), w.where.line))

    # phone screen: the answer text as written stays short, leading with the one thing to do
    for e in c.entries.values():
        d = reader.field_lines.get(e.id)
        raw = d.get("answer") if d is not None else None
        if isinstance(raw, str) and len(raw.strip()) > MAX_ANSWER_BODY:
            add(Problem(e.where.file, d.line_of("answer"),
                        f"'{e.id}' answer is {len(raw.strip())} characters; keep it within {MAX_ANSWER_BODY} "
                        "so it fits a phone screen (move detail to links or a follow-up button)"))

    # sizes: every reply fits one message and its buttons fit every platform
    if engine is not None:
        for node_id, node in nodes.items():
            reply = engine.open(node_id)
            for fmt in ("html", "markdown", "plain"):
                size = len(render_text(reply, fmt))
                title, body, footer = render_parts(reply, fmt)
                size = max(size, len(body) + len(footer) + 2)
                if size > MAX_ANSWER:
                    add(Problem(node.where.file, node.where.line,
                                f"'{node_id}' is {size} characters once rendered ({fmt}); keep it within {MAX_ANSWER} so it fits one message"))
                    break
            buttons = [b for row in reply.buttons for b in row]
            if len(buttons) > DISCORD_MAX_BUTTONS - 3:  # room for feedback/dismiss buttons
                add(Problem(node.where.file, node.where.line,
                            f"'{node_id}' has {len(buttons)} buttons; Discord allows {DISCORD_MAX_BUTTONS} per message"))
            for b in buttons:
                if len(b.action.encode()) > TELEGRAM_CALLBACK_BYTES:
                    add(Problem(node.where.file, node.where.line,
                                f"button '{b.label}' data is over Telegram's {TELEGRAM_CALLBACK_BYTES} bytes"))
                if len(DISCORD_ID_PREFIX + b.action) > DISCORD_CUSTOM_ID:
                    add(Problem(node.where.file, node.where.line,
                                f"button '{b.label}' id is over Discord's {DISCORD_CUSTOM_ID} characters"))
                if len(b.label) > DISCORD_LABEL:
                    add(Problem(node.where.file, node.where.line,
                                f"button label '{b.label[:30]}...' is over {DISCORD_LABEL} characters"))
        for w in c.warnings.values():
            if len(render_text(engine.warning(w.id), "html")) > MAX_ANSWER:
                add(Problem(w.where.file, w.where.line, f"warning '{w.id}' is too long for one message"))
        if len(go("x" * 40)) > TELEGRAM_CALLBACK_BYTES:  # pragma: no cover - guards the id rule
            add(Problem("", 0, "entry ids are too long for button data"))

    if not c.safety_line and not any(p.file.endswith("bot.yaml") for p in report.problems):
        add(Problem("", 0, "the global safety line is empty (bot.yaml: safety_line)"))

    # warnings that do not fail the check
    today = today or dt.date.today()
    max_age = stale_days if stale_days is not None else c.stale_after_days
    for e in c.entries.values():
        if e.last_verified and (today - e.last_verified).days > max_age:
            d = reader.field_lines.get(e.id)
            report.warnings.append(Problem(
                e.where.file, d.line_of("last_verified") if d is not None else e.where.line,
                f"warning: '{e.id}' was last verified {e.last_verified} ({(today - e.last_verified).days} days ago; older than {max_age})"))
    seen: dict[str, str] = {" ".join(x.casefold().split()): "offtopic.yaml" for x in c.offtopic}
    for e in c.entries.values():
        for ex in e.examples:
            key = " ".join(ex.casefold().split())
            if key in seen and seen[key] != e.id:
                report.warnings.append(Problem(e.where.file, e.where.line,
                    f"warning: example '{ex}' is in both '{seen[key]}' and '{e.id}'"))
            seen.setdefault(key, e.id)
    return report


def load_valid(root: Path | str) -> Content:
    """Content that passed every check, or ContentError listing why not."""
    report = validate(root)
    if not report.ok:
        raise ContentError(report.problems)
    return report.content
