"""Small helpers the extractor's step tests share: an article from text, and claims by kind."""

from __future__ import annotations

from typing import Any

from schemas.models import ArticleSource, ClaimEvent, ClaimKind, RawArticle, SourceKind


def article(text: str, article_id: str = "a1", **fields: Any) -> RawArticle:
    return RawArticle(article_id=article_id, text=text, source=ArticleSource(kind=SourceKind.stdin), **fields)


def direct(claims: list[ClaimEvent]) -> dict[str, str]:
    """Each direct quote's words -> its speaker's canonical name."""
    return {c.quote: c.speaker.canonical for c in claims
            if c.kind is ClaimKind.direct_quote and c.quote is not None and c.speaker is not None}


def indirect(claims: list[ClaimEvent]) -> list[tuple[str, str | None, str]]:
    """(speaker, cue, text) of each indirect quote."""
    return [(c.speaker.canonical, c.cue, c.text) for c in claims
            if c.kind is ClaimKind.indirect_quote and c.speaker is not None]
