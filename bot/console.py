"""The console chat: the same conversation, in a terminal, no token, no network.

Buttons are shown as numbered choices; `back`, `start`, `help` and `quit` are
typed. Works with piped stdin, so it can be scripted.
"""
from __future__ import annotations

import sys
from typing import TextIO

from .engine import SECRET, Engine, Reply
from .render import render_text

BANNER = ("bnb-route console chat. Ask a question, or type a number to press a button.\n"
          "Commands: back, start, help, quit.")
SECRET_NOTICE = ("⚠️ That looks like a recovery phrase or private key. I did not read or keep it.\n"
                 "Treat it as compromised: create a new wallet and move your funds now. "
                 "Nobody legitimate will ever ask for it.")


class ConsoleChat:
    """Translates between a terminal and the engine; holds only the current buttons."""

    def __init__(self, engine: Engine, out: TextIO = sys.stdout) -> None:
        self.engine = engine
        self.out = out
        self.current: Reply | None = None

    def show(self, reply: Reply) -> None:
        self.current = reply
        if reply.kind == SECRET:
            print(SECRET_NOTICE, file=self.out)
            return
        print(render_text(reply, "plain"), file=self.out)
        n = 0
        for row in reply.buttons:
            for button in row:
                n += 1
                print(f"  [{n}] {button.label}", file=self.out)

    def buttons(self) -> list:
        return [b for row in (self.current.buttons if self.current else ()) for b in row]

    def handle(self, line: str) -> bool:
        """Handle one input line; False when the user wants to quit."""
        text = line.strip()
        if not text:
            return True
        low = text.casefold()
        if low in ("quit", "exit", "q", ":q"):
            return False
        if low in ("start", "menu", "/start", "start over"):
            self.show(self.engine.open("start"))
        elif low in ("help", "/help", "?"):
            self.show(self.engine.help())
        elif low in ("back", "b"):
            node = self.current.node if self.current else None
            self.show(self.engine.open(self.engine.parent(node) if node else "start"))
        elif text.isdigit():
            buttons = self.buttons()
            idx = int(text) - 1
            if 0 <= idx < len(buttons):
                reply = self.engine.press(buttons[idx].action)
                if reply is not None:
                    self.show(reply)
            else:
                print(f"There is no choice {text}. Pick 1-{len(buttons)}, or ask a question."
                      if buttons else "There are no choices right now; ask a question.", file=self.out)
        else:
            self.show(self.engine.ask(text))
        return True

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
                print(f"> {line.rstrip()[:200]}", file=self.out)
            if not self.handle(line):
                break
        print("Bye. Stay safe: nobody legitimate will ever ask for your recovery phrase.", file=self.out)
        return 0
