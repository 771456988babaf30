"""Index documents and queries, engine-agnostic: the pure half of the store service.

Both engines (Tantivy embedded, OpenSearch) index the same flat document built here, so a claim
is searchable the same way whichever engine an operator runs.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from schemas import AttributionType, ClaimEvent, ClaimKind

TEXT_FIELDS = ("text", "quote", "sentence", "speaker", "entities")


class SearchQuery(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str = Field("", description="Free text over claim text, quote, sentence, speaker, entities.")
    speaker: str | None = Field(None, description="Every word must appear in the speaker's name.")
    outlet: str | None = None
    kind: ClaimKind | None = None
    attribution_type: AttributionType | None = Field(
        None, description="Only claims held this way: speech, belief, evidence or speech act.")
    published_from: date | None = None
    published_to: date | None = None
    limit: int = Field(10, ge=1, le=1000)


class SearchHit(BaseModel):
    model_config = ConfigDict(frozen=True)

    score: float
    claim: ClaimEvent


class RejectedClaim(BaseModel):
    """A claim the engine refused on its own merits (a value it cannot store), not because the
    engine is failing: it goes to the dead-letter topic and the rest of its batch is written."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    reason: str


class ClaimIndex(Protocol):
    """The port every search engine adapter implements.

    `upsert` returns the claims refused one by one (see RejectedClaim); an engine that cannot
    write at all raises instead, so the caller keeps the batch and retries it later."""

    def upsert(self, claims: list[ClaimEvent]) -> list[RejectedClaim]: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def search(self, query: SearchQuery) -> list[SearchHit]: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


def as_utc(moment: date | datetime | None) -> datetime | None:
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time.min)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def index_document(claim: ClaimEvent) -> dict[str, Any]:
    """Flatten a claim into the fields the engines index; `payload` keeps the whole event."""
    speaker = claim.speaker
    return {
        "claim_id": claim.claim_id,
        "article_id": claim.article_id,
        "kind": claim.kind.value,
        "attribution_type": claim.attribution_type.value if claim.attribution_type else "",
        "text": claim.text,
        "quote": claim.quote or "",
        "sentence": claim.evidence.sentence,
        "speaker": " ".join(dict.fromkeys(filter(None, [speaker.canonical, speaker.surface] if speaker else []))),
        "speaker_canonical": speaker.canonical if speaker else "",
        "outlet": claim.outlet or "",
        "via": claim.via or "",
        "entities": " ".join(alias for e in claim.entities for alias in dict.fromkeys([e.canonical, *e.aliases])),
        "hedged": claim.hedged,
        "published": as_utc(claim.published),
        "event_date": as_utc(claim.event_date.resolved if claim.event_date else None),
        "payload": claim.model_dump_json(),
    }


def claim_from_payload(payload: str) -> ClaimEvent:
    return ClaimEvent.model_validate(json.loads(payload))
