"""Number parsing: the amount starting at a token ("1,000", "$4.5bn", "twenty-one", "a dozen",
"tens of thousands", "doubled"), with its value and the tokens it spans; no qualifier, no unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.extract.lexicon.currencies import CURRENCY_CODES, CURRENCY_SYMBOLS
from services.extract.lexicon.numbers import (
    BIG_SCALES,
    MONEY_ONLY_ABBREVIATIONS,
    MULTIPLIER_VERBS,
    ONES,
    SCALE_ABBREVIATIONS,
    SCALE_WORDS,
    SPACED_SCALE_ABBREVIATIONS,
    TENS,
    VAGUE_MAGNITUDES,
    VAGUE_PREFIXES,
)
from services.extract.tokens import TokenText

_DIGITS_RE = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+"
    r"|\d+(?:\.\d+)?"
)
_GROUP_SEPARATORS_RE = re.compile(r"[,\u00a0\u202f\u2009]")
_PERCENT_WORDS = {"percent", "pct"}


@dataclass
class Amount:
    value: float | None
    first: int  # token index of the first token of the amount (after any qualifier)
    last: int  # token index of the last token of the amount
    unit: str | None = None  # set by currency or percent signs
    is_money: bool = False
    is_percent: bool = False
    allows_of: bool = False  # "dozens of", "thousands of" take an of-phrase for what is counted
    core: int | None = None  # token index of the number itself when a currency sign leads


def parse_amount(t: TokenText, i: int) -> Amount | None:
    """The amount starting at token i, a currency sign or code included, or None."""
    tok = t.toks[i]
    w = tok.low
    money_unit = None
    k = i
    if tok.text in CURRENCY_SYMBOLS or (w == "us" and t.low(i + 1) == "$" and t.glued(i, i + 1)):
        if w == "us":
            k, money_unit = i + 1, "US dollars"
        else:
            money_unit = CURRENCY_SYMBOLS[tok.text]
        k += 1
        if k >= t.n or not t.toks[k].is_number:
            return None
    elif w in CURRENCY_CODES and tok.text.isupper() and k + 1 < t.n and t.toks[k + 1].is_number:
        money_unit, k = CURRENCY_CODES[w], k + 1
    amount = parse_core(t, k, money=money_unit is not None)
    if amount is None:
        return None
    if money_unit:
        amount.core, amount.first, amount.unit, amount.is_money = k, i, money_unit, True
    return amount


def parse_core(t: TokenText, i: int, *, money: bool) -> Amount | None:
    """The amount in digits or words starting at token i (no currency)."""
    tok = t.toks[i]
    if tok.is_number:
        return parse_digits(t, i, money=money)
    if not tok.is_word:
        return None
    return parse_words(t, i)


def parse_digits(t: TokenText, i: int, *, money: bool) -> Amount | None:
    """'1,000', '4.5bn', '20k', '1.2 million', '10%', '5 per cent'."""
    tok = t.toks[i]
    if _DIGITS_RE.fullmatch(tok.text) is None:
        return None
    value = float(_GROUP_SEPARATORS_RE.sub("", tok.text))
    last = i
    nxt = t.low(i + 1)
    if nxt in SCALE_ABBREVIATIONS and t.glued(i, i + 1):
        if nxt in MONEY_ONLY_ABBREVIATIONS and not money:
            pass  # "5m" is five metres; the unit logic keeps "m"
        else:
            value *= SCALE_ABBREVIATIONS[nxt]
            last = i + 1
    elif nxt in SCALE_WORDS and not t.glued(i, i + 1):
        value *= SCALE_WORDS[nxt]
        last = i + 1
        if t.low(i + 2) in BIG_SCALES:  # "1.2 hundred thousand" is rare but valid
            value *= BIG_SCALES[t.low(i + 2)]
            last = i + 2
    elif nxt in SPACED_SCALE_ABBREVIATIONS:  # "$4.5 bn"
        value *= SCALE_ABBREVIATIONS[nxt]
        last = i + 1
    amount = Amount(value, i, last)
    if t.low(last + 1) == "%" and t.glued(last, last + 1) or t.low(last + 1) in _PERCENT_WORDS:
        amount.last, amount.is_percent = last + 1, True
    elif t.low(last + 1) == "per" and t.low(last + 2) == "cent":
        amount.last, amount.is_percent = last + 2, True
    return amount


def parse_words(t: TokenText, i: int) -> Amount | None:
    """'tens of thousands', 'hundreds', 'several thousand', 'a few hundred', 'doubled', 'twenty-one'."""
    w = t.toks[i].low
    if w in {"tens", "hundreds"} and t.low(i + 1) == "of" and t.low(i + 2) in {"thousands", "millions", "billions"}:
        return Amount(None, i, i + 2, allows_of=True)
    if w in VAGUE_MAGNITUDES and w != "tens":
        if w == "scores" and t.low(i + 1) != "of":
            return None  # "scores" is also a noun ("test scores")
        return Amount(None, i, i, allows_of=True)
    if w in VAGUE_PREFIXES or (w == "a" and t.low(i + 1) == "few"):
        j = i + 1 if w != "a" else i + 2
        if t.low(j) in SCALE_WORDS:
            return Amount(None, i, j, allows_of=True)
        return None
    if w in MULTIPLIER_VERBS:
        return Amount(MULTIPLIER_VERBS[w], i, i, unit="times")
    parsed = parse_number_words(t, i)
    if parsed is None:
        return None
    value, last = parsed
    amount = Amount(value, i, last, allows_of=t.low(last) in SCALE_WORDS)
    if t.low(last + 1) in _PERCENT_WORDS:
        amount.last, amount.is_percent = last + 1, True
    elif t.low(last + 1) == "per" and t.low(last + 2) == "cent":
        amount.last, amount.is_percent = last + 2, True
    return amount


def parse_number_words(t: TokenText, i: int) -> tuple[float, int] | None:
    """'nine thousand', 'twenty-one', 'a dozen', 'one hundred and fifty' -> (value, last)."""
    total, current, last, seen = 0.0, 0.0, -1, False
    j = i
    if t.low(j) in {"a", "an"} and t.low(j + 1) in SCALE_WORDS:
        current, j = 1.0, j + 1
    while j < t.n:
        w = t.low(j)
        if w in ONES or w in TENS:
            if seen and (current % 100) not in (0,) and not (
                w in ONES and (current % 100) in TENS.values() and current % 10 == 0
            ):
                break  # "five six" is two numbers, not 11
            current += ONES.get(w, TENS.get(w, 0))
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w in BIG_SCALES:
            total += (current or 1.0) * BIG_SCALES[w]
            current = 0.0
        elif w == "dozen":
            current = (current or 1.0) * 12
        elif seen and _joins_number_words(t, j):
            j += 1
            continue
        else:
            break
        seen, last = True, j
        j += 1
    if not seen:
        return None
    if t.toks[last].low in {"and", "-"}:
        return None
    return total + current, last


def _joins_number_words(t: TokenText, j: int) -> bool:
    """'one hundred and fifty', 'twenty-one': an 'and' or a glued hyphen between number words."""
    w = t.low(j)
    if w == "and":
        return t.low(j + 1) in ONES | TENS.keys()
    return w == "-" and t.glued(j - 1, j) and t.glued(j, j + 1) and t.low(j + 1) in ONES

