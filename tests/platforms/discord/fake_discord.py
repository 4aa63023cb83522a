"""A fake Discord on 127.0.0.1, the payloads Discord would send, and a driver for the real bot.

The bot is the one `python -m bot discord` builds, using discord.py's own
HTTP client: `point_api_at` sends its REST calls (interaction callbacks
included) to this fake, which records each request and answers like Discord
(messages it creates carry `interaction_metadata`, replies carry
`referenced_message`). Gateway events are fed through the client's own
`ConnectionState` parsers, the path a gateway event takes; the fake can also
serve a gateway websocket for the end-to-end process test.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest
from aiohttp import WSMsgType, web

from bot.platforms.discord import build_bot

TOKEN = "MTA5ODc2NTQzMjE.fake-test-token.never-a-real-one"
APP_ID = 900000000000000001
GUILD_ID = 800000000000000001
CHANNEL_ID = 700000000000000001
SUPPORT_ID = 700000000000000002
BOT_ROLE = 600000000000000001
MESSAGE_CONTENT = 1 << 15
GUILD_MEMBERS = 1 << 1

# a checksum-valid BIP39 phrase (from fixed entropy) that the real safety scan detects
LEAKED_PHRASE = "buddy hollow lock omit scatter extra street later auto float forum guide"

# short questions likely to land in the clarify band, whatever the matcher's tuning
CLARIFY_CANDIDATES = ("bnb", "bnb?", "binance", "metamask", "network?", "bsc", "my tokens?", "bep20")


def question_in_band(engine, band: str, candidates=CLARIFY_CANDIDATES) -> str:
    """A question the current content and matcher put in `band` (tests the adapter, not the matcher)."""
    for question in candidates:
        if engine.ask(question).decision == band:
            return question
    pytest.fail(f"none of {candidates} is in the {band} band any more; add one that is")


# permission bits
VIEW_SEND_READ = 1024 | 2048 | 65536
MANAGE_MESSAGES = 8192
MANAGE_GUILD = 32

_ids = itertools.count(1_000_000_000_000_000_000)


def new_id() -> int:
    return next(_ids)


def user(uid: int, name: str, *, bot: bool = False) -> dict:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name,
            "avatar": None, "bot": bot, "public_flags": 0}


BOT_USER = user(APP_ID, "bnb-route", bot=True)
ALICE = user(100000000000000001, "alice")
BOB = user(100000000000000002, "bob")
MOD = user(100000000000000003, "mod")
OTHER_BOT = user(100000000000000004, "otherbot", bot=True)


def member(u: dict, permissions: int = VIEW_SEND_READ, roles: tuple[int, ...] = ()) -> dict:
    return {"user": u, "roles": [str(r) for r in roles], "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False, "mute": False, "flags": 0, "pending": False, "nick": None, "avatar": None,
            "permissions": str(permissions)}


def channel(cid: int = CHANNEL_ID, name: str = "general") -> dict:
    return {"id": str(cid), "type": 0, "guild_id": str(GUILD_ID), "name": name, "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None,
            "rate_limit_per_user": 0, "last_message_id": None, "flags": 0}


def guild(*, bot_can_manage_messages: bool) -> dict:
    """A GUILD_CREATE payload: the bot's own role decides whether it may delete messages."""
    bot_perms = VIEW_SEND_READ | (MANAGE_MESSAGES if bot_can_manage_messages else 0)
    return {
        "id": str(GUILD_ID), "name": "BNB fans", "owner_id": MOD["id"], "unavailable": False,
        "member_count": 3, "features": [], "emojis": [], "stickers": [], "threads": [],
        "roles": [
            {"id": str(GUILD_ID), "name": "@everyone", "permissions": str(VIEW_SEND_READ), "position": 0,
             "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0},
            {"id": str(BOT_ROLE), "name": "bnb-route", "permissions": str(bot_perms), "position": 1,
             "color": 0, "hoist": False, "managed": True, "mentionable": False, "flags": 0},
        ],
        "channels": [channel(CHANNEL_ID, "general"), channel(SUPPORT_ID, "support")],
        "members": [member(BOT_USER, roles=(BOT_ROLE,))],
    }


def member_event(u: dict, *, nick: str | None = None, roles: tuple[int, ...] = ()) -> dict:
    """A GUILD_MEMBER_ADD / GUILD_MEMBER_UPDATE payload (the Server Members intent delivers them)."""
    data = member(u, roles=roles)
    data.pop("permissions")
    return {**data, "nick": nick, "guild_id": str(GUILD_ID)}


def message(content: str, *, author: dict = ALICE, channel_id: int = SUPPORT_ID, mid: int | None = None) -> dict:
    """A MESSAGE_CREATE payload for a message someone posts."""
    return {"id": str(mid or new_id()), "channel_id": str(channel_id), "guild_id": str(GUILD_ID),
            "author": author, "member": {k: v for k, v in member(author).items() if k != "user"},
            "content": content, "timestamp": "2025-01-01T00:00:00+00:00", "edited_timestamp": None,
            "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0, "components": []}


@dataclass
class Sent:
    """One request the bot made to the fake Discord."""

    method: str
    path: str
    json: Any
    query: dict = field(default_factory=dict)
    message_id: str | None = None  # the message this request created or edited

    @property
    def type(self) -> int | None:
        """The interaction callback type (4 message, 5/6 deferred, 7 update, 8 autocomplete)."""
        return self.json.get("type") if isinstance(self.json, dict) else None

    @property
    def body(self) -> dict:
        """The message part: a callback's `data`, or the whole JSON for other routes."""
        if self.path.endswith("/callback"):
            return self.json.get("data") or {}
        return self.json or {}

    @property
    def ephemeral(self) -> bool:
        return bool(self.body.get("flags", 0) & 64)

    @property
    def embed(self) -> dict:
        embeds = self.body.get("embeds") or []
        return embeds[0] if embeds else {}

    @property
    def buttons(self) -> list[dict]:
        return [c for row in self.body.get("components") or [] for c in row["components"]]

    @property
    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in self.buttons]

    @property
    def labels(self) -> list[str]:
        return [c.get("label", "") for c in self.buttons]

    @property
    def rows(self) -> int:
        return len(self.body.get("components") or [])

    def text(self) -> str:
        """Everything a reader sees: content, embed title, description, fields, footer."""
        e = self.embed
        parts = [self.body.get("content") or "", e.get("title", ""), e.get("description", ""),
                 *(f["name"] + " " + f["value"] for f in e.get("fields", [])),
                 (e.get("footer") or {}).get("text", "")]
        return "\n".join(p for p in parts if p)


class FakeDiscord:
    """Just enough of Discord's REST API and gateway, recording what the bot sends."""

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.messages: dict[str, dict] = {}
        self.interactions: dict[str, dict] = {}
        self.port = 0
        self.refuse_message_content = False
        self.refuse_members = False  # the Server Members intent not enabled for this bot
        self.users: dict[str, dict] = {}  # user payloads by id, for answers that name a member
        self.refused_channels: set[str] = set()  # channel ids the bot may not post in (403)
        self.identifies: list[int] = []
        self.sockets: list[web.WebSocketResponse] = []
        self.identified = asyncio.Event()
        self.answered = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._seq = itertools.count(1)

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self.gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self.rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        for ws in self.sockets:
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    # -- what the tests read ---------------------------------------------------
    def callbacks(self) -> list[Sent]:
        return [s for s in self.sent if s.path.endswith("/callback")]

    def only_callback(self) -> Sent:
        found = self.callbacks()
        assert len(found) == 1, f"expected one interaction response, got {[s.type for s in found]}"
        return found[0]

    def posts(self) -> list[Sent]:
        """Messages sent to channels (not interaction responses)."""
        return [s for s in self.sent if s.method == "POST" and re.fullmatch(r"/channels/\d+/messages", s.path)]

    def deletes(self) -> list[Sent]:
        return [s for s in self.sent if s.method == "DELETE"]

    def message_for(self, sent: Sent) -> dict:
        """The message Discord holds after `sent` created or edited it (for pressing its buttons)."""
        return self.messages[sent.message_id]

    def clear(self) -> None:
        self.sent.clear()

    # -- REST ------------------------------------------------------------------
    async def rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body = await request.text()
        payload = json.loads(body) if body else None
        sent = Sent(request.method, path, payload, dict(request.query))
        self.sent.append(sent)
        # interaction callbacks and follow-ups authenticate with the interaction token instead
        needs_bot_token = not path.startswith(("/interactions/", "/webhooks/"))
        if needs_bot_token and request.headers.get("Authorization") != f"Bot {TOKEN}":
            return web.Response(status=401, body=b'{"message": "401: Unauthorized", "code": 0}',
                                headers={"Content-Type": "application/json"})
        result = self.route(sent)
        if result is None:
            return web.Response(status=204)
        if isinstance(result, web.StreamResponse):
            return result
        # discord.py only parses JSON when the content type is exactly application/json
        return web.Response(body=json.dumps(result).encode(), headers={"Content-Type": "application/json"})

    def route(self, sent: Sent) -> Any:
        m, p = sent.method, sent.path
        if p == "/users/@me":
            return BOT_USER
        if p == "/oauth2/applications/@me":
            return {"id": str(APP_ID), "name": "bnb-route", "description": "", "icon": None,
                    "bot_public": True, "bot_require_code_grant": False, "owner": MOD,
                    "verify_key": "00", "flags": 0, "summary": ""}
        if p == "/gateway/bot":
            return {"url": f"ws://127.0.0.1:{self.port}/gateway", "shards": 1,
                    "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0,
                                            "max_concurrency": 1}}
        if m == "PUT" and p.endswith("/commands"):
            return [{"description": "", **c, "id": str(new_id()), "application_id": str(APP_ID),
                     "version": "1", "type": c.get("type", 1)} for c in sent.json]
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", p):
            return self.interaction_callback(sent, match[1])
        if match := re.fullmatch(r"/webhooks/\d+/([^/]+)/messages/@original", p):
            return self.edit_original(sent, match[1])
        if m == "POST" and (match := re.fullmatch(r"/webhooks/\d+/([^/]+)", p)):
            interaction = self._by_token(match[1])
            return self.create_message(sent, interaction, channel_id=interaction["channel"]["id"])
        if m == "POST" and (match := re.fullmatch(r"/channels/(\d+)/messages", p)):
            if match[1] in self.refused_channels:
                return web.Response(status=403, headers={"Content-Type": "application/json"},
                                    body=b'{"message": "Missing Access", "code": 50001}')
            ref = (sent.json or {}).get("message_reference")
            if ref and str(ref["message_id"]) not in self.messages:
                return web.Response(status=400, headers={"Content-Type": "application/json"},
                                    body=b'{"message": "Invalid Form Body", "code": 50035}')
            return self.create_message(sent, None, channel_id=match[1])
        if m == "DELETE" and re.fullmatch(r"/channels/\d+/messages/\d+", p):
            return None
        if m == "PATCH" and (match := re.fullmatch(r"/guilds/\d+/members/(\d+)", p)):
            # a timeout given or lifted: Discord answers with the member
            who = self.users.get(match[1]) or user(int(match[1]), f"user{match[1]}")
            return {**member(who), "communication_disabled_until": (sent.json or {}).get("communication_disabled_until")}
        return web.Response(status=404, body=b'{"message": "404: Not Found", "code": 0}',
                            headers={"Content-Type": "application/json"})

    def _by_token(self, token: str) -> dict:
        return next(i for i in self.interactions.values() if i["token"] == token)

    def interaction_callback(self, sent: Sent, interaction_id: str) -> dict:
        interaction = self.interactions[interaction_id]
        self.answered.set()
        info = {"id": interaction_id, "type": interaction["type"]}
        if sent.type == 4:
            msg = self.create_message(sent, interaction, channel_id=interaction["channel"]["id"])
            interaction["original"] = msg["id"]
            info.update(response_message_id=msg["id"], response_message_loading=False,
                        response_message_ephemeral=bool(msg["flags"] & 64))
            return {"interaction": info, "resource": {"type": 4, "message": msg}}
        if sent.type == 7:
            msg = self.messages[interaction["message"]["id"]]
            msg.update({k: v for k, v in sent.body.items() if k in ("content", "embeds", "components")})
            sent.message_id = msg["id"]
            return {"interaction": info, "resource": {"type": 7, "message": msg}}
        if sent.type in (5, 6) and "message" in interaction:
            interaction["original"] = interaction["message"]["id"]
        return {"interaction": info}

    def edit_original(self, sent: Sent, token: str) -> dict:
        interaction = self._by_token(token)
        msg = self.messages[interaction["original"]]
        msg.update({k: v for k, v in sent.json.items() if k in ("content", "embeds", "components")})
        sent.message_id = msg["id"]
        return msg

    def create_message(self, sent: Sent, interaction: dict | None, *, channel_id: str) -> dict:
        body = sent.body
        msg = message(body.get("content") or "", author=BOT_USER, channel_id=int(channel_id))
        msg.update(embeds=body.get("embeds") or [], components=body.get("components") or [],
                   flags=body.get("flags", 0))
        msg.pop("member")
        if interaction is not None:
            msg["type"] = 20
            who = (interaction.get("member") or {}).get("user") or interaction.get("user")
            msg["interaction_metadata"] = {"id": interaction["id"], "type": interaction["type"], "user": who,
                                           "authorizing_integration_owners": {}}
        ref = body.get("message_reference")
        if ref:
            msg["type"] = 19
            target = str(ref["message_id"])
            msg["message_reference"] = {"message_id": target, "channel_id": channel_id, "guild_id": str(GUILD_ID)}
            if target in self.messages:
                msg["referenced_message"] = self.messages[target]
        self.messages[msg["id"]] = msg
        sent.message_id = msg["id"]
        return msg

    # -- gateway ---------------------------------------------------------------
    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45000}})
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            data = json.loads(msg.data)
            if data["op"] == 1:
                await ws.send_json({"op": 11})
            elif data["op"] == 2:
                intents = data["d"]["intents"]
                self.identifies.append(intents)
                if (self.refuse_message_content and intents & MESSAGE_CONTENT) or \
                        (self.refuse_members and intents & GUILD_MEMBERS):
                    await ws.close(code=4014, message=b"Disallowed intent(s).")
                    break
                await ws.send_json({"op": 0, "t": "READY", "s": next(self._seq), "d": {
                    "v": 10, "user": BOT_USER, "guilds": [], "session_id": "fake-session",
                    "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway",
                    "application": {"id": str(APP_ID), "flags": 0}}})
                self.identified.set()
        return ws

    async def dispatch(self, event: str, data: dict) -> None:
        """Send a gateway event to the bot on the newest connection."""
        if event == "INTERACTION_CREATE":
            self.interactions[data["id"]] = data
        await self.sockets[-1].send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})


# -- building payloads Discord would send --------------------------------------

def interaction(itype: int, data: dict, *, who: dict = ALICE, permissions: int = VIEW_SEND_READ,
                msg: dict | None = None, channel_id: int = CHANNEL_ID) -> dict:
    iid = str(new_id())
    payload = {"id": iid, "application_id": str(APP_ID), "type": itype, "data": data,
               "guild_id": str(GUILD_ID), "channel_id": str(channel_id), "channel": channel(channel_id),
               "member": member(who, permissions), "token": f"itoken-{iid}", "version": 1,
               "app_permissions": str(VIEW_SEND_READ), "locale": "en-US", "guild_locale": "en-US",
               "entitlements": [], "authorizing_integration_owners": {"0": str(GUILD_ID)}, "context": 0,
               "attachment_size_limit": 10485760}
    if msg is not None:
        payload["message"] = msg
    return payload


def slash(name: str, *, focused: str | None = None, resolved: dict | None = None, **options: Any) -> dict:
    """Application command data; `focused` names the option being typed (autocomplete)."""
    opts = []
    for key, value in options.items():
        kind = 5 if isinstance(value, bool) else 6 if key == "member" else 3
        opt = {"name": key, "type": kind, "value": value}
        if key == focused:
            opt["focused"] = True
        opts.append(opt)
    data = {"id": str(new_id()), "name": name, "type": 1, "options": opts}
    if resolved:
        data["resolved"] = resolved
    return data


def press_data(custom_id: str) -> dict:
    return {"custom_id": custom_id, "component_type": 2}


TASK_PREFIXES = ("CommandTree-invoker", "discord-ui-", "discord.py: ")


async def settle() -> None:
    """Wait until every task discord.py started for the events so far has finished."""
    for _ in range(50):
        pending = [t for t in asyncio.all_tasks()
                   if not t.done() and t is not asyncio.current_task() and t.get_name().startswith(TASK_PREFIXES)]
        if not pending:
            return
        await asyncio.wait(pending, timeout=10)


class Discord:
    """The test's side of Discord: send the bot events, read what it sent back."""

    def __init__(self, fake: FakeDiscord, engine) -> None:
        self.fake = fake
        self.engine = engine
        self.bots: list[discord.Client] = []

    async def bot(self, **kwargs: Any) -> discord.Client:
        """A freshly built bot, logged in to the fake (a new one simulates a restart)."""
        client = build_bot(kwargs.pop("engine", self.engine), **kwargs)
        await client.login(TOKEN)
        self.bots.append(client)
        return client

    async def interact(self, client: discord.Client, payload: dict) -> list[Sent]:
        """Deliver an interaction the way the gateway does; what the bot sent in answer."""
        self.fake.interactions[payload["id"]] = payload
        before = len(self.fake.sent)
        client._connection.parse_interaction_create(payload)
        await settle()
        return self.fake.sent[before:]

    async def command(self, client: discord.Client, name: str, *, who: dict = ALICE,
                      permissions: int = VIEW_SEND_READ, **options: Any) -> Sent:
        """Run a slash command; its one interaction response."""
        resolved = None
        if "member" in options:
            target = options["member"]
            options["member"] = target["id"]
            resolved = {"users": {target["id"]: target},
                        "members": {target["id"]: {k: v for k, v in member(target).items() if k != "user"}}}
        sent = await self.interact(client, interaction(2, slash(name, resolved=resolved, **options),
                                                       who=who, permissions=permissions))
        responses = [s for s in sent if s.path.endswith("/callback")]
        assert len(responses) == 1, f"expected one response, got {[(s.method, s.path) for s in sent]}"
        return responses[0]

    async def press(self, client: discord.Client, msg: dict, custom_id: str, *, who: dict = ALICE,
                    permissions: int = VIEW_SEND_READ) -> list[Sent]:
        """Press a button on a message Discord holds."""
        return await self.interact(client, interaction(3, press_data(custom_id), who=who, msg=msg,
                                                       permissions=permissions,
                                                       channel_id=int(msg["channel_id"])))

    async def post(self, client: discord.Client, payload: dict) -> list[Sent]:
        """A message posted in a channel, delivered as MESSAGE_CREATE."""
        self.fake.messages[payload["id"]] = payload
        before = len(self.fake.sent)
        client._connection.parse_message_create(payload)
        await settle()
        return self.fake.sent[before:]

    async def edit(self, client: discord.Client, payload: dict) -> list[Sent]:
        """A message changed in a channel (an edit, or a link preview added), delivered as MESSAGE_UPDATE."""
        self.fake.messages[payload["id"]] = payload
        before = len(self.fake.sent)
        client._connection.parse_message_update(payload)
        await settle()
        return self.fake.sent[before:]
