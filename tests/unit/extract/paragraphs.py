"""Helpers for attribution tests written as short paragraphs: extract a batch of texts as separate
articles and read back who said what."""

from __future__ import annotations

from schemas.models import ArticleSource, ClaimEvent, ClaimKind, RawArticle, SourceKind
from services.extract.extractor import extract_many


def claims_of(*texts: str, prefix: str = "p") -> list[list[ClaimEvent]]:
    """Each text as its own article; the claims of each, in order."""
    articles = [RawArticle(article_id=f"{prefix}{i}", text=t, source=ArticleSource(kind=SourceKind.stdin))
                for i, t in enumerate(texts)]
    return list(extract_many(articles))


def reported(claims: list[ClaimEvent]) -> list[tuple[str, str]]:
    """(canonical speaker, content) of every attributed reported-speech claim."""
    return [(c.speaker.canonical, c.text) for c in claims
            if c.kind is ClaimKind.indirect_quote and c.speaker is not None]
