"""Hedges: the words by which a reporter keeps distance from a claim ("allegedly", "without
providing evidence", "may be preparing", "it is unclear").

One compiled regular expression, so the extractor can call it on every sentence for free. A hedge
modifies the clause it stands in: `hedges_of_claim` keeps those of a claim's own clause and of the
frame that reports it ("X reportedly said", ", officials claimed"), not those of another clause
of its sentence ("…, although some engineers may disagree", "the minister, who allegedly …"),
even where the claim's words run on into that clause.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from services.extract.lexicon.function_words import CLAUSE_CONJUNCTIONS
from services.extract.lexicon.pronouns import RELATIVE_PRONOUNS

__all__ = ["find_hedges", "hedges_of_claim", "is_hedged"]

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
    return _distinct(_hedge_matches(text))


def hedges_of_claim(sentence: str, start: int, end: int) -> list[str]:
    """The distinct hedges (as `find_hedges` gives them) that modify the claim sentence[start:end]:
    those of its own clause and of the frame around it, not those of another clause."""
    matches = list(_hedge_matches(sentence))
    if not matches:
        return []
    clauses = _Clauses(matches[0].string)
    return _distinct(m for m in matches if _modifies(clauses, m.start(), m.end(), start, end))


def _hedge_matches(text: str) -> Iterator[re.Match[str]]:
    folded = (text or "").translate(_LOOKALIKES)
    if _may_hedge(folded):
        yield from _HEDGE_RE.finditer(folded)


def _distinct(matches: Iterable[re.Match[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for match in matches:
        seen.setdefault(_SPACES_RE.sub(" ", match.group().lower().replace("’", "'")), None)
    return list(seen)


# Another clause opens at a semicolon, at a relative pronoun ("the minister, who allegedly …";
# "that" opens what was said, which is the claim) or at a conjunction after a pause (", although
# …") or at the end of the claim ("” and said …"); not at "officials and engineers claimed".
_CONJUNCTION = r"(?:" + "|".join(sorted(CLAUSE_CONJUNCTIONS)) + r")(?![\w-])"
_QUOTES_AND_SPACES = r"[\s“”\"‘’']*"
_PAUSES = ",;:()—–"
_CLAUSE_OPENING_RE = re.compile(
    r";|(?<![\w-])(?:" + "|".join(sorted(RELATIVE_PRONOUNS - {"that"})) + r")(?![\w-])"
    rf"|[{_PAUSES}]{_QUOTES_AND_SPACES}{_CONJUNCTION}",
    re.IGNORECASE,
)
_CONJUNCTION_AT_RE = re.compile(_QUOTES_AND_SPACES + _CONJUNCTION, re.IGNORECASE)
_PAUSE_RE = re.compile(f"[{_PAUSES}]")


class _Clauses:
    """Where clauses open and pauses fall in a sentence, found once for all its hedges."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.openings = [m.start() for m in _CLAUSE_OPENING_RE.finditer(text)]
        self.pauses = [m.start() for m in _PAUSE_RE.finditer(text)]

    def open_between(self, lo: int, hi: int) -> bool:
        """Whether a clause opens in text[lo:hi], a conjunction right at `lo` included."""
        found = _CONJUNCTION_AT_RE.match(self.text, lo)
        return (found is not None and found.end() <= hi) or _any_in(self.openings, lo, hi)

    def pause_between(self, lo: int, hi: int) -> bool:
        return _any_in(self.pauses, lo, hi)

    def clause_start(self, pos: int) -> int:
        """Where the stretch holding `pos` begins: just after the last pause before it."""
        i = bisect.bisect_left(self.pauses, pos)
        return self.pauses[i - 1] + 1 if i else 0


def _any_in(positions: list[int], lo: int, hi: int) -> bool:
    i = bisect.bisect_left(positions, lo)
    return i < len(positions) and positions[i] < hi


def _modifies(clauses: _Clauses, hedge_start: int, hedge_end: int, start: int, end: int) -> bool:
    """Whether the hedge at [hedge_start, hedge_end) stands in the clause of the claim at
    [start, end) or in the frame that reports it."""
    if hedge_start < end and start < hedge_end:
        # in the claim's words, unless past a clause they run on into ("the pier is sound,
        # although some divers may disagree"); the claim's own clause may open with a word that
        # opens clauses ("which he claimed was …")
        return not _any_in(clauses.openings, start + 1, hedge_start)
    if hedge_start >= end:
        return not clauses.open_between(end, hedge_start)  # ", although some divers may"
    if _any_in(clauses.openings, hedge_end, start):
        return False  # "He allegedly lied, but the bridge is safe"
    # "The minister, who allegedly took bribes, said …": a clause opened before the hedge and
    # closed between it and the claim
    opened = clauses.open_between(clauses.clause_start(hedge_start), hedge_start)
    return not (opened and clauses.pause_between(hedge_end, start))


def is_hedged(text: str) -> bool:
    folded = (text or "").translate(_LOOKALIKES)
    return _may_hedge(folded) and _HEDGE_RE.search(folded) is not None
