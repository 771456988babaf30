"""Chrome judged with its neighbours: teaser blocks, footer residue, widget fragments."""

from __future__ import annotations

from services.ingest.chrome_blocks import LineMarks, mark_chrome_lines, mark_chrome_residue, teaser_item

PROSE = "The ferry company said fares would rise by a tenth from June."


def marked(lines: list[str]) -> list[bool]:
    marks = LineMarks.of(lines)
    mark_chrome_lines(marks)
    mark_chrome_residue(marks)
    return marks.chrome


def test_a_teaser_heading_takes_the_headlines_below_it_up_to_the_next_prose_line() -> None:
    lines = [PROSE, "Related Stories", "Tram drivers vote on new rota", "Bridge repairs run late...", PROSE]
    assert marked(lines) == [False, True, True, True, False]


def test_teaser_items_are_headlines_or_snippets() -> None:
    assert teaser_item("Tram drivers vote on new rota")
    assert teaser_item("The bridge repairs, which began in March, are running late and the council...")
    assert not teaser_item(PROSE)


def test_footer_residue_goes_with_the_chrome_below_it() -> None:
    lines = [PROSE, "Harbour Today", "Sign up for our newsletter to get the top stories in your inbox."]
    assert marked(lines) == [False, True, True]


def test_a_short_fragment_between_chrome_lines_is_part_of_the_widget() -> None:
    lines = [PROSE, "Share on Facebook", "Quick links", "Copyright 2025 Harbour Gazette", PROSE]
    assert marked(lines) == [False, True, True, True, False]


def test_a_short_line_between_prose_lines_stays() -> None:
    lines = [PROSE, "Quick links", PROSE]
    assert marked(lines) == [False, False, False]
