"""Site chrome that only its neighbours give away: teaser blocks, footer residue, widget fragments (pure).

``mark_chrome_lines`` runs the line rules of ``services.ingest.boilerplate`` on every line and
widens teaser headings to their blocks; once the datelines are out, ``mark_chrome_residue`` takes
the short lines stranded among chrome. Every pass visits each line a bounded number of times,
so the work stays linear however many chrome lines a hostile input holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.ingest.boilerplate import TEASER_HEADING, bio_candidate, chrome_category
from services.ingest.line_shapes import TITLE_MAX_WORDS, ends_sentence, ends_with_ellipsis, short_fragment, word_count

__all__ = ["LineMarks", "mark_chrome_lines", "mark_chrome_residue", "teaser_item"]


@dataclass
class LineMarks:
    """The lines of one body and what cleaning decided about each. ``chrome`` marks lines removed as
    site chrome, as opposed to the title and dateline, which are removed as metadata."""

    lines: list[str]
    removed: list[bool]
    chrome: list[bool]

    @classmethod
    def of(cls, lines: list[str]) -> LineMarks:
        return cls(lines, [False] * len(lines), [False] * len(lines))

    def drop_chrome(self, index: int) -> None:
        self.removed[index] = self.chrome[index] = True


def teaser_item(line: str) -> bool:
    """A line of a teaser block: a "..." snippet, or a headline rather than a sentence."""
    return ends_with_ellipsis(line) or (not ends_sentence(line) and word_count(line) <= TITLE_MAX_WORDS)


def mark_chrome_lines(marks: LineMarks) -> None:
    """Mark the lines the rules call chrome, and the headlines of the teaser blocks they open."""
    categories = [chrome_category(line) for line in marks.lines]
    for i, category in enumerate(categories):
        if category:
            marks.drop_chrome(i)
    _mark_teaser_blocks(marks, categories)


def mark_chrome_residue(marks: LineMarks) -> None:
    """Mark the short lines left among chrome: footer residue, then widget fragments. Runs after the
    datelines are taken, which are removed without being chrome."""
    _mark_footer_residue(marks)
    _mark_widget_fragments(marks)


def _mark_teaser_blocks(marks: LineMarks, categories: list[str | None]) -> None:
    """After a teaser heading, headlines and "..." snippets up to the next prose line.

    A heading inside a block already scanned would rescan the same lines to the same stop, so the
    scan resumes where the last one stopped (linear however many headings there are)."""
    lines, count = marks.lines, len(marks.lines)
    scanned_to = -1
    for i, category in enumerate(categories):
        if category != "teaser" or i < scanned_to or not TEASER_HEADING.match(lines[i]):
            continue
        scanned_to = count
        for j in range(i + 1, count):
            line = lines[j]
            if not line or marks.removed[j]:
                continue
            if not teaser_item(line):
                scanned_to = j
                break
            marks.drop_chrome(j)


def _mark_footer_residue(marks: LineMarks) -> None:
    """Scanning up from the end, short widget names and site blurbs between chrome lines ("Ukraine
    Today" above a newsletter pitch) go with the chrome below them."""
    seen_chrome = False
    for i in range(len(marks.lines) - 1, -1, -1):
        line = marks.lines[i]
        if not line:
            continue
        if marks.removed[i]:
            seen_chrome = seen_chrome or marks.chrome[i]
            continue
        if seen_chrome and (short_fragment(line) or bio_candidate(line)):
            marks.drop_chrome(i)
            continue
        break


def _mark_widget_fragments(marks: LineMarks) -> None:
    """A short fragment sandwiched between chrome lines anywhere is part of the same widget."""
    lines, count = marks.lines, len(marks.lines)
    for i, line in enumerate(lines):
        if not line or marks.removed[i] or not short_fragment(line):
            continue
        before = next((j for j in range(i - 1, -1, -1) if lines[j]), None)
        after = next((j for j in range(i + 1, count) if lines[j]), None)
        if before is not None and after is not None and marks.chrome[before] and marks.chrome[after]:
            marks.drop_chrome(i)
