""""DM me" hijacks: a reply to someone's question that pulls them into private messages.

    find_hijack(text, *, asker=()) -> Hijack

Call it on a reply to someone's question, or on a message that mentions
them; `asker` lists the asker's @usernames and names, so addressing them
("@anna try this") is not taken for a contact handle. The caller decides
whether the sender is an admin (admins are not checked) and what to do. A
Hijack is truthy when flagged, with `rule` and a `reason` for the mod-log;
it holds no part of the text.

Flagged (the text after the shared folding, `intents.folding`, clause by
clause; a clause that says "never", "don't", "ignore", "beware", "scam"...
before the words is a warning, not an invitation):

* "dm-invite": an invitation to private messages: "DM me", "PM me",
  "inbox me", "message me", "text me on WhatsApp", "send me a DM", "check
  your DM/inbox", "I've DMed you", "DM for help", "let's talk in private",
  "I can help you in DM", "hmu";
* "contact-offer": a contact channel (a t.me / wa.me / WhatsApp link, a
  @handle other than the asker's, an e-mail address, a phone number) offered
  with support, recovery or a contact verb: "contact @fundsback_pro, they
  got my BNB back", "reach support at t.me/...", "write to
  helpdesk@...";
* "recovery-offer": a recovery or hacker service ("recovery expert", "hire a
  hacker", "I can recover your funds") with any way to reach it.

Measured in `benchmarks/protection_bench.py`: hijack replies caught, ordinary
helpful replies (which say "send the tx hash here", "contact Binance support
in the app", "never DM anyone") flagged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from intents.folding import fold

__all__ = ["Hijack", "find_hijack"]

DM_INVITE = "dm-invite"
CONTACT_OFFER = "contact-offer"
RECOVERY_OFFER = "recovery-offer"


@dataclass(frozen=True)
class Hijack:
    flagged: bool
    rule: str = ""  # "dm-invite", "contact-offer", "recovery-offer"
    reason: str = ""  # for the mod-log; never quotes the message

    def __bool__(self) -> bool:
        return self.flagged


NOT_FLAGGED = Hijack(False)
# a chat message is at most 4,096 characters (Telegram); a longer text is read that far
MAX_CHARS = 8192

_ME = r"(?:me|us|mi|meh)"
_SELF_INVITE = re.compile("|".join([
    rf"\b(?:d ?m|p ?m|inbox|message|msg|text|txt|contact|ping|write|whatsapp|telegram|hit up|reach out to|"
    rf"reach|add|call|dm'?|pm'?)\s+{_ME}\b",
    rf"\b(?:send|drop|shoot|leave)\s+{_ME}\s+(?:a\s+|an\s+|your\s+)?(?:d ?m|p ?m|message|msg|mail|email|text|line|request)\b",
    r"\b(?:check|see|open|look at|read)\s+(?:your|ur|yr|you)\s+(?:d ?m|dms|p ?m|pms|inbox|messages|private|requests?)\b",
    r"\bi\s*(?:have|ve|'ve)?\s*(?:just\s+|already\s+)?(?:dm'?e?d|pm'?e?d|messaged|inboxed|texted|"
    r"sent\s+(?:you|u)\s+(?:an?\s*)?(?:d ?m|p ?m|dms|message|request))\s*(?:you|u)?\b",
    r"\b(?:d ?m|p ?m|inbox)\s+(?:for|to get|to receive)\s+(?:help|support|assistance|recovery|more|details|info|the fix)\b",
    r"\b(?:talk|chat|continue|discuss|speak|assist|help|guide|explain)\s+(?:you\s+)?(?:more\s+)?(?:in|via|on|through|over)\s+"
    r"(?:a\s+)?(?:d ?m|p ?m|dms|pms|inbox|private|whatsapp|telegram)\b",
    r"\bhmu\b",
    r"\b(?:my|our)\s+(?:d ?m|dms|p ?m|inbox)\s+(?:is|are)\s+open\b",
    r"\bin\s+(?:my|ur|your)\s+(?:d ?m|dms|p ?m|pms|inbox)\b",
]))
_CHANNEL = re.compile(
    r"(?:\b(?:t|telegram)\.(?:me|dog)/|\bwa\.me/|chat\.whatsapp\.com|\bwhatsapp\b|\bsignal\b|\bwechat\b|"
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[a-z]{2,}|(?<![\d+])\+?\d[\d \-()]{8,20}\d)")
_HANDLE = re.compile(r"(?<![\w@.])@([a-z][a-z0-9_]{3,31})\b")
_CONTACT = re.compile(
    r"\b(?:contact|contacted|contacting|reach|reached|write|wrote|message|messaged|dm|pm|text|texted|inbox|"
    r"ping|talk to|speak to|chat with|hit up|reach out|write to|get in touch)\b")
_OFFER = re.compile(
    r"\b(?:support|supports|recovery|recover|recovered|retrieve|retrieved|hacker|hackers|hack|expert|experts|"
    r"agent|specialist|helpdesk|help desk|customer (?:care|service|support)|assist\w*|resolve\w*|refund\w*|"
    r"helped me|help you|fix (?:it|this|that)|got (?:my|his|her|their|all)\b.{0,20}\bback|legit|trusted|"
    r"genuine|reliable|24/7)\b")
_RECOVERY = re.compile(
    r"\b(?:recovery (?:expert|agent|specialist|service|team|company|firm)|hire (?:a |an )?(?:hacker|expert)|"
    r"(?:funds?|crypto|asset|wallet|bitcoin) recovery|recover (?:your|ur|lost|stolen|the) (?:lost |stolen )?"
    r"(?:funds?|money|crypto|coins?|assets?|wallet|bnb|tokens?)|ethical hacker|hacker\w* who)\b")
_NEGATION = re.compile(
    r"\b(?:never|don'?t|dont|do not|not|no|ignore|ignoring|beware|avoid|careful|scam\w*|fake|won'?t|will not|"
    r"nobody|no one|noone|doesn'?t|dont ever)\b")
_CLAUSE = re.compile(r"[.!?;]+(?=\s|$)|\n+|,\s+(?:but|and)\b")
# "message me here", "reply in the group": an answer in public is no hijack
_PUBLIC = re.compile(r"^\W*(?:right |back |only |just )?(?:here|in (?:the|this|our) (?:group|chat|thread|channel|topic)|"
                     r"publicly|in public|below)\b")


# comfort, not negation: "don't worry, DM me"
_COMFORT = re.compile(r"\b(?:don'?t|dont|do not) (?:worry|panic|stress)\b|\bno (?:worr(?:y|ies)|problem|stress)\b|"
                      r"\bnot (?:sure|a problem)\b")
NEGATION_REACH = 8  # words before the invitation


def _negated(clause: str, at: int) -> bool:
    before = _COMFORT.sub(" ", clause[:at])
    return bool(_NEGATION.search(" ".join(before.split()[-NEGATION_REACH:])))


def _handles(clause: str, asker: set[str]) -> list[str]:
    return [h for h in _HANDLE.findall(clause) if h not in asker]


def find_hijack(text: str, *, asker: Iterable[str] = ()) -> Hijack:
    """Is this reply a "DM me" hijack? (see the module docstring)"""
    if not isinstance(text, str) or not text.strip():
        return NOT_FLAGGED
    text = text[:MAX_CHARS]
    asker_names = {fold(a).lstrip("@") for a in asker if a}
    folded = fold(text)
    # a message that starts by addressing the asker (or, asker unknown, someone): not a contact handle
    first = re.match(r"\s*@([a-z0-9_]+)[,:]?", folded)
    folded_body = folded
    if first and (not asker_names or first.group(1) in asker_names):
        folded_body = " " + folded[first.end():]
    for clause in _CLAUSE.split(folded_body):
        m = _SELF_INVITE.search(clause)
        if m and not _negated(clause, m.start()) and not _PUBLIC.search(clause[m.end():]):
            return Hijack(True, DM_INVITE, "invites to private messages")
        channel = _CHANNEL.search(clause)
        handles = _handles(clause, asker_names)
        if channel is None and not handles:
            continue
        at = channel.start() if channel is not None else clause.find("@" + handles[0])
        if _negated(clause, at):
            continue
        if _RECOVERY.search(clause) or _RECOVERY.search(folded_body):
            return Hijack(True, RECOVERY_OFFER, "offers a recovery service with a way to reach it")
        if _OFFER.search(clause) or _CONTACT.search(clause):
            return Hijack(True, CONTACT_OFFER, "points to a private contact offering help")
    return NOT_FLAGGED
