"""The Discord adapter: translates between discord.py 2.7 and the conversation engine.

`build_bot(engine, ...)` builds the client for both the command line and the tests;
`python -m bot discord` / `run` start it through `bot.app.runner` (`runner.serve`), and
`runner.sync(engine)` is `--sync`.
"""
from .client import RouteBot, build_bot
from .runner import sync

__all__ = ["RouteBot", "build_bot", "sync"]
