"""Recovery phrases: every way people paste them is caught; ordinary English is not."""
from __future__ import annotations

import random

import pytest
from safety_samples import MNEMONIC, seeded_phrase

from bot.safety import scan
from bot.safety.english import EVERYDAY, FREQUENT, MOST_FREQUENT
from bot.safety.phrases import INDEX, WORDS, checksum_ok, find_phrase

SIZES = (12, 15, 18, 21, 24)


def found(text: str) -> bool:
    f = scan(text)
    return f is not None and f.rule == "recovery-phrase" and f.action == "delete"


def test_word_list_is_the_mnemonic_packages():
    """The guard uses the official English list from the `mnemonic` package, all 2048 words."""
    assert WORDS == tuple(MNEMONIC.wordlist) and len(set(WORDS)) == 2048


def test_checksum_agrees_with_mnemonic_check():
    """The fast checksum gives Mnemonic.check's answer on valid phrases and on shuffled ones."""
    rng = random.Random(5)
    for seed in range(300):
        words = seeded_phrase(seed, rng.choice(SIZES))
        shuffled = rng.sample(words, len(words))
        for candidate in (words, shuffled):
            assert checksum_ok([INDEX[w] for w in candidate]) == MNEMONIC.check(" ".join(candidate))


FORMATS = {
    "spaces": lambda w: " ".join(w),
    "commas": lambda w: ", ".join(w),
    "tight commas": lambda w: ",".join(w),
    "new lines": lambda w: "\n".join(w),
    "tabs": lambda w: "\t".join(w),
    "numbered 1. word": lambda w: "\n".join(f"{i}. {x}" for i, x in enumerate(w, 1)),
    "numbered 1) word": lambda w: " ".join(f"{i}) {x}" for i, x in enumerate(w, 1)),
    "numbered 1-word": lambda w: " ".join(f"{i}-{x}" for i, x in enumerate(w, 1)),
    "numbered 1.word": lambda w: " ".join(f"{i}.{x}" for i, x in enumerate(w, 1)),
    "upper case": lambda w: " ".join(w).upper(),
    "title case": lambda w: " ".join(x.title() for x in w),
    "full-width letters": lambda w: " ".join(w).translate({c: c + 0xFEE0 for c in range(0x61, 0x7B)}),
    "embedded": lambda w: "hi admin, metamask shows 0 balance. my words are: " + " ".join(w) + " can you help?",
    "embedded between list words": lambda w: "please help " + " ".join(w) + " please help",
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_phrase_found_in_every_format(fmt, size):
    """A valid phrase of every length is found however it is separated, numbered, cased or wrapped."""
    for seed in range(5):
        assert found(FORMATS[fmt](seeded_phrase(seed * 31 + size, size))), (fmt, size, seed)


def _typo(word: str, kind: str) -> str:
    if kind == "drop":
        return word[:1] + word[2:]
    if kind == "swap":
        return word[0] + word[2] + word[1] + word[3:] if word[1] != word[2] else word + "q"
    if kind == "double":
        return word[:2] + word[1:]
    return word[:-1] + ("q" if word[-1] != "q" else "z")  # a wrong last letter


@pytest.mark.parametrize("kind", ["drop", "swap", "double", "wrong letter"])
def test_phrase_with_one_misspelled_word_is_found(kind):
    """A phrase with one slip of the finger in any position is still a leaked phrase."""
    tried = 0
    for seed in range(12):
        words = seeded_phrase(seed, SIZES[seed % 5])
        i = seed % len(words)
        typo = _typo(words[i], kind)
        if typo in INDEX or typo in MOST_FREQUENT | FREQUENT | EVERYDAY:
            continue  # a slip that makes a real word is the unconfirmed rule's business
        words[i] = typo
        assert found(" ".join(words)), (kind, seed, i)
        tried += 1
    assert tried >= 6, f"most {kind} slips made real words: choose other seeds"


def test_eleven_words_are_not_a_phrase():
    """Fewer than 12 list words never trigger, however random they look."""
    for seed in range(20):
        assert not found(" ".join(seeded_phrase(seed)[:11]))


def test_scrambled_list_words_still_count_without_checksum():
    """Twelve unusual list words in a row count even when the checksum fails (wrong order, another wallet)."""
    rare = [w for w in WORDS if w not in MOST_FREQUENT | FREQUENT | EVERYDAY]
    rng = random.Random(3)
    hits = 0
    for _ in range(20):
        words = rng.sample(rare, 12)
        if not checksum_ok([INDEX[w] for w in words]):
            hits += 1
            assert found(" ".join(words))
    assert hits >= 10


ENGLISH = [
    "I have a strong feeling about this project because the team is strong and they will build something good",
    "you can also just have that one more time when they come back tomorrow",
    "What do you think about the new bridge they want to launch next month?",
    "I sent 0.5 BNB from binance to my metamask on BEP20 and it still shows zero, please help",
    "gm everyone, any news about the airdrop? I will check again later today",
    "my favourite colors are orange, purple, yellow, green and black",
    "never share your seed phrase with anyone, admins will never ask for it",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_ordinary_english_is_not_a_phrase(text):
    """Everyday chat, even when most of its words are on the list, is left alone."""
    assert scan(text) is None


def test_long_run_on_english_of_list_words_is_not_a_phrase():
    """A long unpunctuated message made of list words and small words is not taken for a phrase."""
    text = ("you can also check your wallet balance when the network is slow then try again later "
            "because they will fix the bridge soon and all your tokens will appear in the right account "
            "so just wait a little time and do not panic this happens to many people every day "
            "i have a strong feeling about this project because the team is always there to help")
    assert find_phrase(text) is None


def test_checksum_valid_window_that_reads_as_english_is_not_a_phrase():
    """Twelve common words that happen to pass the checksum read as English, so nothing is flagged."""
    head = "you can also just have that one more time when they".split()
    tails = [w for w in sorted(MOST_FREQUENT | FREQUENT) if w in INDEX
             and checksum_ok([INDEX[x] for x in head] + [INDEX[w]])]
    assert tails, "some common word completes a valid checksum"
    assert all(find_phrase(" ".join(head + [tail])) is None for tail in tails)


def test_finding_holds_no_part_of_the_phrase():
    """The finding names the rule only: no word of the phrase is in it."""
    words = seeded_phrase(99)
    finding = scan("my phrase " + " ".join(words))
    assert finding is not None and finding.detail == ""
    assert not any(w in repr(finding) for w in words if len(w) > 3)


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02", "🙂" * 5000, "a" * 100_000,
                                  "word " * 20_000, "<b>1.</b> <i>2)</i> ##### ::: ...", "\u202e\u200b" * 100])
def test_odd_input_is_handled(text):
    """Empty, binary, huge, markup and odd Unicode text give an answer, not an exception."""
    assert scan(text) is None or scan(text).action in ("delete", "remind", "link")
