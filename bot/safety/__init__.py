"""The safety guard: leaked recovery phrases and keys, lookalike links.

Interface used by the engine and every adapter:

* `scan(text, allowed_domains, link_guard=False) -> Finding | None`
* a Finding's `action` tells the adapter what to do: "delete" (a secret was
  posted: delete the message if it can, then post `engine.secret_notice`),
  "remind" (a 64-hex string with no telling context: `engine.key_reminder`,
  nothing deleted), "link" (only when the chat has the link guard on: a
  lookalike link, rule "lookalike-link", `detail` the real site it imitates;
  or a scam link or text from `scams.py`, rule "walletconnect-uri",
  "wallet-drainer-page", "fake-verify-bot" or "paste-command", `detail` a
  short reason; `engine.link_notice` words both).
* Every scan sees the text after the shared folding (`intents.folding`):
  zero-width characters, soft hyphens, lookalike letters, accents and spaced
  letters disguise nothing.
* `check_member(...)` (impersonation.py): is a member's name imitating an
  admin, a role or a brand? `find_hijack(...)` (hijack.py): is a reply a
  "DM me" hijack? Both pure; the caller decides who is an admin and what to do.
* `guard_for(content)`: the check the engine runs before matching a question.
* `format_modlog(platform, where, who, rule)`: one mod-log line.

A Finding never holds any part of the secret, and nothing here logs, keeps
or returns the text it scanned. The rules and their measured error rates are
in `phrases.py`, `keys.py` and `links.py`; `benchmarks/safety_bench.py`
measures them.
"""
from __future__ import annotations

from typing import Callable, Iterable

from intents.folding import fold

from .finding import DELETE, LINK, REMIND, Finding
from .hijack import Hijack, find_hijack
from .impersonation import Admin, Verdict, check_member
from .keys import find_key
from .links import find_lookalike
from .notices import deletion_outcome, format_modlog
from .phrases import find_phrase
from .scams import find_scam, without_walletconnect

__all__ = ["DELETE", "LINK", "REMIND", "Admin", "Finding", "Hijack", "Verdict", "check_member",
           "deletion_outcome", "find_hijack", "format_modlog", "guard_for", "scan"]


def scan(text: str, allowed_domains: Iterable[str] = (), *, link_guard: bool = False) -> Finding | None:
    """The most serious thing the guard finds in `text`: a secret, then a lookalike link, then a hint."""
    if not isinstance(text, str) or not text.strip():
        return None
    # keys are case-sensitive base58: folded without case-folding
    found = find_phrase(text) or find_key(without_walletconnect(fold(text, lower=False)))
    if found is not None and found.is_secret:
        return found
    if link_guard:
        allowed = tuple(allowed_domains)
        link = find_lookalike(text, allowed) or find_scam(text, allowed)
        if link is not None:
            return link
    return found


def guard_for(content: object) -> Callable[[str], Finding | None]:
    """The check the engine runs before matching: the Finding when text holds a secret."""
    allowed = tuple(getattr(content, "allowed_links", ()))

    def guard(text: str) -> Finding | None:
        finding = scan(text, allowed)
        return finding if finding is not None and finding.is_secret else None

    return guard
