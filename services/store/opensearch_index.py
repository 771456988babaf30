"""Search engine adapter for a cluster: OpenSearch, through opensearch-py.

Claims live in a versioned index (``claimwire-claims-v1``) behind an alias (``claimwire-claims``, or the
one given), so a
mapping can change by reindexing into ``-v2`` and moving the alias. The mapping is explicit and comes
from an index template, so an index created by hand or by a dashboard gets the same fields.

Writes are bulk index operations with the document id = ``claim_id``: a replay overwrites, never
doubles. ``upsert`` returns once the bulk response has answered every item; OpenSearch fsyncs its
translog before it answers (``index.translog.durability: request``, the default), so a write it
acknowledged survives a crash. An item the cluster refuses on its merits (a value the mapping cannot
take) is a RejectedClaim; an item refused because the cluster is busy or failing (429, 5xx) is retried
with capped exponential backoff by the bulk helper, and if it still fails the whole call raises, so
the consumer keeps its batch and its offsets uncommitted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from opensearchpy import OpenSearch, helpers

from schemas import ClaimEvent
from services.store.documents import (
    FACET_FIELDS,
    FACET_SIZE,
    TEXT_FIELDS,
    FacetCount,
    RejectedClaim,
    SearchHit,
    SearchPage,
    SearchQuery,
    as_utc,
    claim_from_payload,
    decode_cursor,
    encode_cursor,
    index_document,
)

ALIAS = "claimwire-claims"
INDEX_VERSION = 1
BULK_CHUNK = 500
MAX_RETRIES = 5  # a 429 is retried after 2, 4, 8, 16, 32 s at most (capped below)
INITIAL_BACKOFF_S = 2
MAX_BACKOFF_S = 30

_KEYWORDS = ("claim_id", "article_id", "kind", "attribution_type", "speaker_canonical", "outlet_name", "entity_names")


# Tantivy's analysers, rebuilt in OpenSearch so that both engines cut and stem words alike and rank the
# same claims in the same order: its "default" tokenizer splits on every character that is not a letter
# or a digit, drops tokens over 40 bytes and lowercases; "en_stem" adds the Snowball English stemmer.
ANALYSIS: dict[str, Any] = {
    "tokenizer": {"claimwire_letters_and_digits": {"type": "pattern", "pattern": "[^\\p{L}\\p{N}]+"}},
    "filter": {"claimwire_short": {"type": "length", "max": 40},
               "claimwire_snowball": {"type": "stemmer", "language": "porter2"}},
    "analyzer": {
        "claimwire_words": {"type": "custom", "tokenizer": "claimwire_letters_and_digits",
                            "filter": ["claimwire_short", "lowercase"]},
        "claimwire_english": {"type": "custom", "tokenizer": "claimwire_letters_and_digits",
                              "filter": ["claimwire_short", "lowercase", "claimwire_snowball"]},
    },
}


def versioned_index(alias: str = ALIAS, version: int = INDEX_VERSION) -> str:
    return f"{alias}-v{version}"


def mappings() -> dict[str, Any]:
    """The explicit mapping: keywords for ids and filters, English-analysed text for what is searched,
    dates, and the whole event kept in `payload` (not indexed)."""
    properties: dict[str, Any] = {name: {"type": "keyword"} for name in _KEYWORDS}
    properties.update({name: {"type": "text", "analyzer": "claimwire_english"} for name in TEXT_FIELDS})
    for name in ("outlet", "via"):
        properties[name] = {"type": "text", "analyzer": "claimwire_words", "fields": {"raw": {"type": "keyword"}}}
    properties["speaker_canonical"] = {"type": "keyword"}
    properties["hedged"] = {"type": "boolean"}
    properties["published"] = {"type": "date"}
    properties["event_date"] = {"type": "date"}
    properties["payload"] = {"type": "keyword", "index": False, "doc_values": False}
    # nested, so that a dashboard's "more than 1,000 troops" matches one quantity's qualifier, value
    # and unit together, not three quantities of the same claim
    properties["quantities"] = {"type": "nested", "properties": {
        "value": {"type": "double"}, "unit": {"type": "keyword"}, "qualifier": {"type": "keyword"},
        "subject": {"type": "text", "analyzer": "claimwire_english"},
        "surface": {"type": "text", "analyzer": "claimwire_english"}}}
    return {"dynamic": "strict", "properties": properties}


def index_template(alias: str = ALIAS) -> dict[str, Any]:
    return {
        "index_patterns": [f"{alias}-v*"],
        "template": {"settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": ANALYSIS},
                     "mappings": mappings()},
    }


class OpenSearchClaimIndex:
    """The ClaimIndex port over an OpenSearch cluster (``url``: ``http://host:9200``)."""

    def __init__(self, url: str, *, alias: str = ALIAS, client: OpenSearch | None = None, replicas: int = 0) -> None:
        self.url = url
        self.alias = alias
        self._client = client or OpenSearch(hosts=[url], timeout=30, max_retries=3, retry_on_timeout=True)
        self._replicas = replicas
        self._ensure_index()

    def _ensure_index(self) -> None:
        """The template, and the alias with its versioned index, created when missing."""
        template = index_template(self.alias)
        template["template"]["settings"]["number_of_replicas"] = self._replicas
        self._client.indices.put_index_template(name=self.alias, body=template)
        if not self._client.indices.exists_alias(name=self.alias):
            index = versioned_index(self.alias)
            if not self._client.indices.exists(index=index):
                self._client.indices.create(index=index)
            self._client.indices.put_alias(index=index, name=self.alias)
        self._client.cluster.health(index=self.alias, params={"wait_for_status": "yellow"})  # up to 30 s

    def upsert(self, claims: list[ClaimEvent]) -> list[RejectedClaim]:
        """Index every claim by its id; the claims the cluster refused on their merits."""
        rejected: list[RejectedClaim] = []
        actions = []
        for claim in claims:
            try:
                source = _opensearch_document(claim)
            except (ValueError, TypeError, OverflowError) as error:
                rejected.append(RejectedClaim(claim_id=claim.claim_id, reason=f"{type(error).__name__}: {error}"))
                continue
            actions.append({"_op_type": "index", "_index": self.alias, "_id": claim.claim_id, "_source": source})
        failures = []
        for ok, item in helpers.streaming_bulk(
            self._client, actions, chunk_size=BULK_CHUNK, max_retries=MAX_RETRIES,
            initial_backoff=INITIAL_BACKOFF_S, max_backoff=MAX_BACKOFF_S, raise_on_error=False,
            raise_on_exception=True,
        ):
            if ok:
                continue
            result = item.get("index", {})
            status = int(result.get("status", 500))
            problem = result.get("error", {})
            reason = (f"{problem.get('type', 'error')}: {problem.get('reason', '')}" if isinstance(problem, dict)
                      else str(problem))
            if status == 400:  # the document itself: mapping, parsing
                rejected.append(RejectedClaim(claim_id=str(result.get("_id", "")), reason=reason))
            else:
                failures.append(f"{result.get('_id')}: HTTP {status} {reason}")
        if failures:
            raise OpenSearchWriteFailed(f"{len(failures)} of {len(actions)} claims not written: {failures[0]}")
        return rejected

    def commit(self) -> None:
        """Make what was written searchable; it is already durable (see the module's docstring)."""
        self._client.indices.refresh(index=self.alias)

    def rollback(self) -> None:
        """Nothing to undo: every write is an overwrite by claim_id, so the retried batch writes the same."""

    def count(self) -> int:
        self._client.indices.refresh(index=self.alias)
        return int(self._client.count(index=self.alias)["count"])

    def search(self, query: SearchQuery) -> list[SearchHit]:
        return self.page(query).hits

    def page(self, query: SearchQuery) -> SearchPage:
        """A page of hits; the cursor is the last hit's sort values, for `search_after` (no depth limit)."""
        after = decode_cursor(query)
        body: dict[str, Any] = {"query": build_query(query), "size": query.limit + 1, "sort": _SORTS[query.sort],
                                "track_total_hits": False}
        if after is not None:
            body["search_after"] = after
        if query.text.strip():
            body["highlight"] = {"fields": {"text": {"number_of_fragments": 0}}, "pre_tags": ["<b>"],
                                 "post_tags": ["</b>"]}
        if query.facets:
            body["aggs"] = {name: {"terms": {"field": field, "size": FACET_SIZE}}
                            for name, field in FACET_FIELDS.items()}
        answer = self._client.search(index=self.alias, body=body)
        found = answer["hits"]["hits"]
        scored = query.sort == "relevance" and bool(query.text.strip())
        hits = [SearchHit(score=float(hit.get("_score") or 0.0) if scored else 0.0,
                          claim=claim_from_payload(hit["_source"]["payload"]),
                          highlights=hit.get("highlight", {}).get("text", []))
                for hit in found[: query.limit]]
        more = len(found) > query.limit
        facets = {name: [FacetCount(value=str(bucket["key"]), count=int(bucket["doc_count"]))
                         for bucket in answer.get("aggregations", {}).get(name, {}).get("buckets", [])
                         if str(bucket["key"])]
                  for name in FACET_FIELDS} if query.facets else {}
        return SearchPage(hits=hits, next_cursor=encode_cursor(query, found[query.limit - 1]["sort"]) if more else None,
                          facets=facets)

    def close(self) -> None:
        self._client.close()


class OpenSearchWriteFailed(RuntimeError):
    """The cluster did not write some claims for reasons of its own (busy, failing): retry the batch."""


# Every sort ends on the claim id, so hits with equal scores or dates keep one order across pages.
_SORTS: dict[str, list[Any]] = {
    "relevance": [{"_score": "desc"}, {"claim_id": "asc"}],
    "date": [{"published": {"order": "desc", "missing": "_last"}}, {"claim_id": "asc"}],
}


def build_query(query: SearchQuery) -> dict[str, Any]:
    """The query the Tantivy adapter builds, in OpenSearch's DSL: free text over the text fields, every
    word of a speaker or outlet filter, exact kind and attribution type, a published date range."""
    must: list[dict[str, Any]] = []
    filters: list[dict[str, Any]] = []
    if query.text.strip():
        # most_fields adds the fields' scores, as Tantivy's query parser does
        must.append({"multi_match": {"query": query.text, "fields": list(TEXT_FIELDS), "type": "most_fields"}})
    for field, words in (("speaker", query.speaker), ("outlet", query.outlet)):
        if words and words.strip():
            filters.append({"match": {field: {"query": words, "operator": "and"}}})
    if query.kind is not None:
        filters.append({"term": {"kind": query.kind.value}})
    if query.attribution_type is not None:
        filters.append({"term": {"attribution_type": query.attribution_type.value}})
    if query.entity:
        filters.append({"term": {"entity_names": query.entity}})
    if query.hedged is not None:
        filters.append({"term": {"hedged": query.hedged}})
    for field, start, end in (("published", query.published_from, query.published_to),
                              ("event_date", query.event_from, query.event_to)):
        if start or end:
            bounds: dict[str, str] = {}
            if start:
                bounds["gte"] = _iso(as_utc(start))
            if end:
                last = as_utc(end)
                bounds["lte"] = _iso(last.replace(hour=23, minute=59, second=59) if last else None)
            filters.append({"range": {field: bounds}})
    if not must and not filters:
        return {"match_all": {}}
    return {"bool": {"must": must or [{"match_all": {}}], "filter": filters}}


def _iso(moment: datetime | None) -> str:
    assert moment is not None
    return moment.isoformat()


def _opensearch_document(claim: ClaimEvent) -> dict[str, Any]:
    document = index_document(claim)
    for name in ("published", "event_date"):
        moment = document.get(name)
        document[name] = moment.isoformat() if moment is not None else None
    document["quantities"] = [quantity.model_dump(mode="json") for quantity in claim.quantities]
    return document
