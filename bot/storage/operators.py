"""Who may read the record in chat (Telegram /gaps, Discord /bnb-route-stats).

BOT_OPERATORS lists the deployment's operators, comma- or space-separated, as
"telegram:123456,discord:987654321098765432". A bare id ("123456") counts on
every platform: Telegram and Discord ids never look alike (Discord's are 17-20
digit snowflakes), but the prefixed form says what is meant. One deployment may
serve several communities, so chat admins are not operators by being admins.
"""
from __future__ import annotations

import os
import re
from typing import Mapping

_ITEM = re.compile(r"^(?:(?P<platform>[a-z]+):)?(?P<id>-?\d{1,25})$")


def operators(env: Mapping[str, str] = os.environ) -> frozenset[tuple[str | None, str]]:
    """(platform or None for any, user id) pairs; malformed items are ignored."""
    found = set()
    for item in re.split(r"[,\s]+", (env.get("BOT_OPERATORS") or "").strip().lower()):
        m = _ITEM.match(item)
        if m:
            found.add((m.group("platform"), m.group("id")))
    return frozenset(found)
