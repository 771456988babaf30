"""The quantity scanner's view of a text: its tokens, made when first read, and the spans in which
digits are never amounts (URLs, handles, e-mail addresses, phone numbers, dates, clock times).

No NLP model: the claim extractor scans every sentence, so this must be fast and must never raise.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right

from services.extract.lexicon.currencies import CURRENCY_CODES, CURRENCY_SYMBOLS
from services.extract.lexicon.numbers import (
    MULTIPLIER_VERBS,
    ONES,
    SCALE_WORDS,
    TENS,
    VAGUE_MAGNITUDES,
    VAGUE_PREFIXES,
)

TOKEN_RE = re.compile(
    r"\d[\d,.\u00a0\u202f\u2009]*\d"  # 1,000 / 3.5 / 20 000 (non-breaking or thin space groups)
    r"|\d"
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"  # words, with inner apostrophes (won’t, Belarus’s)
    r"|\S"
)

# Spans that contain digits which are never amounts: (alternative, a pattern found in every text
# the alternative can match in). Scanning for all of them is slow, so only the alternatives whose
# requirement the text meets go into the regex; as the others match nowhere in that text, the
# matches are the same as with every alternative.
_TLD = r"\.(?:com|org|net|gov|edu|io|co|uk|ru|by|ua|eu|de|fr)\b"
NOT_PROSE_ALTERNATIVES = (
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
    alternatives = [pattern for (pattern, _), keep in zip(NOT_PROSE_ALTERNATIVES, present, strict=True) if keep]
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def not_prose_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of URLs, handles, phone numbers, dates and clock times, sorted and disjoint."""
    present = tuple(need.search(text) is not None for _, need in NOT_PROSE_ALTERNATIVES)
    pattern = _not_prose_re(present)
    if pattern is None:
        return []
    if present == _ONLY_DIGIT_LED:
        return _digit_led_spans(pattern, text)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


# The alternatives present in a text with digits but no URL, e-mail address or handle: phone
# numbers, dates and clock times, each of which starts at a run of digits, or one or two
# characters before it ('+44 …', '(020) …', '+(1) …').
_ONLY_DIGIT_LED = (False,) * 5 + (True,) * 3
_DIGIT_RUN_RE = re.compile(r"\d+")


def _digit_led_spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """`pattern.finditer(text)`'s spans, for a pattern of digit-led alternatives only, trying it
    only where a match can start: at a run of digits or up to two characters before it. The
    other characters cannot start a match, so the matches are the same."""
    spans: list[tuple[int, int]] = []
    end = 0
    for run in _DIGIT_RUN_RE.finditer(text):
        for start in range(max(end, run.start() - 2), run.start() + 1):
            match = pattern.match(text, start)
            if match is not None:
                spans.append((match.start(), match.end()))
                end = match.end()
                break
    return spans


# Lookalike letters planted in English words ("creаted" with a Cyrillic а) must not hide a
# qualifier; curly apostrophes are folded so "won’t" matches "won't".
_FOLD_TABLE = str.maketrans("аеорсухіјѕԁ’ʼ", "aeopcyxijsd''")

CAN_START_AMOUNT = (
    ONES.keys() | TENS.keys() | SCALE_WORDS.keys() | VAGUE_MAGNITUDES | VAGUE_PREFIXES
    | MULTIPLIER_VERBS.keys() | CURRENCY_CODES.keys() | {"a", "an", "us"}
)
# what must follow these to start an amount (see `Tokens.amount_starts`)
_CONTINUE_AFTER = {"a": SCALE_WORDS.keys() | {"few"}, "an": SCALE_WORDS.keys(), "us": {"$"}}
_ARTICLE_OR_US = frozenset(_CONTINUE_AFTER)
_SENTENCE_END = {".", "!", "?", ";", "\n"}
_OPENING_MARKS = {'"', "“", "(", "‘"}


class Tok:
    """A token with its folded form and kind worked out once (the scanner reads them often)."""

    __slots__ = ("text", "start", "end", "low", "is_word", "is_number")

    def __init__(self, text: str, start: int, end: int, low: str, is_word: bool, is_number: bool) -> None:
        self.text, self.start, self.end = text, start, end
        self.low, self.is_word, self.is_number = low, is_word, is_number


@functools.lru_cache(maxsize=65536)
def token_kind(word: str) -> tuple[str, bool, bool, bool]:
    """(folded form, is a word, is a number, can start an amount) of a token's spelling."""
    low = word.lower().translate(_FOLD_TABLE)
    is_number = word[0].isdigit()
    return low, word[0].isalpha(), is_number, is_number or low in CAN_START_AMOUNT or word in CURRENCY_SYMBOLS


class Tokens:
    """The text's tokens, each made when first read: the scanner reads the few around the
    words that can start an amount, not the whole article."""

    __slots__ = ("_matches", "_made")

    def __init__(self, text: str) -> None:
        self._matches = list(TOKEN_RE.finditer(text))
        self._made: list[Tok | None] = [None] * len(self._matches)

    def __len__(self) -> int:
        return len(self._matches)

    def __getitem__(self, i: int) -> Tok:
        tok = self._made[i]  # list indexing: negative indices and IndexError as before
        if tok is None:
            m = self._matches[i]
            word = m.group()
            tok = self._made[i] = Tok(word, m.start(), m.end(), *token_kind(word)[:3])
        return tok

    def amount_starts(self) -> list[int]:
        """Indices of the tokens that can start an amount, in order; "a", "an" and "us" only
        where the next token can continue one ("a dozen", "a few hundred", "US$"), as
        `amounts.parse_amount` finds nothing else there."""
        matches = self._matches
        starts = [i for i, m in enumerate(matches) if token_kind(m.group())[3]]
        last = len(matches) - 1
        return [i for i in starts
                if (word := token_kind(matches[i].group())[0]) not in _ARTICLE_OR_US
                or i < last and token_kind(matches[i + 1].group())[0] in _CONTINUE_AFTER[word]]


class TokenText:
    """A text with its tokens, and the questions every quantity rule asks about them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = Tokens(text)
        self.n = len(self.toks)
        self._blocked: tuple[list[int], list[int]] | None = None  # found when first asked

    def low(self, i: int) -> str:
        """Token i's folded form, or "" outside the text."""
        return self.toks[i].low if 0 <= i < self.n else ""

    def glued(self, i: int, j: int) -> bool:
        """Tokens i and j touch with no space between them."""
        return 0 <= i < self.n and 0 <= j < self.n and (
            self.toks[i].end == self.toks[j].start
        )

    def is_blocked(self, tok: Tok) -> bool:
        """The token is inside a URL, handle, phone number, date or clock time."""
        if self._blocked is None:
            # an expensive scan, needed only once some amount was found
            spans = not_prose_spans(self.text)
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
        return prev.text in _SENTENCE_END or "\n" in gap or prev.text in _OPENING_MARKS

    def line_break_between(self, a: int, b: int) -> bool:
        return "\n" in self.text[self.toks[a].end : self.toks[b].start]

    def sentence_break(self, a: int, b: int) -> bool:
        """A sentence ends somewhere between tokens a and b."""
        return any(self.toks[k].text in {".", "!", "?", ";"} or self.line_break_between(k, k + 1)
                   for k in range(a, b) if k + 1 < self.n)

    def span_text(self, first: int, last: int) -> str:
        """The text from token first to token last, both included."""
        return self.text[self.toks[first].start : self.toks[last].end]
