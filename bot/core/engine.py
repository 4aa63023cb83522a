"""The conversation engine: a question or a button press in, a Reply out.

Platform-neutral. Adapters turn a Reply into a Telegram message, a Discord
embed or console text, and turn a platform's button press back into an
action string for `press`. Actions are compact and stateless ("go:<id>"), so
any process can answer any press, also after a restart.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from typing import Callable, Hashable

from bot import safety
from bot.safety import Finding, notices
from intents import ANSWER, CLARIFY, NONE, Match, Matcher

from . import contract, feedback
from .content import ID_RE, Content, Link, Menu
from .feedback import AnswerRef, Ballot, Tally, Vote
from .markup import Doc, plain
from .trace import QUIET, note, noted

# `ask`'s default: the text has not been through the guard yet
UNSCREENED = object()

BACK_LABEL = "⬅ Back"
CLARIFY_TITLE = "Which of these is it?"
CLARIFY_TEXT = "I'm not sure which of these you mean. Pick the closest one:"
NONE_TEXT = "I couldn't tell what you mean. What are you trying to do?"
# addressed directly with something off-topic: one line on what the bot is for
OFFTOPIC_TEXT = ("I can only help with Binance and BNB Chain questions: networks, deposits and "
                 "withdrawals, bridges, gas fees, wallets and scams. Pick a topic:")
SECRET = "secret"


@dataclass(frozen=True)
class Button:
    label: str
    action: str  # "go:<node-id>"


@dataclass(frozen=True)
class Reply:
    """What the bot says: platform-neutral text, links and buttons."""

    kind: str  # "entry", "menu", "clarify", "warning", "help", "secret"
    decision: str  # "answer", "clarify", "none", "open", "warning", "help", "secret"
    node: str | None
    title: str
    body: Doc = ()
    warning: Doc = ()
    links: tuple[Link, ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()
    safety: str = ""
    match: Match | None = field(default=None, compare=False)


def go(node_id: str) -> str:
    return f"go:{node_id}"


def parse_action(data: object) -> tuple[str, str] | None:
    """('go', node-id) or ('fb', '<entry-id>:<choice>') for well-formed action data;
    None for anything else."""
    if not isinstance(data, str) or len(data) > 64:
        return None
    verb, _, arg = data.partition(":")
    if verb == "go" and ID_RE.match(arg):
        return verb, arg
    if verb == "fb" and feedback.parse_vote(data) is not None:
        return verb, arg
    return None


@dataclass(frozen=True)
class Voted:
    """After a feedback press: the answer with its updated buttons (for everyone who
    sees it) and a short notice for the voter alone."""

    vote: Vote
    status: str  # feedback.COUNTED, REASON_ADDED or DUPLICATE
    tally: Tally
    reply: Reply
    notice: str


# Words that make an unaddressed chat message read as a request for help.
_QUESTION_OPENERS = frozenset(
    "how what why where when which who whom can could is are am do does did should shall "
    "will would anyone anybody someone pls plz please help".split())
_TROUBLE_WORDS = frozenset(
    "help cant can't cannot couldnt couldn't dont don't doesnt doesn't didnt didn't not "
    "stuck missing lost wrong".split())


def reads_as_question(text: str) -> bool:
    """Does an unaddressed message ask for help (a question mark, a question or trouble word)?"""
    text = (text or "").strip()
    if "?" in text:
        return True
    words = [w.strip(".,!:;()\"'").casefold().replace("\u2019", "'") for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return False
    return words[0] in _QUESTION_OPENERS or any(w in _TROUBLE_WORDS for w in words)


def route_parents(content: Content) -> dict[str, str]:
    """Each node's parent: the first menu (breadth-first from start) that leads to it."""
    parents: dict[str, str] = {}
    seen = {contract.ROOT}
    queue = deque([contract.ROOT])
    while queue:
        node_id = queue.popleft()
        node = content.node(node_id)
        children = node.options if isinstance(node, Menu) else node.buttons if node else ()
        for child in children:
            if child not in seen and content.node(child) is not None:
                seen.add(child)
                parents[child] = node_id
                queue.append(child)
    return parents


def build_matcher(content: Content) -> Matcher:
    """The content's matcher: built (or loaded from the model cache) once per content."""
    from .model_cache import matcher_for

    return matcher_for(content)


class Engine:
    """Turns questions and button presses into replies, for every platform."""

    def __init__(self, content: Content, matcher: Matcher | None = None,
                 guard: Callable[[str], object] | None = None, feedback: bool = False,
                 record_notice: str = "") -> None:
        self.content = content
        self._matcher = matcher  # built on first use: validation never needs it
        self.parents = route_parents(content)
        # the safety guard: text -> a finding (truthy) when the text holds a secret
        self.guard = guard
        # "Did this help?" buttons under answers; off until the platform handles votes
        self.feedback = feedback
        # what the bot records and for how long, added to help (given with the store)
        self.record_notice = record_notice

    def options(self) -> dict:
        """The deployment's switches, as constructor arguments (a reload keeps them)."""
        return {"feedback": self.feedback, "record_notice": self.record_notice}

    def configured(self, **options: object) -> Engine:
        """The same engine (content, matcher, guard) with other switches: a new object, so an
        update already holding this engine never sees them change under it."""
        return Engine(self.content, self.matcher, self.guard, **{**self.options(), **options})

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            self._matcher = build_matcher(self.content)
        return self._matcher

    @matcher.setter
    def matcher(self, value: Matcher) -> None:
        self._matcher = value

    # -- questions -----------------------------------------------------------
    def match(self, text: str) -> Match:
        return self.matcher.match(text)

    def screen(self, text: str, *, link_guard: bool = False) -> Finding | None:
        """The safety guard's one look at a message (secrets; lookalike links with
        `link_guard`): adapters screen a message once and pass the finding to `ask`."""
        return safety.scan(text, self.content.allowed_links, link_guard=link_guard)

    @noted
    def ask(self, text: str, *, finding: object = UNSCREENED) -> Reply:
        """Answer a free-text question (the adapter decides whether to show a 'none').
        `finding` is what `screen` already found in `text` (None: nothing), so a message is
        scanned once; without it the engine's own guard looks first."""
        if finding is UNSCREENED:
            finding = self.guard(text) if self.guard is not None and text else None
        if finding and getattr(finding, "is_secret", True):
            return self._secret_reply(finding)
        m = self.matcher.match(text or "")
        if m.decision == ANSWER and m.intent in self.content.entries:
            return replace(self.open(m.intent), decision=ANSWER, match=m)
        if m.decision == CLARIFY:
            options = [i for i in self.matcher.clarify_options(m) if i in self.content.entries]
            if len(options) == 1:
                options = [c.intent for c in m.candidates[:2] if c.intent in self.content.entries]
            if options:
                return self._clarify(options, m)
        menu = self.open(contract.ROOT)
        if m.off_topic:
            return replace(menu, decision=NONE, body=plain(OFFTOPIC_TEXT), match=m)
        return replace(menu, decision=NONE, body=plain(NONE_TEXT) + menu.body, match=m)

    def auto_answer(self, text: str, *, finding: object = UNSCREENED) -> Reply | None:
        """The reply to a message nobody addressed to the bot: only a confident answer to a
        question; None means stay quiet (auto-answer mode in group chats)."""
        if not reads_as_question(text):
            note(QUIET)
            return None
        reply = self.ask(text, finding=finding)
        if reply.decision != ANSWER:
            note(QUIET)
            return None
        return reply

    def _clarify(self, options: list[str], m: Match) -> Reply:
        rows = [(Button(self.content.entries[i].label, go(i)),) for i in options]
        rows.append((self._start_button("Something else"),))
        return Reply("clarify", CLARIFY, None, CLARIFY_TITLE, plain(CLARIFY_TEXT),
                     buttons=tuple(rows), safety=self.content.safety_line, match=m)

    # -- navigation ----------------------------------------------------------
    @noted
    def open(self, node_id: str) -> Reply | None:
        """The reply for a menu or entry, with its narrowing buttons; None if unknown."""
        node = self.content.node(node_id)
        if node is None:
            return None
        if isinstance(node, Menu):
            rows = [(self._node_button(o),) for o in node.options if self.content.node(o)]
            rows += self._nav(node_id)
            return Reply("menu", "open", node_id, node.title, node.text, buttons=tuple(rows),
                         safety=self.content.safety_line)
        rows = [(self._node_button(b),) for b in node.buttons if self.content.node(b)]
        rows += self._nav(node_id)
        if self.feedback:
            rows += self._feedback_rows(node_id, Tally())
        return Reply("entry", "open", node_id, node.title, node.answer, node.warning, node.links,
                     tuple(rows), self.content.safety_line)

    @noted
    def press(self, data: object) -> Reply | None:
        """A button press; None when the data is forged, stale or unknown."""
        action = parse_action(data)
        if action is None or action[0] != "go":
            return None  # feedback presses go to `vote`: voting is not navigation
        return self.open(action[1])

    # -- feedback ------------------------------------------------------------
    def vote(self, data: object, ballot: Ballot, answer: AnswerRef, voter: Hashable) -> Voted | None:
        """A "Did this help?" press by `voter` on `answer`: counted once per voter in
        `ballot`; None when the data is forged or names no entry."""
        vote = feedback.parse_vote(data)
        if vote is None or vote.entry not in self.content.entries:
            return None
        cast = ballot.cast(answer, voter, vote)
        return Voted(vote, cast.status, cast.tally, self.feedback_reply(vote.entry, cast.tally),
                     feedback.notice(vote, cast.status))

    def feedback_reply(self, entry_id: str, tally: Tally) -> Reply | None:
        """The answer `entry_id` with feedback buttons showing `tally`."""
        reply = self.open(entry_id)
        if reply is None or reply.kind != "entry":
            return None
        rows = tuple(r for r in reply.buttons if not feedback.is_feedback_row(r))
        return replace(reply, buttons=rows + self._feedback_rows(entry_id, tally))

    def _feedback_rows(self, entry_id: str, tally: Tally) -> tuple[tuple[Button, ...], ...]:
        return tuple(tuple(Button(label, act) for label, act in row)
                     for row in feedback.feedback_rows(entry_id, tally))

    def parent(self, node_id: str) -> str:
        return self.parents.get(node_id, contract.ROOT)

    def _node_button(self, node_id: str) -> Button:
        node = self.content.node(node_id)
        return Button(node.label if node else node_id, go(node_id))

    def _start_button(self, label: str | None = None) -> Button:
        start = self.content.menus.get(contract.ROOT)
        return Button(label or (start.label if start else "Start over"), go(contract.ROOT))

    def _nav(self, node_id: str) -> list[tuple[Button, ...]]:
        if node_id == contract.ROOT:
            return []
        return [(Button(BACK_LABEL, go(self.parent(node_id))), self._start_button())]

    # -- moderators and help ---------------------------------------------------
    @noted
    def warning(self, warning_id: str) -> Reply | None:
        w = self.content.warnings.get((warning_id or "").strip().lower())
        if w is None:
            return None
        return Reply("warning", "warning", w.id, w.title, w.text,
                     links=(w.link,) if w.link else (), safety=self.content.safety_line)

    def warning_ids(self) -> list[str]:
        return list(self.content.warnings)

    @noted
    def help(self) -> Reply:
        return Reply("help", "help", None, "bnb-route help", self.content.help + plain(self.record_notice),
                     buttons=((self._start_button("Show the menu"),),),
                     safety=self.content.safety_line)

    def suggest(self, text: str, limit: int = 25) -> list[tuple[str, str]]:
        """(label, entry id) suggestions for what has been typed so far (autocomplete)."""
        text = (text or "").strip()
        entries = self.content.entries
        if not text:
            return [(e.title, e.id) for e in entries.values()][:limit]
        seen: list[str] = []
        for c in self.matcher.match(text).candidates:
            if c.intent in entries and c.intent not in seen:
                seen.append(c.intent)
        low = text.casefold()
        for e in entries.values():
            if e.id not in seen and (low in e.title.casefold() or low in e.id):
                seen.append(e.id)
        return [(entries[i].title, i) for i in seen][:limit]

    # -- safety notices (the guard's findings; never any part of the message) ----
    def _secret_reply(self, finding: object) -> Reply:
        """What `ask` says to a secret: no match, no echo, the advice."""
        body = plain(notices.NOT_KEPT) + plain(notices.secret_advice(finding))
        return Reply(SECRET, SECRET, None, notices.secret_title(finding), body,
                     links=self._seed_links(), safety=self.content.safety_line)

    def secret_notice(self, finding: object, deleted: bool, can_delete: bool = True) -> Reply:
        """The warning posted after a recovery phrase or key appeared in a chat."""
        body = plain(notices.deletion_status(deleted, can_delete)) + plain(notices.secret_advice(finding))
        return Reply("warning", SECRET, None, notices.secret_title(finding), body,
                     links=self._seed_links(), safety=self.content.safety_line)

    def key_reminder(self) -> Reply:
        """A gentle note for a 64-hex string that is probably a transaction hash."""
        return Reply("warning", "remind", None, notices.KEY_REMINDER_TITLE, plain(notices.KEY_REMINDER),
                     safety=self.content.safety_line)

    def link_notice(self, finding: object) -> Reply:
        """A short warning naming the real site a lookalike link imitates."""
        rule = str(getattr(finding, "detail", "") or "").strip().lower().strip("/")
        url = f"https://{rule}"
        scam = notices.scam_warning(str(getattr(finding, "rule", "")))
        if scam is not None:  # a scam link or text (safety/scams.py), not a lookalike
            text = scam
        elif rule in self.content.allowed_links and self.content.link_allowed(url):
            text = notices.link_warning(rule.partition("/")[0], url)
        else:
            text = notices.LINK_UNNAMED
        return Reply("warning", "link", None, notices.LINK_TITLE, plain(text))

    def _seed_links(self) -> tuple[Link, ...]:
        seed = self.content.warnings.get("seed")
        if seed and seed.link and self.content.link_allowed(seed.link.url):
            return (seed.link,)
        return ()

