"""Embedded search engine adapter: Tantivy in a directory on disk.

Tantivy allows one writer per index directory; an `IndexWriter` holds a lock file until it is
dropped, so the store keeps one writer for its lifetime and releases it in `close()`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

import tantivy

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

_WRITER_HEAP_BYTES = 64 * 1024 * 1024


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for raw in ("article_id", "attribution_type"):
        builder.add_text_field(raw, stored=True, tokenizer_name="raw")
    # facets read fast fields; so does the claim id order of hits that score alike
    for counted in ("claim_id", "kind", "speaker_canonical", "outlet_name", "entity_names"):
        builder.add_text_field(counted, stored=True, tokenizer_name="raw", fast=True)
    for text in TEXT_FIELDS:  # the claim's own text is stored for its highlights
        builder.add_text_field(text, stored=text == "text", tokenizer_name="en_stem")
    builder.add_text_field("outlet", stored=False, tokenizer_name="default")
    builder.add_text_field("via", stored=False, tokenizer_name="default")
    builder.add_boolean_field("hedged", stored=False, indexed=True)
    builder.add_date_field("published", stored=False, indexed=True, fast=True)
    builder.add_date_field("event_date", stored=False, indexed=True, fast=True)
    builder.add_text_field("payload", stored=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


class IndexSchemaMismatch(RuntimeError):
    """The directory holds an index with other fields than this version writes."""


class TantivyClaimIndex:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self._schema = _schema()
        try:
            self._index = tantivy.Index(self._schema, path=str(directory), reuse=True)
        except ValueError as error:
            if "schema does not match" not in str(error):
                raise
            raise IndexSchemaMismatch(
                f"the index at {directory} was written by an older claimwire with other fields; move it "
                "aside and rebuild it (re-run `claimwire run`, or replay the claims topic into the store)"
            ) from error
        self._writer: tantivy.IndexWriter | None = None

    def _get_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self._index.writer(heap_size=_WRITER_HEAP_BYTES, num_threads=1)
        return self._writer

    def upsert(self, claims: list[ClaimEvent]) -> list[RejectedClaim]:
        """Delete-then-add by claim_id inside one uncommitted batch: replays never add twins.

        A document Tantivy refuses to build (a date outside 1677-2262, say) is rejected alone; an
        error from the writer itself (lock held, disk full) raises, since it is not the claim's."""
        writer = self._get_writer()
        rejected: list[RejectedClaim] = []
        for claim in claims:
            try:
                document = _tantivy_document(claim)
            except (ValueError, TypeError, OverflowError) as error:
                rejected.append(RejectedClaim(claim_id=claim.claim_id, reason=f"{type(error).__name__}: {error}"))
                continue
            writer.delete_documents_by_term("claim_id", claim.claim_id)
            writer.add_document(document)
        return rejected

    def commit(self) -> None:
        """Durable on return: Tantivy fsyncs segment files and meta.json on commit."""
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self._index.reload()

    def count(self) -> int:
        self._index.reload()
        return self._index.searcher().num_docs

    def search(self, query: SearchQuery) -> list[SearchHit]:
        return self.page(query).hits

    def page(self, query: SearchQuery) -> SearchPage:
        """A page of hits. The cursor is the offset of the next page: Tantivy reads any depth."""
        offset = int(decode_cursor(query) or 0)
        self._index.reload()
        searcher = self._index.searcher()
        tantivy_query = self._build_query(query)
        end = offset + query.limit + 1  # one hit past the page tells whether another page follows
        ranked = _ranked(searcher, self._schema, tantivy_query, query, offset, end)
        snippets = (tantivy.SnippetGenerator.create(searcher, self._text_query(query.text), self._schema, "text")
                    if query.text.strip() else None)
        hits = []
        for key, address in ranked[offset: end - 1]:
            document = searcher.doc(address)
            highlights = []
            if snippets is not None:
                snippet = snippets.snippet_from_doc(document)
                if snippet.highlighted():
                    highlights.append(snippet.to_html())
            hits.append(SearchHit(score=float(key) if snippets is not None and query.sort == "relevance" else 0.0,
                                  claim=claim_from_payload(document["payload"][0]), highlights=highlights))
        more = len(ranked) >= end
        return SearchPage(hits=hits, next_cursor=encode_cursor(query, end - 1) if more else None,
                          facets=self._facets(searcher, tantivy_query) if query.facets else {})

    def _facets(self, searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, list[FacetCount]]:
        spec = {name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in FACET_FIELDS.items()}
        result = searcher.aggregate(query, spec)
        return {name: [FacetCount(value=str(bucket["key"]), count=int(bucket["doc_count"]))
                       for bucket in result.get(name, {}).get("buckets", []) if str(bucket["key"])]
                for name in FACET_FIELDS}

    def rollback(self) -> None:
        """Drop what was upserted since the last commit (and the writer's lock with it)."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.rollback()

    def close(self) -> None:
        self.rollback()

    def _text_query(self, text: str) -> tantivy.Query:
        return self._index.parse_query_lenient(text, list(TEXT_FIELDS))[0]

    def _build_query(self, query: SearchQuery) -> tantivy.Query:
        """The free text scores; every filter only narrows (a constant 0), as in OpenSearch's filter context."""
        must: list[tantivy.Query] = []
        for field, words in (("speaker", query.speaker), ("outlet", query.outlet)):
            if words and words.strip():
                # Every word of the filter must occur, so "Lukashenko" finds "Alexander Lukashenko".
                must.append(self._index.parse_query_lenient(words, [field], conjunction_by_default=True)[0])
        if query.kind is not None:
            must.append(tantivy.Query.term_query(self._schema, "kind", query.kind.value))
        if query.attribution_type is not None:
            must.append(tantivy.Query.term_query(self._schema, "attribution_type", query.attribution_type.value))
        if query.entity:
            must.append(tantivy.Query.term_query(self._schema, "entity_names", query.entity))
        if query.hedged is not None:
            must.append(tantivy.Query.term_query(self._schema, "hedged", query.hedged))
        for field, start, end in (("published", query.published_from, query.published_to),
                                  ("event_date", query.event_from, query.event_to)):
            if start or end:
                must.append(tantivy.Query.range_query(
                    self._schema, field, tantivy.FieldType.Date,
                    as_utc(start) or tantivy.MIN_DATETIME, _end_of_day(end) or tantivy.MAX_DATETIME))
        scored = [self._text_query(query.text)] if query.text.strip() else []
        clauses = scored + [tantivy.Query.const_score_query(q, 0.0) for q in must]
        if not clauses:
            return tantivy.Query.all_query()
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in clauses])


Hit = tuple[Any, tantivy.DocAddress]
# Hits that score alike are put in claim id order by reading each one's id. A run of more than this
# many keeps Tantivy's own order (by address) rather than make one query read thousands of documents.
# A run that reaches into a page is seen whole when it is this short, so the rule is the same for
# every page of a query: its pages never overlap.
TIED_SCORES_READ = 1_000


def _ranked(searcher: tantivy.Searcher, schema: tantivy.Schema, query: tantivy.Query, search: SearchQuery,
            start: int, end: int) -> list[Hit]:
    """The first `end` hits in the order OpenSearch gives them: best score (or newest) first, and
    equal scores (or dates) by claim id, so that both engines page through the same claims alike.
    Only the runs of equal keys that reach into the page (`start`..`end`) are put in order."""

    def search_by(limit: int, within: tantivy.Query = query, field: str | None = None,
                  order: tantivy.Order = tantivy.Order.Desc) -> list[Hit]:
        return list(searcher.search(within, limit=limit, order_by_field=field, order=order).hits)

    if search.sort == "relevance" and not search.text.strip():  # every hit scores alike
        return search_by(end, field="claim_id", order=tantivy.Order.Asc)
    # by score, one search deep enough to see where a run of equal scores at the page's end stops
    hits = search_by(end, field="published") if search.sort == "date" else search_by(end + TIED_SCORES_READ)
    ordered: list[Hit] = []
    for key, run in groupby(hits, key=lambda hit: hit[0]):
        alike = list(run)
        if len(alike) > 1 and len(ordered) + len(alike) > start:
            if search.sort == "date":  # the claims published at that second, by id, as many as the page needs
                alike = search_by(end - len(ordered), _published_at(schema, query, key), "claim_id",
                                  tantivy.Order.Asc)
            elif len(alike) <= TIED_SCORES_READ:
                alike.sort(key=lambda hit: searcher.doc(hit[1])["claim_id"][0])
            else:  # too long to read (and maybe cut short): by address, the same order at any page depth
                alike.sort(key=lambda hit: (hit[1].segment_ord, hit[1].doc))
        ordered += alike
        if len(ordered) >= end:
            break
    return ordered[:end]


def _published_at(schema: tantivy.Schema, query: tantivy.Query, nanoseconds: int | None) -> tantivy.Query:
    """`query`, narrowed to the claims published at that second (or to those with no date)."""
    if nanoseconds is None:
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query),
                                            (tantivy.Occur.MustNot, tantivy.Query.exists_query("published"))])
    moment = datetime.fromtimestamp(nanoseconds // 1_000_000_000, tz=UTC)
    at = tantivy.Query.range_query(schema, "published", tantivy.FieldType.Date, moment, moment)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, at)])


def _tantivy_document(claim: ClaimEvent) -> tantivy.Document:
    fields = {name: value if isinstance(value, list) else [value]
              for name, value in index_document(claim).items() if value is not None and value != []}
    return tantivy.Document(**fields)


def _end_of_day(day):
    moment = as_utc(day)
    return moment.replace(hour=23, minute=59, second=59) if moment else None
