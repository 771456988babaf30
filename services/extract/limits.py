"""Work bounds for the claim extractor: no article may hold it for long, whatever its content.

The extraction core never reads the environment: `ExtractionLimits.from_settings` is the one place
settings (``max_article_chars``, ``max_claims_per_article``) become its bounds, called by the
composition root (`claimwire/bootstrap.py`) and the worker, which hand them to ``extract_claims`` /
``extract_many``. The defaults are what the core uses when given none.

Measured on the project's own news (seeds, examples, bench corpus, attribution development set):
the longest sentence is under 300 characters and the longest paragraph under 800, so the bounds
below leave several times that headroom and change no claim on normal text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.shared.config import Settings


@dataclass(frozen=True, slots=True)
class ExtractionLimits:
    # Text beyond this many characters is not extracted (the cut falls back to the last line
    # break or space in the final stretch before it, so no word is halved).
    max_chars: int = 100_000
    # A sentence longer than this is never given to the parser (it is still scanned by rule for
    # quotations, amounts, hedges and dates). News sentences are well under 300 characters; a
    # 1,500-character one parses in about 40 ms here, a 100,000-character one in seconds and
    # hundreds of megabytes.
    max_sentence_chars: int = 1_500
    # All the sentences of one article given to the parser come to at most this many characters
    # (in text order; the rest is read by rule). The project's news articles send it at most
    # 1,600; 30,000 characters of dense quotation (every sentence parsed, with names
    # recognised) take about 1.5 s here, 50,000 about 3 s.
    max_parse_chars: int = 30_000
    # Names fed to the per-article alias resolver and speaker memory: the first this many distinct
    # names, and at most `max_mentions` mentions in all (the project's news has under 25 distinct
    # names an article; matching a new name compares it with every name before it).
    max_names: int = 250
    max_mentions: int = 3_000
    # At most this many claims per article (the first ones, in text order).
    max_claims: int = 1_000
    # At most this many quantities per claim (the first ones): a sentence of 50,000 numbers would
    # otherwise make one claim event of several megabytes, over what the claims topic accepts.
    max_quantities: int = 100

    @classmethod
    def from_settings(cls, settings: Settings) -> ExtractionLimits:
        return cls(max_chars=settings.max_article_chars, max_claims=settings.max_claims_per_article)

    def __post_init__(self) -> None:
        for name in ("max_chars", "max_sentence_chars", "max_parse_chars", "max_names", "max_mentions", "max_claims",
                     "max_quantities"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


DEFAULT_LIMITS = ExtractionLimits()


def cut_text(text: str, max_chars: int) -> str:
    """The text up to `max_chars`, ended at a line break or a space in the last tenth before the
    limit when there is one (never mid-word when that can be helped)."""
    if len(text) <= max_chars:
        return text
    floor = max_chars - max_chars // 10
    for sep in ("\n", " "):
        at = text.rfind(sep, floor, max_chars + 1)
        if at > 0:
            return text[:at]
    return text[:max_chars]
