"""The Telegram adapter: translates between the Bot API and the conversation engine.

`run(engine, args)` is `python -m bot telegram`; `build_application(engine, token,
base_url=...)` builds the same python-telegram-bot Application for tests.
"""
from .app import build_application, run

__all__ = ["build_application", "run"]
