"""The safety guard: leaked recovery phrases and keys, lookalike links.

Interface used by the engine and every adapter (the detection rules are
built by the safety issue):

* `scan(text, allowed_domains, link_guard=False) -> Finding | None`
* a Finding's `action` tells the adapter what to do: "delete" (a secret was
  posted: delete the message if it can, then post the notice), "remind" (a
  64-hex string with no telling context: a gentle reminder, nothing deleted),
  "link" (a lookalike link: reply naming the real domain).
* A Finding never holds the secret itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable


@dataclass(frozen=True)
class Finding:
    rule: str  # "recovery-phrase", "private-key", "possible-key", "lookalike-link"
    action: str  # "delete", "remind", "link"
    detail: str = ""  # safe to show (e.g. the real domain a link imitates); never the secret

    @property
    def is_secret(self) -> bool:
        return self.action == "delete"


def scan(text: str, allowed_domains: Iterable[str] = (), *, link_guard: bool = False) -> Finding | None:
    """What the guard finds in `text`, or None. (Detection rules: safety issue.)"""
    return None


def guard_for(content: object) -> Callable[[str], object] | None:
    """The check the engine runs before matching: truthy when text holds a secret."""

    def guard(text: str) -> bool:
        finding = scan(text, getattr(content, "allowed_links", ()))
        return bool(finding and finding.is_secret)

    return guard
