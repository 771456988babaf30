"""Qualifiers of an amount: "more than 300", "nearly $4.5bn", "500 or more", "a thousand-plus",
and the negated "not only 200" (more than 200)."""

from __future__ import annotations

from services.extract.lexicon.qualifiers import MERELY_WORDS, NEGATIONS, QUALIFIERS_AFTER, QUALIFIERS_BEFORE
from services.extract.tokens import TokenText

_BEFORE: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): qualifier for qualifier, phrases in QUALIFIERS_BEFORE.items() for phrase in phrases
}
_MAX_BEFORE_WORDS = max(len(k) for k in _BEFORE)

_AFTER = {tuple(phrase.split()): qualifier for phrase, qualifier in QUALIFIERS_AFTER.items()}
_AFTER_FIRST = frozenset({"-"} | {words[0] for words in _AFTER})


def qualifier_before(t: TokenText, i: int) -> tuple[str, int] | None:
    """Longest qualifier phrase ending right before token i -> (qualifier, first token)."""
    for size in range(_MAX_BEFORE_WORDS, 0, -1):
        start = i - size
        if start < 0:
            continue
        words = tuple(t.toks[k].low for k in range(start, i))
        if words in _BEFORE:
            # "under" and "over" are also plain prepositions ("over the past six months");
            # they qualify only when directly followed by the amount, which is the case here.
            return _BEFORE[words], start
    # "won't be just a thousand troops", "not only 1,000": negated "just N" means more than N.
    if t.low(i - 1) in MERELY_WORDS:
        for back in range(2, 5):
            w = t.low(i - back)
            if w in NEGATIONS or w.endswith("n't"):
                return "more than", i - 1
    return None


def qualifier_start(t: TokenText, i: int) -> int:
    """The first token of the qualifier before token i, or i if there is none."""
    q = qualifier_before(t, i)
    return q[1] if q else i


def qualifier_after(t: TokenText, last: int) -> tuple[str, int] | None:
    """A qualifier right after the amount ending at token last -> (qualifier, its last token)."""
    if t.low(last + 1) not in _AFTER_FIRST:
        return None  # the usual case, told without building every candidate's words
    if t.low(last + 1) == "-" and t.low(last + 2) == "plus" and t.glued(last + 1, last + 2):
        return "more than", last + 2
    for words, qualifier in _AFTER.items():
        size = len(words)
        if tuple(t.low(last + 1 + k) for k in range(size)) == words:
            if words == ("+",) and not t.glued(last, last + 1):
                continue
            if words == ("or", "more") and t.low(last + 3) == "than":
                continue
            return qualifier, last + size
    return None
