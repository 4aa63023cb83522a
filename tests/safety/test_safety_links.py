"""Lookalike links: imitations of the allowed domains are named; the real sites never are."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.safety import scan

ROOT = Path(__file__).resolve().parents[2]


def punycode(label: str) -> str:
    return "xn--" + label.encode("punycode").decode("ascii")


LOOKALIKES = {
    "https://metarnask.io/restore": "metamask.io",
    "go to binnance.com to verify": "binance.com",
    "binanse.com": "binance.com",
    "https://bіnance.com/login": "binance.com",  # Cyrillic і
    "mеtamask.io": "metamask.io",  # Cyrillic е
    f"https://{punycode('bіnance')}.com": "binance.com",
    f"{punycode('metamаsk')}.io/connect": "metamask.io",
    "metamask-support.xyz": "metamask.io",
    "https://binance-support.web.app": "binance.com",
    "bnbchain-bridge.io": "bnbchain.org",
    "bnb-chain.org": "bnbchain.org",
    "binance.xyz": "binance.com",
    "https://binance.com.verify-account.io/": "binance.com",
    "secure-bscscan.net": "bscscan.com",
    "BINNANCE.COM": "binance.com",
    "write to support@binance-help.com": "binance.com",
    "githbu.com/bnb-chain/bsc": "github.com/bnb-chain",
}


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalike_is_flagged_with_the_real_domain(text, allowed):
    """Misspellings, homoglyphs, punycode and brand-plus-word domains name the site they imitate."""
    finding = scan(text, allowed, link_guard=True)
    assert finding is not None and (finding.rule, finding.action) == ("lookalike-link", "link")
    assert finding.detail == LOOKALIKES[text] and finding.detail in allowed


REAL = ["https://www.binance.com/en/support", "academy.binance.com", "binance.us", "https://binance.org",
        "https://docs.bnbchain.org/bc-fusion/", "support.metamask.io", "portfolio.metamask.io",
        "https://testnet.bscscan.com/tx/0x12", "https://github.com/bnb-chain/bsc", "BscScan.com",
        "https://intercom.help/binance-us/en/"]
OTHERS = ["gitlab.com", "github.io", "https://finance.yahoo.com", "pancakeswap.finance", "coingecko.com",
          "etherscan.io", "opbnbscan.com", "polygonscan.com", "coinbase.com", "x.com/binance",
          "t.me/binance", "intercom.io", "readme.md", "setup.py", "e.g. node.js"]


@pytest.mark.parametrize("text", REAL + OTHERS)
def test_real_sites_and_unrelated_ones_are_not_flagged(text, allowed):
    """Allowed domains, their subdomains and unrelated popular sites pass the link guard."""
    assert scan(text, allowed, link_guard=True) is None


def test_link_guard_off_means_no_link_findings(allowed):
    """With the link guard off (the default) a lookalike is not reported."""
    assert scan("https://metarnask.io/restore", allowed) is None
    assert scan("https://metarnask.io/restore", allowed, link_guard=False) is None


def test_secret_outranks_a_link(allowed):
    """A message with a key and a lookalike link is handled as the secret it holds."""
    finding = scan("private key: 0x" + "ab" * 32 + " go to metarnask.io", allowed, link_guard=True)
    assert finding.action == "delete"


def test_no_allowed_domains_no_findings():
    """Without allowed domains there is nothing to imitate."""
    assert scan("metarnask.io", (), link_guard=True) is None


def test_public_suffix_list_is_never_fetched(tmp_path):
    """With every socket refused and an empty home, the bundled snapshot still parses domains."""
    code = textwrap.dedent("""
        import socket
        def refuse(*a, **k):
            raise OSError("network used")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from bot.safety import scan
        f = scan("https://binance-support.web.app", ("binance.com",), link_guard=True)
        print(f.detail)
    """)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "TLDEXTRACT_CACHE": str(tmp_path / "tld")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "binance.com"
    assert not any(tmp_path.rglob("*")), "nothing is cached on disk"
