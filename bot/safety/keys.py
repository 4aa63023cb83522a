"""Raw private keys in a message, told apart from transaction hashes by context.

An EVM private key and a transaction hash look the same: 64 hex characters,
with or without 0x. People post transaction hashes all the time, so the words
around each 64-hex string decide (the nearest telling word wins, a tie counts
as a key):

* called a key ("private key", "pk", "privkey", "secret", "import ...",
  `PRIVATE_KEY = ...`): "private-key", the message is deleted;
* called a hash ("tx", "txid", "hash", "transaction", "block", "keccak"...),
  or it sits in a link (an explorer's /tx/ page): nothing;
* nothing telling within reach: "possible-key", a gentle reminder only.

WIF keys and extended private keys (xprv/yprv/zprv/tprv) carry a base58
checksum and a version, so they are keys whatever the context.
"""
from __future__ import annotations

import hashlib
import re

from .finding import DELETE, POSSIBLE_KEY, PRIVATE_KEY, REMIND, Finding

_HEX64 = re.compile(r"(?<![0-9A-Za-z])(?:0[xX])?[0-9a-fA-F]{64}(?![0-9A-Za-z])")
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_WIF = re.compile(rf"(?<![{_B58}])[5KLc9][{_B58}]{{50,51}}(?![{_B58}])")
_XPRV = re.compile(rf"(?<![{_B58}])[xyzt]prv[{_B58}]{{100,108}}(?![{_B58}])")
_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"[a-z]+")

KEY_WORDS = frozenset({
    "key", "keys", "pk", "privkey", "privatekey", "private", "priv", "secret", "secrets",
    "import", "imported", "importing", "export", "exported", "seed",
})
HASH_WORDS = frozenset({
    "hash", "hashes", "txhash", "tx", "txs", "txid", "txn", "trx", "transaction",
    "transactions", "explorer", "bscscan", "etherscan", "block", "blockhash", "receipt",
    "keccak", "sha", "digest", "checksum", "topic", "topics", "bytes", "merkle",
})


def _says_key(word: str) -> bool:
    return word in KEY_WORDS or (word.endswith("key") and not word.startswith("public"))


def _says_hash(word: str) -> bool:
    return word in HASH_WORDS or word.endswith("hash") or word.startswith("txid")


# how many whitespace-separated chunks away a telling word may be
REACH_BEFORE = 10
REACH_AFTER = 6


def _b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        n = n * 58 + _B58.index(ch)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def _b58check_ok(text: str) -> bytes | None:
    raw = _b58decode(text)
    if len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        return None
    return payload


def _is_wif(text: str) -> bool:
    payload = _b58check_ok(text)
    return bool(payload) and payload[0] in (0x80, 0xEF) and len(payload) in (33, 34)


def _is_xprv(text: str) -> bool:
    payload = _b58check_ok(text)
    return bool(payload) and len(payload) == 78


def _chunk_words(chunk: str) -> set[str]:
    """The words of one chunk, with hex strings taken out ("private_key:" -> private, key)."""
    return set(_WORD.findall(_HEX64.sub(" ", chunk).lower()))


def _hex_verdict(chunks: list[str], at: int) -> str:
    """'key', 'hash' or '' for the 64-hex string in chunks[at]."""
    here = chunks[at]
    if "/" in here or "://" in here:
        return "hash"  # inside a link: an explorer page, never how a key is shared
    nearest = {"key": None, "hash": None}
    lo, hi = max(0, at - REACH_BEFORE), min(len(chunks), at + REACH_AFTER + 1)
    for i in range(lo, hi):
        words = _chunk_words(chunks[i])
        for kind, says in (("key", _says_key), ("hash", _says_hash)):
            if any(says(w) for w in words):
                d = abs(i - at)
                if nearest[kind] is None or d < nearest[kind]:
                    nearest[kind] = d
    key, hash_ = nearest["key"], nearest["hash"]
    if key is not None and (hash_ is None or key <= hash_):
        return "key"
    return "hash" if hash_ is not None else ""


def find_key(text: str) -> Finding | None:
    """A Finding for a private key ("delete") or an unexplained 64-hex string ("remind")."""
    if _WIF.search(text) and any(_is_wif(m.group()) for m in _WIF.finditer(text)):
        return Finding(PRIVATE_KEY, DELETE)
    if _XPRV.search(text) and any(_is_xprv(m.group()) for m in _XPRV.finditer(text)):
        return Finding(PRIVATE_KEY, DELETE)
    if not _HEX64.search(text):
        return None
    chunks = _CHUNK.findall(text)
    unexplained = False
    for at, chunk in enumerate(chunks):
        if not _HEX64.search(chunk):
            continue
        verdict = _hex_verdict(chunks, at)
        if verdict == "key":
            return Finding(PRIVATE_KEY, DELETE)
        unexplained = unexplained or verdict == ""
    return Finding(POSSIBLE_KEY, REMIND) if unexplained else None
