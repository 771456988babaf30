"""The title of an article body: the headline-like line right above the first prose line (pure).

Only section labels ("World News") and copies of the title may sit above it; anything else in the
header means no title is taken, because the header then stays in the body rather than risk
dropping a real line. A title given by the input (HTML metadata, a JSON record) is removed from the
body wherever it appears as a line.
"""

from __future__ import annotations

from services.ingest.line_shapes import (
    QUOTATION,
    REPORTING,
    SENTENCE_BREAK,
    TITLE_MAX_WORDS,
    body_like,
    headline_like,
    line_key,
    same_line,
    word_count,
)

__all__ = ["detect_title", "is_period_title", "remove_title_lines", "section_label"]


def is_period_title(lines: list[str], index: int) -> bool:
    """A one-sentence line ending in a period, set apart by a wider gap (two or more blank lines)
    than the paragraphs: a headline that a converter or rewriter gave a full stop."""
    line = lines[index]
    words = word_count(line)
    if words < 2 or words > TITLE_MAX_WORDS or SENTENCE_BREAK.search(line) or REPORTING.search(line):
        return False
    if not line.endswith("."):
        return False
    following = lines[index + 1 : index + 3]
    return len(following) == 2 and following[0] == "" and following[1] == ""


def section_label(line: str) -> bool:
    """"International", "World News", "City Hall Watch": a short capitalised heading above the title
    (a section or a blog's name); a three-word line in sentence case is more likely a headline."""
    words = line.split()
    if len(words) > 3 or not headline_like(line) or any(char.isdigit() for char in line):
        return False
    if not any(char.isalpha() for char in line):
        return False
    return len(words) <= 2 or all(word[0].isupper() or word in {"&", "and", "of", "the"} for word in words)


def detect_title(lines: list[str], removed: list[bool], known_title: str | None) -> str | None:
    """The title of the body, ``known_title`` when given. Section labels above a title (and a lone
    one-word label above the prose) are marked removed; the title's own lines are not (see
    ``remove_title_lines``)."""
    header = _header(lines, removed, known_title)
    if header is None:
        return known_title.strip() if known_title else None  # no prose: nothing to set a title apart from
    if known_title:
        title = known_title.strip()
        if header and all(same_line(lines[i], title) or section_label(lines[i]) for i in header):
            for i in header:
                removed[i] = True
        return title
    return _title_from_layout(lines, removed, header)


def _header(lines: list[str], removed: list[bool], known_title: str | None) -> list[int] | None:
    """The indexes of the kept lines above the first prose line; None when no line is prose."""
    header: list[int] = []
    # The header lines that are not section labels, compared as same_line compares: a full-stop
    # headline may follow only labels and copies of itself (kept as a set, so the check is O(1)).
    unlabelled: set[str] = set()
    for i, line in enumerate(lines):
        if not line or removed[i]:
            continue
        if not (known_title and same_line(line, known_title)):
            # A full-stop headline counts only as the first header line: after some other heading
            # it is prose (and must stay so when the cleaned body is cleaned again).
            period_title = is_period_title(lines, i) and unlabelled <= {line_key(line)}
            if body_like(line) and not period_title:
                return header  # the first prose line
        header.append(i)
        if not section_label(line):
            unlabelled.add(line_key(line))
    return None


def _title_from_layout(lines: list[str], removed: list[bool], header: list[int]) -> str | None:
    """The last header line, when it reads as a headline and only section labels precede it."""
    if not header:
        return None
    title_index = header[-1]
    title = lines[title_index]
    earlier = [i for i in header if not same_line(lines[i], title)]
    if not all(section_label(lines[i]) for i in earlier):
        return None
    if word_count(title) < 2 or not (headline_like(title) or is_period_title(lines, title_index)):
        # A lone one-word line above the prose is a section label, not a title.
        if not earlier and word_count(title) == 1 and section_label(title):
            for i in header:  # the label and any repeats of it
                removed[i] = True
        return None
    for i in earlier:
        removed[i] = True
    return title


def remove_title_lines(lines: list[str], removed: list[bool], title: str | None, known_title: str | None) -> None:
    """Mark the body lines that repeat the title as removed.

    A detected (not given) title that quotes someone stays in the body as well: a record without a
    title field may open with a short quoted line ('“It’s over”', 'Ruiz: “We will win”'), and those
    words are a claim the extractor must see."""
    if title is None or (known_title is None and QUOTATION.search(title)):
        return
    for i, line in enumerate(lines):
        if line and not removed[i] and same_line(line, title):
            removed[i] = True
