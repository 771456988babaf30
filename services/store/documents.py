"""Index documents and queries, engine-agnostic: the pure half of the store service.

Both engines (Tantivy embedded, OpenSearch) index the same flat document built here, so a claim
is searchable the same way whichever engine an operator runs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import UTC, date, datetime, time
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from schemas import AttributionType, ClaimEvent, ClaimKind

TEXT_FIELDS = ("text", "quote", "sentence", "speaker", "entities")
# An empty text field holds this one word instead. BM25 divides by the average field length, and the
# engines average over different documents: Tantivy over all of them, OpenSearch (Lucene) over those
# that have the field. With no field ever empty the two averages agree, and so do the two rankings.
# Nobody searches for it; one who does finds the claims without a quote, a speaker or entities.
EMPTY_FIELD_MARKER = "claimwirenone"
# facet name -> the exact-value field both engines count it on
FACET_FIELDS = {"speaker": "speaker_canonical", "outlet": "outlet_name", "kind": "kind", "entity": "entity_names"}
FACET_SIZE = 10
Sort = Literal["relevance", "date"]


class SearchQuery(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str = Field("", description="Free text over claim text, quote, sentence, speaker, entities.")
    speaker: str | None = Field(None, description="Every word must appear in the speaker's name.")
    outlet: str | None = None
    kind: ClaimKind | None = None
    attribution_type: AttributionType | None = Field(
        None, description="Only claims held this way: speech, belief, evidence or speech act.")
    entity: str | None = Field(None, description="Only claims naming this entity (its canonical name, exact).")
    hedged: bool | None = Field(None, description="Only hedged claims (true) or only unhedged ones (false).")
    published_from: date | None = None
    published_to: date | None = None
    event_from: date | None = Field(None, description="Only claims whose event date is on or after this day.")
    event_to: date | None = Field(None, description="Only claims whose event date is on or before this day.")
    sort: Sort = Field("relevance", description="relevance (best first) or date (newest published first).")
    cursor: str | None = Field(None, description="The previous page's next_cursor, for the page after it.")
    facets: bool = Field(False, description="Count the matching claims by speaker, outlet, kind and entity.")
    limit: int = Field(10, ge=1, le=1000)


class SearchHit(BaseModel):
    model_config = ConfigDict(frozen=True)

    score: float
    claim: ClaimEvent
    highlights: list[str] = Field(default_factory=list, description="The claim's text with matched words in <b>.")


class FacetCount(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: str
    count: int


class SearchPage(BaseModel):
    """One page of hits, the cursor to the next (None on the last page), and facets when asked for."""

    model_config = ConfigDict(frozen=True)

    hits: list[SearchHit]
    next_cursor: str | None = None
    facets: dict[str, list[FacetCount]] = Field(default_factory=dict)


class BadCursor(ValueError):
    """A cursor this store did not hand out (or one for another sort)."""


def _query_key(query: SearchQuery) -> str:
    """What a cursor is valid for: the query without its cursor, page size and facets."""
    shape = query.model_dump_json(exclude={"cursor", "limit", "facets"})
    return hashlib.sha256(shape.encode()).hexdigest()[:16]


def encode_cursor(query: SearchQuery, after: Any) -> str:
    """An opaque, URL-safe cursor: the engine's position `after` the last hit of a page of `query`."""
    position = {"query": _query_key(query), "after": after}
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(query: SearchQuery) -> Any:
    """The position a query's cursor carries (None without one); BadCursor for one it did not hand out."""
    if not query.cursor:
        return None
    try:
        position = json.loads(base64.urlsafe_b64decode(query.cursor + "=" * (-len(query.cursor) % 4)))
    except (ValueError, binascii.Error) as error:
        raise BadCursor(f"not a cursor of this store: {query.cursor!r}") from error
    if not isinstance(position, dict) or position.get("query") != _query_key(query):
        raise BadCursor("the cursor belongs to another query or sort: start again without it")
    return position.get("after")


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

    def page(self, query: SearchQuery) -> SearchPage: ...

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
    document: dict[str, Any] = {
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
        "entity_names": sorted({e.canonical for e in claim.entities}),
        "outlet_name": claim.outlet or "",
        "hedged": claim.hedged,
        "published": _to_the_second(as_utc(claim.published)),
        "event_date": as_utc(claim.event_date.resolved if claim.event_date else None),
        "payload": claim.model_dump_json(),
    }
    for name in TEXT_FIELDS:
        document[name] = document[name] or EMPTY_FIELD_MARKER
    return document


def _to_the_second(moment: datetime | None) -> datetime | None:
    """Tantivy keeps dates to the second; OpenSearch is given the same, so both order by date alike."""
    return moment.replace(microsecond=0) if moment is not None else None


def claim_from_payload(payload: str) -> ClaimEvent:
    return ClaimEvent.model_validate(json.loads(payload))
