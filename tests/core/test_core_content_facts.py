"""The shipped content says what is true now (late 2026) and routes people to it.

Facts come from the shared contract (../shared/contract/entries.yaml, read when it is
beside the project) and from issue 13: if a fact drops out of an entry, a person asking
gets stale or risky advice, so these tests read what the bot would actually show.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core import markup
from bot.core.check import validate
from intents import ANSWER

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
CONTRACT = ROOT.parent / "shared" / "contract" / "entries.yaml"

NEW_ENTRIES = ("opbnb", "address-poisoning", "approvals-drainer")


def shown_text(content, entry_id: str) -> str:
    """Everything a person sees for an entry: title, answer, warning and links, markup removed."""
    e = content.entries[entry_id]
    raw = "\n".join([e.title, markup.to_plain(e.answer), markup.to_plain(e.warning)]
                    + [f"{link.title} {link.url}" for link in e.links])
    return " ".join(raw.split())


def has(text: str, needle: str) -> bool:
    return needle.casefold() in text.casefold()


def test_check_passes():
    """`python -m bot check` has nothing to report about the shipped content."""
    report = validate(CONTENT)
    assert report.ok, [str(p) for p in report.problems]


def test_every_answer_fits_a_phone_screen(content):
    """Each answer as written stays within 700 characters."""
    for entry_id in content.entries:
        raw = yaml.safe_load((CONTENT / "entries" / f"{entry_id}.yaml").read_text(encoding="utf-8"))["answer"]
        assert len(raw.strip()) <= 700, (entry_id, len(raw.strip()))


@pytest.mark.skipif(not CONTRACT.exists(), reason="shared contract not beside the project")
def test_contract_ids_menus_and_warnings_are_present(content):
    """Every id, route-tree option and warning the contract names exists in content."""
    contract = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    for menu_id, options in contract["route_tree"].items():
        assert menu_id in content.menus
        assert set(options) <= set(content.menus[menu_id].options), menu_id
    for entry_id, spec in contract["entries"].items():
        if spec and spec.get("kind") == "menu":
            assert entry_id in content.menus
        else:
            assert entry_id in content.entries, entry_id
    assert set(contract["warnings"]) <= set(content.warnings)


# Key facts of the contract's `covers`, as robust substrings of what each entry shows.
FACTS = {
    "platforms": ["binance.com", "binance.us", "Beacon Chain", "shut down", "BNB Smart Chain", "BEP20",
                  "56", "opBNB", "Greenfield", "bridge"],
    "bep2-not-bep20": ["bnb1", "0x", "19 November 2024", "3 December 2024", "385,251,927", "BEP-299",
                       "1 July 2026", "bnb-chain/token-recover-self-service-tools", "BNB gas", "7 days",
                       "TokenHub", "claim the unlock", "Never-bound tokens are lost", "recovery phrase"],
    "add-bsc-network": ["built into MetaMask", "Chain ID 56 is already used", "edit that network's RPC",
                        "https://bsc-dataseed.bnbchain.org", "legacy", "https://bscscan.com", "symbol BNB",
                        "97", "testnet", "204", "official sources"],
    "withdraw-from-exchange": ["BSC - BNB Smart Chain (BEP20)", "binance.us", "No memo", "pre-selects",
                               "small test amount", "can't be reversed", "BNB Chain"],
    "deposit-to-exchange": ["BNB Smart Chain (BEP20)", "supports that coin on that network", "binance.us",
                            "gas", "small test amount", "wallet history", "contract address"],
    "wrong-network": ["not lost", "import the token", "only the owner of the receiving account",
                      "confirmed", "an hour", "Deposit hasn't arrived", "memo", "Fees may apply",
                      "tiny amounts", "Deposit Recovery", "business days", "can't be reversed",
                      "token contract address", "recover crypto sent on the wrong network", "scammer"],
    "tokens-not-showing": ["bscscan.com", "BNB Chain", "enabled networks", "Import the token",
                           "contract address", "never from a chat", "bnb1"],
    "gas-fees": ["paid in BNB", "insufficient funds for gas * price + value", "fraction of a cent",
                 "sweeper"],
    "bridge-evm": ["MetaMask's built-in bridge", "BNB Chain Bridge", "exchange", "gas on both sides",
                   "Binance Bridge", "Multichain", "2023"],
    "send-to-bsc": ["bridge", "Destination: BNB Smart Chain", "BNB Chain", "BNB on BSC"],
    "send-from-bsc": ["bridge", "Source: BNB Smart Chain", "paid in BNB", "leaves the tokens on BSC"],
    "scam-safety": ["recovery phrase", "never DM first", "validate/sync", "recovery agents", "Binance Verify",
                    "support.metamask.io", "docs.bnbchain.org", "new wallet", "sweeper", "Safeguard",
                    "PowerShell", "claim", "screen-share", "unlock your withdrawal", "Revoke approvals"],
    "opbnb": ["204", "56", "layer-2", "7 days", "prove", "claim", "opbnb-bridge.bnbchain.org",
              "exchange that supports both networks"],
    "address-poisoning": ["transaction history", "every character", "first and last characters",
                          "zero-value", "can't be reversed"],
    "approvals-drainer": ["Token Approval Checker", "Connecting a wallet only shows your address", "approval",
                          "signature", "permit", "recovery phrase or key leaked, revoking can't help",
                          "new wallet", "sweeper"],
}


@pytest.mark.parametrize("entry_id", sorted(FACTS))
def test_entry_carries_its_key_facts(content, entry_id):
    """Each entry shows the facts it must get right."""
    text = shown_text(content, entry_id)
    missing = [fact for fact in FACTS[entry_id] if not has(text, fact)]
    assert not missing, (entry_id, missing)


def test_bep2_leads_with_the_phase3_notice(content):
    """The BEP2 entry and warning point first at the Phase-3 notice, not the hosted tool's page."""
    entry = content.entries["bep2-not-bep20"]
    assert entry.links[0].url == "https://docs.bnbchain.org/announce/token-recovery-sunset-phase3/"
    warning = content.warnings["bep2"]
    assert warning.link.url == entry.links[0].url
    text = markup.to_plain(warning.text)
    assert "1 July 2026" in text and "token-recover-self-service-tools" in text and "scam" in text


def test_no_stale_advice_is_linked_or_recommended(content):
    """The stale MetaMask BSC article is not linked, and no answer recommends a binance.org RPC."""
    for entry_id, e in content.entries.items():
        assert all("understanding-bsc-binance-and-metamask" not in link.url for link in e.links), entry_id
        assert "bsc-dataseed.binance.org" not in markup.to_plain(e.answer), entry_id


def test_new_canned_warnings_exist(content):
    """Moderators can post the poisoning, drainer and fake-bot warnings; the old ones stay."""
    for wid in ("seed", "dm", "bep2", "bridge", "network", "poisoning", "drainer", "fakebot"):
        assert wid in content.warnings, wid
    assert has(markup.to_plain(content.warnings["fakebot"].text), "PowerShell")
    assert has(markup.to_plain(content.warnings["drainer"].text), "revok")
    assert has(markup.to_plain(content.warnings["poisoning"].text), "lookalike")


@pytest.mark.parametrize("entry_id", NEW_ENTRIES)
def test_new_entry_is_reachable_from_start(engine, entry_id):
    """Walking parents from the new entry ends at the start menu."""
    node, steps = entry_id, 0
    assert entry_id in engine.parents
    while node != "start":
        node = engine.parent(node)
        steps += 1
        assert steps < 5, entry_id


QUESTIONS = {
    "opbnb": [
        "what's opbnb and why is my wallet asking me to switch to it",
        "is opbnb chain 204 a different network than bsc",
        "my withdrawal from opbnb to bsc says I have to wait 7 days before I can claim, is that right",
        "which rpc and chain id do I use to add opbnb in metamask",
        "can I move usdt from opbnb to bsc through binance instead of the bridge",
        "does opbnb use bnb for gas like bsc does",
        "the opbnb bridge says challenge period, when can i claim my tokens on bsc",
        "is opbnb a layer 2 built on bnb chain",
        "how long does it take to withdraw from opbnb back to bnb smart chain",
        "i bridged to opbnb by mistake, how do i get back to bsc",
    ],
    "address-poisoning": [
        "there are strange 0 USDT transfers in my history from an address that looks almost like mine",
        "I copied the address from my transaction history and the funds went to a lookalike, what happened",
        "what is an address poisoning attack and how do I avoid it",
        "tiny dust transactions keep showing up from addresses similar to my exchange deposit address",
        "the address I sent to had the same first and last characters as my friend's but it wasn't his",
        "scammer sent me a fake usdt transfer so his address shows up in my recent list",
        "how do i check i'm not sending to a poisoned address",
    ],
    "approvals-drainer": [
        "how do I revoke a token approval I gave to a scam site",
        "I signed a permit signature on a fake site and my USDT is gone, what do I do",
        "I approved unlimited spending for a token on a random dapp, how do I cancel that",
        "will revoking approvals help if my seed phrase was stolen",
        "what is a wallet drainer and how does it take tokens",
        "connected to a fake airdrop site and approved something, now tokens are leaving",
        "where do i see which contracts can spend my tokens on bsc",
    ],
}


@pytest.mark.parametrize("entry_id", sorted(QUESTIONS))
def test_new_entry_answers_realistic_questions(engine, entry_id):
    """Questions written for this test (not copied from the examples): at least 5 get the new
    entry as the answer, and none gets a wrong answer (an unsure one asks, with the entry
    among the buttons)."""
    examples = {" ".join(x.casefold().split()) for x in engine.content.entries[entry_id].examples}
    answered = []
    for question in QUESTIONS[entry_id]:
        assert " ".join(question.casefold().split()) not in examples
        m = engine.match(question)
        if m.decision == ANSWER:
            assert m.intent == entry_id, (question, m.candidates[:3])
            answered.append(question)
        else:
            assert entry_id in [c.intent for c in m.candidates[:3]], (question, m.decision, m.candidates[:3])
    assert len(answered) >= 5, (entry_id, answered)
