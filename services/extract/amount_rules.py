"""Is a parsed amount really an amount? An ordered table of small named rules.

A number in prose is often something else: a model name ("F-16"), an ordinal ("38th"), a score
("3-1"), a date ("24 October"), a clock time ("0800 GMT"), a year ("in 1998"), a label
("Article 5") or the pronoun "one". Each rule looks at one such case and answers NOT_AN_AMOUNT,
AN_AMOUNT (which stops the rules after it), or NEXT ("try the next rule"). The first answer that
is not NEXT decides; when every rule says NEXT, the number is an amount. `AMOUNT_RULES` lists the
rules in order, and `judge` tells which one fired. Each rule's docstring carries an example
sentence and what the rule says of one number in it (tests/unit/extract/test_amount_rules.py
checks each example).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

from services.extract.amounts import Amount
from services.extract.lexicon.calendar_words import MONTH_ABBREVIATIONS, MONTHS
from services.extract.lexicon.counted_nouns import DETERMINERS
from services.extract.lexicon.numbers import FRACTION_WORDS, ONES, SCALE_ABBREVIATIONS, TENS
from services.extract.lexicon.time_words import CLOCK_PREPOSITIONS, CLOCK_SUFFIXES, YEAR_PREPOSITIONS
from services.extract.lexicon.units import GLUED_UNITS
from services.extract.qualifiers import qualifier_start
from services.extract.tokens import Tok, TokenText
from services.extract.units import counts_something

NOT_AN_AMOUNT: Final = "not an amount"
AN_AMOUNT: Final = "an amount"
Verdict = Literal["not an amount", "an amount"]
NEXT: Final = None  # try the next rule

_MONTHS = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS)
_HYPHENS = {"-", "–"}
_MARKS_BEFORE_A_CODE = {"-", "–", "'", "’", "/", "#", "№"}
_FOUR_DIGITS_RE = re.compile(r"\d{4}")
_LABEL_NUMBER_RE = re.compile(r"\d{1,4}")
_ONE_IN_AN_IDIOM_BEFORE = {"of", "another", "day", "way", "time", "thing", "side", "hand", "point", "after"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A parsed amount and what the rules read around it."""

    t: TokenText
    amount: Amount
    qualified: bool  # a qualifier stands before it ("more than")
    first: int  # the amount's first token (a currency sign if one leads)
    last: int  # the amount's last token
    first_num: int  # the number's own first token
    tok: Tok  # that token
    prev: str  # the folded word before the amount, or ""
    nxt: str  # the folded word after it, or ""


def candidate(t: TokenText, amount: Amount, *, qualified: bool) -> Candidate:
    first_num = amount.core if amount.core is not None else amount.first
    return Candidate(t, amount, qualified, amount.first, amount.last, first_num, t.toks[first_num],
                     t.low(amount.first - 1), t.low(amount.last + 1))


Rule = Callable[[Candidate], "Verdict | None"]


# --------------------------------------------------------------------------- every amount


def in_url_or_handle(c: Candidate) -> Verdict | None:
    """Inside a URL, handle, e-mail address, phone number, date or clock time.

    Example: "Call 020 7946 0018 or visit www.example2.org today." -> "020" is not an amount.
    """
    if any(c.t.is_blocked(c.t.toks[k]) for k in range(c.first, c.last + 1)):
        return NOT_AN_AMOUNT
    return NEXT


# --------------------------------------------------------------------------- numbers in digits


def glued_to_a_name(c: Candidate) -> Verdict | None:
    """Digits glued to letters or a mark before them: a model name, a code, the end of a range.

    Example: "The squadron flew its new G7 jets past the tower." -> "7" is not an amount.
    """
    t, i = c.t, c.first
    if c.tok.is_number and t.glued(i - 1, i) and (t.toks[i - 1].is_word or t.toks[i - 1].text in _MARKS_BEFORE_A_CODE):
        return NOT_AN_AMOUNT
    return NEXT


def ordinal_or_decade(c: Candidate) -> Verdict | None:
    """Digits glued to letters that are no unit: an ordinal, a decade, a network generation.

    Example: "Her 3rd album sold well in the north." -> "3" is not an amount.
    """
    t, last = c.t, c.last
    if c.tok.is_number and t.glued(last, last + 1) and t.toks[last + 1].is_word and c.nxt not in GLUED_UNITS \
            and not (c.nxt in SCALE_ABBREVIATIONS and last > c.first_num):
        return NOT_AN_AMOUNT
    return NEXT


def score_or_ratio(c: Candidate) -> Verdict | None:
    """Digits joined to more digits by a glued '-', ':' or '/': a score, a range, a ratio.

    Example: "The hosts won 4-2 after extra time." -> "4" is not an amount.
    """
    t, last = c.t, c.last
    if c.tok.is_number and t.glued(last, last + 1) and c.nxt in {"-", "–", ":", "/"} \
            and last + 2 < t.n and t.toks[last + 2].is_number and t.glued(last + 1, last + 2):
        return NOT_AN_AMOUNT
    return NEXT


def version_number(c: Candidate) -> Verdict | None:
    """An amount with a glued dot and digits after it ("1.2.3" is one token, so this is rarer): a
    version or a build number.

    Example: "Build 4k.2 shipped on time." -> "4k" is not an amount.
    """
    t, last = c.t, c.last
    if c.tok.is_number and t.glued(last, last + 1) and c.nxt == "." and t.glued(last + 1, last + 2) \
            and t.low(last + 2)[:1].isdigit():
        return NOT_AN_AMOUNT
    return NEXT


def list_numbering(c: Candidate) -> Verdict | None:
    """A number opening a line, with a glued '.' or ')': the number of an item in a list.

    Example: "2) Bring warm boots for the hike." -> "2" is not an amount.
    """
    t, last = c.t, c.last
    if c.tok.is_number and t.sentence_start(c.first) and c.nxt in {".", ")"} and t.glued(last, last + 1) \
            and not c.amount.is_money:
        return NOT_AN_AMOUNT
    return NEXT


def day_after_a_month(c: Candidate) -> Verdict | None:
    """A number after a capitalised month (a dot between allowed): a day of the month.

    Example: "The fair opens on Sept. 14 in the old market." -> "14" is not an amount.
    """
    if not c.tok.is_number:
        return NEXT
    t, back = c.t, c.first - 1
    if c.prev == "." and back - 1 >= 0:
        back -= 1
    if t.low(back) in _MONTHS and t.toks[back].text[0].isupper():
        return NOT_AN_AMOUNT
    return NEXT


def day_before_a_month(c: Candidate) -> Verdict | None:
    """A number before a capitalised month, or before 'of' and a month: a day of the month.

    Example: "Ballots close on 9 March, the board said." -> "9" is not an amount.
    """
    if not c.tok.is_number:
        return NEXT
    if c.nxt in _MONTHS and c.t.toks[c.last + 1].text[0].isupper():
        return NOT_AN_AMOUNT
    if c.nxt == "of" and c.t.low(c.last + 2) in _MONTHS:
        return NOT_AN_AMOUNT
    return NEXT


def clock_time(c: Candidate) -> Verdict | None:
    """A number before a clock suffix or a time zone ('a.m.', 'GMT', four digits and 'hours').

    Example: "The ferry leaves at 6 pm from the pier." -> "6" is not an amount.
    """
    if not c.tok.is_number:
        return NEXT
    nxt = c.nxt
    if (nxt in CLOCK_SUFFIXES and nxt != "hours" or (nxt == "hours" and len(c.tok.text) == 4)) \
            and (nxt not in {"a", "p"} or c.t.low(c.last + 2) == "."):
        return NOT_AN_AMOUNT
    return NEXT


def leading_zero(c: Candidate) -> Verdict | None:
    """Digits with a leading zero and no decimal point: a time or a code.

    Example: "Agent 0042 filed her report late." -> "0042" is not an amount.
    """
    digits = c.tok.text
    if c.tok.is_number and len(digits) > 1 and digits[0] == "0" and "." not in digits:
        return NOT_AN_AMOUNT
    return NEXT


def _four_digits(c: Candidate) -> int | None:
    """The value of a lone four-digit number, else None."""
    if c.tok.is_number and c.last == c.first_num and _FOUR_DIGITS_RE.fullmatch(c.tok.text):
        return int(c.tok.text)
    return None


def _year_like(c: Candidate) -> bool:
    value = _four_digits(c)
    return value is not None and 1000 <= value <= 2100 and not c.amount.is_money


def clock_time_after_a_preposition(c: Candidate) -> Verdict | None:
    """Four digits that read as hours and minutes, after 'at', 'by', 'until'..., counting nothing.

    Example: "The gates shut at 2230 every night." -> "2230" is not an amount.
    """
    value = _four_digits(c)
    if value is None or not (value // 100 < 24 and value % 100 < 60):
        return NEXT
    t = c.t
    before_qualifier = t.low(qualifier_start(t, c.first) - 1) if c.qualified else c.prev
    if before_qualifier in CLOCK_PREPOSITIONS and not counts_something(t, c.last + 1):
        return NOT_AN_AMOUNT
    return NEXT


def qualified_year_like_number(c: Candidate) -> Verdict | None:
    """A year-like number with a qualifier is an amount (no later rule is asked).

    Example: "Nearly 1500 volunteers signed up." -> "1500" is an amount.
    """
    if _year_like(c) and c.qualified:
        return AN_AMOUNT
    return NEXT


def year_after_a_preposition(c: Candidate) -> Verdict | None:
    """A year-like number after 'in', 'since', a determiner or a possessive: a year.

    Example: "The bridge has stood since 1874 without repair." -> "1874" is not an amount.
    """
    if _year_like(c) and (c.prev in YEAR_PREPOSITIONS or c.prev in DETERMINERS or c.prev in {"'s", "’s"}):
        return NOT_AN_AMOUNT
    return NEXT


def year_counting_nothing(c: Candidate) -> Verdict | None:
    """A year-like number with nothing counted after it: a year.

    Example: "Elections were held 1996 and again later." -> "1996" is not an amount.
    """
    if _year_like(c) and not counts_something(c.t, c.last + 1):
        return NOT_AN_AMOUNT
    return NEXT


def label_number(c: Candidate) -> Verdict | None:
    """A bare number after a capitalised word, counting nothing: a label.

    Example: "Delays hit Platform 4 all morning." -> "4" is not an amount.
    """
    t, i = c.t, c.first
    if (
        c.tok.is_number
        and not c.qualified
        and i > 0
        and t.toks[i - 1].is_word
        and t.toks[i - 1].text[0].isupper()
        and not t.sentence_start(i - 1)
        and _LABEL_NUMBER_RE.fullmatch(c.tok.text)
        and not counts_something(t, c.last + 1)
    ):
        return NOT_AN_AMOUNT
    return NEXT


# --------------------------------------------------------------------------- any amount


def fraction(c: Candidate) -> Verdict | None:
    """A number glued by a hyphen to a fraction word: a share, not a count.

    Example: "Roughly three-quarters of members agreed." -> "three" is not an amount.
    """
    t, last = c.t, c.last
    if c.nxt in _HYPHENS and t.glued(last, last + 1) and t.low(last + 2) in FRACTION_WORDS:
        return NOT_AN_AMOUNT
    return NEXT


# --------------------------------------------------------------------------- number words


def _lone_one(c: Candidate) -> bool:
    return c.tok.is_word and c.tok.low == "one" and c.last == c.first_num


def one_after_a_determiner(c: Candidate) -> Verdict | None:
    """'one' after a determiner or 'no': a pronoun ('no one', 'the one').

    Example: "No one answered the phone that night." -> "one" is not an amount.
    """
    if _lone_one(c) and c.prev in DETERMINERS | {"no", "someone", "anyone"} and not c.qualified:
        return NOT_AN_AMOUNT
    return NEXT


def one_in_an_idiom(c: Candidate) -> Verdict | None:
    """'one of', 'one day', 'one way': 'one' in a phrase, not a count.

    Example: "She said one day the road would reopen." -> "one" is not an amount.
    """
    if _lone_one(c) and c.nxt in _ONE_IN_AN_IDIOM_BEFORE:
        return NOT_AN_AMOUNT
    return NEXT


def one_counting_nothing(c: Candidate) -> Verdict | None:
    """A lone 'one' with no noun after it.

    Example: "The clerk picked one and left." -> "one" is not an amount.
    """
    if _lone_one(c) and not counts_something(c.t, c.last + 1, plural_only=False):
        return NOT_AN_AMOUNT
    return NEXT


def lone_number_word(c: Candidate) -> Verdict | None:
    """A lone number word ('the two met') with no noun, 'of', 'more' or 'percent' after it.

    Example: "The other two said they were fine." -> "two" is not an amount.
    """
    tok = c.tok
    if (tok.is_word and tok.low in ONES | TENS and tok.low != "one" and c.last == c.first_num
            and not c.qualified and not counts_something(c.t, c.last + 1, plural_only=False)
            and c.nxt not in {"of", "more", "percent"}):
        return NOT_AN_AMOUNT
    return NEXT


AMOUNT_RULES: tuple[Rule, ...] = (
    in_url_or_handle,
    glued_to_a_name,
    ordinal_or_decade,
    score_or_ratio,
    version_number,
    list_numbering,
    day_after_a_month,
    day_before_a_month,
    clock_time,
    leading_zero,
    clock_time_after_a_preposition,
    qualified_year_like_number,
    year_after_a_preposition,
    year_counting_nothing,
    label_number,
    fraction,
    one_after_a_determiner,
    one_in_an_idiom,
    one_counting_nothing,
    lone_number_word,
)


def judge(c: Candidate) -> tuple[Verdict, str | None]:
    """The verdict on a candidate and the name of the rule that gave it (None: no rule fired)."""
    for rule in AMOUNT_RULES:
        verdict = rule(c)
        if verdict is not NEXT:
            return verdict, rule.__name__
    return AN_AMOUNT, None
