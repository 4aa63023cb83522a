"""The deployment's settings: environment variables (optionally from a `.env` file)
and an optional YAML file of per-chat options (BOT_CHAT_OPTIONS), which give chats
their starting options under whatever the chats' admins change.

Every variable is read here, once, into one small frozen dataclass per section,
so a typo or a malformed value stops the bot at start with one line per bad
setting (`NAME: what is wrong`) instead of surfacing hours later. README.md
"Settings" documents every variable in one table; keep the two in step.
"""
from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Hashable, Mapping
from urllib.parse import urlsplit

from bot.core.chat_settings import ACTIONS as CHAT_ACTIONS
from bot.core.chat_settings import DEFAULTS as CHAT_OPTION_DEFAULTS
from bot.core.chat_settings import ChatSettings
from bot.core.chat_settings import Settings as ChatOptions
from bot.core.yamlfile import LineDict, load_yaml

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
DEFAULT_PORT = 8443
DEFAULT_STOP_DRAIN_SECONDS = 20  # keep systemd's TimeoutStopSec above this
DEFAULT_OUTBOX_MAX_AGE = 15 * 60
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
# the shape only: whether Telegram or Discord accepts a token is for them to say (doctor --online)
_TELEGRAM_TOKEN_SHAPE = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")
_DISCORD_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_.-]+")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


class SettingsError(ValueError):
    """One or more settings are malformed; `problems` holds one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Reader:
    """Reads variables from `env`, collecting every problem instead of stopping at the first."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def text(self, name: str) -> str:
        return (self.env.get(name) or "").strip()

    def bad(self, name: str, why: str) -> None:
        self.problems.append(f"{name}: {why}")

    def flag(self, name: str) -> bool:
        value = self.text(name).lower()
        if value in _TRUE:
            return True
        if value not in _FALSE:
            self.bad(name, f"must be 1 or 0 (or on/off, true/false); got {value[:20]!r}")
        return False

    def ids(self, name: str, *, signed: bool = False) -> tuple[int, ...]:
        """Comma-separated whole numbers (Telegram chat ids may be negative)."""
        found = []
        for part in self.text(name).split(","):
            part = part.strip()
            if not part:
                continue
            digits = part[1:] if signed and part.startswith("-") else part
            if not digits.isdigit() or not 0 < int(digits) < 2**64:
                kind = "chat ids (whole numbers, groups are negative)" if signed else "ids (whole numbers)"
                self.bad(name, f"must hold {kind} separated by commas; got {part[:40]!r}")
                return ()
            found.append(int(part))
        return tuple(found)

    def allow_list(self, name: str, *, signed: bool = False) -> frozenset[int] | None:
        """None when unset (everywhere allowed); otherwise the listed ids."""
        if not self.text(name):
            return None
        return frozenset(self.ids(name, signed=signed))

    def url(self, name: str, *, https: bool = False) -> str | None:
        value = self.text(name)
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.bad(name, f"must be an http(s) URL; got {value[:60]!r}")
            return None
        if https and parts.scheme != "https" and not _loopback(parts.hostname):
            self.bad(name, "must be an https URL (plain http only on 127.0.0.1 or localhost, for testing)")
            return None
        return value

    def number(self, name: str, default: int, low: int, high: int, what: str) -> int:
        value = self.text(name)
        if not value:
            return default
        if not value.isdigit() or not low <= int(value) <= high:
            self.bad(name, f"must be {what} ({low}-{high}); got {value[:20]!r}")
            return default
        return int(value)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class TelegramSettings:
    """TELEGRAM_*, PORT and ALLOWED_CHATS."""

    token: str = ""
    bot_api_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None  # None: a random one per start
    webhook_listen: str = "0.0.0.0"
    port: int = DEFAULT_PORT
    allowed_chats: frozenset[int] | None = None
    modlog_chat: int | None = None  # TELEGRAM_MODLOG_CHAT

    @classmethod
    def read(cls, r: _Reader) -> TelegramSettings:
        token = r.text("TELEGRAM_TOKEN")
        if token and not _TELEGRAM_TOKEN_SHAPE.fullmatch(token):
            r.bad("TELEGRAM_TOKEN", "is not shaped like a BotFather token (<digits>:<letters, digits, _ and ->)")
        secret = r.text("TELEGRAM_WEBHOOK_SECRET") or None
        if secret and not _WEBHOOK_SECRET.fullmatch(secret):
            r.bad("TELEGRAM_WEBHOOK_SECRET", "may hold only A-Z, a-z, 0-9, _ and - (1-256 characters)")
        listen = r.text("TELEGRAM_WEBHOOK_LISTEN") or "0.0.0.0"
        try:
            ipaddress.ip_address(listen)
        except ValueError:
            r.bad("TELEGRAM_WEBHOOK_LISTEN", f"must be an IP address to listen on; got {listen[:40]!r}")
        modlog = r.ids("TELEGRAM_MODLOG_CHAT", signed=True)
        if len(modlog) > 1:
            r.bad("TELEGRAM_MODLOG_CHAT", "must be one chat id")
        return cls(token=token, bot_api_url=r.url("TELEGRAM_BOT_API_URL"),
                   webhook_url=r.url("TELEGRAM_WEBHOOK_URL", https=True), webhook_secret=secret,
                   webhook_listen=listen, port=r.number("PORT", DEFAULT_PORT, 1, 65535, "a TCP port"),
                   allowed_chats=r.allow_list("ALLOWED_CHATS", signed=True),
                   modlog_chat=modlog[0] if modlog else None)


@dataclass(frozen=True)
class DiscordSettings:
    """DISCORD_* and ALLOWED_GUILDS."""

    token: str = ""
    support_channels: tuple[int, ...] = ()
    guild_id: int | None = None
    api_base: str | None = None
    read_messages: bool = False
    allowed_guilds: frozenset[int] | None = None
    modlog_channel: int | None = None  # DISCORD_MODLOG_CHANNEL

    @classmethod
    def read(cls, r: _Reader) -> DiscordSettings:
        token = r.text("DISCORD_TOKEN")
        if token and not _DISCORD_TOKEN_SHAPE.fullmatch(token):
            r.bad("DISCORD_TOKEN", "holds characters a Discord token never has (spaces, quotes?)")
        channels = r.ids("DISCORD_SUPPORT_CHANNELS")
        guild = r.ids("DISCORD_GUILD_ID")
        if len(guild) > 1:
            r.bad("DISCORD_GUILD_ID", "must be one server id")
        read = r.flag("DISCORD_READ_MESSAGES")
        modlog = r.ids("DISCORD_MODLOG_CHANNEL")
        if len(modlog) > 1:
            r.bad("DISCORD_MODLOG_CHANNEL", "must be one channel id")
        return cls(token=token, support_channels=channels, guild_id=guild[0] if guild else None,
                   api_base=r.url("DISCORD_API_BASE"), read_messages=read or bool(channels),
                   allowed_guilds=r.allow_list("ALLOWED_GUILDS"),
                   modlog_channel=modlog[0] if modlog else None)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> DiscordSettings:
        """The Discord section alone; SettingsError (a ValueError) naming each bad variable."""
        r = _Reader(env)
        settings = cls.read(r)
        if r.problems:
            raise SettingsError(r.problems)
        return settings


@dataclass(frozen=True)
class StorageSettings:
    """DATABASE_URL, BOT_DATA_DIR, RETENTION_DAYS, BOT_HASH_KEY (read again by bot.storage from the
    environment)."""

    database_url: str | None = None  # None: bot.storage's default SQLite file
    hash_key: str = field(default="", repr=False)

    @classmethod
    def read(cls, r: _Reader) -> StorageSettings:
        url = r.text("DATABASE_URL") or None
        if url and "://" not in url:
            r.bad("DATABASE_URL", "must be a database URL such as sqlite:////srv/bnb-route/bnb-route.db "
                                  "or postgresql://user:password@host/db")
        folder = r.text("BOT_DATA_DIR")
        if folder and Path(folder).expanduser().exists() and not Path(folder).expanduser().is_dir():
            r.bad("BOT_DATA_DIR", f"is a file, not a folder: {folder[:80]}")
        r.number("RETENTION_DAYS", 0, 1, 36500, "a whole number of days")  # checked here, used by bot.storage
        return cls(database_url=url, hash_key=r.text("BOT_HASH_KEY"))


@dataclass(frozen=True)
class LogSettings:
    """LOG_LEVEL and LOG_FORMAT."""

    level: str = "INFO"
    format: str = "text"

    @classmethod
    def read(cls, r: _Reader) -> LogSettings:
        level = r.text("LOG_LEVEL").upper() or "INFO"
        if level not in LOG_LEVELS:
            r.bad("LOG_LEVEL", f"must be one of {', '.join(LOG_LEVELS)}; got {level[:20]!r}")
            level = "INFO"
        fmt = r.text("LOG_FORMAT").lower() or "text"
        if fmt not in LOG_FORMATS:
            r.bad("LOG_FORMAT", f"must be text or json; got {fmt[:20]!r}")
            fmt = "text"
        return cls(level=level, format=fmt)


@dataclass(frozen=True)
class BotSettings:
    """BOT_*: content, reloading, operators, per-chat options."""

    content: Path | None = None  # None: ./content, else the folder beside the package
    watch_content: bool = False
    # (platform or None for any, user id): "telegram:123, discord:456" or a bare "123"
    operators: frozenset[tuple[str | None, str]] = frozenset()
    # (platform, chat id) -> options from the file, under whatever a chat's admins change
    chat_options: Mapping[tuple[str, int], ChatOptions] = field(default_factory=dict)
    # a stop sends what is queued for up to this long, then keeps the rest for the next start
    stop_drain_seconds: int = DEFAULT_STOP_DRAIN_SECONDS
    outbox_max_age: int = DEFAULT_OUTBOX_MAX_AGE  # seconds: older kept replies are not sent

    @classmethod
    def read(cls, r: _Reader) -> BotSettings:
        content = Path(r.text("BOT_CONTENT")) if r.text("BOT_CONTENT") else None
        if content is not None and not content.is_dir():
            r.bad("BOT_CONTENT", f"no such folder: {content}")
        options_file = Path(r.text("BOT_CHAT_OPTIONS")) if r.text("BOT_CHAT_OPTIONS") else None
        options = read_chat_options(options_file, r) if options_file else {}
        return cls(content=content, watch_content=r.flag("BOT_WATCH_CONTENT"),
                   operators=read_operators(r), chat_options=options,
                   stop_drain_seconds=r.number("STOP_DRAIN_SECONDS", DEFAULT_STOP_DRAIN_SECONDS, 0, 3600,
                                               "a whole number of seconds"),
                   outbox_max_age=r.number("OUTBOX_MAX_AGE", DEFAULT_OUTBOX_MAX_AGE, 0, 7 * 86400,
                                           "a whole number of seconds"))


@dataclass(frozen=True)
class DeploymentSettings:
    telegram: TelegramSettings = TelegramSettings()
    discord: DiscordSettings = DiscordSettings()
    storage: StorageSettings = StorageSettings()
    log: LogSettings = LogSettings()
    bot: BotSettings = BotSettings()

    def platforms(self) -> list[str]:
        """The platforms whose token is set, in start order."""
        return [name for name, s in (("telegram", self.telegram), ("discord", self.discord)) if s.token]

    def secrets(self) -> list[str]:
        """Values no log line may show."""
        found = [self.telegram.token, self.discord.token, self.telegram.webhook_secret or "",
                 self.storage.hash_key]
        url = self.storage.database_url or ""
        password = urlsplit(url).password if "://" in url else None
        return [s for s in (*found, password or "") if s]


def load_settings(env: Mapping[str, str] | None = None) -> DeploymentSettings:
    """Every section from `env` (default: the process environment); SettingsError
    listing each bad setting on its own line."""
    r = _Reader(os.environ if env is None else env)
    settings = DeploymentSettings(telegram=TelegramSettings.read(r), discord=DiscordSettings.read(r),
                                  storage=StorageSettings.read(r), log=LogSettings.read(r),
                                  bot=BotSettings.read(r))
    if r.problems:
        raise SettingsError(r.problems)
    return settings


def load_env_file(path: str | os.PathLike | None = None) -> Path | None:
    """Put the variables of a `.env` file (BOT_ENV_FILE, else ./.env) into the environment.
    Variables already set win, so the real environment always overrides the file."""
    from dotenv import load_dotenv

    chosen = Path(path or os.environ.get("BOT_ENV_FILE") or ".env")
    if not chosen.is_file():
        return None
    load_dotenv(chosen, override=False)
    return chosen


def read_operators(r: _Reader) -> frozenset[tuple[str | None, str]]:
    """BOT_OPERATORS in bot.storage.operators' grammar, each malformed item reported."""
    from bot.storage.operators import operators

    raw = r.text("BOT_OPERATORS")
    for item in re.split(r"[,\s]+", raw):
        platform = item.partition(":")[0].lower() if ":" in item else None
        if item and (not operators({"BOT_OPERATORS": item}) or platform not in (None, *PLATFORMS)):
            r.bad("BOT_OPERATORS", f"must hold user ids, optionally as telegram:<id> or discord:<id>, "
                                   f"separated by commas; got {item[:40]!r}")
            return frozenset()
    return operators({"BOT_OPERATORS": raw})


# -- per-chat options ---------------------------------------------------------------

PLATFORMS = ("telegram", "discord")


def read_chat_options(path: Path, r: _Reader) -> dict[tuple[str, int], ChatOptions]:
    """The YAML file of per-chat options:

        telegram:
          "-1001234567890": {autoanswer: on, linkguard: on}
        discord:
          "800000000000000001": {linkguard: on, impersonation_action: timeout, joinnotice: on}

    Options: autoanswer, linkguard, impersonation, hijack, hijack_delete, joinnotice (on/off) and
    impersonation_action (report, restrict, timeout); see bot.core.chat_settings.
    """
    name = "BOT_CHAT_OPTIONS"
    data, problems = load_yaml(path)
    for line, why in problems:
        r.bad(name, f"{path}:{line}: {why}")
    if problems:
        return {}
    if data is None:
        return {}
    if not isinstance(data, LineDict):
        r.bad(name, f"{path}:1: expected platforms (telegram:, discord:) at the top level")
        return {}
    found: dict[tuple[str, int], ChatOptions] = {}
    for platform, chats in data.items():
        line = data.line_of(platform)
        if platform not in PLATFORMS:
            r.bad(name, f"{path}:{line}: unknown platform {str(platform)[:30]!r} (telegram, discord)")
            continue
        if not isinstance(chats, LineDict):
            r.bad(name, f"{path}:{line}: expected chat ids under {platform}:")
            continue
        for chat, options in chats.items():
            line = chats.line_of(chat)
            text = str(chat).strip()
            digits = text[1:] if platform == "telegram" and text.startswith("-") else text
            if not digits.isdigit():
                r.bad(name, f"{path}:{line}: {text[:30]!r} is not a {platform} chat id")
                continue
            if not isinstance(options, LineDict):
                r.bad(name, f"{path}:{line}: expected options such as {{linkguard: on}} for chat {text}")
                continue
            values = {}
            for key, value in options.items():
                if key not in CHAT_OPTION_DEFAULTS:
                    r.bad(name, f"{path}:{options.line_of(key)}: unknown option {str(key)[:30]!r} "
                                f"({', '.join(CHAT_OPTION_DEFAULTS)})")
                elif key == "impersonation_action" and value not in CHAT_ACTIONS:
                    r.bad(name, f"{path}:{options.line_of(key)}: {key} must be one of {', '.join(CHAT_ACTIONS)}")
                elif key != "impersonation_action" and not isinstance(value, bool):
                    r.bad(name, f"{path}:{options.line_of(key)}: {key} must be on or off")
                else:
                    values[key] = value
            found[(platform, int(text))] = ChatOptions(**values)
    return found


class PresetChatSettings(ChatSettings):
    """Per-chat options: what an admin changed (kept by the store, when there is one), else the
    file's preset for that chat, else the defaults."""

    def __init__(self, presets: Mapping[tuple[str, int], ChatOptions],
                 stored: ChatSettings | None = None) -> None:
        super().__init__()
        self.presets = dict(presets)
        self.stored = stored

    def load(self, platform: str, chat_id: Hashable) -> ChatOptions | None:
        changed = self.stored.load(platform, chat_id) if self.stored is not None else None
        if changed is not None:
            return changed
        try:
            return self.presets.get((platform, int(chat_id)))
        except (TypeError, ValueError):
            return None

    def save(self, platform: str, chat_id: Hashable, settings: ChatOptions) -> None:
        if self.stored is not None:
            self.stored.save(platform, chat_id, settings)
