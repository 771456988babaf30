"""The wire contract: every message on every claimwire topic is one of these models.

Models are frozen and reject unknown fields, so a producer that drifts from the contract fails
loudly at the producer, not silently at some downstream consumer. Bump ``SCHEMA_VERSION`` (and
the versioned topic names in ``schemas.topics``) on any incompatible change.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


def stable_id(*parts: object, length: int = 24) -> str:
    """Deterministic identifier: the same parts always give the same id, on any machine."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


# --------------------------------------------------------------------------- raw articles


class SourceKind(StrEnum):
    file = "file"
    stdin = "stdin"
    http = "http"
    feed = "feed"


class ArticleSource(_Contract):
    kind: SourceKind
    uri: str | None = Field(None, description="File path, feed entry URL or HTTP client hint.")
    content_type: str | None = Field(None, description="text/plain, text/html, application/json ...")


class HomoglyphFix(_Contract):
    original: str
    repaired: str


class CleaningReport(_Contract):
    """What cleaning changed, so an analyst can audit the body that claims point into."""

    mojibake_repaired: bool = False
    homoglyph_fixes: list[HomoglyphFix] = Field(default_factory=list)
    removed_lines: list[str] = Field(default_factory=list, description="Site chrome dropped from the body.")
    dateline: str | None = Field(None, description="Dateline moved from the body into `published`.")


class RawArticle(_Contract):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    article_id: str = Field(description="Deterministic: normalised URL if present, else normalised content.")
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: datetime | None = Field(None, description="Publication time where the source states it.")
    language: str = "en"
    text: str = Field(description="Cleaned body text; claim evidence offsets index into this string.")
    source: ArticleSource
    cleaning: CleaningReport = Field(default_factory=CleaningReport)


# --------------------------------------------------------------------------- claims


class ClaimKind(StrEnum):
    direct_quote = "direct_quote"
    indirect_quote = "indirect_quote"
    numeric = "numeric"
    reported_event = "reported_event"


class SpeakerType(StrEnum):
    person = "person"
    organisation = "organisation"
    unknown = "unknown"


class Speaker(_Contract):
    canonical: str = Field(description="One name per real-world speaker across spellings and titles.")
    surface: str = Field(description="The speaker as written near the claim ('he', 'Mr Lukashenko').")
    type: SpeakerType = SpeakerType.unknown


Qualifier = Literal["more than", "at least", "up to", "about", "less than", "exactly"]


class Quantity(_Contract):
    value: float | None = Field(description="None for vague amounts such as 'thousands'.")
    unit: str | None = None
    qualifier: Qualifier | None = None
    subject: str | None = None
    surface: str = Field(description="The amount as written: 'more than 1,000 troops'.")


class EventDate(_Contract):
    raw: str = Field(description="The expression as written: 'on Monday', 'Oct. 23'.")
    resolved: date | None = Field(None, description="Resolved against the publication date where known.")


class EntityType(StrEnum):
    person = "person"
    organisation = "organisation"
    location = "location"
    other = "other"


class Entity(_Contract):
    canonical: str
    type: EntityType = EntityType.other
    aliases: list[str] = Field(default_factory=list, description="Surface forms merged into `canonical`.")


class Evidence(_Contract):
    start: int = Field(ge=0, description="Offset of the evidence sentence in RawArticle.text.")
    end: int = Field(ge=0)
    sentence: str = Field(description="Equals RawArticle.text[start:end].")

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        if self.end < self.start or self.end - self.start != len(self.sentence):
            raise ValueError("evidence end must be start + len(sentence)")
        return self


class ClaimEvent(_Contract):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    claim_id: str = Field(description="Deterministic: see `claim_id_for`.")
    article_id: str
    kind: ClaimKind
    text: str = Field(description="The claim: quoted words for direct quotes, the content span otherwise.")
    quote: str | None = Field(None, description="Verbatim quoted words, for direct quotes.")
    speaker: Speaker | None = Field(None, description="None where the outlet itself asserts the claim.")
    cue: str | None = Field(None, description="Reporting verb or phrase: 'said', 'according to'.")
    via: str | None = Field(None, description="Intermediary source: BelTA, Telegram, a newspaper.")
    quantities: list[Quantity] = Field(default_factory=list)
    hedged: bool = False
    hedges: list[str] = Field(default_factory=list, description="The hedge expressions found.")
    event_date: EventDate | None = None
    entities: list[Entity] = Field(default_factory=list)
    evidence: Evidence
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    extractor_version: str


def claim_id_for(article_id: str, kind: ClaimKind | str, span_start: int, span_end: int) -> str:
    """A claim is identified by where it sits in which article, not by the extractor's wording,
    so a replay or a re-extraction upserts the same document instead of adding a twin."""
    return stable_id(article_id, str(kind), span_start, span_end)


# --------------------------------------------------------------------------- dead letters


class DeadLetter(_Contract):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    dead_letter_id: str
    service: str = Field(description="ingest, extract, store or the embedded pipeline.")
    stage: str = Field(description="read, clean, validate, extract, index, publish ...")
    error_type: str
    error: str
    source_uri: str | None = Field(None, description="File path or URL for input that never reached Kafka.")
    source_topic: str | None = None
    source_partition: int | None = None
    source_offset: int | None = None
    key: str | None = None
    original_base64: str = Field(description="The original bytes, base64, so a replay can re-send them.")
    article_id: str | None = None
    occurred_at: datetime
