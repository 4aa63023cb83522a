"""Private keys versus transaction hashes: the words around a 64-hex string decide."""
from __future__ import annotations

import hashlib
import random

import pytest
from mnemonic import Mnemonic
from mnemonic.mnemonic import b58encode

from bot.safety import scan

RNG = random.Random(64)
HEX = RNG.randbytes(32).hex()
HEX2 = RNG.randbytes(32).hex()


def _b58check(payload: bytes) -> str:
    return b58encode(payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4])


WIF = _b58check(b"\x80" + RNG.randbytes(32) + b"\x01")  # compressed mainnet WIF
XPRV = Mnemonic.to_hd_master_key(RNG.randbytes(64))


def action(text: str) -> str | None:
    f = scan(text)
    return f.action if f else None


@pytest.mark.parametrize("template", [
    "my private key is 0x{h}", "pk: {h}", "Private Key:\n0x{h}", "PRIVATE_KEY={h}",
    "const privateKey = '0x{h}';", "secret {h}", "I imported this key into metamask {h} but balance 0",
    "{h} <- my private key, why can't I access my funds", "privkey={h}", "export gave me 0x{h}, is that my key?",
])
def test_key_said_to_be_a_key_is_deleted(template):
    """A 64-hex string called a key, pk, secret or imported is a private key: delete."""
    finding = scan(template.format(h=HEX))
    assert finding is not None and (finding.rule, finding.action) == ("private-key", "delete")


@pytest.mark.parametrize("template", [
    "tx hash: 0x{h}", "txid {h} still pending", "https://bscscan.com/tx/0x{h}",
    "my withdrawal transaction 0x{h} hasn't arrived", "Withdrawal TxID: {h}", "bscscan.com/tx/0x{h}#eventlog",
    "hash {h}", "TxHash 0x{h} shows success", "block hash 0x{h}", '{{"transactionHash":"0x{h}"}}',
    "https://etherscan.io/tx/0x{h} bridged but nothing on bsc yet",
])
def test_hash_said_to_be_a_hash_is_left_alone(template):
    """Transaction and block hashes, and explorer links, are not keys: nothing happens."""
    assert scan(template.format(h=HEX)) is None


@pytest.mark.parametrize("template", ["0x{h}", "what is this {h}", "{h} ??", "got this from the app: 0x{h}"])
def test_unexplained_hex_gets_a_reminder_not_a_deletion(template):
    """A 64-hex string with no telling words is not deleted; it earns a gentle reminder."""
    finding = scan(template.format(h=HEX))
    assert finding is not None and (finding.rule, finding.action) == ("possible-key", "remind")


def test_nearest_telling_word_wins_for_each_string():
    """A hash and a key in one message: the key's own label makes it a key, so the message goes."""
    assert action(f"tx hash: 0x{HEX} and my private key: 0x{HEX2}") == "delete"
    assert action(f"my private key is safe, here is the tx: 0x{HEX}") is None


@pytest.mark.parametrize("text", [
    "send to 0x" + HEX[:40], "0x" + HEX + HEX, HEX[:63], "0x" + HEX + "g", "public key 04" + HEX + HEX2,
])
def test_other_hex_shapes_are_not_keys(text):
    """Addresses, longer or shorter hex, and public keys are not 64-hex private keys."""
    assert action(text) != "delete"


def test_wif_and_extended_private_keys_need_no_context():
    """A checksum-valid WIF or xprv key is a private key whatever surrounds it."""
    assert action(f"is this right? {WIF}") == "delete"
    assert action(f"restored with {XPRV} thanks") == "delete"
    assert action(WIF[:-1] + ("1" if WIF[-1] != "1" else "2")) is None  # a broken checksum is no key


def test_finding_holds_no_part_of_the_key():
    """The finding names the rule only, never any piece of the key."""
    finding = scan(f"my private key is 0x{HEX}")
    assert finding.detail == "" and HEX[:8] not in repr(finding)
