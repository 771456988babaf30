"""Line shapes: sentences, headlines, fragments, and how two lines compare."""

from __future__ import annotations

from services.ingest.line_shapes import (
    QUOTATION,
    REPORTING,
    body_like,
    ends_sentence,
    ends_with_ellipsis,
    headline_like,
    same_line,
    short_fragment,
    word_count,
)


def test_sentence_ends_include_closing_quotes_and_ellipses() -> None:
    assert ends_sentence("The tide turned.")
    assert ends_sentence("“We will sail,” she said.”")
    assert ends_sentence("And then…")
    assert not ends_sentence("Tide tables for May")
    assert ends_with_ellipsis("And then...") and not ends_with_ellipsis("And then.")


def test_prose_headlines_and_fragments() -> None:
    assert body_like("The tide turned.") and body_like(" ".join(["word"] * 26))
    assert headline_like("Tide tables for May") and not headline_like("Tide tables:")
    assert short_fragment("Quick links") and not short_fragment("one two three four five six seven")
    assert word_count("  three  short words ") == 3


def test_lines_compare_without_case_or_surrounding_dots() -> None:
    assert same_line("Ferry Fares Rise.", "ferry fares rise")
    assert not same_line("Ferry fares rise", "Ferry fares fall")


def test_reporting_verbs_and_quotations() -> None:
    assert REPORTING.search("The pilot said it was calm.") and not REPORTING.search("Saying goodbye")
    assert QUOTATION.search("“It’s over”") and QUOTATION.search("Ruiz: “We will win”")
    assert not QUOTATION.search("Ready to Deploy “Task Force”")
