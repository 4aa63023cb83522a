"""Benchmark of the safety guard on generated, realistic messages.

    python benchmarks/safety_bench.py [--seed 7] [--scale 1.0] [--text FILE ...]

Everything is generated at run time from a seeded random source (phrases
with `Mnemonic.to_mnemonic` over seeded entropy, the same as `generate`),
so nothing real-looking is committed and every run prints the same figures.
It prints, per category, how many messages the guard flagged:

* recovery phrases in realistic messages (plain, numbered, comma-separated,
  one per line, mixed case, embedded in a message, one word misspelled) and
  disguised (zero-width spaces and soft hyphens inside words, Cyrillic
  lookalike letters, letters spaced out, combining accents, all at once):
  the bar is 100% of checksum-valid phrases;
* private keys said to be keys (deleted) and 64-hex strings with no context
  (a reminder, nothing deleted);
* false positives (anything deleted) on ordinary chat, transaction hashes,
  addresses, code snippets and long English prose made of list words: the
  bar is under 0.1% each;
* lookalike links (link guard on) and the real sites and popular others.

`--text FILE` adds any text file, read in paragraphs, as one more
false-positive category (e.g. documentation prose found on a machine).
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

from mnemonic import Mnemonic  # noqa: E402

from bot.core.content import load_content  # noqa: E402
from bot.safety import scan  # noqa: E402
from bot.safety.english import EVERYDAY, FREQUENT, MOST_FREQUENT  # noqa: E402
from bot.safety.phrases import INDEX  # noqa: E402

MNEMONIC = Mnemonic("english")
STRENGTHS = (128, 160, 192, 224, 256)
Gen = Callable[[random.Random], str]


# -- recovery phrases ---------------------------------------------------------

def new_phrase(rng: random.Random) -> list[str]:
    return MNEMONIC.to_mnemonic(rng.randbytes(rng.choice(STRENGTHS) // 8)).split()


def numbered(rng: random.Random, words: list[str]) -> str:
    style = rng.choice(["{i}. {w}\n", "{i}) {w} ", "{i}-{w} ", "{i}.{w}\t", "{i}: {w}\n",
                        "{i} {w}  ", "{i}. {w}, ", "#{i} {w}\n", "({i}) {w} "])
    return "".join(style.format(i=i, w=w) for i, w in enumerate(words, 1)).strip()


def comma(rng: random.Random, words: list[str]) -> str:
    return rng.choice([", ", ",", " , ", ",\n", "; "]).join(words)


def one_per_line(rng: random.Random, words: list[str]) -> str:
    return rng.choice(["\n", "\r\n", "\n\n"]).join(words)


def mixed_case(rng: random.Random, words: list[str]) -> str:
    style = rng.choice(["upper", "title", "random", "first"])
    if style == "upper":
        out = [w.upper() for w in words]
    elif style == "title":
        out = [w.title() for w in words]
    elif style == "first":
        out = [words[0].title(), *words[1:]]
    else:
        out = ["".join(c.upper() if rng.random() < 0.4 else c for c in w) for w in words]
    return rng.choice([" ", ", ", "\n"]).join(out)


FORMATS = (lambda r, w: " ".join(w), numbered, comma, one_per_line, mixed_case)

BEFORE = [
    "hi admin my metamask shows 0 balance, here is my recovery phrase: ",
    "please help!! my wallet got drained. seed words are\n",
    "Support asked me to verify my wallet so here it is ",
    "is this the right format for the phrase? ",
    "I restored with these words but tokens are missing ",
    "my secret recovery phrase ",
    "can anyone help me to recover my funds please ",
    "I have the words but can't login\n",
    "you can check my wallet yourself: ",
    "",
]
AFTER = [
    " what should I do?",
    "\nthanks in advance",
    " please help me",
    " can you check if my tokens are there",
    " is it correct?? I will wait",
    "\n\nsent from my phone",
    " thank you so much",
    "",
]


def embedded(rng: random.Random, words: list[str]) -> str:
    body = rng.choice(FORMATS)(rng, words)
    return rng.choice(BEFORE) + body + rng.choice(AFTER)


KEYBOARD = {c: n for c, n in zip("qwertyuiopasdfghjklzxcvbnm",
                                  ["wa", "qes", "wrd", "etf", "ryg", "tuh", "yij", "uok", "ipl", "ol",
                                   "qsz", "awdx", "sefc", "drgv", "fthb", "gyjn", "hukm", "jil", "ko",
                                   "asx", "zdc", "xfv", "cgb", "vhn", "bjm", "nk"])}


def misspell(rng: random.Random, word: str) -> str:
    """One realistic slip: a neighbouring key, a dropped, doubled or swapped letter."""
    for _ in range(20):
        op = rng.choice(["neighbour", "drop", "double", "swap", "insert"])
        i = rng.randrange(len(word))
        if op == "neighbour":
            typo = word[:i] + rng.choice(KEYBOARD[word[i]]) + word[i + 1:]
        elif op == "drop" and len(word) > 3:
            typo = word[:i] + word[i + 1:]
        elif op == "double":
            typo = word[:i] + word[i] + word[i:]
        elif op == "swap" and i < len(word) - 1 and word[i] != word[i + 1]:
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif op == "insert":
            typo = word[:i] + rng.choice(string.ascii_lowercase) + word[i:]
        else:
            continue
        if typo != word:
            return typo
    return word + "s"


REAL_WORDS = INDEX.keys() | MOST_FREQUENT | FREQUENT | EVERYDAY


def misspelled(rng: random.Random, words: list[str], *, into_real_word: bool = False) -> str:
    """One word misspelled: into a non-word (a near-miss), or into a real word ("they" -> "the")."""
    words = list(words)
    i = rng.randrange(len(words))
    for _ in range(500):
        typo = misspell(rng, words[i])
        if (typo in REAL_WORDS) == into_real_word:
            break
    else:  # no single slip makes a real word of this one: swap in a neighbour
        typo = rng.choice(sorted(REAL_WORDS)) if into_real_word else words[i] + "q"
    words[i] = typo
    return embedded(rng, words) if rng.random() < 0.5 else rng.choice(FORMATS)(rng, words)


ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "y": "у", "x": "х", "i": "і", "s": "ѕ", "j": "ј"}
ACCENTS = ["\u0301", "\u0300", "\u0308", "\u0302", "\u0303", "\u0336"]


def _inside(rng: random.Random, word: str, mark: str) -> str:
    i = rng.randrange(1, len(word)) if len(word) > 1 else 1
    return word[:i] + mark + word[i:]


def zero_width(rng: random.Random, words: list[str]) -> str:
    return " ".join(_inside(rng, w, rng.choice(ZERO_WIDTH)) if rng.random() < 0.6 else w for w in words)


def homoglyph(rng: random.Random, words: list[str]) -> str:
    out = list(words)
    spots = [i for i, w in enumerate(out) if any(c in CYRILLIC for c in w)]
    for i in rng.sample(spots, k=min(len(spots), rng.randint(1, 4))):
        j = rng.choice([k for k, c in enumerate(out[i]) if c in CYRILLIC])
        out[i] = out[i][:j] + CYRILLIC[out[i][j]] + out[i][j + 1:]
    return rng.choice(FORMATS)(rng, out)


def spaced(rng: random.Random, words: list[str]) -> str:
    gap = rng.choice(["  ", "   ", "\n", " / "]) if rng.random() < 0.7 else " "
    return gap.join(" ".join(w) for w in words)


def accented(rng: random.Random, words: list[str]) -> str:
    return " ".join("".join(c + (rng.choice(ACCENTS) if rng.random() < 0.3 else "") for c in w) for w in words)


def every_disguise(rng: random.Random, words: list[str]) -> str:
    return embedded(rng, [_inside(rng, w, rng.choice(ZERO_WIDTH)) for w in homoglyph(rng, words).split()])


PHRASE_VARIANTS: dict[str, Callable[[random.Random, list[str]], str]] = {
    "plain": lambda r, w: " ".join(w),
    "numbered": numbered,
    "comma-separated": comma,
    "one per line": one_per_line,
    "mixed case": mixed_case,
    "embedded in text": embedded,
    "one word misspelled": misspelled,
    "disguised: zero-width / soft hyphen": zero_width,
    "disguised: Cyrillic letters": homoglyph,
    "disguised: spaced letters": spaced,
    "disguised: combining accents": accented,
    "disguised: all at once": every_disguise,
}


# -- keys, hashes, addresses ----------------------------------------------------

def hex64(rng: random.Random) -> str:
    h = rng.randbytes(32).hex()
    h = h.upper() if rng.random() < 0.05 else h
    return ("0x" + h) if rng.random() < 0.7 else h


KEY_MESSAGES = [
    "my private key is {k}", "pk: {k}", "Private key: {k} can someone check my balance",
    "I imported the private key {k} into metamask but balance is 0",
    "PRIVATE_KEY={k}", "const privateKey = '{k}';", "secret: {k}",
    "can someone import this key for me {k}", "{k} this is my private key, why can't I access my funds",
    "here's my key\n{k}\nplease help", "export private key gave me {k} is that right?",
    "privkey {k}", "wallet key = {k}", "I exported my key: {k}", "my pk {k} pls help",
]
HASH_MESSAGES = [
    "tx hash: {h}", "txid {h} still pending", "https://bscscan.com/tx/{h}",
    "my withdrawal tx {h} hasn't arrived", "transaction {h} failed, why?",
    "here is the hash {h}", "bscscan.com/tx/{h} shows success but no tokens",
    "https://etherscan.io/tx/{h}", "Withdrawal ID 84512 TxID: {h}", "deposit not credited. Tx: {h}",
    "{h} <- the transaction hash", "TxHash {h} status success but binance says pending",
    "check this tx {h}", "I bridged yesterday, hash {h}, nothing on bsc yet",
    "txn {h} is stuck for 2 hours", "Transaction Hash:\n{h}\nBlock: 41234567",
    "sent 0.5 bnb, transaction id {h}", "https://bscscan.com/tx/{h}#eventlog",
]
BARE_HEX_MESSAGES = ["{h}", "what is this {h}", "{h} ??", "got this from the app {h}",
                     "{h}\nhelp", "is {h} correct"]


def from_templates(templates: list[str], **fill: Callable[[random.Random], str]) -> Gen:
    def gen(rng: random.Random) -> str:
        t = rng.choice(templates)
        return t.format(**{k: f(rng) for k, f in fill.items()})
    return gen


def address(rng: random.Random) -> str:
    return "0x" + rng.randbytes(20).hex()


ADDRESS_MESSAGES = [
    "send to {a}", "my address is {a}", "contract {a} is it legit?", "is {a} the right usdt contract on bsc",
    "I sent bnb to {a} but it's an exchange address", "deposit address {a} memo not needed right?",
    "token contract: {a}\nsymbol CAKE decimals 18", "{a}", "from {a} to {b}",
    "added custom token {a} but balance 0", "why does {a} show on bscscan as a contract",
    "bnb1{c} is my old beacon chain address", "can I send from {a} to bnb1{c}",
]

CODE_SNIPPETS = [
    'bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");\nfunction mint(address to) external onlyRole(MINTER_ROLE) {{}}',
    "// Transfer event topic\nconst TOPIC = '{h}';\nconst logs = await provider.getLogs({{ topics: [TOPIC] }});",
    'const txHash = "{h}";\nconst receipt = await provider.waitForTransaction(txHash);',
    '{{"jsonrpc":"2.0","id":1,"result":{{"blockHash":"{h}","transactionHash":"{h2}","status":"0x1"}}}}',
    "import hashlib\ndigest = hashlib.sha256(data).hexdigest()  # {h}",
    "sha256sum release.zip\n{h}  release.zip",
    "await contract.approve(spender, amount)\n// reverted: execution reverted: ERC20: insufficient allowance",
    "web3.eth.getTransactionReceipt('{h}').then(console.log)",
    "merkle root: {h}\nleaves: 1024",
    "git show --stat HEAD\ncommit {c40}\nAuthor: dev <dev@example.org>",
    "function withdraw(uint256 amount) public {{ require(balances[msg.sender] >= amount); }}",
    "from web3 import Web3\nw3 = Web3(Web3.HTTPProvider('https://bsc-dataseed.bnbchain.org'))\nprint(w3.eth.block_number)",
    "block hash {h} parent {h2}",
    "ERROR: transaction underpriced\n    at Provider.send (provider.js:123)",
    "const provider = new ethers.JsonRpcProvider(RPC_URL);\nconst tx = await provider.getTransaction('{h}')",
]


# -- ordinary chat --------------------------------------------------------------

COINS = ["BNB", "USDT", "BUSD", "CAKE", "ETH", "usdc", "xvs", "btc", "bnb", "doge", "shib", "TWT"]
APPS = ["metamask", "trust wallet", "binance app", "binance.us", "pancakeswap", "safepal", "the bridge"]
NETS = ["BEP20", "BEP2", "BSC", "ERC20", "bnb smart chain", "beacon chain", "opBNB", "arbitrum"]
CHAT = [
    "how do I withdraw {coin} from binance to {app}?", "which network for {coin}, {net} or {net2}?",
    "sent {n} {coin} on {net} and it's not showing in {app}", "gm everyone", "wen moon",
    "thanks bro it worked!!", "does {app} support {net}?", "anyone else having issues with {app} today",
    "my {coin} is stuck, sent {n} hours ago", "can i use {net} addresses for {net2}",
    "what's the gas fee on bsc right now", "I have {n} {coin} but can't swap on {app}",
    "is this a scam? someone DMed me offering help", "lol same", "ok thanks",
    "hey guys, I'm new here. How do I add BSC network to metamask?",
    "I hold {coin}, {coin2}, {coin3} and {coin} on {app}", "why is my balance zero after withdrawal",
    "the price of {coin} is crazy today", "just bought more {coin} 🚀🚀",
    "please help, I sent {coin} to the wrong network", "admin please check my dm",
    "where can I find my deposit address on binance", "it says insufficient funds for gas",
    "what is the difference between binance and bnb chain", "tokens not showing after bridge",
    "I think the team is working on an update about this problem", "can someone explain what a memo is?",
    "my wallet shows {n} {coin} but pancakeswap says 0", "good morning, any news about the airdrop?",
    "I will try again tomorrow and let you know", "this project has a strong community and a great team",
    "you can also check the balance on bscscan if you want", "have you tried to add the token manually?",
    "what time does the market open again", "never share your seed phrase with anyone!!",
    "just wait a few minutes, the network is slow", "all good now, thank you for the help",
    "my favourite colors are orange, purple, yellow, green and black", "apple banana orange lemon grape",
    "I lost access to my old phone, how do I restore my wallet?", "is there any fee to withdraw {coin}?",
]


def chat(rng: random.Random) -> str:
    t = rng.choice(CHAT)
    msg = t.format(coin=rng.choice(COINS), coin2=rng.choice(COINS), coin3=rng.choice(COINS),
                   app=rng.choice(APPS), net=rng.choice(NETS), net2=rng.choice(NETS),
                   n=rng.choice(["0.5", "12", "3", "100", "24", "1,000"]))
    if rng.random() < 0.3:
        msg = msg.lower()
    if rng.random() < 0.2:
        msg = msg + " " + rng.choice(["🙏", "😭", "??", "!!!", "pls", ":("])
    if rng.random() < 0.2:
        msg = msg + " " + chat_sentence(rng)
    return msg


# -- long English prose made of list words --------------------------------------

def _pool(words: str) -> list[str]:
    """Everyday English words of one kind that are also on the BIP39 list."""
    return [w for w in words.split() if w in INDEX]


NOUNS = _pool("""wallet token coin bridge exchange network price market fee gas chain address
account phrase seed key money fund team project feeling idea plan people community news trade
trust risk profit time day week month year hour minute morning night home work job life world
family friend group member owner problem issue question answer reason result error message
screen phone page link option balance amount number value deposit transfer swap reward bonus game
letter book car city country school story music art movie food water energy power system service
office house door window table paper picture color garden animal future history moment chance
choice course level list order rule size skill source space stage step style subject success
support task test topic total tower track travel truth type unit voice""")
VERBS = _pool("""have need want like love hate hope believe think feel find keep give take make
build create learn teach know understand explain tell ask say speak talk call visit move change
switch connect install update upgrade save store lose forget remember miss wait try test check
verify confirm approve cancel remove add search watch read write type copy paste click choose
select enter leave join follow share post reply report block open close start stop begin finish
grow rise fall drop buy sell hold stake lock unlock claim win play spend earn pay send receive
carry bring catch cover draw drive drink eat fly jump kick laugh listen live guess hire""")
ADJECTIVES = _pool("""good bad great nice cool simple easy hard fast slow quick long short big
small high low new old young early late first last next final real true false right wrong
correct same other different better best sure clear safe secure private public open close
happy sad angry funny crazy strange serious honest fair legal normal average basic special
major minor main extra empty full whole entire strong weak rich poor lucky rare common cheap
expensive busy free ready dry wet warm cold hot fresh clean dirty quiet loud gentle brave
proud calm wild fine""")
ADVERBS = _pool("""also just very only still never always now again already often soon maybe
really quite almost""")

# Everyday sentences with every content word drawn from the list: a worst case
# for prose, since only the small words between them break a run of list words.
SKELETONS = [
    "I have a {A} feeling about this {N} because the {N} is {A} and {A}",
    "you can also {V} your {N} when they {V} the {N}",
    "this {N} will {V} more {N} than any other {N} in the {N}",
    "people {V} {N} every {N} but only a {A} {N} can {V} it",
    "what do you think about the {N} they want to {V} next {N}",
    "if you {V} {N} from the {N} you have to {V} the {N} first",
    "my {N} has a {A} {N} and now I need to {V} it",
    "when the {N} is {A} you should {V} your {N} {R}",
    "just {V} the {N} then {V} the {N} and {V} it again",
    "they say that the {N} will {V} a {A} {N} soon",
    "there is a {A} {N} about {N} {N} in the {N}",
    "we {V} {A} {N} for the {N} every {N}",
    "can you help me {V} my {N} to the {N}",
    "all {N} {V} {N} but not every {N} can {V} the same {N}",
    "you will never {V} a {A} {N} like this {N} again",
    "that {N} was {R} {A} so they {V} it {R}",
    "any {N} can {V} a {N} but a {A} {N} will {V} more",
    "first {V} the {N} then {V} your {N} and {V} the {A} {N}",
    "this is the {A} {N} I have ever seen in my {N}",
    "I {R} {V} a {A} {N} and a {A} {N} every {N}",
    "do not {V} your {N} to anyone who will {V} it",
    "what if the {N} can {V} the {N} before the {N} is {A}",
    "you {V} {A} {N} and they {V} the {A} {N}",
    "I want to {V} my {N} but the {N} is {A} right now",
    "they {R} {V} {A} {N} with {A} {N} when the {N} is {A}",
    "please {V} the {N} and {V} me when it is {A}",
    "my {N} and my {N} are {A} but the {N} is {A}",
    "the {A} {N} will {V} your {N} if you {V} it {R}",
    "how can I {V} the {N} from my {N} to a {A} {N}",
    "our {N} {V} {A} {N} {R} and the {N} {V} more {N}",
]
ARTICLES = {"the", "a", "an"}


def chat_sentence(rng: random.Random) -> str:
    fill = {"N": NOUNS, "V": VERBS, "A": ADJECTIVES, "R": ADVERBS}
    out = []
    for word in rng.choice(SKELETONS).split():
        out.append(rng.choice(fill[word[1]]) if word.startswith("{") else word)
    return " ".join(out)


def prose(rng: random.Random, sentences: tuple[int, int] = (8, 20), style: str = "") -> str:
    """A paragraph: punctuated, run-on (no punctuation), or run-on with half the articles dropped."""
    said = [chat_sentence(rng) for _ in range(rng.randint(*sentences))]
    style = style or rng.choice(["punctuated", "run-on"])
    if style == "punctuated":
        return " ".join(s[0].upper() + s[1:] + rng.choice([".", ".", "!", "?"]) for s in said)
    if style == "terse":
        said = [" ".join(w for w in s.split() if w not in ARTICLES or rng.random() < 0.5) for s in said]
    return " ".join(said)


# -- links ------------------------------------------------------------------------

HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "i": "і", "c": "с", "p": "р", "s": "ѕ", "n": "ո",
              "m": "ṃ", "b": "Ь", "k": "κ"}
SUFFIXES = ["com", "io", "org", "net", "xyz", "app", "site", "online", "live", "info", "co", "top"]
HOSTING = ["web.app", "pages.dev", "netlify.app", "vercel.app", "github.io", "firebaseapp.com"]
EXTRA = ["support", "help", "secure", "login", "verify", "wallet", "bridge", "airdrop", "claim",
         "restore", "sync", "connect", "official", "app", "rewards"]


def lookalike(rng: random.Random, site: str) -> str:
    name, _, suffix = site.partition(".")
    kind = rng.choice(["typo", "homoglyph", "punycode", "brand-word", "hosting", "subdomain"])
    if kind == "typo":
        host = f"{misspell(rng, name)}.{rng.choice([suffix, *SUFFIXES])}"
    elif kind in ("homoglyph", "punycode"):
        chars = list(name)
        spots = [i for i, c in enumerate(chars) if c in HOMOGLYPHS]
        for i in rng.sample(spots, k=min(len(spots), rng.randint(1, 2))):
            chars[i] = HOMOGLYPHS[chars[i]]
        label = "".join(chars)
        if kind == "punycode":
            label = "xn--" + label.encode("punycode").decode("ascii")
        host = f"{label}.{suffix}"
    elif kind == "brand-word":
        parts = [name, rng.choice(EXTRA)]
        rng.shuffle(parts)
        host = f"{'-'.join(parts)}.{rng.choice(SUFFIXES)}"
    elif kind == "hosting":
        host = f"{name}-{rng.choice(EXTRA)}.{rng.choice(HOSTING)}"
    else:
        host = f"{site}.{rng.choice(EXTRA)}-{rng.choice(['check', 'center', 'portal'])}.{rng.choice(SUFFIXES)}"
    return host


LURES = ["{u}", "go to {u} to fix it", "Official support: {u}", "claim your airdrop at {u} now",
         "sync your wallet here {u} 👈", "is {u} legit?"]
# real sites are shared with neutral words: "claim your airdrop at <any site>" is a scam text
# in its own right (scams.py), whatever the site
NEUTRAL = ["{u}", "go to {u} to fix it", "Official support: {u}", "the docs are at {u}",
           "check {u} for the status", "is {u} legit?"]


def link_message(rng: random.Random, host: str, texts: list[str] = LURES) -> str:
    url = rng.choice([f"https://{host}/", f"https://{host}/wallet/connect", host, f"http://{host}",
                      f"www.{host}"])
    return rng.choice(texts).format(u=url)


BENIGN_HOSTS = [
    "binance.com", "www.binance.com", "academy.binance.com", "binance.us", "www.binance.us",
    "bnbchain.org", "docs.bnbchain.org", "www.bnbchain.org", "metamask.io", "support.metamask.io",
    "portfolio.metamask.io", "bscscan.com", "testnet.bscscan.com", "github.com/bnb-chain/bsc",
    "binance.org", "pancakeswap.finance", "coingecko.com", "coinmarketcap.com", "trustwallet.com",
    "uniswap.org", "ethereum.org", "etherscan.io", "polygonscan.com", "arbiscan.io", "opbnbscan.com",
    "google.com", "youtube.com", "x.com", "t.me", "discord.gg", "reddit.com", "medium.com",
    "gitlab.com", "github.io", "finance.yahoo.com", "coinbase.com", "kraken.com", "okx.com",
    "bybit.com", "kucoin.com", "gate.io", "bitget.com", "dexscreener.com", "revoke.cash",
    "chainlist.org", "ledger.com", "trezor.io", "safepal.com", "venus.io", "1inch.io",
    "debank.com", "layerzero.network", "stargate.finance", "wikipedia.org", "intercom.help/binance-us",
]


# -- running ----------------------------------------------------------------------

def rate(flags: int, n: int) -> str:
    return f"{100.0 * flags / n:7.3f}%" if n else "    n/a"


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, int, int, str]] = []
        self.times: list[float] = []

    def measure(self, section: str, name: str, messages: list[str], hit: Callable[[object], bool],
                bar: str, **scan_args) -> None:
        flagged = 0
        for msg in messages:
            t0 = time.perf_counter()
            finding = scan(msg, **scan_args)
            self.times.append(time.perf_counter() - t0)
            flagged += bool(hit(finding))
        self.rows.append((section, name, len(messages), flagged, bar))

    def print(self) -> None:
        section = None
        for sec, name, n, flagged, bar in self.rows:
            if sec != section:
                print(f"\n{sec}")
                section = sec
            print(f"  {name:<34} {n:>7,} {flagged:>8,} {rate(flagged, n)}   {bar}")
        t = sorted(self.times)
        print(f"\nscan time per message: mean {1e3 * sum(t) / len(t):.3f} ms, "
              f"p99 {1e3 * t[int(len(t) * 0.99)]:.3f} ms, max {1e3 * t[-1]:.1f} ms over {len(t):,} messages")


def deleted(f: object) -> bool:
    return getattr(f, "action", None) == "delete"


def phrase_found(f: object) -> bool:
    return getattr(f, "rule", None) == "recovery-phrase"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every count (0.1 for a quick run)")
    ap.add_argument("--text", type=Path, nargs="*", default=[], help="extra text files: prose to test for false positives")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    n = lambda k: max(1, int(k * args.scale))
    allowed = load_content(ROOT / "content")[0].allowed_links
    report = Report()

    for name, variant in PHRASE_VARIANTS.items():
        msgs = [variant(rng, new_phrase(rng)) for _ in range(n(2000))]
        report.measure("recovery phrases (found / n; bar 100%)", name, msgs, phrase_found, "bar 100%")
    msgs = [misspelled(rng, new_phrase(rng), into_real_word=True) for _ in range(n(2000))]
    report.measure("recovery phrases (found / n; bar 100%)", "misspelled into a real word",
                   msgs, phrase_found, "no checksum: best effort")

    keys = from_templates(KEY_MESSAGES, k=hex64)
    report.measure("private keys", "called a key (deleted)", [keys(rng) for _ in range(n(2000))],
                   deleted, "bar 100%")
    bare = from_templates(BARE_HEX_MESSAGES, h=hex64)
    report.measure("private keys", "64-hex, no context (reminded)", [bare(rng) for _ in range(n(2000))],
                   lambda f: getattr(f, "action", None) == "remind", "reminder, never deleted")
    report.measure("private keys", "64-hex, no context (deleted)", [bare(rng) for _ in range(n(2000))],
                   deleted, "bar 0%")

    fp = "false positives (deleted / n; bar < 0.1%)"
    report.measure(fp, "ordinary chat messages", [chat(rng) for _ in range(n(20000))], deleted, "bar < 0.1%")
    hashes = from_templates(HASH_MESSAGES, h=hex64)
    hash_msgs = [hashes(rng) for _ in range(n(2000))]
    report.measure(fp, "transaction hashes", hash_msgs, deleted, "bar < 0.1%")
    report.measure(fp, "transaction hashes (any reminder)", hash_msgs, bool, "noise, not a bar")
    addresses = from_templates(ADDRESS_MESSAGES, a=address, b=address,
                               c=lambda r: "".join(r.choice("023456789acdefghjklmnpqrstuvwxyz") for _ in range(38)))
    report.measure(fp, "0x addresses", [addresses(rng) for _ in range(n(2000))], bool, "bar < 0.1% (anything)")
    code = from_templates(CODE_SNIPPETS, h=hex64, h2=hex64, c40=lambda r: r.randbytes(20).hex())
    report.measure(fp, "code snippets", [code(rng) for _ in range(n(2000))], deleted, "bar < 0.1%")
    report.measure(fp, "long English prose of list words", [prose(rng) for _ in range(n(2000))],
                   deleted, "bar < 0.1%")
    report.measure(fp, "terse chat, list words, 1-4 sent.",
                   [prose(rng, (1, 4), "terse") for _ in range(n(20000))], deleted, "bar < 0.1%")
    report.measure(fp, "stress: 8-20 terse sentences",
                   [prose(rng, (8, 20), "terse") for _ in range(n(2000))], deleted, "worst case, no bar")
    if args.text:
        paragraphs = [p for path in args.text for p in path.read_text(errors="replace").split("\n\n") if p.strip()]
        report.measure(fp, f"--text: {len(args.text)} file(s), paragraphs", paragraphs, deleted, "bar < 0.1%")

    sites = [a for a in allowed if "/" not in a]
    fakes = [link_message(rng, lookalike(rng, rng.choice(sites))) for _ in range(n(2000))]
    report.measure("lookalike links (link guard on)", "lookalikes flagged", fakes,
                   lambda f: getattr(f, "rule", None) == "lookalike-link", "bar 100%",
                   allowed_domains=allowed, link_guard=True)
    real = [link_message(rng, rng.choice(BENIGN_HOSTS), NEUTRAL) for _ in range(n(2000))]
    report.measure("lookalike links (link guard on)", "real and popular sites flagged", real,
                   bool, "bar < 0.1%", allowed_domains=allowed, link_guard=True)
    report.measure("lookalike links (link guard on)", "ordinary chat flagged",
                   [chat(rng) for _ in range(n(5000))], bool, "bar < 0.1%",
                   allowed_domains=allowed, link_guard=True)
    report.print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
