"""The Discord adapter: translates between discord.py 2.7 and the conversation engine.

`run(engine, args)` is what `python -m bot discord [--sync]` calls;
`build_bot(engine, ...)` builds the client for both the command line and the tests.
"""
from .client import RouteBot, build_bot
from .runner import run

__all__ = ["RouteBot", "build_bot", "run"]
