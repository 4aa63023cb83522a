"""The Discord client: one construction path for the command line and the tests.

Everything goes through discord.py's own HTTP client and gateway. Both can be
pointed elsewhere (a fake Discord on 127.0.0.1 in acceptance checks): the REST
base with `point_api_at`, and the gateway is whatever GET /gateway/bot names.
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterable

import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.core.access import EVERYWHERE, Access
from bot.core.chat_settings import ChatSettings
from bot.core.engine import Engine, Reply
from bot.core.protection import JoinNotices
from bot.ops.reload import EngineHolder, as_holder
from bot.ops.update_log import UpdateLog

from . import commands, gaps, moderation, operations, protection
from .buttons import FEEDBACK_ID, ROUTE_ID, FeedbackButton, RouteButton, is_live_component
from .moderation import guard_message
from .notices import EXPIRED, NO_MENTIONS, notify
from .support import SupportChannels
from .tracking import TrackedState

if TYPE_CHECKING:  # SQLAlchemy is loaded only when a deployment records
    from bot.storage import Recorder

log = logging.getLogger(__name__)

PLATFORM = "discord"
OUR_COMPONENT_IDS = (ROUTE_ID, FEEDBACK_ID, moderation.WARN_ID, protection.UNDO_ID)


def point_api_at(api_base: str | None) -> None:
    """Send every REST call, interaction responses included, to `api_base` (e.g. http://127.0.0.1:PORT/api/v10)."""
    if api_base:
        # Route builds each URL from this class attribute; the webhook adapter that
        # answers interactions uses the same Route, so one assignment covers both.
        discord.http.Route.BASE = api_base.rstrip("/")


async def use_gateway_from_api(client: discord.Client) -> None:
    """Connect to the gateway the API names in GET /gateway/bot (Discord's recommended way)."""
    try:
        _, url, _ = await client.http.get_bot_gateway()
    except discord.GatewayNotFound:
        log.warning("GET /gateway/bot failed; using the default gateway %s", DiscordWebSocket.DEFAULT_GATEWAY)
        return
    # Client.connect (unsharded) always starts from this class attribute, and falls
    # back to it when a session is invalidated.
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)


class RouteBot(discord.Client):
    """bnb-route on Discord: slash commands, route buttons, support channels."""

    def __init__(self, engine: Engine | EngineHolder, *, support: SupportChannels, chat_settings: ChatSettings,
                 read_messages: bool, message_content: bool, access: Access = EVERYWHERE,
                 update_log: UpdateLog | None = None, modlog_channel: int | None = None,
                 recorder: Recorder | None = None, members: bool = False) -> None:
        # no voice here: skip discord.py's start-up warnings about voice libraries
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = read_messages
        intents.message_content = read_messages and message_content
        # Server Members (privileged): join and rename events for the impersonation check and
        # the join notice; requested by `serve`, dropped with one log line if Discord refuses it
        intents.members = members
        super().__init__(intents=intents, allowed_mentions=NO_MENTIONS)
        self.join_notices = JoinNotices()
        self.intent_notes: list[str] = []  # logged once the gateway accepted the intents asked for
        self._connection.update_log = update_log
        # read on every interaction, so a content reload reaches the next one
        self.engines = as_holder(engine)
        self.access = access
        self.support = support
        self.chat_settings = chat_settings
        self.modlog_channel = modlog_channel  # a line per deleted secret and canned warning
        # bot.storage's Recorder: questions, presses and votes; None records nothing
        self.recorder = recorder
        if recorder is not None:
            from bot.storage import engine_options

            self.engines.configure(**engine_options(recorder))
        self.tree = commands.RouteTree(self)
        for command in (*commands.COMMANDS, *moderation.COMMANDS, *operations.COMMANDS, *gaps.COMMANDS):
            self.tree.add_command(command)
        self.add_dynamic_items(RouteButton, FeedbackButton, *moderation.DYNAMIC_ITEMS)

    @property
    def engine(self) -> Engine:
        return self.engines.engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self.engines.engine = engine

    def record(self, channel_id: Hashable, reply: Reply, *, message: Hashable | None,
               question: str | None = None, via: str = "question") -> None:
        """Queue the record of a question or press (never waits; the recorder drops secret text)."""
        if self.recorder is None:
            return
        self.recorder.interaction(PLATFORM, channel_id, reply, question=question, message=message, via=via)

    def _get_state(self, **options: Any) -> TrackedState:
        # discord.py's own hook for its connection state: ours logs one line per update
        return TrackedState(dispatch=self.dispatch, handlers=self._handlers, hooks=self._hooks,
                            http=self.http, **options)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await operations.leave_if_not_allowed(self, guild)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        await operations.leave_if_not_allowed(self, guild)

    async def on_message(self, message: discord.Message) -> None:
        # never answer bots (ourselves included) or webhooks: two bots can loop forever
        if message.author.bot or message.webhook_id or message.guild is None:
            return
        if await guard_message(self, message):
            return
        if await protection.check_hijack(self, message):
            return
        await self.support.answer(self, message)

    async def on_member_join(self, member: discord.Member) -> None:
        await protection.member_joined(self, member)

    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        await protection.member_updated(self, before, after)

    async def on_connect(self) -> None:
        # READY: Discord accepted the intents asked for; now say which ones it had refused
        for note in self.intent_notes:
            log.warning(note)
        self.intent_notes = []

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        # a secret added by an edit is as public as a new one; only the guard reads edits
        # (an edited question is not answered again). Link previews arrive as edits too:
        # act only when the text itself changed.
        message, before = payload.message, payload.cached_message
        if message.edited_at is None or (before is not None and before.content == message.content):
            return
        if message.author.bot or message.webhook_id or message.guild is None:
            return
        await guard_message(self, message)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        # a press on a component no handler owns would otherwise end in
        # "This interaction failed"; say it has expired instead
        if interaction.type is discord.InteractionType.component and \
                not is_live_component(interaction, OUR_COMPONENT_IDS):
            await notify(interaction, EXPIRED)


def build_bot(engine: Engine | EngineHolder, *, support_channels: Iterable[int] = (),
              read_messages: bool | None = None, message_content: bool = True,
              chat_settings: ChatSettings | None = None, clock: Callable[[], float] = time.monotonic,
              access: Access = EVERYWHERE, update_log: UpdateLog | None = None,
              modlog_channel: int | None = None, recorder: Recorder | None = None,
              members: bool = False) -> RouteBot:
    """The bot, ready to log in. It reads messages when it has support channels (or is told to);
    `message_content=False` after Discord refused that privileged intent; `modlog_channel`
    (DISCORD_MODLOG_CHANNEL) gets a line per deleted secret and canned warning; `recorder`
    (bot.storage) records questions, presses and votes, and adds the "Did this help?" buttons;
    `members` asks for the Server Members intent (joins and renames, for the impersonation check)."""
    support = SupportChannels(support_channels, clock=clock)
    bot = RouteBot(engine, support=support, chat_settings=chat_settings or ChatSettings(),
                   read_messages=bool(support) if read_messages is None else read_messages,
                   message_content=message_content, access=access, update_log=update_log,
                   modlog_channel=modlog_channel, recorder=recorder, members=members)
    bot.join_notices = JoinNotices(clock=clock)
    return bot
