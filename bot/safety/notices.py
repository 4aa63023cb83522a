"""The words of the safety notices and the mod-log line, the same on every platform.

No function here takes the message text: a notice can only name the kind of
secret, so it can never repeat any part of it.
"""
from __future__ import annotations

import re

from .finding import PRIVATE_KEY, RECOVERY_PHRASE

_KINDS = {
    RECOVERY_PHRASE: "recovery phrase",
    PRIVATE_KEY: "private key",
}
_GENERIC = "recovery phrase or private key"


def secret_kind(finding: object) -> str:
    """'recovery phrase', 'private key', or both when the finding does not say."""
    return _KINDS.get(getattr(finding, "rule", ""), _GENERIC)


def secret_title(finding: object) -> str:
    return f"⚠️ That looks like a {secret_kind(finding)}"


def secret_advice(finding: object) -> str:
    kind = secret_kind(finding)
    return (f"Anyone who saw it can take what is in that wallet, so please treat the {kind} as "
            f"compromised: create a new wallet and move your funds to it now. "
            f"Nobody legitimate (no admin, support agent or bot) will ever ask for your {kind}.")


NOT_KEPT = "I did not treat it as a question, and I have not kept it."


def deletion_status(deleted: bool, can_delete: bool) -> str:
    if deleted:
        return "I deleted the message so fewer people see it."
    if not can_delete:
        return ("I am not allowed to delete messages here, so it is still visible. "
                "Admins: please remove that message now.")
    return ("I could not delete the message, so it may still be visible. "
            "Please delete it yourself, or ask an admin to remove it now.")


KEY_REMINDER_TITLE = "A note about keys"
KEY_REMINDER = ("That 64-character code looks like a transaction hash, so I left it alone. "
                "Just in case: a private key must never be posted anywhere, because whoever has it "
                "controls the wallet, and nobody legitimate will ever ask for it.")

LINK_TITLE = "⚠️ Careful with that link"
LINK_UNNAMED = "This link looks like an imitation of an official site. Use only official links."


# scam links and texts (scams.py): what each one is, in the chat's warning
SCAM_WARNINGS = {
    "walletconnect-uri": ("That is a WalletConnect pairing link: whoever opens or scans it connects their "
                          "wallet to the sender's site, which can then ask to drain it. Do not use it."),
    "wallet-drainer-page": ("Sites that ask you to \"validate\", \"sync\", \"rectify\" or \"claim\" your "
                            "wallet are wallet drainers. No real fix works that way. Use only official links."),
    "fake-verify-bot": ("That bot is not a verification this chat uses: fake \"Safeguard\" and captcha bots "
                        "steal accounts and phrases. Do not open it."),
    "paste-command": ("Never paste commands into Win+R, PowerShell or a terminal because someone in a chat "
                      "asked: that runs their program on your computer and steals wallets and passwords."),
}


def scam_warning(rule: str) -> str | None:
    """The warning for a scam link or text finding, or None for other rules."""
    return SCAM_WARNINGS.get(rule)


def link_warning(host: str, url: str) -> str:
    """The warning naming the real site; `url` has passed the content's link policy."""
    return f"This link imitates {host}. The official site is {url}"


# control characters, line separators and direction overrides: a name must not fake a second line
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
_LIMIT = 80


def one_line(value: object, limit: int = _LIMIT) -> str:
    """A user-chosen value made safe for one mod-log line: no control or direction
    characters (a name must not fake a second line), cut to `limit` characters."""
    text = _UNSAFE.sub(" ", str(value if value is not None else "?")).strip()
    return (text[: limit - 1] + "…") if len(text) > limit else (text or "?")


_field = one_line


def deletion_outcome(deleted: bool, can_delete: bool, right: str) -> str:
    """The mod-log outcome for a flagged message, in the same words on every platform;
    `right` names the permission the bot lacks on this platform."""
    if deleted:
        return "deleted"
    return "could not delete" if can_delete else f"could not delete (no {right})"


def format_modlog(platform: str, where: object, who: object, rule: str, outcome: str = "") -> str:
    """One plain line for a mod-log chat or channel: where, who, which rule; never the message."""
    parts = [_field(platform), f"in {_field(where)}", f"from {_field(who)}", f"rule {_field(rule)}"]
    if outcome:
        parts.append(_field(outcome))
    return " · ".join(parts)
