"""Loading `content/` into typed, validated objects.

`load_content(path)` returns the content and the list of problems found while
reading it; every problem knows its file and line. Cross-file checks (routes,
contract, rendered sizes) live in `bot.core.check`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from intents import Thresholds

from . import markup
from .markup import Doc
from .yamlfile import LineDict, LineList, load_yaml

ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
MAX_LABEL = 40


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        if not self.file:
            return f"content: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Where:
    file: str
    line: int


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    label: str
    answer: Doc
    warning: Doc
    links: tuple[Link, ...]
    buttons: tuple[str, ...]
    examples: tuple[str, ...]
    keywords: tuple[str, ...]
    last_verified: dt.date | None
    sources: tuple[Link, ...]
    where: Where
    kind: str = "entry"


@dataclass(frozen=True)
class Menu:
    id: str
    title: str
    label: str
    text: Doc
    options: tuple[str, ...]
    where: Where
    kind: str = "menu"


@dataclass(frozen=True)
class Warning:
    id: str
    title: str
    text: Doc
    link: Link | None
    where: Where


@dataclass
class Content:
    root: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    menus: dict[str, Menu] = field(default_factory=dict)
    warnings: dict[str, Warning] = field(default_factory=dict)
    safety_line: str = ""
    help: Doc = ()
    stale_after_days: int = 180
    allowed_links: tuple[str, ...] = ()
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    stopwords: tuple[str, ...] = ()
    thresholds: Thresholds = Thresholds()
    # counter-examples: chit-chat and off-topic questions that get no answer
    offtopic: tuple[str, ...] = ()
    # where things are, for messages that point at a line
    lines: dict[str, Where] = field(default_factory=dict)

    def node(self, node_id: str) -> Entry | Menu | None:
        return self.menus.get(node_id) or self.entries.get(node_id)

    def link_allowed(self, url: str) -> bool:
        return link_allowed(url, self.allowed_links)


def link_allowed(url: str, allowed: tuple[str, ...]) -> bool:
    """https, no credentials or odd ports, and host (+ path prefix) on the allow-list."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        return False
    if port not in (None, 443):
        return False
    host = parts.hostname.rstrip(".").lower()
    path = parts.path or "/"
    for rule in allowed:
        rule_host, _, rule_path = rule.lower().partition("/")
        if host != rule_host and not host.endswith("." + rule_host):
            continue
        if not rule_path:
            return True
        prefix = "/" + rule_path.strip("/")
        if path == prefix or path.startswith(prefix + "/"):
            return True
    return False


class _Reader:
    """Collects problems while pulling typed fields out of parsed YAML."""

    def __init__(self, content_root: Path) -> None:
        self.root = content_root
        self.problems: list[Problem] = []
        # (owner id, url) -> line, and owner id -> its parsed mapping, for later checks
        self.link_lines: dict[tuple[str, str], int] = {}
        self.field_lines: dict[str, LineDict] = {}

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    def problem(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, message))

    def load(self, path: Path, *, required: bool = True) -> tuple[Any, str]:
        name = self.rel(path)
        if not path.exists():
            if required:
                self.problem(name, 1, "file is missing")
            return None, name
        data, probs = load_yaml(path)
        for line, msg in probs:
            self.problem(name, line, msg)
        return data, name

    def mapping(self, data: Any, file: str, line: int, what: str) -> LineDict | None:
        if isinstance(data, LineDict):
            return data
        self.problem(file, line, f"{what} must be a mapping (key: value), got {_typename(data)}")
        return None

    def keys(self, d: LineDict, file: str, allowed: set[str], required: set[str], what: str) -> None:
        for key in d:
            if key not in allowed:
                hint = _closest(str(key), allowed)
                self.problem(file, d.line_of(key), f"unknown key '{key}' in {what}{hint}")
        for key in sorted(required - set(d)):
            self.problem(file, d.line, f"{what} is missing required key '{key}'")

    def text(self, d: LineDict, key: str, file: str, *, required: bool = True, limit: int = 0) -> str:
        value = d.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(file, d.line_of(key), f"'{key}' must be non-empty text, got {_typename(value)}")
            return ""
        if limit and len(value) > limit:
            self.problem(file, d.line_of(key), f"'{key}' is {len(value)} characters; at most {limit}")
        return value.strip()

    def strings(self, d: LineDict, key: str, file: str) -> list[tuple[str, int]]:
        value = d.get(key)
        if value is None:
            return []
        if not isinstance(value, LineList):
            self.problem(file, d.line_of(key), f"'{key}' must be a list, got {_typename(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.problem(file, value.line_of(i), f"'{key}' item must be non-empty text, got {_typename(item)}")
                continue
            out.append((item.strip(), value.line_of(i)))
        return out

    def markup(self, d: LineDict, key: str, file: str, *, required: bool = True) -> Doc:
        text = self.text(d, key, file, required=required)
        for msg in markup.problems(text):
            self.problem(file, d.line_of(key), f"'{key}': {msg}")
        return markup.parse(text)

    def link(self, value: Any, file: str, line: int, what: str) -> Link | None:
        d = self.mapping(value, file, line, what)
        if d is None:
            return None
        self.keys(d, file, {"title", "url", "verified"}, {"url"}, what)
        url = self.text(d, "url", file)
        title = self.text(d, "title", file) or url
        return Link(title, url) if url else None


def _typename(value: Any) -> str:
    if value is None:
        return "nothing"
    return {str: "text", int: "a number", float: "a number", bool: "true/false",
            LineDict: "a mapping", LineList: "a list"}.get(type(value), type(value).__name__)


def _closest(key: str, allowed: set[str]) -> str:
    from rapidfuzz import process

    best = process.extractOne(key, sorted(allowed), score_cutoff=70)
    return f" (did you mean '{best[0]}'?)" if best else ""


ENTRY_KEYS = {"id", "title", "label", "answer", "warning", "links", "buttons", "examples",
              "keywords", "last_verified", "sources"}
ENTRY_REQUIRED = {"id", "title", "label", "answer", "examples", "keywords", "last_verified", "sources"}


def _read_entry(r: _Reader, path: Path) -> Entry | None:
    data, file = r.load(path)
    if data is None:
        return None
    d = r.mapping(data, file, 1, "an entry")
    if d is None:
        return None
    r.keys(d, file, ENTRY_KEYS, ENTRY_REQUIRED, "entry")
    entry_id = d.get("id")
    if not isinstance(entry_id, str) or not ID_RE.match(entry_id):
        r.problem(file, d.line_of("id"), "'id' must be lowercase letters, digits and hyphens, at most 40 characters")
        return None
    if entry_id != path.stem:
        r.problem(file, d.line_of("id"), f"id '{entry_id}' does not match the file name '{path.name}'")
    links = []
    raw_links = d.get("links")
    if raw_links is not None:
        if not isinstance(raw_links, LineList):
            r.problem(file, d.line_of("links"), "'links' must be a list of {title, url}")
        else:
            for i, item in enumerate(raw_links):
                link = r.link(item, file, raw_links.line_of(i), "a link")
                if link:
                    links.append((link, raw_links.line_of(i)))
    sources = []
    raw_sources = d.get("sources")
    if raw_sources is not None and not isinstance(raw_sources, LineList):
        r.problem(file, d.line_of("sources"), "'sources' must be a list of {url, verified}")
    elif raw_sources:
        for i, item in enumerate(raw_sources):
            link = r.link(item, file, raw_sources.line_of(i), "a source")
            if link:
                sources.append(link)
    verified = d.get("last_verified")
    if verified is not None and not isinstance(verified, dt.date):
        r.problem(file, d.line_of("last_verified"), "'last_verified' must be a date like 2026-11-23")
        verified = None
    if isinstance(verified, dt.datetime):
        verified = verified.date()
    examples = r.strings(d, "examples", file)
    if "examples" in d and len(examples) < 3:
        r.problem(file, d.line_of("examples"), "give at least 3 example questions")
    keywords = r.strings(d, "keywords", file)
    entry = Entry(
        id=entry_id,
        title=r.text(d, "title", file),
        label=r.text(d, "label", file, limit=MAX_LABEL),
        answer=r.markup(d, "answer", file),
        warning=r.markup(d, "warning", file, required=False),
        links=tuple(l for l, _ in links),
        buttons=tuple(b for b, _ in r.strings(d, "buttons", file)),
        examples=tuple(e for e, _ in examples),
        keywords=tuple(k for k, _ in keywords),
        last_verified=verified,
        sources=tuple(sources),
        where=Where(file, d.line),
    )
    for link, line in links:
        r.link_lines[(entry_id, link.url)] = line
    r.field_lines[entry_id] = d
    return entry


def _named_mappings(r: _Reader, path: Path, kind: str, allowed: set[str], required: set[str]):
    """Yield (id, mapping, file, line) for each `id: {...}` item of a file, reporting bad ones."""
    data, file = r.load(path)
    if data is None:
        return
    top = r.mapping(data, file, 1, path.name)
    if top is None:
        return
    for item_id, raw in top.items():
        line = top.line_of(item_id)
        if not isinstance(item_id, str) or not ID_RE.match(item_id):
            r.problem(file, line, f"{kind} id '{item_id}' must be lowercase letters, digits and hyphens")
            continue
        d = r.mapping(raw, file, line, f"{kind} '{item_id}'")
        if d is None:
            continue
        r.keys(d, file, allowed, required, f"{kind} '{item_id}'")
        yield item_id, d, file, line


def _read_menus(r: _Reader, c: Content) -> None:
    fields = {"title", "text", "label", "options"}
    for menu_id, d, file, line in _named_mappings(r, c.root / "routes.yaml", "menu", fields,
                                                  {"title", "label", "options"}):
        c.menus[menu_id] = Menu(
            id=menu_id,
            title=r.text(d, "title", file),
            label=r.text(d, "label", file, limit=MAX_LABEL),
            text=r.markup(d, "text", file, required=False),
            options=tuple(o for o, _ in r.strings(d, "options", file)),
            where=Where(file, line),
        )
        r.field_lines[menu_id] = d


def _read_warnings(r: _Reader, c: Content) -> None:
    for wid, d, file, line in _named_mappings(r, c.root / "warnings.yaml", "warning",
                                              {"title", "text", "link"}, {"title", "text"}):
        link = r.link(d["link"], file, d.line_of("link"), "a link") if "link" in d else None
        if link:
            r.link_lines[(f"warning:{wid}", link.url)] = d.line_of("link")
        c.warnings[wid] = Warning(wid, r.text(d, "title", file), r.markup(d, "text", file), link, Where(file, line))


def _read_bot(r: _Reader, c: Content) -> None:
    data, file = r.load(c.root / "bot.yaml")
    if data is None:
        return
    d = r.mapping(data, file, 1, "bot.yaml")
    if d is None:
        return
    r.keys(d, file, {"safety_line", "help", "stale_after_days"}, {"safety_line", "help"}, "bot.yaml")
    c.safety_line = r.text(d, "safety_line", file, limit=300)
    c.help = r.markup(d, "help", file)
    stale = d.get("stale_after_days", 180)
    if not isinstance(stale, int) or isinstance(stale, bool) or stale < 1:
        r.problem(file, d.line_of("stale_after_days"), "'stale_after_days' must be a whole number of days")
    else:
        c.stale_after_days = stale


def _read_links(r: _Reader, c: Content) -> None:
    data, file = r.load(c.root / "links.yaml")
    if data is None:
        return
    d = r.mapping(data, file, 1, "links.yaml")
    if d is None:
        return
    r.keys(d, file, {"allowed"}, {"allowed"}, "links.yaml")
    allowed = []
    for rule, line in r.strings(d, "allowed", file):
        if "://" in rule or " " in rule or rule.startswith(".") or "." not in rule.split("/")[0]:
            r.problem(file, line, f"'{rule}' is not a domain (write example.org or example.org/path)")
            continue
        allowed.append(rule.lower().strip("/"))
    c.allowed_links = tuple(allowed)


THRESHOLD_KEYS = {f for f in Thresholds.__dataclass_fields__}
# thresholds that are weights or scales, not shares: any number >= 0
UNBOUNDED_THRESHOLDS = frozenset({"keyword_scale", "model_c", "real_weight", "offtopic_weight",
                                  "real_offtopic_weight", "accept_smoothing"})


def _read_matcher(r: _Reader, c: Content) -> None:
    data, file = r.load(c.root / "matcher.yaml")
    if data is None:
        return
    d = r.mapping(data, file, 1, "matcher.yaml")
    if d is None:
        return
    r.keys(d, file, {"synonyms", "stopwords", "thresholds"}, {"synonyms", "thresholds"}, "matcher.yaml")
    syn = d.get("synonyms")
    if syn is not None:
        syn_map = r.mapping(syn, file, d.line_of("synonyms"), "'synonyms'")
        seen: dict[str, tuple[str, int]] = {}
        for canonical, spellings in (syn_map or {}).items():
            line = syn_map.line_of(canonical)
            if not isinstance(canonical, str) or not isinstance(spellings, LineList):
                r.problem(file, line, f"synonym '{canonical}' must map to a list of spellings")
                continue
            items = []
            for i, s in enumerate(spellings):
                if not isinstance(s, (str, int)) or not str(s).strip():
                    r.problem(file, spellings.line_of(i), "a spelling must be non-empty text")
                    continue
                s = str(s).strip()
                key = s.casefold()
                if key in seen and seen[key][0] != canonical:
                    r.problem(file, spellings.line_of(i),
                              f"'{s}' is already a spelling of '{seen[key][0]}' (line {seen[key][1]})")
                seen[key] = (canonical, spellings.line_of(i))
                items.append(s)
            c.synonyms[canonical] = items
    c.stopwords = tuple(s for s, _ in r.strings(d, "stopwords", file))
    th = d.get("thresholds")
    if th is not None:
        tmap = r.mapping(th, file, d.line_of("thresholds"), "'thresholds'")
        if tmap is not None:
            r.keys(tmap, file, THRESHOLD_KEYS, set(), "'thresholds'")
            values = {}
            for key, value in tmap.items():
                if key not in THRESHOLD_KEYS:
                    continue
                default = getattr(Thresholds(), key)
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                    r.problem(file, tmap.line_of(key), f"threshold '{key}' must be a number >= 0")
                    continue
                if isinstance(default, float) and value > 1 and key not in UNBOUNDED_THRESHOLDS:
                    r.problem(file, tmap.line_of(key), f"threshold '{key}' must be between 0 and 1")
                    continue
                values[key] = type(default)(value)
            c.thresholds = Thresholds(**values)


def _read_offtopic(r: _Reader, c: Content) -> None:
    data, file = r.load(c.root / "offtopic.yaml", required=False)
    if data is None:
        return
    d = r.mapping(data, file, 1, "offtopic.yaml")
    if d is None:
        return
    r.keys(d, file, {"examples"}, {"examples"}, "offtopic.yaml")
    c.offtopic = tuple(e for e, _ in r.strings(d, "examples", file))


def load_content(root: Path | str) -> tuple[Content, list[Problem], _Reader]:
    """Read every content file. Returns (content, problems, reader-with-line-info)."""
    root = Path(root)
    r = _Reader(root)
    c = Content(root=root)
    if not root.is_dir():
        r.problem(r.rel(root), 0, "content folder not found")
        return c, r.problems, r
    entry_dir = root / "entries"
    files = sorted(entry_dir.glob("*.yaml")) + sorted(entry_dir.glob("*.yml"))
    if not files:
        r.problem(r.rel(entry_dir), 0, "no entry files (entries/<id>.yaml)")
    for path in files:
        entry = _read_entry(r, path)
        if entry is None:
            continue
        if entry.id in c.entries:
            first = c.entries[entry.id].where
            r.problem(entry.where.file, entry.where.line,
                      f"duplicate entry id '{entry.id}' (also in {first.file}:{first.line})")
            continue
        c.entries[entry.id] = entry
    _read_menus(r, c)
    _read_warnings(r, c)
    _read_bot(r, c)
    _read_links(r, c)
    _read_matcher(r, c)
    _read_offtopic(r, c)
    for mid, menu in c.menus.items():
        if mid in c.entries:
            e = c.entries[mid]
            r.problem(menu.where.file, menu.where.line,
                      f"duplicate id '{mid}': a menu and an entry ({e.where.file}:{e.where.line})")
    return c, r.problems, r
