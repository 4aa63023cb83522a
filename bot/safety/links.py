"""Links whose domain imitates one of the content's allowed domains.

Every URL and bare domain in a message is checked against the allowed link
rules from content (links.yaml). A host that is an allowed host or one of its
subdomains is never flagged. Any other host is first decoded (punycode
"xn--" labels) and folded to ASCII (the shared folding of `intents.folding`:
NFKC, accents dropped, lookalike letters in Latin; any letter left over by
its `confusable_homoglyphs` lookalike), then flagged when:

* after folding it *is* an allowed host (a homoglyph or punycode imitation);
* its registrable domain (public suffix list: tldextract's bundled snapshot,
  never fetched) is within a few edits of an allowed one ("binnance.com",
  "metarnask.io"), or has the same name under another suffix ("binance.xyz");
* any of its labels contains a brand name, or a near-miss of one
  ("metamask-support.xyz", "binance-support.web.app", "bnbchain-bridge.io").
  Brands are the names of allowed plain hosts; a rule with a path
  ("github.com/bnb-chain") marks a shared host, whose name is no brand.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from rapidfuzz.distance import OSA

from intents.folding import fold as fold_text
from intents.folding import strip_invisible

from .finding import LINK, LOOKALIKE_LINK, Finding


# The bundled public suffix snapshot only: no URL to fetch, no cache to write.
# Private suffixes (web.app, github.io, pages.dev) count, so "binnance.web.app"
# has "binnance" as its name, like "binnance.com".
@lru_cache(maxsize=1)
def _extractor():
    """tldextract (and the requests stack it imports) loads on the first link, not at start."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def _EXTRACT(host: str):
    return _extractor()(host)
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_URL_HOST = re.compile(r"(?i)\b(?:https?|hxxps?)://([^\s/?#<>\"'`\\]+)")
_BARE_HOST = re.compile(r"(?<![\w.-])(?:[\w-]+\.)+[\w-]+(?![\w-])")
MIN_BRAND = 5
# a chat message holds a few links; a huge paste is checked up to this many hosts
MAX_HOSTS = 300


@dataclass(frozen=True)
class RealSite:
    rule: str  # the allowed rule, e.g. "binance.com" or "github.com/bnb-chain"
    host: str
    name: str  # registrable label without hyphens: "binance"
    suffix: str
    brand: bool  # a plain host: its name should not appear in other domains

    @property
    def edits(self) -> int:
        return 2 if len(self.name) >= 7 else 1 if len(self.name) >= MIN_BRAND else 0


@lru_cache(maxsize=32)
def real_sites(allowed: tuple[str, ...]) -> tuple[RealSite, ...]:
    sites = []
    for rule in allowed:
        rule = rule.strip().lower().strip("/")
        host, _, path = rule.partition("/")
        ext = _EXTRACT(host)
        if host and ext.domain:
            sites.append(RealSite(rule, host, ext.domain.replace("-", ""), ext.suffix, not path))
    return tuple(sites)


def hosts_in(text: str) -> list[str]:
    """Hosts of the URLs and bare domains in `text`, lower-cased, in order, once each.

    Invisible characters are dropped and the text NFKC-normalised first, so a
    zero-width space cannot hide a host; lookalike letters are kept (see `imitated`)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", strip_invisible(text))
    text = text.translate(_DOTS)
    found = [m.group(1).rpartition("@")[2].partition(":")[0] for m in _URL_HOST.finditer(text)]
    found += [m.group() for m in _BARE_HOST.finditer(text)]
    hosts = dict.fromkeys(h.lower().strip(".") for h in found)
    return [h for h in hosts if h]


def _decode_punycode(host: str) -> str:
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                label = label[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                pass
        labels.append(label)
    return ".".join(labels)


def fold(host: str) -> str:
    """The ASCII a host looks like: punycode decoded, then the shared folding
    (`intents.folding`), then any letter still not ASCII by its confusable."""
    text = fold_text(_decode_punycode(host), join_spaced=False)
    if text.isascii():
        return text
    out = []
    for ch in text:
        if not ch.isascii():
            from confusable_homoglyphs import confusables  # loaded on first use (slow import)

            found = confusables.is_confusable(ch, preferred_aliases=["latin"])
            glyphs = [g["c"] for g in found[0]["homoglyphs"]] if found else []
            ascii_glyphs = [g for g in glyphs if g.isascii() and g.isalnum()]
            if ascii_glyphs:
                ch = ascii_glyphs[0].lower()
        out.append(ch)
    return "".join(out)


def _on_site(host: str, site: RealSite) -> bool:
    return host == site.host or host.endswith("." + site.host)


def imitated(host: str, sites: Iterable[RealSite]) -> RealSite | None:
    """The real site `host` imitates, or None (also for the real sites themselves)."""
    sites = tuple(sites)
    if any(_on_site(host, s) for s in sites):
        return None
    folded = fold(host)
    if folded != host:
        for s in sites:
            if _on_site(folded, s):
                return s
    ext = _EXTRACT(folded)
    if not ext.suffix or not ext.domain:
        return None
    name = ext.domain.replace("-", "")
    labels = [ext.domain, *(ext.subdomain.split(".") if ext.subdomain else ())]
    for s in sites:
        d = OSA.distance(name, s.name)
        if (d == 0 and (s.brand or ext.domain != s.name)) or 0 < d <= s.edits:
            return s
        if s.brand and _brand_in(ext.domain, labels, s):
            return s
    return None


def _brand_in(name: str, labels: list[str], site: RealSite) -> bool:
    """The brand inside any label, or a near-miss of it as a word of the name ("metarnask-help")."""
    if any(site.name in label.replace("-", "") for label in labels):
        return True
    return any(len(part) >= MIN_BRAND and OSA.distance(part, site.name) <= site.edits
               for part in name.split("-"))


def find_lookalike(text: str, allowed: Iterable[str]) -> Finding | None:
    """A Finding naming the real site when `text` links to a lookalike of one."""
    sites = real_sites(tuple(allowed))
    if not sites:
        return None
    for host in hosts_in(text)[:MAX_HOSTS]:
        site = imitated(host, sites)
        if site is not None:
            return Finding(LOOKALIKE_LINK, LINK, site.rule)
    return None
