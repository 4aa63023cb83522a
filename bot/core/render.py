"""Whole replies as text for each platform, built from the neutral markup.

`render_text` gives one message (Telegram, console); `render_parts` gives
(title, description, footer) for platforms that use embeds (Discord).
"""
from __future__ import annotations

from .engine import Reply
from .markup import Doc, escape_html, escape_markdown, to_html, to_markdown, to_plain

_FORMATS = {
    "html": (to_html, escape_html, lambda t: f"<b>{t}</b>"),
    "markdown": (to_markdown, escape_markdown, lambda t: f"**{t}**"),
    "plain": (to_plain, lambda t: t, lambda t: t),
}


def _link(fmt: str, title: str, url: str) -> str:
    if fmt == "html":
        from html import escape

        return f'<a href="{escape(url, quote=True)}">{escape_html(title)}</a>'
    if fmt == "markdown":
        return f"[{escape_markdown(title)}]({url})"
    return f"{title}: {url}"


def render_body(reply: Reply, fmt: str) -> str:
    """Answer, warning and links, without title and safety line."""
    doc, esc, bold = _FORMATS[fmt]
    parts = []
    if reply.body:
        parts.append(doc(reply.body))
    if reply.warning:
        parts.append("⚠️ " + doc(reply.warning))
    if reply.links:
        lines = [bold(esc("Official links:"))]
        lines += [f"• {_link(fmt, l.title, l.url)}" for l in reply.links]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def render_safety(reply: Reply, fmt: str) -> str:
    if not reply.safety:
        return ""
    _, esc, _ = _FORMATS[fmt]
    return "🛡 " + esc(reply.safety)


def render_parts(reply: Reply, fmt: str) -> tuple[str, str, str]:
    _, esc, _ = _FORMATS[fmt]
    return esc(reply.title), render_body(reply, fmt), render_safety(reply, fmt)


def render_text(reply: Reply, fmt: str) -> str:
    """One message: bold title, body, safety line."""
    _, esc, bold = _FORMATS[fmt]
    parts = []
    if reply.title:
        parts.append(bold(esc(reply.title)))
    body = render_body(reply, fmt)
    if body:
        parts.append(body)
    safety = render_safety(reply, fmt)
    if safety:
        parts.append(safety)
    return "\n\n".join(parts)


def render_doc(doc: Doc, fmt: str) -> str:
    return _FORMATS[fmt][0](doc)
