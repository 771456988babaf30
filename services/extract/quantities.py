"""Find amounts in prose: "more than 1,000 troops", "nearly $4.5bn", "tens of thousands of soldiers".

A cheap token scanner (no NLP model): the claim extractor calls it on every sentence, so it must
be fast and must never raise. It deliberately leaves out what looks like a number but is not an
amount: years, dates, clock times, ordinals, scores, phone numbers, model names ("G7", "F-16",
"Bridge 2") and anything inside URLs, handles or hashtags.

The span of a found quantity runs from its qualifier ("more than") through the amount to the head
noun of the counted thing ("troops"), i.e. the `Quantity.surface` of the wire contract.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from schemas.models import Quantity
from services.extract.lexicon.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS

__all__ = ["FoundQuantity", "find_quantities"]


@dataclass(frozen=True)
class FoundQuantity:
    quantity: Quantity
    start: int
    end: int


# --------------------------------------------------------------------------- tokens

_TOKEN_RE = re.compile(
    r"\d[\d,.\u00a0\u202f\u2009]*\d"  # 1,000 / 3.5 / 20 000 (non-breaking or thin space groups)
    r"|\d"
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"  # words, with inner apostrophes (won’t, Belarus’s)
    r"|\S"
)

_DIGITS_RE = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+"
    r"|\d+(?:\.\d+)?"
)

# Spans that contain digits which are never amounts: (alternative, a pattern found in every text
# the alternative can match in). Scanning for all of them is slow, so only the alternatives whose
# requirement the text meets go into the regex; as the others match nowhere in that text, the
# matches are the same as with every alternative.
_TLD = r"\.(?:com|org|net|gov|edu|io|co|uk|ru|by|ua|eu|de|fr)\b"
_NOT_PROSE_ALTERNATIVES = (
    (r"https?://\S+", re.compile(r"://")),
    (r"www\.\S+", re.compile(r"www\.", re.IGNORECASE)),
    (rf"\b[\w.-]+{_TLD}/?\S*", re.compile(_TLD, re.IGNORECASE)),
    (r"[\w.+-]+@[\w-]+\.[\w.]+", re.compile(r"@")),
    (r"[@#][\w]+", re.compile(r"[@#]")),
    (r"(?<![\w,.])\+?\(?\d{2,4}\)?(?:[ .-]\d{2,4}){2,}(?![\w,])", re.compile(r"\d")),  # phone numbers
    (r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b", re.compile(r"\d")),  # 24/10/2022, 2022-10-24
    (r"\b\d{1,2}[:.]\d{2}\b(?:\s*[ap]\.?m\.?)?", re.compile(r"\d")),  # 17:00, 5.30 pm
)


@functools.cache  # at most 2**8 combinations
def _not_prose_re(present: tuple[bool, ...]) -> re.Pattern[str] | None:
    alternatives = [pattern for (pattern, _), keep in zip(_NOT_PROSE_ALTERNATIVES, present) if keep]
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def _not_prose_spans(text: str) -> list[tuple[int, int]]:
    pattern = _not_prose_re(tuple(need.search(text) is not None for _, need in _NOT_PROSE_ALTERNATIVES))
    return [] if pattern is None else [(m.start(), m.end()) for m in pattern.finditer(text)]


# Lookalike letters planted in English words ("creаted" with a Cyrillic а) must not hide a
# qualifier; curly apostrophes are folded so "won’t" matches "won't".
_FOLD_TABLE = str.maketrans("аеорсухіјѕԁ’ʼ", "aeopcyxijsd''")


class _Tok:
    """A token with its folded form and kind worked out once (the scanner reads them often)."""

    __slots__ = ("text", "start", "end", "low", "is_word", "is_number")

    def __init__(self, text: str, start: int, end: int, low: str, is_word: bool, is_number: bool) -> None:
        self.text, self.start, self.end = text, start, end
        self.low, self.is_word, self.is_number = low, is_word, is_number


@functools.lru_cache(maxsize=65536)
def _kind(word: str) -> tuple[str, bool, bool, bool]:
    """(folded form, is a word, is a number, can start an amount) of a token's spelling."""
    low = word.lower().translate(_FOLD_TABLE)
    is_number = word[0].isdigit()
    return low, word[0].isalpha(), is_number, is_number or low in _CAN_START_AMOUNT or word in _CURRENCY_SYMBOLS


class _Tokens:
    """The text's tokens, each made when first read: the scanner reads the few around the
    words that can start an amount, not the whole article."""

    __slots__ = ("_matches", "_made")

    def __init__(self, text: str) -> None:
        self._matches = list(_TOKEN_RE.finditer(text))
        self._made: list[_Tok | None] = [None] * len(self._matches)

    def __len__(self) -> int:
        return len(self._matches)

    def __getitem__(self, i: int) -> _Tok:
        tok = self._made[i]  # list indexing: negative indices and IndexError as before
        if tok is None:
            m = self._matches[i]
            word = m.group()
            tok = self._made[i] = _Tok(word, m.start(), m.end(), *_kind(word)[:3])
        return tok

    def amount_starts(self) -> list[int]:
        """Indices of the tokens that can start an amount, in order; "a", "an" and "us" only
        where the next token can continue one ("a dozen", "a few hundred", "US$"), as
        `_Scanner.parse_amount` finds nothing else there."""
        matches = self._matches
        starts = [i for i, m in enumerate(matches) if _kind(m.group())[3]]
        last = len(matches) - 1
        return [i for i in starts
                if (word := _kind(matches[i].group())[0]) not in _ARTICLE_OR_US
                or i < last and _kind(matches[i + 1].group())[0] in _CONTINUE_AFTER[word]]


# --------------------------------------------------------------------------- lexicons

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_BIG_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_WORDS = {"hundred": 100.0, **_BIG_SCALES, "dozen": 12.0}
# Abbreviated scales glued to or following digits: "$4.5bn", "20k". A bare "m" is metres unless
# money is being counted.
_SCALE_ABBREV = {"bn": 1e9, "b": 1e9, "mn": 1e6, "mln": 1e6, "m": 1e6, "k": 1e3, "tn": 1e12}
_MONEY_ONLY_ABBREV = {"m", "b", "mn"}

# Plural magnitude words that name a vague amount ("thousands", "tens of thousands").
_VAGUE_WORDS = {"dozens", "scores", "hundreds", "thousands", "millions", "billions", "tens"}
_VAGUE_PREFIX = {"several", "few", "many"}  # "several thousand", "a few hundred"

_CURRENCY_SYMBOLS = {
    "$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₽": "rubles",
    "₴": "hryvnias", "₹": "rupees",
}  # fmt: skip
_CURRENCY_CODES = {"usd": "dollars", "eur": "euros", "gbp": "pounds"}

_QUALIFIERS_BEFORE: dict[tuple[str, ...], str] = {}
for _phrases, _qualifier in (
    (("more than", "over", "above", "in excess of", "upwards of", "greater than",
      "higher than", "exceeding", "just over", "well over", "well above"), "more than"),
    (("at least", "no fewer than", "no less than", "a minimum of", "minimum of"), "at least"),
    (("up to", "as many as", "as much as", "no more than", "not more than", "a maximum of",
      "maximum of", "at most"), "up to"),
    (("about", "around", "approximately", "approx", "roughly", "nearly", "almost", "some",
      "an estimated", "estimated", "close to", "circa", "~", "just about", "more or less",
      "an approximate", "roughly about"), "about"),
    (("less than", "fewer than", "under", "below", "lower than", "just under",
      "well under", "well below"), "less than"),
    (("exactly", "precisely", "a precise"), "exactly"),
):  # fmt: skip
    for _phrase in _phrases:
        _QUALIFIERS_BEFORE[tuple(_phrase.split())] = _qualifier
_MAX_QUALIFIER_WORDS = max(len(k) for k in _QUALIFIERS_BEFORE)

_QUALIFIERS_AFTER = {
    ("plus",): "more than", ("+",): "more than", ("or", "more"): "at least",
    ("or", "so"): "about", ("or", "fewer"): "up to", ("or", "less"): "up to",
}  # fmt: skip
_QUALIFIER_AFTER_FIRST = frozenset({"-"} | {words[0] for words in _QUALIFIERS_AFTER})

_NEGATIONS = {"not", "never", "no"}
_MERELY = {"just", "only", "merely", "simply"}

_MONTHS = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS)
_TIME_SUFFIXES = {
    "am", "pm", "a", "p", "gmt", "utc", "bst", "cet", "cest", "est", "edt", "pst", "pdt", "msk",
    "eet", "eest", "hours", "hrs", "hr", "h", "o'clock", "local",
}  # fmt: skip
_TIME_PREPOSITIONS = {"at", "by", "until", "till", "from", "before", "after", "around"}
_YEAR_PREPOSITIONS = {"in", "by", "since", "until", "till", "during", "before", "after",
                      "through", "from", "circa", "to", "of", "between", "and"}
_DETERMINERS = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
                "my", "your", "whose", "a", "an", "every", "each", "any", "no", "which"}

# Words glued to digits that still make an amount: "5km", "4.5bn", "10%".
_GLUED_UNITS = {
    "km", "kg", "mm", "cm", "m", "mi", "mph", "kph", "kmh", "ft", "lb", "lbs", "t", "g", "ml",
    "l", "gb", "mb", "tb", "mw", "gw", "kw", "kwh", "gwh", "twh", "x", "bn", "mn", "mln", "k",
    "tn", "b", "sq", "c", "f",
}  # fmt: skip
_MEASURE_UNITS = _GLUED_UNITS | {
    "percent", "kilometres", "kilometers", "miles", "metres", "meters", "tonnes", "tons",
    "barrels", "hectares", "acres", "degrees", "points", "pct", "feet", "inches",
}  # fmt: skip

_IRREGULAR_PLURALS = {
    "people", "men", "women", "children", "police", "personnel", "staff", "cattle", "feet",
    "teeth", "mice", "geese", "data", "media", "crew", "livestock", "infantry", "militia",
    "aircraft", "sheep", "fish", "deer", "offspring", "youth", "clergy", "kin", "folk",
}  # fmt: skip

# Function words end the noun phrase that names what is counted.
_STOP_WORDS = set(
    """
    a an the this that these those it its they them their there here he she his her him we us
    our you your i me my who whom whose which what when where why how than then
    and or but nor so yet if as because while although though whether unless since
    of in on at by for from to with without within into onto upon about above below under over
    near across along around after before during between among against through toward towards
    per via like unlike until till despite including according behind beyond inside outside
    is are was were be been being am has have had having do does did will would shall should
    can could may might must ought not no nor also already still just only even more most less
    least very too quite rather almost nearly some any all each every both either neither such
    said says say told tells tell added adds reported reports according claimed claims warned
    other another others same own well much many few several
    """.split()
) | _TIME_SUFFIXES - {"hours"} | _MONTHS | frozenset(WEEKDAYS)
_ADDITIVE = {"more", "additional", "extra", "further", "fewer", "other", "new", "less"}
_PREP_OPENERS = {"of", "in", "from", "at", "on", "near", "across", "inside", "within", "along",
                 "for", "to", "into", "around", "outside", "under"}
_PHRASE_BREAKERS = (_STOP_WORDS - {"the", "a", "an", "of", "in", "on", "at", "near", "its",
                                   "their", "his", "her"}) | {"who", "which", "that"}

_MULTIPLIER_VERBS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0,
                     "halved": 0.5, "doubling": 2.0, "tripling": 3.0}

_CLOSING_QUOTES = {'"', "”", "'", "’"}
_PARTICIPLE_LOOKALIKES = {"building", "buildings", "bed", "beds", "shed", "sheds", "sled", "ring", "rings",
                          "king", "kings", "wing", "wings", "thing", "things", "evening", "morning",
                          "spring", "string", "offspring", "sibling", "hundred"}
_FRACTION_WORDS = {"half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths",
                   "sixth", "sixths", "eighth", "eighths", "tenth", "tenths"}
_TIME_UNITS = {"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week",
               "weeks", "month", "months", "year", "years", "decade", "decades", "century",
               "centuries", "weekend", "weekends", "night", "nights", "season", "seasons"}
_CAN_START_AMOUNT = (
    _ONES.keys() | _TENS.keys() | _SCALE_WORDS.keys() | _VAGUE_WORDS | _VAGUE_PREFIX
    | _MULTIPLIER_VERBS.keys() | _CURRENCY_CODES.keys() | {"a", "an", "us"}
)
_SENTENCE_END = {".", "!", "?", ";", "\n"}
# what must follow these to start an amount (see `_Tokens.amount_starts`)
_CONTINUE_AFTER = {"a": _SCALE_WORDS.keys() | {"few"}, "an": _SCALE_WORDS.keys(), "us": {"$"}}
_ARTICLE_OR_US = frozenset(_CONTINUE_AFTER)


# --------------------------------------------------------------------------- scanner


@dataclass
class _Amount:
    value: float | None
    first: int  # token index of the first token of the amount (after any qualifier)
    last: int  # token index of the last token of the amount
    unit: str | None = None  # set by currency or percent signs
    is_money: bool = False
    is_percent: bool = False
    allows_of: bool = False  # "dozens of", "thousands of" take an of-phrase for what is counted
    core: int | None = None  # token index of the number itself when a currency sign leads


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _Tokens(text)
        self.n = len(self.toks)
        self._blocked: tuple[list[int], list[int]] | None = None  # found when first asked


    # ---- small helpers
    def low(self, i: int) -> str:
        return self.toks[i].low if 0 <= i < self.n else ""

    def glued(self, i: int, j: int) -> bool:
        """Tokens i and j touch with no space between them."""
        return 0 <= i < self.n and 0 <= j < self.n and (
            self.toks[i].end == self.toks[j].start
        )

    def is_blocked(self, tok: _Tok) -> bool:
        if self._blocked is None:
            # an expensive scan, needed only once some amount was found
            spans = _not_prose_spans(self.text)
            self._blocked = [start for start, _ in spans], [end for _, end in spans]
        starts, ends = self._blocked
        # Blocked spans come from one finditer, so they are sorted and disjoint.
        k = bisect_right(starts, tok.start) - 1
        return k >= 0 and tok.start < ends[k]

    def sentence_start(self, i: int) -> bool:
        if i == 0:
            return True
        prev = self.toks[i - 1]
        gap = self.text[prev.end : self.toks[i].start]
        return prev.text in _SENTENCE_END or "\n" in gap or prev.text in {'"', "“", "(", "‘"}

    # ---- amount parsing
    def parse_number_words(self, i: int) -> tuple[float, int] | None:
        """'nine thousand', 'twenty-one', 'a dozen', 'one hundred and fifty' -> (value, last)."""
        toks, n = self.toks, self.n
        total, current, last, seen = 0.0, 0.0, -1, False
        j = i
        if self.low(j) in {"a", "an"} and self.low(j + 1) in _SCALE_WORDS:
            current, j = 1.0, j + 1
        while j < n:
            w = self.low(j)
            if w in _ONES or w in _TENS:
                if seen and (current % 100) not in (0,) and not (
                    w in _ONES and (current % 100) in _TENS.values() and current % 10 == 0
                ):
                    break  # "five six" is two numbers, not 11
                current += _ONES.get(w, _TENS.get(w, 0))
            elif w == "hundred":
                current = (current or 1.0) * 100
            elif w in _BIG_SCALES:
                total += (current or 1.0) * _BIG_SCALES[w]
                current = 0.0
            elif w == "dozen":
                current = (current or 1.0) * 12
            elif w == "and" and seen and self.low(j + 1) in _ONES | _TENS.keys() or w == "-" and seen and self.glued(j - 1, j) and self.glued(j, j + 1) and (
                self.low(j + 1) in _ONES
            ):
                j += 1
                continue
            else:
                break
            seen, last = True, j
            j += 1
        if not seen:
            return None
        if toks[last].low in {"and", "-"}:
            return None
        return total + current, last

    def parse_amount(self, i: int) -> _Amount | None:
        tok = self.toks[i]
        w = tok.low
        money_unit = None
        k = i
        if tok.text in _CURRENCY_SYMBOLS or (w == "us" and self.low(i + 1) == "$" and self.glued(i, i + 1)):
            if w == "us":
                k, money_unit = i + 1, "US dollars"
            else:
                money_unit = _CURRENCY_SYMBOLS[tok.text]
            k += 1
            if k >= self.n or not self.toks[k].is_number:
                return None
        elif w in _CURRENCY_CODES and tok.text.isupper() and k + 1 < self.n and self.toks[k + 1].is_number:
            money_unit, k = _CURRENCY_CODES[w], k + 1
        amount = self.parse_core(k, money=money_unit is not None)
        if amount is None:
            return None
        if money_unit:
            amount.core, amount.first, amount.unit, amount.is_money = k, i, money_unit, True
        return amount

    def parse_core(self, i: int, *, money: bool) -> _Amount | None:
        toks = self.toks
        tok = toks[i]
        if tok.is_number:
            m = _DIGITS_RE.fullmatch(tok.text)
            if m is None:
                return None
            value = float(re.sub(r"[,\u00a0\u202f\u2009]", "", tok.text))
            last = i
            nxt = self.low(i + 1)
            if nxt in _SCALE_ABBREV and self.glued(i, i + 1):
                if nxt in _MONEY_ONLY_ABBREV and not money:
                    pass  # "5m" is five metres; the unit logic keeps "m"
                else:
                    value *= _SCALE_ABBREV[nxt]
                    last = i + 1
            elif nxt in _SCALE_WORDS and not self.glued(i, i + 1):
                value *= _SCALE_WORDS[nxt]
                last = i + 1
                if self.low(i + 2) in _BIG_SCALES:  # "1.2 hundred thousand" is rare but valid
                    value *= _BIG_SCALES[self.low(i + 2)]
                    last = i + 2
            elif nxt in {"bn", "mn", "mln", "tn"}:  # "$4.5 bn"
                value *= _SCALE_ABBREV[nxt]
                last = i + 1
            amount = _Amount(value, i, last)
            if self.low(last + 1) == "%" and self.glued(last, last + 1) or self.low(last + 1) in {"percent", "pct"}:
                amount.last, amount.is_percent = last + 1, True
            elif self.low(last + 1) == "per" and self.low(last + 2) == "cent":
                amount.last, amount.is_percent = last + 2, True
            return amount
        if not tok.is_word:
            return None
        w = tok.low
        # Vague amounts: "tens of thousands", "hundreds", "several thousand", "a few hundred".
        if w == "tens" or w == "hundreds":
            if self.low(i + 1) == "of" and self.low(i + 2) in {"thousands", "millions", "billions"}:
                return _Amount(None, i, i + 2, allows_of=True)
        if w in _VAGUE_WORDS and w != "tens":
            if w == "scores" and self.low(i + 1) != "of":
                return None  # "scores" is also a noun ("test scores")
            return _Amount(None, i, i, allows_of=True)
        if w in _VAGUE_PREFIX or (w == "a" and self.low(i + 1) == "few"):
            j = i + 1 if w != "a" else i + 2
            if self.low(j) in _SCALE_WORDS:
                return _Amount(None, i, j, allows_of=True)
            return None
        if w in _MULTIPLIER_VERBS:
            return _Amount(_MULTIPLIER_VERBS[w], i, i, unit="times")
        parsed = self.parse_number_words(i)
        if parsed is None:
            return None
        value, last = parsed
        amount = _Amount(value, i, last, allows_of=self.low(last) in _SCALE_WORDS)
        if self.low(last + 1) in {"percent", "pct"}:
            amount.last, amount.is_percent = last + 1, True
        elif self.low(last + 1) == "per" and self.low(last + 2) == "cent":
            amount.last, amount.is_percent = last + 2, True
        return amount

    # ---- exclusions
    def is_not_an_amount(self, amount: _Amount, qualified: bool) -> bool:
        toks = self.toks
        i, last = amount.first, amount.last
        first_num = amount.core if amount.core is not None else i
        tok = toks[first_num]
        if any(self.is_blocked(toks[k]) for k in range(i, last + 1)):
            return True
        prev, nxt = self.low(i - 1), self.low(last + 1)
        if tok.is_number:
            # Glued to letters or hyphenated model names: "G7", "F-16", "Covid-19", "MH17".
            if self.glued(i - 1, i) and (toks[i - 1].is_word or toks[i - 1].text in {"-", "–", "'", "’", "/", "#", "№"}):
                return True
            if prev in {"-", "–"} and self.glued(i - 2, i - 1) and self.glued(i - 1, i):
                return True
            # Ordinals and decades: "38th", "1990s", "5G".
            if self.glued(last, last + 1) and toks[last + 1].is_word and nxt not in _GLUED_UNITS and not (
                nxt in _SCALE_ABBREV and last > first_num
            ):
                return True
            # Scores and ranges "3-1", ratios "2:1", versions "1.2.3".
            if self.glued(last, last + 1) and nxt in {"-", "–", ":", "/"} and (
                last + 2 < len(toks) and toks[last + 2].is_number and self.glued(last + 1, last + 2)
            ):
                return True
            if self.glued(last, last + 1) and nxt == "." and self.glued(last + 1, last + 2) and self.low(last + 2)[:1].isdigit():
                return True
            # List numbering at the start of a line: "1. The troops".
            if self.sentence_start(i) and nxt in {".", ")"} and self.glued(last, last + 1) and not amount.is_money:
                return True
            # Dates: "Feb. 24", "October 24, 2022", "24 October", "the 24th of October".
            back = i - 1
            if prev == "." and back - 1 >= 0:
                back -= 1
            if self.low(back) in _MONTHS and toks[back].text[0].isupper():
                return True
            if nxt in _MONTHS and toks[last + 1].text[0].isupper():
                return True
            if nxt == "of" and self.low(last + 2) in _MONTHS:
                return True
            # Clock times: "5 p.m.", "0800 GMT", "at about 1700".
            if nxt in _TIME_SUFFIXES and nxt not in {"hours"} or (nxt == "hours" and len(tok.text) == 4):
                if nxt not in {"a", "p"} or self.low(last + 2) == ".":
                    return True
            digits = tok.text
            if len(digits) > 1 and digits[0] == "0" and "." not in digits:
                return True  # "0800", "007": times and codes, not amounts
            if last == first_num and re.fullmatch(r"\d{4}", digits):
                value = int(digits)
                before_qualifier = self.low(self.qualifier_start(i) - 1) if qualified else prev
                hhmm = value // 100 < 24 and value % 100 < 60
                if hhmm and before_qualifier in _TIME_PREPOSITIONS and not self.counts_something(last + 1):
                    return True
                if 1000 <= value <= 2100 and not amount.is_money:
                    if qualified:
                        return False
                    if prev in _YEAR_PREPOSITIONS or prev in _DETERMINERS or prev in {"'s", "’s"}:
                        return True
                    if not self.counts_something(last + 1):
                        return True
            # Labels: "Bridge 2", "Article 5", "Windows 11" (a capitalised word, then a bare
            # integer, not followed by anything counted).
            if (
                not qualified
                and i > 0
                and toks[i - 1].is_word
                and toks[i - 1].text[0].isupper()
                and not self.sentence_start(i - 1)
                and re.fullmatch(r"\d{1,4}", tok.text)
                and not self.counts_something(last + 1)
            ):
                return True
        if nxt in {"-", "–"} and self.glued(last, last + 1) and self.low(last + 2) in _FRACTION_WORDS:
            return True  # "two-thirds", "one-quarter": a share, not a count
        if tok.is_number and tok.low == "one":
            pass
        elif tok.is_word and tok.low == "one" and last == first_num:
            # "one" is more often a pronoun than an amount: "no one", "one of them", "one day".
            if prev in _DETERMINERS | {"no", "someone", "anyone"} and not qualified:
                return True
            if nxt in {"of", "another", "day", "way", "time", "thing", "side", "hand", "point", "after"}:
                return True
            if not self.counts_something(last + 1, plural_only=False):
                return True
        elif tok.is_word and tok.low in _ONES | _TENS and last == first_num and not qualified:
            # A lone number word with nothing counted after it is usually a pronoun-ish use
            # ("the two met"), unless an earlier amount supplies the unit; keep it only if a
            # noun follows.
            if not self.counts_something(last + 1, plural_only=False) and nxt not in {"of", "more", "percent"}:
                return True
        return False

    def counts_something(self, j: int, *, plural_only: bool = True) -> bool:
        """True if token j starts a lowercase noun-ish word (what an amount would count)."""
        while self.low(j) in _ADDITIVE - {"other"} and self.low(j) in {"more", "additional", "extra", "further", "new"}:
            j += 1
        if j >= self.n or not self.toks[j].is_word:
            return False
        t = self.toks[j]
        w = t.low
        if w in _STOP_WORDS or not t.text[0].islower():
            return False
        if not plural_only:
            return not w.endswith("ly")
        return _looks_plural(w) or w in _MEASURE_UNITS

    def qualifier_start(self, i: int) -> int:
        q = self.qualifier_before(i)
        return q[1] if q else i

    def qualifier_before(self, i: int) -> tuple[str, int] | None:
        """Longest qualifier phrase ending right before token i -> (qualifier, first token)."""
        for size in range(_MAX_QUALIFIER_WORDS, 0, -1):
            start = i - size
            if start < 0:
                continue
            words = tuple(self.toks[k].low for k in range(start, i))
            if words in _QUALIFIERS_BEFORE:
                # "under" and "over" are also plain prepositions ("over the past six months");
                # they qualify only when directly followed by the amount, which is the case here.
                return _QUALIFIERS_BEFORE[words], start
        # "won't be just a thousand troops", "not only 1,000": negated "just N" means more than N.
        if self.low(i - 1) in _MERELY:
            for back in range(2, 5):
                w = self.low(i - back)
                if w in _NEGATIONS or w.endswith("n't"):
                    return "more than", i - 1
        return None

    def qualifier_after(self, last: int) -> tuple[str, int] | None:
        if self.low(last + 1) not in _QUALIFIER_AFTER_FIRST:
            return None  # the usual case, told without building every candidate's words
        if self.low(last + 1) == "-" and self.low(last + 2) == "plus" and self.glued(last + 1, last + 2):
            return "more than", last + 2
        for words, qualifier in _QUALIFIERS_AFTER.items():
            size = len(words)
            if tuple(self.low(last + 1 + k) for k in range(size)) == words:
                if words == ("+",) and not self.glued(last, last + 1):
                    continue
                if words == ("or", "more") and self.low(last + 3) == "than":
                    continue
                return qualifier, last + size
        return None

    # ---- what is counted
    def unit_phrase(self, j: int, amount: _Amount) -> tuple[int, int] | None:
        """Token range (first, last) of the noun phrase naming what is counted, or None."""
        toks, n = self.toks, self.n
        # "a 12-year-old boy", "a 7.8-magnitude quake": the compound is the unit.
        if self.low(j) in {"-", "–"} and self.glued(j - 1, j) and self.glued(j, j + 1) and j + 1 < n and toks[j + 1].is_word:
            last = j + 1
            while self.low(last + 1) in {"-", "–"} and self.glued(last, last + 1) and self.glued(last + 1, last + 2) and last + 2 < n and toks[last + 2].is_word:
                last += 2
            return j + 1, last
        if self.low(j) in _CLOSING_QUOTES and self.glued(j - 1, j):
            j += 1  # deploy "more than one thousand" Russian soldiers
        while self.low(j) in _ADDITIVE and self.low(j) != "other":
            j += 1  # "thousands more Russian troops", "1,000 additional soldiers"
        if amount.allows_of and self.low(j) == "of":
            j += 1
            if self.low(j) in {"the", "these", "those", "them", "their"}:
                j += 1
        elif amount.is_percent and self.low(j) == "of":
            j += 1
            if self.low(j) in {"the", "these", "those", "their", "its"}:
                j += 1
        first, last, k = j, None, j
        while k < n and k - first < 5:
            t = toks[k]
            if not t.is_word:
                # A hyphenated compound stays one word: "year-old", "air-defence".
                if t.text == "-" and last == k - 1 and self.glued(k - 1, k) and self.glued(k, k + 1) and k + 1 < n and toks[k + 1].is_word:
                    last = k + 1
                    k += 2
                    continue
                break
            w = t.low
            if w in _STOP_WORDS or w.endswith("ly") and len(w) > 4:
                break
            capital = t.text[0].isupper()
            if last is not None:
                if capital and toks[last].text[0].islower():
                    break  # "300 homes Tuesday"
                if _is_participle(w):
                    break  # "1,000 troops deployed"
            if last is not None and self.sentence_break_between(last, k):
                break
            last = k
            if w in _MEASURE_UNITS and not capital:
                break
            if (_looks_plural(w) and not capital) or w in _IRREGULAR_PLURALS:
                break
            k += 1
        # A participle is not what was counted: "hundreds remained", "At Least 21 Injured".
        while last is not None and last >= first and toks[last].is_word and _is_participle(toks[last].low):
            last = last - 1 if last - 1 >= first and toks[last - 1].is_word else None
        if last is None:
            return None
        return first, last

    def sentence_break_between(self, a: int, b: int) -> bool:
        gap = self.text[self.toks[a].end : self.toks[b].start]
        return "\n" in gap

    def prepositional_tail(self, j: int) -> int | None:
        """Last token of a short 'in the capital of Kyiv'-style modifier starting at j."""
        if self.low(j) not in _PREP_OPENERS:
            return None
        toks, n = self.toks, self.n
        last, k = None, j + 1
        while k < n and k - j <= 6:
            t = toks[k]
            if not t.is_word and t.text not in {"-", "’", "'"}:
                break
            if t.is_word and t.low in _PHRASE_BREAKERS:
                break
            if "\n" in self.text[toks[k - 1].end : t.start]:
                break
            if t.is_word:
                last = k
            k += 1
        while last is not None and self.low(last) in {"the", "a", "an", "of", "in", "on", "at", "near"}:
            last -= 1
        return last if last is not None and last > j else None

    # ---- main loop
    def scan(self) -> list[FoundQuantity]:
        found: list[FoundQuantity] = []
        toks, n = self.toks, self.n
        i = 0
        previous_unit: tuple[str, int] | None = None  # (unit, token index) for "and more than a dozen"
        amount_starts = self.toks.amount_starts()
        while i < n:
            # on to the next token that can start an amount
            k = bisect_left(amount_starts, i)
            if k == len(amount_starts):
                break
            i = amount_starts[k]
            amount = self.parse_amount(i)
            if amount is None:
                i += 1
                continue
            qualifier_hit = self.qualifier_before(amount.first)
            qualifier = qualifier_hit[0] if qualifier_hit else None
            if self.is_not_an_amount(amount, qualified=qualifier is not None):
                i = amount.last + 1
                continue
            if qualifier_hit and self.is_prepositional_over(qualifier_hit[1], amount):
                qualifier_hit, qualifier = None, None  # "over five years" is a span of time
            start_tok = qualifier_hit[1] if qualifier_hit else amount.first
            end_tok = amount.last
            after = self.qualifier_after(end_tok)
            if after is not None:
                if qualifier is None:
                    qualifier = after[0]
                end_tok = after[1]
            unit = amount.unit
            subject = None
            phrase = self.unit_phrase(end_tok + 1, amount)
            if amount.is_percent:
                unit = "percent"
            if phrase is not None:
                p_first, p_last = phrase
                head_first = p_last
                while (
                    head_first - 2 >= p_first
                    and self.low(head_first - 1) in {"-", "–"}
                    and self.glued(head_first - 2, head_first - 1)
                    and self.glued(head_first - 1, head_first)
                ):
                    head_first -= 2  # "year-old", "air-defence": a compound is one word
                head = self.text[toks[head_first].start : toks[p_last].end]
                head = head if head.isupper() and len(head) > 1 else head.lower()
                if amount.is_percent:
                    subject = self.text[toks[end_tok + 1].start : toks[p_last].end]
                elif amount.is_money:
                    subject = self.text[toks[p_first].start : toks[p_last].end]
                else:
                    if head in {"percent", "per", "pct"}:
                        unit = "percent"
                    elif amount.unit is None:
                        unit = head
                    subject_end = p_last
                    tail = self.prepositional_tail(p_last + 1)
                    if tail is not None:
                        subject_end = tail
                    subject = self.text[toks[p_first].start : toks[subject_end].end]
                    end_tok = max(end_tok, p_last)
                if head == "cent" and self.low(p_last - 1) == "per":
                    unit, subject = "percent", None
            elif unit is None and previous_unit is not None and not self.sentence_break(previous_unit[1], amount.first):
                unit = previous_unit[0]  # "five civilians in Kyiv and more than a dozen in ..."
            if unit and not amount.is_money and not amount.is_percent and unit != "times":
                previous_unit = (unit, end_tok)
            start, end = toks[start_tok].start, toks[end_tok].end
            surface = self.text[start:end]
            found.append(
                FoundQuantity(
                    Quantity(value=amount.value, unit=unit, qualifier=qualifier, subject=subject, surface=surface),
                    start,
                    end,
                )
            )
            i = max(end_tok, amount.last) + 1
        return found

    def is_prepositional_over(self, qualifier_tok: int, amount: _Amount) -> bool:
        if self.low(qualifier_tok) not in {"over", "under", "within"}:
            return False
        phrase = self.unit_phrase(amount.last + 1, amount)
        return phrase is not None and self.low(phrase[1]) in _TIME_UNITS

    def sentence_break(self, a: int, b: int) -> bool:
        return any(self.toks[k].text in {".", "!", "?", ";"} or "\n" in self.text[self.toks[k].end : self.toks[k + 1].start] for k in range(a, b) if k + 1 < self.n)


def _is_participle(word: str) -> bool:
    return word.endswith(("ed", "ing")) and word not in _PARTICIPLE_LOOKALIKES


def _looks_plural(word: str) -> bool:
    return (
        word in _IRREGULAR_PLURALS
        or len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))
    )


def find_quantities(text: str) -> list[FoundQuantity]:
    """Every amount in `text` with its qualifier, unit and subject, in reading order."""
    if not text:
        return []
    return _Scanner(text).scan()
