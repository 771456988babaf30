"""Hostile text: whatever an article holds, extraction ends in a list of claims, within its limits.

The shapes below were each pathological before the extractor's scans were made linear (a run of
dots, thousands of quotation marks or distinct names took seconds to minutes); at these sizes they
now take milliseconds. No test asserts a timing: speed is measured by bench scripts, and
pytest-timeout guards against a hang.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from schemas.models import ArticleSource, ClaimEvent, RawArticle, SourceKind
from services.extract.extractor import extract_claims, extract_many
from services.extract.limits import ExtractionLimits, cut_text
from services.extract.registry import EntityRegistry

SIZE = 12_000
_RNG = random.Random(4)


def _fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _word(cap: bool = False) -> str:
    word = "".join(_RNG.choice("bdfgklmnprstvz") + _RNG.choice("aeiou") for _ in range(_RNG.randint(2, 4)))
    return word.capitalize() if cap else word


def _words(size: int, cap: bool = False) -> str:
    out, total = [], 0
    while total < size:
        out.append(_word(cap))
        total += len(out[-1]) + 1
    return " ".join(out)[:size]


def _names_said(size: int) -> str:
    out, total = [], 0
    while total < size:
        out.append(f"{_word(True)} {_word(True)} said the ferry would run late. ")
        total += len(out[-1])
    return "".join(out)[:size]


def _zalgo(size: int) -> str:
    out: list[str] = []
    while len(out) < size:
        out.append(_RNG.choice("abcdef "))
        out.extend(chr(_RNG.randint(0x300, 0x36F)) for _ in range(_RNG.randint(1, 6)))
        out.append(_RNG.choice(["", "\u200b", "\u200f", "\u202e", "\u2066", "\ufeff"]))
    return "".join(out)[:size]


SHAPES: dict[str, str] = {
    "long line of words": _words(SIZE),
    "spaces": " " * SIZE,
    "commas": "," * SIZE,
    "commas and spaces": _fill(", "),
    "straight double quotes": '"' * SIZE,
    "curly quotes alternating": _fill("“”"),
    "mixed quote marks": _fill("“ ” \" ' "),
    "quoted letters": _fill('"a" '),
    "unmatched open quotes": _fill("“word "),
    "single quotes and apostrophes": _fill("'tis o' "),
    "nested brackets": "(" * (SIZE // 2) + ")" * (SIZE // 2),
    "brackets and openers": _fill("([{“‘"),
    "capitalised words": _words(SIZE, cap=True),
    "capitalised run then said": _fill(_words(300, cap=True) + " said. "),
    "distinct names each said": _names_said(SIZE),
    "one long quotation": "“" + _words(SIZE - 20) + ",” she said.",
    "one sentence of many words": _words(SIZE - 6) + " said.",
    "according to, repeated": _fill("according to "),
    "According to a name, repeated": _fill("According to Bram Okafor "),
    "said said said": _fill("said "),
    "Said Said Said": _fill("Said "),
    "digits": "7" * SIZE,
    "digits and spaces": _fill("1 "),
    "thousands separators": "1" + _fill(",000", SIZE - 1),
    "digit dot runs": _fill("1."),
    "dots": "." * SIZE,
    "hyphens": "-" * SIZE,
    "hyphenated run": _fill("well-"),
    "money and percentages": _fill("$1.5 billion, up 3% "),
    "hedges": _fill("allegedly reportedly may possibly "),
    "dates": _fill("on 12 March 2024 "),
    "weekdays": _fill("on Tuesday "),
    "zalgo, bidi and zero-width marks": _zalgo(SIZE),
    "right-to-left scripts": _fill("שלום مرحبا \u200f\u202b"),
    "emoji": _fill("😀👍🏽👨‍👩‍👧 "),
    "astral letters": "".join(chr(0x1D400 + i % 1000) for i in range(SIZE)),
    "control characters": "".join(chr(i % 32) for i in range(SIZE)),
    "NUL": "\x00" * SIZE,
    "CRLF flood": "\r\n" * (SIZE // 2),
    "lone CR flood": "\r" * SIZE,
    "newlines": "\n" * SIZE,
    "short quoted paragraphs": _fill("“Yes,” said Ana Lisk.\n\n"),
    "transcript labels": _fill("OKAFOR: yes we did\n"),
    "colon labels": _fill("A: "),
    "honorifics": _fill("Mr "),
    "initials": _fill("A. "),
    "mixed whitespace": _fill("\t \u00a0\u2003"),
    "curly apostrophes": _fill("’"),
    "questions and answers": _fill("Q: why?\nA: because.\n"),
    "post signatures": _fill("Ready.\n— Ana Lisk (@analisk) May 3, 2023\n"),
}


def _article(text: str, name: str = "hostile") -> RawArticle:
    return RawArticle(article_id=name, text=text, source=ArticleSource(kind=SourceKind.stdin))


def _assert_sound(article: RawArticle, claims: list[ClaimEvent], limits: ExtractionLimits) -> None:
    assert isinstance(claims, list)
    assert len(claims) <= limits.max_claims
    for claim in claims:
        evidence = claim.evidence
        assert 0 <= evidence.start <= evidence.end <= min(len(article.text), limits.max_chars)
        assert article.text[evidence.start : evidence.end] == evidence.sentence


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_hostile_shape_ends_in_sound_claims(name: str) -> None:
    article = _article(SHAPES[name])
    limits = ExtractionLimits()
    _assert_sound(article, extract_claims(article, None, limits), limits)


@pytest.mark.parametrize("name", ["short quoted paragraphs", "distinct names each said", "dates", "quoted letters"])
def test_tight_limits_bound_the_claims_and_the_text_read(name: str) -> None:
    article = _article(SHAPES[name])
    limits = ExtractionLimits(max_chars=2_000, max_claims=7, max_names=5, max_parse_chars=600)
    claims = extract_claims(article, limits=limits)
    _assert_sound(article, claims, limits)


def test_max_claims_keeps_the_first_claims_in_text_order() -> None:
    article = _article(_fill("“We will stay open,” said Ana Lisk.\n\n", 3_000))
    every = extract_claims(article)
    assert len(every) > 5
    first = extract_claims(article, limits=ExtractionLimits(max_claims=5))
    assert [c.model_dump_json() for c in first] == [c.model_dump_json() for c in every[:5]]


def test_nothing_past_max_chars_is_extracted() -> None:
    story = "“The ferry will run,” said Ana Lisk on Tuesday. Tickets rose 12% to 4,000 a day.\n\n"
    article = _article(_fill(story, 20_000))
    claims = extract_claims(article, limits=ExtractionLimits(max_chars=1_000))
    assert claims
    assert max(c.evidence.end for c in claims) <= 1_000


def test_an_overlong_sentence_is_not_parsed_but_still_scanned() -> None:
    article = _article("Officials said " + _words(3_000) + " and more than 1,000 troops stayed.")
    claims = extract_claims(article, limits=ExtractionLimits(max_sentence_chars=500))
    assert [c.kind.value for c in claims] == ["numeric"]


def test_positional_registry_and_extract_many_take_limits() -> None:
    article = _article("“It works,” Ana Lisk said on Tuesday.")
    registry = EntityRegistry()
    assert extract_claims(article, registry)
    limits = ExtractionLimits(max_claims=0)
    assert extract_claims(article, registry, limits) == []
    assert list(extract_many([article, article], limits=limits)) == [[], []]


def test_limits_refuse_negative_bounds() -> None:
    with pytest.raises(ValueError):
        ExtractionLimits(max_chars=-1)


def test_cut_text_ends_at_a_break_when_it_can() -> None:
    assert cut_text("short", 10) == "short"
    assert cut_text("aaaa bbbb cccc", 10) == "aaaa bbbb"
    assert cut_text("a" * 95 + "\n" + "b b" * 20, 100) == "a" * 95
    assert cut_text("x" * 50, 20) == "x" * 20
    assert len(cut_text("word " * 10_000, 1_000)) <= 1_000


_HOSTILE_PIECES = st.sampled_from([
    "“", "”", '"', "‘", "’", "'", "«", "»", "(", ")", "[", "]", ",", ".", "...", "…", "-", "—", ":",
    " ", "  ", "\t", "\n", "\n\n", "\r", "\r\n", "\x00", "\x07", "\u200b", "\u200f", "\u202e", "\ufeff",
    "\u0301", "\u0336", "😀", "👨‍👩‍👧", "\U0001d400", "שלום", "مرحبا", "1", "1,000", "3.5", "%", "$",
    "said", " said ", "Said", " according to ", "reportedly", "allegedly", "may", "on Tuesday",
    "12 March 2024", "Mr", "Dr.", "A.", "Q:", "A:", "OKAFOR:", "Ana Lisk", "Bram Okafor", "Ministry",
    "— Ana Lisk (@analisk) May 3, 2023",
])
_HOSTILE_TEXT = st.lists(
    st.tuples(_HOSTILE_PIECES, st.integers(min_value=1, max_value=40)).map(lambda t: t[0] * t[1]),
    max_size=40,
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HOSTILE_TEXT)
@example("“" * 500 + "”" * 500)
@example("." * 2_000 + " Ana Lisk said so.")
@example(" 'a" * 700)
def test_hostile_character_mixes_end_in_sound_claims(text: str) -> None:
    article = _article(text)
    limits = ExtractionLimits()
    _assert_sound(article, extract_claims(article, limits=limits), limits)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HOSTILE_TEXT, st.integers(min_value=0, max_value=600), st.integers(min_value=0, max_value=4))
def test_hostile_mixes_respect_tight_limits(text: str, max_chars: int, max_claims: int) -> None:
    article = _article(text)
    limits = ExtractionLimits(max_chars=max_chars, max_claims=max_claims, max_names=3, max_sentence_chars=80)
    _assert_sound(article, extract_claims(article, limits=limits), limits)


def test_a_sentence_of_thousands_of_numbers_gives_claims_with_at_most_max_quantities_each() -> None:
    numbers = " ".join(f"{n} tonnes," for n in range(3_000))
    article = RawArticle(article_id="numbers", text=f"Exports rose by {numbers} officials said.",
                         source=ArticleSource(kind=SourceKind.file))
    limits = ExtractionLimits(max_quantities=25)
    claims = extract_claims(article, None, limits)
    assert claims and all(len(claim.quantities) <= 25 for claim in claims)
