"""Finding quoted spans in article text, by character scanning rather than by the parser.

Handles curly and straight double quotes, guillemets, single quotes where they are quotes (not
apostrophes), a new opening mark before the previous quote closed, quotes that run on into the next
paragraph (the journalistic convention: the paragraph is left open and the next one re-opens), and
unclosed quotes, which are capped at the end of their paragraph instead of swallowing the article.
Embedded posts ("text\\n— Name (@handle) March 1, 2022") are found by their signature line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.extract.lexicon.speech import SPEECH_FORMS
from services.extract.lexicon.titles import SIGNATURE_TITLES
from services.extract.nlp import Span, paragraphs

_OPEN_DOUBLE = "“«„‟"
_CLOSE_DOUBLE = "”»"
_STRAIGHT_DOUBLE = '"'
_OPEN_SINGLE = "‘"
_CLOSE_SINGLE = "’"
_STRAIGHT_SINGLE = "'"
_OPENING_CONTEXT = set(" \t([{—–-/:")

CAPITAL_NAME = r"[A-ZÀ-ÖØ-Þ][\w’'-]+"
# ', Mayor Curtis Delacroix said Friday, as …': when the attribution happened, after the verb
_WHEN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|last\s+\w+)\b"
_SPEECH_FORMS_ALT = "|".join(sorted(SPEECH_FORMS, key=len, reverse=True))
# ', the mayor said,' or ', said Ayo Bankole, a supervisor': an attribution inside unclosed words
_ATTRIBUTION_INSIDE_RE = re.compile(
    rf",\s+(?:(?:[^,.;!?“”\"]{{1,80}}?\s)?(?:{_SPEECH_FORMS_ALT})(?:[,.]|\s+(?:on\s+)?{_WHEN})|(?:said|says)\s+(?:[A-Z]|the\s|an?\s)"
    # ', the company’s chairman, Viktor Halloran, said in a statement': commas inside a named speaker
    rf"|(?:the|a|an)\s[^.;!?“”\"]{{1,80}}?,\s+{CAPITAL_NAME}(?:\s+{CAPITAL_NAME}){{0,3}},\s+(?:said|says|added|told)\b)"
)

# Trailing punctuation that belongs to the sentence around the quote, not to the quoted words.
_TRAILING_TRIM = " \t,;:—–-"


@dataclass(frozen=True, slots=True)
class QuotePart:
    """One quoted stretch inside a single paragraph."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None when the quote is not closed here
    start: int  # quoted words, trimmed
    end: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: one part, or several when it runs over paragraphs."""

    parts: tuple[QuotePart, ...]
    text: str  # the quoted words; parts joined by a space
    mark: str  # "double" or "single"
    closed: bool

    @property
    def open(self) -> int:
        return self.parts[0].open

    @property
    def close_end(self) -> int:
        """Offset just after the closing mark (or the quoted words when unclosed)."""
        last = self.parts[-1]
        return last.close + 1 if last.close is not None else last.end

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end

    @property
    def word_count(self) -> int:
        return len(re.findall(r"\w+(?:[’'-]\w+)*", self.text))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING_TRIM:
        end -= 1
    return start, end


def _straight_can_open(text: str, i: int, par: Span) -> bool:
    before = text[i - 1] if i > par.start else " "
    after = text[i + 1] if i + 1 < par.end else " "
    return (before in _OPENING_CONTEXT or before in _OPEN_DOUBLE) and not after.isspace()


def _single_close(text: str, i: int, par: Span) -> int | None:
    """Closing single mark for an opening one at i: a ’ or ' after a non-space, followed by a
    non-letter. Apostrophes inside words (don’t, Russia’s) are followed by a letter and skipped."""
    for j in range(i + 1, par.end):
        ch = text[j]
        if ch not in (_CLOSE_SINGLE, _STRAIGHT_SINGLE):
            continue
        after = text[j + 1] if j + 1 < par.end else " "
        if text[j - 1].isspace() or after.isalnum():
            continue
        return j
    return None


# Every character `_scan_paragraph` acts on; the scan jumps from one to the next (no other
# character changes its state).
_SCANNED_MARK_RE = re.compile("[" + re.escape(_OPEN_DOUBLE + _CLOSE_DOUBLE + _STRAIGHT_DOUBLE + _OPEN_SINGLE
                                              + _STRAIGHT_SINGLE) + "]")


def _scan_paragraph(text: str, par: Span) -> list[tuple[int, int | None, str]]:
    """(open, close or None, mark) for every quote opened in the paragraph."""
    found: list[tuple[int, int | None, str]] = []
    open_at: int | None = None
    i = par.start
    while (mark := _SCANNED_MARK_RE.search(text, i, par.end)) is not None:
        i = mark.start()
        ch = text[i]
        if ch in _OPEN_DOUBLE:
            if open_at is not None:  # re-opened before closing: the previous quote ends here
                found.append((open_at, None, "double-interrupted"))
            open_at = i
        elif ch in _CLOSE_DOUBLE:
            if open_at is not None:
                found.append((open_at, i, "double"))
                open_at = None
            elif _closing_mark_opens(text, i, par):
                open_at = i
        elif ch == _STRAIGHT_DOUBLE:
            if open_at is not None:
                found.append((open_at, i, "double"))
                open_at = None
            elif _straight_can_open(text, i, par):
                open_at = i
        elif open_at is None and ch in (_OPEN_SINGLE, _STRAIGHT_SINGLE):
            before = text[i - 1] if i > par.start else " "
            after = text[i + 1] if i + 1 < par.end else " "
            if before in _OPENING_CONTEXT and after.isalnum():
                close = _single_close(text, i, par)
                if close is not None:
                    found.append((i, close, "single"))
                    i = close
        i += 1
    if open_at is not None:
        found.append((open_at, None, "double"))
    return found


def _closing_mark_opens(text: str, i: int, par: Span) -> bool:
    """'”Fear. I am afraid.” ― Ana Ruiz': a closing mark typed where the opening one belongs, at
    the start of the paragraph or after a space, right before a word, with nothing open."""
    before = text[i - 1] if i > par.start else " "
    after = text[i + 1] if i + 1 < par.end else " "
    return before in _OPENING_CONTEXT and after.isalnum()


def _starts_with_open_mark(text: str, par: Span) -> bool:
    ch = text[par.start]
    return ch in _OPEN_DOUBLE or ch == _STRAIGHT_DOUBLE


def find_quotes(text: str, pars: list[Span] | None = None) -> list[Quote]:
    """Every quotation in the text, in order of its opening mark."""
    pars = paragraphs(text) if pars is None else pars
    quotes: list[Quote] = []
    pending: list[QuotePart] = []  # an unclosed quote waiting for its continuation paragraph
    for index, par in enumerate(pars):
        scanned = _scan_paragraph(text, par)
        for n, (open_at, close, mark) in enumerate(scanned):
            content_end = close if close is not None else par.end
            if mark == "double-interrupted":
                content_end = scanned[n + 1][0] if n + 1 < len(scanned) else par.end
            if close is None:
                # '“The bridge will reopen, the mayor said, adding ...': the closing mark was lost;
                # the quotation ends where the attribution starts
                cut = _ATTRIBUTION_INSIDE_RE.search(text, open_at + 1, content_end)
                if cut is not None:
                    content_end = cut.start()
            start, end = _trimmed(text, open_at + 1, content_end)
            part = QuotePart(open_at, close, start, end)
            continues = bool(pending) and n == 0 and open_at == par.start
            if pending and not continues:
                quotes.append(_build(text, pending, closed=False))
            group = [*pending, part] if continues else [part]
            pending = []
            if close is None and n == len(scanned) - 1 and mark == "double":
                pending = group  # may run on into the next paragraph
            else:
                quotes.append(_build(text, group, closed=close is not None, mark=mark))
        if pending:
            next_par = pars[index + 1] if index + 1 < len(pars) else None
            if next_par is None or not _starts_with_open_mark(text, next_par):
                quotes.append(_build(text, pending, closed=False))
                pending = []
    return [q for q in quotes if re.search(r"\w", q.text)]


def _build(text: str, parts: list[QuotePart], *, closed: bool, mark: str = "double") -> Quote:
    joined = " ".join(text[p.start : p.end] for p in parts if p.end > p.start)
    kind = "single" if mark == "single" else "double"
    return Quote(parts=tuple(parts), text=joined, mark=kind, closed=closed)


# --------------------------------------------------------------------------- embedded posts

_SIGNATURE_RE = re.compile(
    r"^[—–-]{1,2}\s*(?P<name>[^\n()@]{2,80}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})|(?:\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}))?\s*$"
)
_INLINE_SIGNATURE_RE = re.compile(
    r"\s[—–]\s*(?P<name>[^\n()@—–]{2,80}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})|(?:\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}))?\s*$"
)
_AUTHOR_TITLES_RE = re.compile(r"^(?:(?:" + "|".join(SIGNATURE_TITLES) + r")\.?\s+)+")


def _author(name: str) -> str:
    """The signature's display name without a leading title: 'Sen. Laura Beckett'."""
    name = name.strip()
    stripped = _AUTHOR_TITLES_RE.sub("", name)
    return stripped if stripped else name


_TRAILING_POST_NOISE_RE = re.compile(r"(?:\s*(?:#\w+|pic\.twitter\.com/\S+|https?://\S+))+\s*$")
_LINK_RE = re.compile(r"pic\.twitter\.com/\S+|https?://\S+")
_POST_MAX_CHARS = 280
_POST_MAX_LINES = 6


@dataclass(frozen=True, slots=True)
class EmbeddedPost:
    """A post quoted in the article: its text lines and the signature naming the author."""

    lines: tuple[Span, ...]  # the post's text, one span per line, links and hashtags trimmed
    signature: Span
    author: str
    handle: str
    date: str | None
    platform: str
    line_texts: tuple[str, ...] = field(default=())


def find_embedded_posts(text: str, pars: list[Span] | None = None) -> list[EmbeddedPost]:
    """Posts embedded as text followed by a '— Name (@handle) Month D, YYYY' signature line.

    The post is the line above the signature; it spans more lines only when its last line ends in
    a media link or hashtag (how an embed with several line breaks renders), and only as far up
    as one post's length allows. Blank lines say nothing here: cleaners put one between every
    two paragraphs."""
    pars = paragraphs(text) if pars is None else pars
    posts: list[EmbeddedPost] = []
    used: set[int] = set()
    for index, par in enumerate(pars):
        line = text[par.start : par.end]
        match = _SIGNATURE_RE.match(line)
        if match is None:
            # the post and its signature on one line: "Thank you all. — Name (@handle) May 2, 2024"
            inline = _INLINE_SIGNATURE_RE.search(line)
            if inline is None or inline.start() == 0:
                continue
            body_end = par.start + inline.start()
            body_start, body_end = _trimmed(text, par.start, body_end)
            noise = _TRAILING_POST_NOISE_RE.search(text, body_start, body_end)
            if noise is not None:
                body_start, body_end = _trimmed(text, body_start, noise.start())
            if body_end <= body_start:
                continue
            used.add(index)
            posts.append(EmbeddedPost(
                lines=(Span(body_start, body_end),), signature=Span(par.start + inline.start(), par.end),
                author=_author(inline.group("name")), handle=inline.group("handle"),
                date=inline.group("date"), platform="Twitter",
                line_texts=(text[body_start:body_end],),
            ))
            continue
        if index == 0:
            continue
        chosen: list[Span] = []
        budget = _POST_MAX_CHARS
        multi_line = False
        j = index - 1
        while j >= 0 and j not in used:
            candidate = pars[j]
            line = text[candidate.start : candidate.end]
            if _SIGNATURE_RE.match(line):
                break
            if chosen and (not multi_line or len(chosen) >= _POST_MAX_LINES):
                break
            length = len(_LINK_RE.sub("", line))
            if length > budget:
                break
            if not chosen:
                multi_line = bool(_TRAILING_POST_NOISE_RE.search(line))
            chosen.insert(0, candidate)
            budget -= length
            j -= 1
        lines: list[Span] = []
        for span in chosen:
            raw = text[span.start : span.end]
            noise = _TRAILING_POST_NOISE_RE.search(raw)
            end = span.start + (noise.start() if noise else len(raw))
            start, end = _trimmed(text, span.start, end)
            if end > start:
                lines.append(Span(start, end))
        if not lines:
            continue
        used.update(range(j + 1, index + 1))
        platform = "Twitter"
        posts.append(
            EmbeddedPost(
                lines=tuple(lines),
                signature=par,
                author=_author(match.group("name")),
                handle=match.group("handle"),
                date=match.group("date"),
                platform=platform,
                line_texts=tuple(text[s.start : s.end] for s in lines),
            )
        )
    return posts

