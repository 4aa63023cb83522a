"""The console chat: the same conversation, in a terminal, no token, no network.

Buttons are shown as numbered choices; `back`, `start`, `help` and `quit` are
typed. Works with piped stdin, so it can be scripted. "Did this help?" votes
are numbered choices too; with a recorder (a configured database) questions,
presses and votes are recorded as on the chat platforms.
"""
from __future__ import annotations

import sys
from collections import deque
from typing import TextIO

from bot.core.engine import SECRET, Engine, Reply, parse_action
from bot.core.feedback import AnswerRef, Ballot, MemoryBallot
from bot.core.render import render_text
from bot.safety import REMIND, scan
from bot.safety.phrases import only_list_words

BANNER = ("bnb-route console chat. Ask a question, or type a number to press a button.\n"
          "Commands: back, start, help, quit.")
HIDDEN_ECHO = "[hidden: that line looked like a recovery phrase or private key]"
HIDDEN_WORDS = "[not shown: only seed words, maybe one line of a recovery phrase]"
QUIT = ("quit", "exit", "q", ":q")
START = ("start", "menu", "start over")
HELP = ("help", "?")
BACK = ("back", "b")
COMMANDS = QUIT + START + HELP + BACK
PHRASE_LINES = 24


def command_word(text: str) -> str:
    """The console command `text` names ("/quit" as well as "quit"), else its casefold."""
    low = text.strip().casefold()
    return low[1:] if low.startswith("/") and low[1:] in COMMANDS else low


class ConsoleChat:
    """Translates between a terminal and the engine; holds only the current buttons."""

    PLATFORM = CHAT = USER = "console"

    def __init__(self, engine: Engine, out: TextIO | None = None, recorder=None) -> None:
        self.engine = engine
        self.out = out or sys.stdout  # looked up now, not at import, so redirection works
        self.current: Reply | None = None
        # a bot.storage Recorder, or None: record nothing, count votes in memory
        self.recorder = recorder
        self.ballot: Ballot = recorder if recorder is not None else MemoryBallot()
        # like a chat message edited in place: a question starts a new one, buttons keep it
        self.message = 0
        # the last lines made only of seed words: a phrase pasted one word per line
        # arrives as many lines, and is a secret only once they are read together
        self.seed_lines: deque[str] = deque(maxlen=PHRASE_LINES)

    def show(self, reply: Reply) -> None:
        self.current = reply
        print(render_text(reply, "plain"), file=self.out)
        self.show_buttons(reply)

    def show_buttons(self, reply: Reply) -> None:
        n = 0
        for row in reply.buttons:
            for button in row:
                n += 1
                print(f"  [{n}] {button.label}", file=self.out)

    def buttons(self) -> list:
        return [b for row in (self.current.buttons if self.current else ()) for b in row]

    def record(self, reply: Reply, question: str | None = None, via: str = "question") -> None:
        if self.recorder is not None:
            self.recorder.interaction(self.PLATFORM, self.CHAT, reply, question=question,
                                      message=self.message, via=via)

    def press(self, action: str) -> None:
        parsed = parse_action(action)
        if parsed is not None and parsed[0] == "fb":
            self.vote(action)
            return
        reply = self.engine.press(action)
        if reply is not None:
            self.show(reply)
            self.record(reply, via="button")

    def vote(self, action: str) -> None:
        answer = AnswerRef(self.PLATFORM, self.CHAT, self.message)
        voted = self.engine.vote(action, self.ballot, answer, self.USER)
        if voted is None:
            print("That answer is no longer available; ask again.", file=self.out)
            return
        print(voted.notice, file=self.out)
        self.current = voted.reply
        self.show_buttons(voted.reply)

    def handle(self, line: str) -> bool:
        """Handle one input line; False when the user wants to quit."""
        text = line.strip()
        if not text:
            return True
        low = command_word(text)
        if low not in COMMANDS and self.completes_phrase(text):
            self.message += 1
            self.show(self.engine.ask("\n".join(self.seed_lines)))
            self.seed_lines.clear()
            return True
        if low in QUIT:
            return False
        if low in START:
            self.message += 1
            self.show(self.engine.open("start"))
        elif low in HELP:
            self.show(self.engine.help())
        elif low in BACK:
            node = self.current.node if self.current else None
            reply = self.engine.open(self.engine.parent(node) if node else "start")
            self.show(reply)
            self.record(reply, via="button")
        elif text.isdigit():
            buttons = self.buttons()
            idx = int(text) - 1
            if 0 <= idx < len(buttons):
                self.press(buttons[idx].action)
            else:
                print(f"There is no choice {text}. Pick 1-{len(buttons)}, or ask a question."
                      if buttons else "There are no choices right now; ask a question.", file=self.out)
        else:
            self.message += 1
            reply = self.engine.ask(text)
            if reply.kind == SECRET:
                self.seed_lines.clear()  # reported once; the next line starts afresh
            self.show(reply)
            # a line of seed words may be one line of a phrase pasted one word per line: not kept
            keep = reply.kind != SECRET and not only_list_words(text)
            self.record(reply, question=text if keep else None)
            finding = scan(text, self.engine.content.allowed_links)
            if finding is not None and finding.action == REMIND:
                print(render_text(self.engine.key_reminder(), "plain"), file=self.out)
        return True

    def completes_phrase(self, text: str) -> bool:
        """Does this line, with the seed-word lines just before it, make a recovery phrase?"""
        if not only_list_words(text):
            self.seed_lines.clear()
            return False
        self.seed_lines.append(text)
        guard = self.engine.guard
        return len(self.seed_lines) > 1 and guard is not None and bool(guard("\n".join(self.seed_lines)))

    def echo(self, line: str) -> str:
        """How a piped input line is echoed: never when it holds a secret or may be part of one."""
        if self.engine.guard is not None and self.engine.guard(line):
            return HIDDEN_ECHO
        if command_word(line) not in COMMANDS and only_list_words(line):
            return HIDDEN_WORDS
        return line.rstrip()[:200]

    def run(self, stdin: TextIO = sys.stdin) -> int:
        interactive = stdin.isatty()
        print(BANNER, file=self.out)
        self.show(self.engine.open("start"))
        while True:
            if interactive:
                print("> ", end="", file=self.out, flush=True)
            try:
                line = stdin.readline()
            except (UnicodeDecodeError, ValueError):
                print("I could not read that line; please type plain text.", file=self.out)
                continue
            except KeyboardInterrupt:
                break
            if not line:
                break
            if not interactive:
                print(f"> {self.echo(line)}", file=self.out)
            if not self.handle(line):
                break
        print("Bye. Stay safe: nobody legitimate will ever ask for your recovery phrase.", file=self.out)
        return 0
