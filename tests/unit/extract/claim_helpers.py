"""Small helpers the extractor's step tests share: an article from text, and claims by kind."""

from __future__ import annotations

from typing import Any

from schemas.models import ArticleSource, ClaimEvent, ClaimKind, RawArticle, SourceKind


def article(text: str, article_id: str = "a1", **fields: Any) -> RawArticle:
    return RawArticle(article_id=article_id, text=text, source=ArticleSource(kind=SourceKind.stdin), **fields)


def direct(claims: list[ClaimEvent]) -> dict[str, str]:
    """Each quoted span's words -> its speaker's canonical name: the parts of direct quotes ('“A,” he
    said, “B”' gives A and B) and the quoted words inside reported speech."""
    return {part.text: c.speaker.canonical for c in claims if c.speaker is not None for part in c.parts}


def quoted_parts(claims: list[ClaimEvent]) -> list[tuple[str, ClaimEvent]]:
    """(words, claim) of every quoted span of every claim with a speaker, in text order."""
    return [(part.text, c) for c in claims if c.speaker is not None for part in c.parts]


def indirect(claims: list[ClaimEvent]) -> list[tuple[str, str | None, str]]:
    """(speaker, cue, text) of each indirect quote."""
    return [(c.speaker.canonical, c.cue, c.text) for c in claims
            if c.kind is ClaimKind.indirect_quote and c.speaker is not None]
