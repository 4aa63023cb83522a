"""The route tree as a Mermaid flowchart, for moderators to see the buttons' paths."""
from __future__ import annotations

from bot.core.engine import Engine


def _node_name(node_id: str) -> str:
    return "n_" + node_id.replace("-", "_")


def _quote(text: str) -> str:
    return '"' + text.replace('"', "#quot;") + '"'


def mermaid(engine: Engine) -> str:
    c = engine.content
    lines = ["flowchart TD"]
    for mid, menu in c.menus.items():
        lines.append(f"  {_node_name(mid)}{{{{{_quote(menu.title)}}}}}")
    for eid, entry in c.entries.items():
        lines.append(f"  {_node_name(eid)}[{_quote(entry.title)}]")
    for mid, menu in c.menus.items():
        for opt in menu.options:
            lines.append(f"  {_node_name(mid)} --> {_node_name(opt)}")
    for eid, entry in c.entries.items():
        for b in entry.buttons:
            lines.append(f"  {_node_name(eid)} -.-> {_node_name(b)}")
    return "\n".join(lines)
