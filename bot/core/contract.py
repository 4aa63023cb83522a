"""What content must carry, from ../shared/contract/entries.yaml.

Kept in code (not read from the shared folder) so a deployed bot checks its
content without the contract files beside it.
"""

MENUS: dict[str, tuple[str, ...]] = {
    "start": (
        "exchange-wallet", "bsc-evm", "tokens-not-showing", "platforms",
        "add-bsc-network", "gas-fees", "scam-safety",
    ),
    "exchange-wallet": ("withdraw-from-exchange", "deposit-to-exchange", "bep2-not-bep20"),
    "bsc-evm": ("bridge-evm", "send-to-bsc", "send-from-bsc", "wrong-network"),
}

ENTRIES: tuple[str, ...] = (
    "platforms", "withdraw-from-exchange", "deposit-to-exchange", "bep2-not-bep20",
    "bridge-evm", "send-to-bsc", "send-from-bsc", "wrong-network", "tokens-not-showing",
    "add-bsc-network", "gas-fees", "scam-safety",
)

WARNINGS: tuple[str, ...] = ("seed", "dm", "bep2", "bridge", "network")

ROOT = "start"
