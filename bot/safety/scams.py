"""Scam links and texts that are not lookalikes of an allowed site.

    find_scam(text, allowed) -> Finding | None

A Finding here has action "link" (warn like a lookalike link; the adapters
already do that when the chat has the link guard on), one of the rules below,
and `detail` = a short reason safe to show or log (never the link itself):

* "walletconnect-uri": a WalletConnect pairing URI posted in chat
  (`wc:<topic>@2?relay-protocol=irn&symKey=<key>`, or v1 `wc:<id>@1?bridge=..&key=`).
  Whoever scans or pastes it connects their wallet to the poster's dapp;
  nobody helping in a chat needs one.
* "wallet-drainer-page": a link to a site that is not allowed, either named
  like the classic drainer pages (rectify, validate, sync, migrate, claim,
  whitelist, unlock, dapp-fix ... in the host) or offered with the words of
  one ("validate your wallet", "sync your wallet", "claim your airdrop",
  "rectify", "migrate your tokens").
* "fake-verify-bot": a t.me link (or a @handle, when the text speaks of
  verifying) to a bot named like a verification bot ("Safeguard",
  "captcha", "verify", "human check", "guardian", "portal" ... ending in
  "bot"), or any t.me link the text says you must open to verify.
* "paste-command": "press Win+R and paste", "open PowerShell and paste this",
  or a PowerShell download-and-run command (iex, iwr/irm, -EncodedCommand,
  DownloadString, mshta, certutil -urlcache), the "ClickFix" fake captcha.

The text is read after the shared folding (`intents.folding.fold`), so
spaced, accented or homoglyph words count the same; links are read with
invisible characters removed. Hosts on an allowed rule (links.yaml) are never
flagged. Measured in `benchmarks/protection_bench.py`.
"""
from __future__ import annotations

import re
from typing import Iterable

from intents.folding import fold, strip_invisible

from .finding import LINK, Finding
from .links import _EXTRACT, hosts_in, real_sites

WALLETCONNECT_URI = "walletconnect-uri"
DRAINER_PAGE = "wallet-drainer-page"
FAKE_VERIFY_BOT = "fake-verify-bot"
PASTE_COMMAND = "paste-command"
RULES = (WALLETCONNECT_URI, DRAINER_PAGE, FAKE_VERIFY_BOT, PASTE_COMMAND)

REASONS = {
    WALLETCONNECT_URI: "a WalletConnect pairing link",
    DRAINER_PAGE: "a \"validate / sync your wallet\" page",
    FAKE_VERIFY_BOT: "a fake verification bot",
    PASTE_COMMAND: "a command to paste into Windows",
}

_WC = re.compile(r"(?i)\bwc:[0-9a-f][0-9a-f-]{7,}@[12]\?\S*?\b(?:symkey|key|bridge|relay-protocol)=")

# words of a drainer page's address ("dapps-rectify.net", "walletsync.app", "claim-bnb.xyz")
_HOST_WORDS = re.compile(
    r"rectif|validat|synchron|wallet-?sync|sync-?wallet|dapp-?sync|sync-?dapp|\bsync\b|migrat|claim|airdrop|"
    r"whitelist|unlock|unfreez|reactivat|walletfix|fix-?wallet|wallet-?fix|dapps?-?fix|dapps?-?connect|"
    r"connect-?dapp|wallet-?connect|walletconnect|restore-?wallet|wallet-?restore|wallet-?valid|"
    r"secure-?wallet|wallet-?secure|revoke-?fix|chain-?fix|node-?fix|defi-?fix|recover|restor")
# the services whose own sites carry those words legitimately
_HOST_OK = frozenset({"walletconnect.com", "walletconnect.org", "walletconnect.network", "reown.com",
                      "revoke.cash", "chainlist.org"})
# "connect", "verify", "restore" and "fix" are left out: helpful replies say them about real sites
_VERB = (r"(?:re-?)?validat\w*|sync|syncs|syncing|synchroni[sz]\w*|rectif\w*|migrat\w*|claim\w*|"
         r"whitelist\w*|unfreez\w*|reactivat\w*|unlock\w*")
_OBJECT = r"wallets?|funds?|tokens?|assets?|airdrops?|rewards?|nfts?|coins?|dapps?|account|bnb|balance"
_PAGE_WORDS = re.compile(rf"\b(?:{_VERB})\b(?:\W+\w+){{0,3}}?\W+(?:{_OBJECT})\b")
# strong phrases that need no object
_PAGE_STRONG = re.compile(r"\b(?:rectif\w*|validate|revalidate|synchroni[sz]e)\b")

_TME = re.compile(r"(?i)\b(?:https?://)?(?:t|telegram)\.(?:me|dog)/(?:s/|joinchat/)?\+?@?([a-z0-9_]{3,64})")
_HANDLE = re.compile(r"(?i)(?<![\w@.])@([a-z][a-z0-9_]{3,31})\b")
# names that pose as a verification bot whatever the text says, and names that do so beside "verify"
_VERIFY_NAME_STRONG = re.compile(r"safe-?guard|captcha|verif")
_VERIFY_NAME = re.compile(r"safe-?guard|verif|captcha|human|guardian|shield|authent|portal|gatekeep|"
                          r"rose-?bot|grouphelp|secure")
_VERIFY_TEXT = re.compile(r"\bverif\w*|\bcaptcha\b|\bhuman\b|\bnot a (?:ro)?bot\b|\bauthenticat\w*|"
                          r"\bsafeguard\b|\bunlock (?:the )?(?:group|chat)\b|\bto (?:join|enter|chat|access)\b")

_WIN_R = re.compile(r"\b(?:win(?:dows)?(?: ?key)?|⊞|meta|super) ?(?:\+|and|&|plus)? ?\+? ?r\b|\brun (?:box|dialog|window)\b")
_PASTE = re.compile(r"\bpaste\b|\bctrl ?\+ ?v\b|\bcontrol ?\+ ?v\b|\bcmd ?\+ ?v\b|\bright[- ]click\b")
_SHELL = re.compile(r"\b(?:powershell|pwsh|cmd(?:\.exe)?|command prompt|terminal)\b")
_SHELL_BAIT = re.compile(r"\bverif\w*|\bcaptcha\b|\bhuman\b|\bfix\w*|\bclaim\w*|\bsync\w*|\bunlock\w*|"
                         r"\bwallet\b|\brestor\w*|\brecover\w*|\bactivat\w*")
_PS_COMMAND = re.compile(
    r"\biex\b|invoke-expression|invoke-webrequest|invoke-restmethod|\biwr\b|\birm\b|downloadstring|"
    r"downloadfile|frombase64string|-enc(?:odedcommand)?\b|-e [a-z0-9+/=]{20,}|-w(?:indowstyle)? h(?:idden)?\b|"
    r"\bmshta\b|certutil(?:\.exe)? -urlcache|bitsadmin|start-bitstransfer|\bnet\.webclient\b")


_WC_WHOLE = re.compile(r"(?i)\bwc:\S+")


def without_walletconnect(text: str) -> str:
    """`text` with WalletConnect URIs taken out (their symKey is no private key of the poster's)."""
    return _WC_WHOLE.sub(" ", text) if "wc:" in text.lower() else text


def _allowed_host(host: str, allowed: tuple[str, ...]) -> bool:
    return any(host == s.host or host.endswith("." + s.host) for s in real_sites(allowed))


def _registrable(host: str) -> str:
    ext = _EXTRACT(host)
    return f"{ext.domain}.{ext.suffix}" if ext.suffix else host


def _drainer_page(text: str, folded: str, allowed: tuple[str, ...]) -> bool:
    hosts = [h for h in hosts_in(text) if "." in h and not _allowed_host(h, allowed)]
    hosts = [h for h in hosts if _EXTRACT(h).suffix and not re.fullmatch(r"(?:t|telegram)\.(?:me|dog)", h)]
    if not hosts:
        return False
    if any(_registrable(h) not in _HOST_OK and _HOST_WORDS.search(h) for h in hosts):
        return True
    return bool(_PAGE_WORDS.search(folded) or _PAGE_STRONG.search(folded))


def _verify_bot(text: str, folded: str, allowed: tuple[str, ...]) -> bool:
    names = [m.group(1).lower() for m in _TME.finditer(text)
             if not _allowed_host(f"t.me/{m.group(1).lower()}", allowed)
             and f"t.me/{m.group(1).lower()}" not in allowed]
    speaks_of_verifying = bool(_VERIFY_TEXT.search(folded))
    for name in names:
        botlike = name.endswith("bot")
        if _VERIFY_NAME_STRONG.search(name) or (_VERIFY_NAME.search(name) and (botlike or speaks_of_verifying)):
            return True
        if speaks_of_verifying and botlike:
            return True
    if speaks_of_verifying:
        handles = [m.group(1).lower() for m in _HANDLE.finditer(text)]
        return any(h.endswith("bot") and _VERIFY_NAME.search(h) for h in handles)
    return False


def _paste_command(folded: str) -> bool:
    if _PS_COMMAND.search(folded) and (_SHELL.search(folded) or _PASTE.search(folded) or _WIN_R.search(folded)):
        return True
    if _WIN_R.search(folded) and (_PASTE.search(folded) or _SHELL.search(folded)):
        return True
    return bool(_PASTE.search(folded) and _SHELL.search(folded) and _SHELL_BAIT.search(folded))


def find_scam(text: str, allowed: Iterable[str] = ()) -> Finding | None:
    """A Finding (action "link", one of RULES, `detail` a safe reason) for a scam link or text."""
    if not isinstance(text, str) or not text.strip():
        return None
    allowed = tuple(allowed)
    visible = strip_invisible(text)
    if _WC.search(visible):
        return Finding(WALLETCONNECT_URI, LINK, REASONS[WALLETCONNECT_URI])
    folded = fold(text)
    if _verify_bot(visible, folded, allowed):
        return Finding(FAKE_VERIFY_BOT, LINK, REASONS[FAKE_VERIFY_BOT])
    if _paste_command(folded):
        return Finding(PASTE_COMMAND, LINK, REASONS[PASTE_COMMAND])
    if _drainer_page(visible, folded, allowed):
        return Finding(DRAINER_PAGE, LINK, REASONS[DRAINER_PAGE])
    return None
