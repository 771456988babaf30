"""Hedges: the words by which a reporter keeps distance from a claim ("allegedly", "without
providing evidence", "may be preparing", "it is unclear").

One compiled regular expression, so the extractor can call it on every sentence for free.
"""

from __future__ import annotations

import re

__all__ = ["find_hedges", "is_hedged"]

_WS = r"\s+"

_SAID_TO = r"(?:is|are|was|were)\s+(?:said|believed|thought|understood|rumou?red|reported)\s+to"

# Ordered longest-first where alternatives share a prefix, so the fuller phrase is reported.
_ALTERNATIVES = [
    # hearsay adverbs and adjectives
    r"allegedly|alleged|reportedly|purportedly|purported|purporting|supposedly|ostensibly"
    r"|apparently|presumably|possibly|perhaps",
    # missing evidence and verification
    r"without(?:\s+(?:providing|offering|presenting|giving|citing|showing|producing))?"
    r"(?:\s+(?:any|further|supporting))?\s+(?:evidence|proof)",
    r"(?:offered|provided|presented|gave|cited|showed)\s+no\s+(?:evidence|proof)",
    r"no\s+(?:evidence|proof)",
    r"according\s+to\s+(?:unverified|unconfirmed|unnamed|anonymous)",
    r"(?:could|can|cannot|can[’']t|couldn[’']t)(?:\s+not)?(?:\s+be)?\s+independently"
    r"\s+(?:verif\w*|confirm\w*)",
    r"(?:has|have|had|was|were|is|are)\s+not(?:\s+been)?(?:\s+independently)?\s+(?:verified|confirmed)",
    r"unconfirmed|unverified|unsubstantiated|uncorroborated",
    # appearance
    r"it\s+(?:appears|appeared|seems|seemed)",
    r"(?:appears|appeared|appear|seems|seemed|seem)\s+to",
    r"seems|seemed",
    # modal possibility: "may be preparing", "might strike", "could be deployed"; the month
    # "May" is kept out by requiring a lowercase modal
    r"(?-i:may|might)(?:\s+(?:well|also|soon|even|still|now|already))?"
    r"(?:\s+(?:have\s+been|have|be|not\s+be|not\s+have))?\s+(?!the\b|a\b|an\b|this\b|that\b)(?-i:[a-z]+)",
    r"could(?:\s+(?:well|also|soon|even|still|now|already))?\s+(?:have\s+)?(?:be|been)\s+\w+",
    # speculation and distancing verbs
    r"speculation|speculat(?:e|es|ed|ing)|speculative",
    r"claim(?:ed|ing)(?:\s+that)?(?!\s+(?:responsibility|credit|victory|the\s+title|a\s+title|the\s+lives|lives))",
    r"(?:was|were|is|are|been)\s+described\s+as",
    r"rumou?r(?:s|ed)?",
    # unknowns
    r"it\s+(?:is|was|remains|remained)\s+(?:unclear|not\s+clear|not\s+known|unknown)",
    r"(?:is|was|remains|remained)\s+unclear|unclear\s+(?:whether|if|how|why|what|who)",
    # attributed belief
    _SAID_TO,
    r"(?:believed|thought)\s+to",
]

_HEDGE_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?:{a})" for a in _ALTERNATIVES) + r")(?![\w-])",
    re.IGNORECASE,
)
_SPACES_RE = re.compile(r"\s+")


# Lookalike Cyrillic letters planted inside English words ("аllegedly") must not hide a hedge;
# the translation keeps every offset in place.
_LOOKALIKES = str.maketrans("аеорсухіјѕԁАЕОРСХІЈЅ", "aeopcyxijsdAEOPCXIJS")


# Every hedge has one of these words (or, for the last, the whole phrase) in it, in any case: a
# sentence with none is not scanned with the full expression, which tries ~20 alternatives at every
# character. Case-blind matching also takes these four letters for i, s and k; a text with one of
# them is always scanned.
_HEDGE_WORDS = tuple(
    """alleged reportedly purport supposedly ostensibly apparently presumably possibly perhaps
    evidence proof unverified unconfirmed unnamed anonymous independently verified confirmed
    unsubstantiated uncorroborated appear seem may might could speculat claim described rumor
    rumour clear known believed thought""".split()
)
_SAID_TO_RE = re.compile(_SAID_TO, re.IGNORECASE)
_CASE_TWINS = "\u0130\u0131\u017f\u212a"  # İ ı ſ K


def _may_hedge(folded: str) -> bool:
    if any(c in folded for c in _CASE_TWINS):
        return True
    low = folded.lower()
    return any(word in low for word in _HEDGE_WORDS) or _SAID_TO_RE.search(folded) is not None


def find_hedges(text: str) -> list[str]:
    """The distinct hedge expressions in `text`, lowercased, in order of first appearance."""
    seen: dict[str, None] = {}
    folded = (text or "").translate(_LOOKALIKES)
    if not _may_hedge(folded):
        return []
    for match in _HEDGE_RE.finditer(folded):
        seen.setdefault(_SPACES_RE.sub(" ", match.group().lower().replace("’", "'")), None)
    return list(seen)


def is_hedged(text: str) -> bool:
    folded = (text or "").translate(_LOOKALIKES)
    return _may_hedge(folded) and _HEDGE_RE.search(folded) is not None
