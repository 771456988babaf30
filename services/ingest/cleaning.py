"""Turn a messy article body into clean paragraphs plus metadata (pure, no I/O).

The steps, in order, each in its own module:

1. ``unicode_repair``: mojibake, odd spaces and look-alike letters, repeated until nothing changes.
2. ``chrome_blocks`` (with the line rules of ``boilerplate``): site chrome (banners, teasers,
   share/newsletter footers, captions, author bios, bylines ...) is marked for removal.
3. ``datelines``: a date-only line leaves the body and gives ``published``.
4. ``chrome_blocks`` again: short lines stranded among the chrome go with it.
5. ``titles``: the title is detected (or the given one used) and taken out of the body.
6. ``datelines``: a wire dateline opening the first paragraph ("DOHA (AFP) - ") is cut.

The cleaned body keeps one paragraph per line, paragraphs separated by a blank line. Cleaning is
idempotent: cleaning a cleaned body changes nothing (the rules that look at layout only fire on
patterns that cleaning itself never produces).

Work is linear in the length of the text whatever it holds (runs of spaces, thousands of chrome
lines, floods of marks): every layout scan visits each line a bounded number of times, and the
dateline step bounds its dateparser calls. The report is bounded as ``CleaningReport`` documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from schemas.models import (
    MAX_REPORTED_FIX_CHARS,
    MAX_REPORTED_FIXES,
    MAX_REPORTED_LINE_CHARS,
    MAX_REPORTED_LINES,
    CleaningReport,
    HomoglyphFix,
)
from services.ingest.chrome_blocks import LineMarks, mark_chrome_lines, mark_chrome_residue
from services.ingest.datelines import cut_wire_datelines, take_datelines
from services.ingest.line_shapes import CLOSERS
from services.ingest.titles import detect_title, remove_title_lines
from services.ingest.unicode_repair import repair_text

__all__ = ["CleanedText", "clean_article_text", "truncate_body"]


@dataclass(frozen=True)
class CleanedText:
    """The cleaned body plus what was taken out of it. ``report.removed_lines`` lists every line
    dropped from the body, the title and dateline included (they also have their own fields)."""

    text: str
    title: str | None
    dateline: str | None
    published: datetime | None
    report: CleaningReport


def clean_article_text(text: str, known_title: str | None = None, max_rounds: int = 3) -> CleanedText:
    """Clean one article body. ``known_title`` (from HTML metadata or a JSON record) is removed from
    the body wherever it appears as a line; otherwise the title is detected from the layout.

    Cleaning is repeated until it changes nothing (at most `max_rounds`): removing chrome changes
    what the Unicode repair sees ("¬Ä." beside a stray "\\x80" is only unambiguous mojibake once
    alone), and a repaired line can turn out to be chrome ("SHARE€."). Clean text must stay put."""
    result = _clean_once(text, known_title)
    for _ in range(max_rounds - 1):
        again = _clean_once(result.text, known_title)
        if again.text == result.text:
            break
        result = _merged(result, again)
    return result


def _clean_once(text: str, known_title: str | None) -> CleanedText:
    normalised, mojibake, fixes = repair_text(text)
    marks = LineMarks.of(normalised.split("\n"))
    lines, removed = marks.lines, marks.removed
    mark_chrome_lines(marks)
    dateline, published = take_datelines(lines, removed)
    mark_chrome_residue(marks)
    title = detect_title(lines, removed, known_title)
    remove_title_lines(lines, removed, title, known_title)

    kept = [line for i, line in enumerate(lines) if line and not removed[i]]
    removed_lines = [line for i, line in enumerate(lines) if line and removed[i]]
    if kept:
        kept[0], cut, wire_dateline = cut_wire_datelines(kept[0])
        removed_lines.extend(cut)
        dateline = dateline or wire_dateline
    return CleanedText(
        text="\n\n".join(kept),
        title=title,
        dateline=dateline,
        published=published,
        report=_bounded_report(mojibake, fixes, removed_lines, dateline),
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bounded_report(
    mojibake: bool, fixes: list[HomoglyphFix], removed_lines: list[str], dateline: str | None
) -> CleaningReport:
    """The report with its lists cut to the documented bounds (schemas.models.MAX_REPORTED_*)."""
    if len(fixes) > MAX_REPORTED_FIXES or any(
        len(f.original) > MAX_REPORTED_FIX_CHARS or len(f.repaired) > MAX_REPORTED_FIX_CHARS for f in fixes
    ):
        fixes = [
            HomoglyphFix(original=_clip(f.original, MAX_REPORTED_FIX_CHARS),
                         repaired=_clip(f.repaired, MAX_REPORTED_FIX_CHARS))
            for f in fixes[:MAX_REPORTED_FIXES]
        ]
    return CleaningReport(
        mojibake_repaired=mojibake,
        homoglyph_fixes=fixes,
        removed_lines=[_clip(line, MAX_REPORTED_LINE_CHARS) for line in removed_lines[:MAX_REPORTED_LINES]],
        dateline=None if dateline is None else _clip(dateline, MAX_REPORTED_LINE_CHARS),
    )


def _merged(first: CleanedText, later: CleanedText) -> CleanedText:
    known = {fix.original for fix in first.report.homoglyph_fixes}
    report = _bounded_report(
        first.report.mojibake_repaired or later.report.mojibake_repaired,
        [*first.report.homoglyph_fixes, *(f for f in later.report.homoglyph_fixes if f.original not in known)],
        [*first.report.removed_lines, *later.report.removed_lines],
        first.report.dateline or later.report.dateline,
    )
    return CleanedText(
        text=later.text,
        title=first.title or later.title,
        dateline=first.dateline or later.dateline,
        published=first.published or later.published,
        report=report,
    )


# --------------------------------------------------------------------------- size bound

_SENTENCE_CUT = re.compile(rf"[.!?…][{CLOSERS}]*(?=\s)")


def truncate_body(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters at the last paragraph break in the final
    tenth before the limit, else the last sentence end there, else the last space in the final
    half, else exactly at the limit. Text within the limit is returned unchanged."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    paragraph = head.rfind("\n\n")
    if paragraph >= max_chars * 0.9:
        return head[:paragraph].rstrip()
    window_start = int(max_chars * 0.9)
    ends = [match.end() for match in _SENTENCE_CUT.finditer(head, window_start)]
    if ends:
        return head[: ends[-1]]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space >= max_chars // 2:
        return head[:space].rstrip()
    return head
