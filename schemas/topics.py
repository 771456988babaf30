"""Topic names are part of the contract: the version in the name changes with the schema."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from schemas.models import ClaimEvent, DeadLetter, RawArticle


@dataclass(frozen=True)
class Topic:
    name: str
    model: type[BaseModel]
    key: str  # the field messages are keyed (and so partitioned) by


RAW_ARTICLES = Topic("claimwire.articles.raw.v1", RawArticle, "article_id")
CLAIMS = Topic("claimwire.claims.v1", ClaimEvent, "article_id")
DEAD_LETTERS = Topic("claimwire.deadletter.v1", DeadLetter, "dead_letter_id")

ALL_TOPICS = (RAW_ARTICLES, CLAIMS, DEAD_LETTERS)
