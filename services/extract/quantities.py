"""Find amounts in prose: "more than 1,000 troops", "nearly $4.5bn", "tens of thousands of soldiers".

A cheap token scanner (no NLP model): the claim extractor calls it on every sentence, so it must
be fast and must never raise. The steps, each in its own module:

- `tokens`: the text's tokens and the spans (URLs, handles, dates, clock times) never scanned;
- `amounts`: the number at a token, in digits or words, with any currency;
- `amount_rules`: the ordered rules that tell a number that is no amount (years, scores, "G7");
- `qualifiers`: "more than", "nearly", "or more";
- `units`: what is counted ("troops") and the place or group after it.

The span of a found quantity runs from its qualifier ("more than") through the amount to the head
noun of the counted thing ("troops"), i.e. the `Quantity.surface` of the wire contract.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from schemas.models import Quantity
from services.extract.amount_rules import NOT_AN_AMOUNT, Verdict, candidate, judge
from services.extract.amounts import Amount, parse_amount
from services.extract.qualifiers import qualifier_after, qualifier_before
from services.extract.tokens import TokenText
from services.extract.units import head_word, is_prepositional_over, prepositional_tail, unit_phrase

__all__ = ["FoundQuantity", "JudgedNumber", "find_quantities", "judge_numbers"]


@dataclass(frozen=True)
class FoundQuantity:
    quantity: Quantity
    start: int
    end: int


@dataclass(frozen=True)
class JudgedNumber:
    """A number the scanner parsed, what `amount_rules` said of it, and the rule that said so."""

    text: str
    verdict: Verdict
    rule: str | None  # None: no rule fired, so it is an amount


@dataclass
class _Measured:
    unit: str | None
    subject: str | None
    end_tok: int


class _Scanner:
    def __init__(self, text: str, judged: list[JudgedNumber] | None = None) -> None:
        self.t = TokenText(text)
        self.judged = judged  # filled when a caller asks which rule judged each number
        self.previous_unit: tuple[str, int] | None = None  # (unit, token index) for "and more than a dozen"

    def scan(self) -> list[FoundQuantity]:
        found: list[FoundQuantity] = []
        t = self.t
        i = 0
        amount_starts = t.toks.amount_starts()
        while i < t.n:
            # on to the next token that can start an amount
            k = bisect_left(amount_starts, i)
            if k == len(amount_starts):
                break
            i = amount_starts[k]
            amount = parse_amount(t, i)
            if amount is None:
                i += 1
                continue
            hit = self.quantity(amount)
            if hit is None:
                i = amount.last + 1
                continue
            quantity, end_tok = hit
            found.append(quantity)
            i = max(end_tok, amount.last) + 1
        return found

    def is_not_an_amount(self, amount: Amount, *, qualified: bool) -> bool:
        verdict, rule = judge(candidate(self.t, amount, qualified=qualified))
        if self.judged is not None:
            self.judged.append(JudgedNumber(self.t.span_text(amount.first, amount.last), verdict, rule))
        return verdict == NOT_AN_AMOUNT

    def quantity(self, amount: Amount) -> tuple[FoundQuantity, int] | None:
        """The quantity of a parsed amount and its last token, or None if it is not an amount."""
        t = self.t
        qualifier_hit = qualifier_before(t, amount.first)
        qualifier = qualifier_hit[0] if qualifier_hit else None
        if self.is_not_an_amount(amount, qualified=qualifier is not None):
            return None
        if qualifier_hit and is_prepositional_over(t, qualifier_hit[1], amount):
            qualifier_hit, qualifier = None, None  # "over five years" is a span of time
        start_tok = qualifier_hit[1] if qualifier_hit else amount.first
        end_tok = amount.last
        after = qualifier_after(t, end_tok)
        if after is not None:
            if qualifier is None:
                qualifier = after[0]
            end_tok = after[1]
        measured = self.measure(amount, end_tok)
        start, end = t.toks[start_tok].start, t.toks[measured.end_tok].end
        quantity = Quantity(value=amount.value, unit=measured.unit, qualifier=qualifier, subject=measured.subject,
                            surface=t.text[start:end])
        return FoundQuantity(quantity, start, end), measured.end_tok

    def measure(self, amount: Amount, end_tok: int) -> _Measured:
        """The unit and subject of an amount ending (with any qualifier after it) at end_tok."""
        t = self.t
        unit = amount.unit
        subject = None
        phrase = unit_phrase(t, end_tok + 1, amount)
        if amount.is_percent:
            unit = "percent"
        if phrase is not None:
            p_first, p_last = phrase
            head = head_word(t, p_first, p_last)
            if amount.is_percent:
                subject = t.span_text(end_tok + 1, p_last)
            elif amount.is_money:
                subject = t.span_text(p_first, p_last)
            else:
                if head in {"percent", "per", "pct"}:
                    unit = "percent"
                elif amount.unit is None:
                    unit = head
                tail = prepositional_tail(t, p_last + 1)
                subject = t.span_text(p_first, p_last if tail is None else tail)
                end_tok = max(end_tok, p_last)
            if head == "cent" and t.low(p_last - 1) == "per":
                unit, subject = "percent", None
        elif unit is None and self.previous_unit is not None \
                and not t.sentence_break(self.previous_unit[1], amount.first):
            unit = self.previous_unit[0]  # "five civilians in Kyiv and more than a dozen in ..."
        if unit and not amount.is_money and not amount.is_percent and unit != "times":
            self.previous_unit = (unit, end_tok)
        return _Measured(unit, subject, end_tok)


def find_quantities(text: str) -> list[FoundQuantity]:
    """Every amount in `text` with its qualifier, unit and subject, in reading order."""
    if not text:
        return []
    return _Scanner(text).scan()


def judge_numbers(text: str) -> list[JudgedNumber]:
    """Every number the scanner parsed in `text`, with the verdict of `amount_rules` and the rule
    that gave it: how to find out why a number was, or was not, taken for an amount."""
    judged: list[JudgedNumber] = []
    if text:
        _Scanner(text, judged).scan()
    return judged
