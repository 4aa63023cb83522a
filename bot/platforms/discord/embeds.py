"""How an engine Reply looks as a Discord embed, and how user text is echoed.

Discord limits: embed title 256, description 4096, field 1024, footer 2048
characters. Content is checked to fit (`python -m bot check`), but anything
a user typed is cut here before it is echoed, and escaped so it can neither
format nor mention.
"""
from __future__ import annotations

import discord

from bot.core.engine import Reply
from bot.core.markup import escape_markdown
from bot.core.render import render_parts, render_safety

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FOOTER_LIMIT = 2048
ECHO_LIMIT = 200  # raw characters of a question shown back; escaped it stays under a field's 1024
ELLIPSIS = "…"


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, marked with an ellipsis when shortened."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip("\\") + ELLIPSIS


def echo(text: str, limit: int = ECHO_LIMIT) -> str:
    """User text safe to show back in Discord markdown: one line, cut, escaped."""
    one_line = " ".join((text or "").split())
    return escape_markdown(cut(one_line, limit))


def reply_embed(reply: Reply, *, question: str | None = None) -> discord.Embed:
    """The embed for a step: title, answer with warning and links, safety line as footer."""
    title, description, _ = render_parts(reply, "markdown")
    embed = discord.Embed(title=cut(title, TITLE_LIMIT) or None,
                          description=cut(description, DESCRIPTION_LIMIT) or None,
                          colour=discord.Colour.gold() if reply.kind == "warning" else discord.Colour.blurple())
    if question:
        embed.add_field(name="You asked", value=echo(question), inline=False)
    # footers are plain text in Discord: markdown escapes would show as backslashes
    safety = render_safety(reply, "plain")
    if safety:
        embed.set_footer(text=cut(safety, FOOTER_LIMIT))
    return embed
