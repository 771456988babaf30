"""Plan one article before any parsing: paragraphs and sentences by rule, quotations and embedded
posts by character scanning, quantities by their scanner, and which sentences the parser reads.

Only sentences whose words outside quotation marks carry a reporting cue (a speech verb form,
"according to") go to the parser: that is where speakers and reported speech are, and it keeps the
slow path small. Long standalone quotations are replaced by a short clause in what the parser
reads (see `parse_view`).
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

from spacy.tokens import Doc

from schemas.models import RawArticle
from services.extract.limits import DEFAULT_LIMITS, ExtractionLimits, cut_text
from services.extract.nlp import Span, has_speech_cue, paragraphs, split_sentences
from services.extract.quantities import FoundQuantity, find_quantities
from services.extract.quotes import EmbeddedPost, Quote, find_embedded_posts, find_quotes

log = logging.getLogger(__name__)

PLACEHOLDER = "This is so"  # stands in for long quoted words the parser need not read
_COMPRESS_MIN_WORDS = 6


@dataclass(slots=True)
class Sentence:
    span: Span
    par: int
    outside: str  # the sentence with quoted words blanked out
    parse: bool
    doc: Doc | None = None
    parse_text: str = ""
    # (doc offset, article offset, doc length, article length) per piece of parse_text
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)

    def art(self, doc_char: int) -> int:
        """Article offset of a character of the parsed text."""
        for doc_start, art_start, _doc_len, art_len in reversed(self.pieces):
            if doc_char >= doc_start:
                return art_start + min(doc_char - doc_start, art_len)
        return self.span.start + doc_char

    def doc_char(self, art_char: int) -> int:
        """Offset in the parsed text of an article character (clamped into a placeholder)."""
        for doc_start, art_start, doc_len, _art_len in reversed(self.pieces):
            if art_char >= art_start:
                return doc_start + min(art_char - art_start, doc_len)
        return art_char - self.span.start


def parse_view(text: str, sentence: Sentence, compressible: list[tuple[int, int]]) -> None:
    """The sentence as the parser reads it: long standalone quotations replaced by a short
    clause, so attribution parses the same ('“This is so,” she said') at a fraction of the cost."""
    pieces: list[tuple[int, int, int, int]] = []
    parts: list[str] = []
    cursor, doc_len = sentence.span.start, 0
    for start, end in compressible:
        if start < cursor or end > sentence.span.end:
            continue
        keep = text[cursor:start]
        pieces.append((doc_len, cursor, len(keep), len(keep)))
        parts.append(keep)
        doc_len += len(keep)
        pieces.append((doc_len, start, len(PLACEHOLDER), end - start))
        parts.append(PLACEHOLDER)
        doc_len += len(PLACEHOLDER)
        cursor = end
    keep = text[cursor : sentence.span.end]
    pieces.append((doc_len, cursor, len(keep), len(keep)))
    parts.append(keep)
    sentence.parse_text = "".join(parts)
    sentence.pieces = pieces


@dataclass(slots=True)
class Plan:
    article: RawArticle
    text: str
    pars: list[Span]
    sentences: list[Sentence]
    starts: list[int]
    quotes: list[Quote]
    quoted: list[tuple[int, int]]  # article ranges inside quotation marks (marks included)
    posts: list[EmbeddedPost]
    post_ranges: list[tuple[int, int]]
    quantities: list[FoundQuantity]
    limits: ExtractionLimits = DEFAULT_LIMITS

    @property
    def parse_texts(self) -> list[str]:
        return [s.parse_text for s in self.sentences if s.parse]


def quoted_ranges(quotes: list[Quote]) -> list[tuple[int, int]]:
    ranges = []
    for quote in quotes:
        for part in quote.parts:
            ranges.append((part.open, part.close + 1 if part.close is not None else part.end))
    return sorted(ranges)


class Ranges:
    """Sorted [start, end) ranges (quotations), with the ones overlapping a span found by
    bisection rather than a pass over all of them per sentence."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = ranges
        self.starts = [lo for lo, _ in ranges]
        self.reach = list(accumulate((hi for _, hi in ranges), max))  # running maximum of the ends

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges with lo < end and hi > start, in order."""
        stop = bisect.bisect_left(self.starts, end)
        first = min(bisect.bisect_left(self.starts, start), stop)
        back = first
        while back > 0 and self.reach[back - 1] > start:  # opened before `start`, may reach past it
            back -= 1
        before = [r for r in self.ranges[back:first] if r[1] > start]
        return before + [r for r in self.ranges[first:stop] if r[1] > start]


def blank_ranges(text: str, span: Span, ranges: list[tuple[int, int]]) -> str:
    chars = list(text[span.start : span.end])
    for start, end in ranges:
        lo, hi = max(start, span.start), min(end, span.end)
        for i in range(lo, hi):
            chars[i - span.start] = " "
    return "".join(chars)


def compressible_parts(text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Quoted words the parser can skip: long quotations standing on their own (opening a
    sentence, or after a colon or comma), not phrases woven into the reporter's sentence, where
    the words around decide what the verb before them is ('as alleged “…”')."""
    spans = []
    for quote in quotes:
        for part in quote.parts:
            if len(text[part.start : part.end].split()) < _COMPRESS_MIN_WORDS:
                continue
            line_start = text.rfind("\n", 0, part.open) + 1
            prefix = text[line_start : part.open].rstrip()
            tail = prefix[-1:] if prefix else ""
            if not prefix or tail in ".!?:,;—–-([“\"":
                spans.append((part.start, part.end))
    return sorted(spans)


def plan_article(article: RawArticle, limits: ExtractionLimits = DEFAULT_LIMITS) -> Plan:
    text = cut_text(article.text, limits.max_chars)
    pars = paragraphs(text)
    quotes = find_quotes(text, pars)
    quoted = quoted_ranges(quotes)
    posts = find_embedded_posts(text, pars)
    post_ranges = sorted(
        (min(p.lines[0].start, p.signature.start), p.signature.end) for p in posts
    )
    compressible = compressible_parts(text, quotes)
    sentences: list[Sentence] = []
    quoted_index = Ranges(quoted)
    compressible_starts = [c[0] for c in compressible]
    posts_cover = Cover(post_ranges)
    parse_budget = limits.max_parse_chars
    for index, par in enumerate(pars):
        in_post = posts_cover.covers(par.start)
        for span in split_sentences(text, par):
            outside = blank_ranges(text, span, quoted_index.overlapping(span.start, span.end))
            sentence = Sentence(span, index, outside, not in_post and has_speech_cue(outside))
            if sentence.parse:
                lo = bisect.bisect_left(compressible_starts, span.start)
                hi = bisect.bisect_left(compressible_starts, span.end)
                parse_view(text, sentence, compressible[lo:hi])
                # the parser's cost grows with the sentence and with the article: an overlong
                # sentence, or one past the article's parse budget, is read by rule only
                size = len(sentence.parse_text)
                sentence.parse = size <= limits.max_sentence_chars and size <= parse_budget
                if sentence.parse:
                    parse_budget -= size
            sentences.append(sentence)
    quantities = []
    try:
        quantities = find_quantities(text)
    except Exception:  # a building block failing must not lose the article's quotes
        log.exception("quantity scan failed")
    return Plan(
        article=article, text=text, pars=pars, sentences=sentences,
        starts=[s.span.start for s in sentences], quotes=quotes, quoted=quoted, posts=posts,
        post_ranges=post_ranges, quantities=quantities, limits=limits,
    )


# --------------------------------------------------------------------------- finishing



class Cover:
    """Is an offset inside any of some [start, end) ranges: merged once, then bisection."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for lo, hi in sorted(r for r in ranges if r[1] > r[0]):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        self._starts = [lo for lo, _ in merged]
        self._ends = [hi for _, hi in merged]

    def covers(self, offset: int) -> bool:
        at = bisect.bisect_right(self._starts, offset) - 1
        return at >= 0 and offset < self._ends[at]

