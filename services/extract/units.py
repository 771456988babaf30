"""What an amount counts: the noun phrase after it ("1,000 more Russian troops", "a 12-year-old
boy", "40km"), the place or group that follows it ("in the capital"), and spans of time."""

from __future__ import annotations

from services.extract.amounts import Amount
from services.extract.lexicon.counted_nouns import (
    ADDITIVE_WORDS,
    IRREGULAR_PLURALS,
    PARTICIPLE_LOOKALIKES,
    PHRASE_STOP_WORDS,
    PREPOSITION_OPENERS,
)
from services.extract.lexicon.units import MEASURE_UNITS, TIME_UNITS
from services.extract.tokens import TokenText

_HYPHENS = {"-", "–"}
_CLOSING_QUOTES = {'"', "”", "'", "’"}
# "1,000 more troops" counts troops; "more" and its like are skipped to find what is counted.
_LEADING_ADDITIVES = ADDITIVE_WORDS & {"more", "additional", "extra", "further", "new"}
_PHRASE_BREAKERS = (PHRASE_STOP_WORDS - {"the", "a", "an", "of", "in", "on", "at", "near", "its",
                                         "their", "his", "her"}) | {"who", "which", "that"}
_MAX_PHRASE_WORDS = 5


def is_participle(word: str) -> bool:
    return word.endswith(("ed", "ing")) and word not in PARTICIPLE_LOOKALIKES


def looks_plural(word: str) -> bool:
    return (
        word in IRREGULAR_PLURALS
        or len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))
    )


def counts_something(t: TokenText, j: int, *, plural_only: bool = True) -> bool:
    """True if token j starts a lowercase noun-ish word (what an amount would count)."""
    while t.low(j) in _LEADING_ADDITIVES:
        j += 1
    if j >= t.n or not t.toks[j].is_word:
        return False
    tok = t.toks[j]
    w = tok.low
    if w in PHRASE_STOP_WORDS or not tok.text[0].islower():
        return False
    if not plural_only:
        return not w.endswith("ly")
    return looks_plural(w) or w in MEASURE_UNITS


def _hyphen_joins(t: TokenText, k: int) -> bool:
    """Token k is a hyphen glued to the tokens on both sides, a word after it."""
    return t.glued(k - 1, k) and t.glued(k, k + 1) and k + 1 < t.n and t.toks[k + 1].is_word


def _compound_after_number(t: TokenText, j: int) -> tuple[int, int] | None:
    """'a 12-year-old boy', 'a 7.8-magnitude quake': the hyphened compound is the unit."""
    if t.low(j) not in _HYPHENS or not _hyphen_joins(t, j):
        return None
    last = j + 1
    while t.low(last + 1) in _HYPHENS and _hyphen_joins(t, last + 1):
        last += 2
    return j + 1, last


def _first_counted_token(t: TokenText, j: int, amount: Amount) -> int:
    """Skip what stands between an amount and what it counts: a closing quote, 'more', 'of the'."""
    if t.low(j) in _CLOSING_QUOTES and t.glued(j - 1, j):
        j += 1  # deploy "more than one thousand" Russian soldiers
    while t.low(j) in ADDITIVE_WORDS and t.low(j) != "other":
        j += 1  # "thousands more Russian troops", "1,000 additional soldiers"
    if amount.allows_of and t.low(j) == "of":
        j += 1
        if t.low(j) in {"the", "these", "those", "them", "their"}:
            j += 1
    elif amount.is_percent and t.low(j) == "of":
        j += 1
        if t.low(j) in {"the", "these", "those", "their", "its"}:
            j += 1
    return j


def _phrase_last(t: TokenText, first: int) -> int | None:
    """The last token of the counted phrase starting at token first: it ends at a function word, an
    adverb, a participle, a capitalised word after a lower-case one, a unit or a plural noun."""
    toks, n = t.toks, t.n
    last: int | None = None
    k = first
    while k < n and k - first < _MAX_PHRASE_WORDS:
        tok = toks[k]
        if not tok.is_word:
            # A hyphenated compound stays one word: "year-old", "air-defence".
            if tok.text == "-" and last == k - 1 and _hyphen_joins(t, k):
                last = k + 1
                k += 2
                continue
            break
        w = tok.low
        if w in PHRASE_STOP_WORDS or w.endswith("ly") and len(w) > 4:
            break
        capital = tok.text[0].isupper()
        if last is not None:
            if capital and toks[last].text[0].islower():
                break  # "300 homes Tuesday"
            if is_participle(w):
                break  # "1,000 troops deployed"
            if t.line_break_between(last, k):
                break
        last = k
        if w in MEASURE_UNITS and not capital:
            break
        if (looks_plural(w) and not capital) or w in IRREGULAR_PLURALS:
            break
        k += 1
    return last


def unit_phrase(t: TokenText, j: int, amount: Amount) -> tuple[int, int] | None:
    """Token range (first, last) of the noun phrase naming what is counted, or None."""
    compound = _compound_after_number(t, j)
    if compound is not None:
        return compound
    first = _first_counted_token(t, j, amount)
    last = _phrase_last(t, first)
    toks = t.toks
    # A participle is not what was counted: "hundreds remained", "At Least 21 Injured".
    while last is not None and last >= first and toks[last].is_word and is_participle(toks[last].low):
        last = last - 1 if last - 1 >= first and toks[last - 1].is_word else None
    if last is None:
        return None
    return first, last


def prepositional_tail(t: TokenText, j: int) -> int | None:
    """Last token of a short 'in the capital of Kyiv'-style modifier starting at j."""
    if t.low(j) not in PREPOSITION_OPENERS:
        return None
    toks, n = t.toks, t.n
    last, k = None, j + 1
    while k < n and k - j <= 6:
        tok = toks[k]
        if not tok.is_word and tok.text not in {"-", "’", "'"}:
            break
        if tok.is_word and tok.low in _PHRASE_BREAKERS:
            break
        if t.line_break_between(k - 1, k):
            break
        if tok.is_word:
            last = k
        k += 1
    while last is not None and t.low(last) in {"the", "a", "an", "of", "in", "on", "at", "near"}:
        last -= 1
    return last if last is not None and last > j else None


def is_prepositional_over(t: TokenText, qualifier_tok: int, amount: Amount) -> bool:
    """'over five years' is a span of time, not 'more than five' years."""
    if t.low(qualifier_tok) not in {"over", "under", "within"}:
        return False
    phrase = unit_phrase(t, amount.last + 1, amount)
    return phrase is not None and t.low(phrase[1]) in TIME_UNITS


def head_word(t: TokenText, first: int, last: int) -> str:
    """The head noun of the phrase from token first to last: its last word, or its last hyphened
    compound ("year-old", "air-defence"); lower-cased unless an acronym ("UNHCR" stays)."""
    head_first = last
    while (
        head_first - 2 >= first
        and t.low(head_first - 1) in _HYPHENS
        and t.glued(head_first - 2, head_first - 1)
        and t.glued(head_first - 1, head_first)
    ):
        head_first -= 2
    head = t.span_text(head_first, last)
    return head if head.isupper() and len(head) > 1 else head.lower()
