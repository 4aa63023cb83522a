"""The small, platform-neutral markup used in content, and its renderers.

Content writes `**bold**`, `` `code` ``, `[text](https://url)`, `- ` bullets,
`1. ` numbered items and blank-line paragraphs. `parse` turns that into
blocks of spans once, at load time; each platform renders the same blocks
with its own escaping, so no content string reaches a chat unescaped.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|`(?P<code>[^`]+)`"
    r"|\[(?P<ltext>[^\]]+)\]\((?P<url>[^)\s]+)\)"
)
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(.*)$")
_SINGLE_STAR = re.compile(r"(?<![*\w])\*[^*\s][^*]*?[^*\s]\*(?![*\w])")
_RAW_HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


@dataclass(frozen=True)
class Span:
    text: str
    style: str = ""  # "", "bold", "code", "link"
    url: str = ""


@dataclass(frozen=True)
class Block:
    kind: str  # "para", "bullet", "number"
    spans: tuple[Span, ...]
    number: int = 0


Doc = tuple[Block, ...]


def parse_inline(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            spans.append(Span(text[pos : m.start()]))
        if m.group("bold") is not None:
            spans.append(Span(m.group("bold"), "bold"))
        elif m.group("code") is not None:
            spans.append(Span(m.group("code"), "code"))
        else:
            spans.append(Span(m.group("ltext"), "link", m.group("url")))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(text[pos:]))
    return tuple(spans)


def parse(text: str) -> Doc:
    """Parse content markup into blocks; consecutive plain lines join into a paragraph."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("para", parse_inline(" ".join(para))))
            para.clear()

    for line in (text or "").splitlines():
        if not line.strip():
            flush()
        elif m := _BULLET.match(line):
            flush()
            blocks.append(Block("bullet", parse_inline(m.group(1).strip())))
        elif m := _NUMBERED.match(line):
            flush()
            blocks.append(Block("number", parse_inline(m.group(2).strip()), int(m.group(1))))
        else:
            para.append(line.strip())
    flush()
    return tuple(blocks)


def plain(text: str) -> Doc:
    """A doc of one paragraph holding `text` verbatim (no markup interpreted)."""
    return (Block("para", (Span(text),)),) if text else ()


def links_in(doc: Doc) -> list[str]:
    return [s.url for b in doc for s in b.spans if s.style == "link"]


def problems(text: str) -> list[str]:
    """What is wrong with a piece of markup, in words for a content editor."""
    found = []
    if _RAW_HTML.search(text or ""):
        found.append("raw HTML is not allowed in content; use **bold**, `code` and [text](url)")
    for block in parse(text):
        for span in block.spans:
            if span.style == "" and "**" in span.text:
                found.append("unbalanced ** (bold must open and close on the same line)")
            if span.style == "" and re.search(r"\]\(", span.text):
                found.append("malformed link; write [text](https://...)")
            if span.style == "" and _SINGLE_STAR.search(span.text):
                found.append("*single asterisks* are not markup here; use **bold**")
    return found


# -- renderers ---------------------------------------------------------------

def _render(doc: Doc, span: Callable[[Span], str]) -> str:
    out: list[str] = []
    prev = ""
    for block in doc:
        body = "".join(span(s) for s in block.spans)
        if block.kind == "bullet":
            line = f"• {body}"
        elif block.kind == "number":
            line = f"{block.number}. {body}"
        else:
            line = body
        # list items sit on consecutive lines; paragraphs are separated by a blank line
        if out:
            sep = "\n" if block.kind != "para" and prev != "para" else "\n\n"
            out.append(sep)
        out.append(line)
        prev = block.kind
    return "".join(out)


def escape_html(text: str) -> str:
    return html.escape(text, quote=False)


def to_html(doc: Doc) -> str:
    """Telegram HTML parse mode."""

    def span(s: Span) -> str:
        t = escape_html(s.text)
        if s.style == "bold":
            return f"<b>{t}</b>"
        if s.style == "code":
            return f"<code>{t}</code>"
        if s.style == "link":
            return f'<a href="{html.escape(s.url, quote=True)}">{t}</a>'
        return t

    return _render(doc, span)


_MD_SPECIAL = re.compile(r"([\\*_`~|>\[\]()#:<@-])")


def escape_markdown(text: str) -> str:
    """Escape Discord markdown (and mention/link openers) in plain text."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(doc: Doc) -> str:
    """Discord markdown, as used in embed descriptions."""

    def span(s: Span) -> str:
        if s.style == "bold":
            return f"**{escape_markdown(s.text)}**"
        if s.style == "code":
            return f"`{s.text.replace('`', 'ˋ')}`"
        if s.style == "link":
            return f"[{escape_markdown(s.text)}]({s.url})"
        return escape_markdown(s.text)

    return _render(doc, span)


def to_plain(doc: Doc) -> str:
    """Plain text for the console: links shown as `text (url)`."""

    def span(s: Span) -> str:
        if s.style == "link":
            return f"{s.text} ({s.url})"
        return s.text

    return _render(doc, span)
