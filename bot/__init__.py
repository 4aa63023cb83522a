"""bnb-route: routes Binance / BNB Chain questions in community chats to the right guidance."""

__version__ = "0.1.0"
