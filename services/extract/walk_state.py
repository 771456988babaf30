"""What the walk over one article knows as it goes: the plan, the names and speakers met so far,
the drafts found, and which words are already claimed. Every step of the walk (attribution,
reported speech, formats, numbers) reads and updates one `WalkState`."""

from __future__ import annotations

import bisect
import logging
from itertools import accumulate
from typing import cast

from schemas.models import Speaker
from services.extract.article_names import ArticleNames
from services.extract.claims import Draft
from services.extract.plan import Plan, Sentence
from services.extract.quotes import Quote
from services.extract.speakers import CanonicalFn, SpeakerBook, SpeakerRef

log = logging.getLogger(__name__)

NO_QUOTE = 10**12  # the offset of 'no next quotation'


class WalkState:
    """The state of the second pass over one planned, parsed article."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.text = plan.text
        self.names = ArticleNames()
        self.book = SpeakerBook(cast(CanonicalFn, self.names.canonical))  # CanonicalFn is a class, not a Protocol
        self.quote_starts = [lo for lo, _ in plan.quoted]
        self.quote_ends = sorted(hi for _, hi in plan.quoted)
        # running maximum of the ends, in order of the starts
        self.quote_reach = list(accumulate((hi for _, hi in plan.quoted), max))
        self.drafts: list[Draft] = []
        self.attribution_cues: set[tuple[int, int]] = set()  # (sentence start, verb char) used by quotes
        self.spoken_pars: list[tuple[int, int]] = []  # (offset, paragraph) of notes, for continuation
        self.last_quote: tuple[Speaker, str | None, int] | None = None  # speaker, via, paragraph
        self.partial_quotes: list[Quote] = []
        self.unresolved_attribution = False  # a speech verb right after the quote named nobody
        self.answered: list[tuple[int, int]] = []  # interview answers, already claimed whole
        self.source_ranges: list[tuple[int, int]] = []  # who-said-it phrases: no numeric claims there

    def canonical(self, surface: str) -> str:
        return self.names.canonical(surface)

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self.plan.starts, offset) - 1
        if i < 0:
            return None
        sentence = self.plan.sentences[i]
        return sentence if sentence.span.start <= offset < max(sentence.span.end, offset + 1) else None

    def next_quote_open(self, offset: int) -> int:
        """Opening offset of the first quotation at or after `offset` (NO_QUOTE when none)."""
        at = bisect.bisect_left(self.quote_starts, offset)
        return self.quote_starts[at] if at < len(self.quote_starts) else NO_QUOTE

    def quoted_overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quoted ranges that overlap [start, end), in order, found by bisection."""
        quoted = self.plan.quoted
        stop = bisect.bisect_left(self.quote_starts, end)
        first = bisect.bisect_left(self.quote_starts, start)
        # ranges opened before `start` overlap only when they reach past it: walk back while the
        # running maximum of their ends says one still might
        back = first
        while back > 0 and self.quote_reach[back - 1] > start:
            back -= 1
        return [r for r in quoted[back:first] if r[1] > start] + list(quoted[first:stop])

    def in_quote(self, offset: int) -> bool:
        quoted = self.plan.quoted  # sorted, non-overlapping
        i = bisect.bisect_right(self.quote_starts, offset) - 1
        return i >= 0 and quoted[i][0] <= offset < quoted[i][1]

    def note(self, speaker: Speaker, offset: int, via: str | None, par: int) -> None:
        """`speaker` spoke at `offset`: the latest speaker, for pronouns and continuations."""
        self.book.note_spoken(speaker, offset, via)
        self.spoken_pars.append((offset, par))

    def resolve(self, ref: SpeakerRef | None) -> Speaker | None:
        if ref is None:
            return None
        try:
            return self.book.resolve(ref)
        except Exception:
            log.debug("speaker resolution failed for %r", ref, exc_info=True)
            return None
