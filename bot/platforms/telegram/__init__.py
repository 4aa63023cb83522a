"""The Telegram adapter: translates between the Bot API and the conversation engine.

`build_application(engine, token, base_url=...)` builds the python-telegram-bot
Application that `python -m bot telegram` / `run` start (`bot.app.runner`, through
`service.TelegramService`) and that the tests drive.
"""
from .app import build_application

__all__ = ["build_application"]
