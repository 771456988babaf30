"""One contract, run against both engines behind the ClaimIndex port: embedded Tantivy and a real
OpenSearch node. The same claims give the same hits for the same filters, replays never double a
document, and uncommitted or refused writes behave as the port says."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest

from claimwire.pipeline import EmbeddedPipeline, input_files
from schemas import AttributionType, ClaimEvent, ClaimKind, Entity, EntityType, EventDate
from services.shared.deadletters import JsonlDeadLetterSink
from services.store.documents import BadCursor, ClaimIndex, SearchQuery
from services.store.opensearch_index import OpenSearchClaimIndex, versioned_index
from services.store.tantivy_index import TantivyClaimIndex
from tests.conftest import EXAMPLES_DIR
from tests.unit.store.test_tantivy_index import claim, ids

pytestmark = pytest.mark.usefixtures("local_launcher_ready")

PORT = Entity(canonical="Port of Valmar", type=EntityType.location, aliases=["the port"])
UNION = Entity(canonical="Dockers Union", type=EntityType.organisation)
CLAIMS = [
    claim(1, "more than 2,000 dock workers joined the strike", "Maria Lopes").model_copy(
        update={"entities": [PORT, UNION], "event_date": EventDate(raw="on Monday", resolved=date(2025, 3, 3))}),
    claim(2, "the port authority lost up to $3 million a day", "Port Authority of Valmar", outlet="Coastal Wire",
          published=datetime(2025, 3, 9)).model_copy(update={"entities": [PORT], "hedged": True,
                                                             "hedges": ["up to"]}),
    claim(3, "cranes stood idle", None, kind=ClaimKind.reported_event),
    claim(4, "the dispute would spread to the ferries", "Nadia Brook", attribution_type=AttributionType.belief
          ).model_copy(update={"event_date": EventDate(raw="next week", resolved=date(2025, 3, 12))}),
]


@pytest.fixture(params=["tantivy", "opensearch"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ClaimIndex]:
    if request.param == "tantivy":
        index: ClaimIndex = TantivyClaimIndex(tmp_path / "index")
        yield index
        index.close()
        return
    url = request.getfixturevalue("opensearch_url")
    alias = f"contract-{uuid.uuid4().hex[:8]}"  # every test its own alias and index on the shared node
    opensearch = OpenSearchClaimIndex(url, alias=alias)
    try:
        yield opensearch
    finally:
        opensearch.close()
        httpx.delete(f"{url}/{versioned_index(alias)}", timeout=30)
        httpx.delete(f"{url}/_index_template/{alias}", timeout=30)


@pytest.fixture
def filled(engine: ClaimIndex) -> ClaimIndex:
    assert engine.upsert(CLAIMS) == []
    engine.commit()
    return engine


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (SearchQuery(text="workers"), {1}),
        (SearchQuery(text="worker"), {1}),  # stemmed
        (SearchQuery(speaker="lopes"), {1}),
        (SearchQuery(speaker="maria lopes", text="million"), set()),
        (SearchQuery(outlet="coastal wire"), {2}),
        (SearchQuery(kind=ClaimKind.reported_event), {3}),
        (SearchQuery(attribution_type=AttributionType.belief), {4}),
        (SearchQuery(attribution_type=AttributionType.speech), {1, 2}),
        (SearchQuery(attribution_type=AttributionType.evidence), set()),
        (SearchQuery(published_from=date(2025, 3, 6)), {2}),
        (SearchQuery(published_to=date(2025, 3, 5)), {1, 3, 4}),
        (SearchQuery(), {1, 2, 3, 4}),
        (SearchQuery(text='"unbalanced (quote AND'), set()),  # any text is a query, never an error
        (SearchQuery(entity="Port of Valmar"), {1, 2}),
        (SearchQuery(entity="Dockers Union", text="strike"), {1}),
        (SearchQuery(entity="Port"), set()),  # an entity filter is its exact canonical name
        (SearchQuery(hedged=True), {2}),
        (SearchQuery(hedged=False), {1, 3, 4}),
        (SearchQuery(event_from=date(2025, 3, 4)), {4}),
        (SearchQuery(event_to=date(2025, 3, 3)), {1}),
    ],
)
def test_the_same_filters_find_the_same_claims(filled: ClaimIndex, query: SearchQuery, expected: set[int]) -> None:
    assert ids(filled.search(query)) == expected


def test_a_hit_is_the_whole_claim_event(filled: ClaimIndex) -> None:
    [hit] = filled.search(SearchQuery(text="strike"))
    assert hit.claim == CLAIMS[0]


def test_replaying_the_same_claims_twice_leaves_the_count_unchanged(filled: ClaimIndex) -> None:
    assert filled.upsert(CLAIMS) == [] and filled.upsert(CLAIMS[:2]) == []
    filled.commit()
    assert filled.count() == len(CLAIMS)


def test_a_limit_bounds_the_hits(filled: ClaimIndex) -> None:
    assert len(filled.search(SearchQuery(limit=2))) == 2


def test_opensearch_keeps_claims_in_a_versioned_index_behind_its_alias(opensearch_url: str) -> None:
    alias = f"contract-{uuid.uuid4().hex[:8]}"
    index = OpenSearchClaimIndex(opensearch_url, alias=alias)
    try:
        aliases = httpx.get(f"{opensearch_url}/_alias/{alias}", timeout=30).json()
        assert list(aliases) == [versioned_index(alias)]
        mapping = httpx.get(f"{opensearch_url}/{alias}/_mapping", timeout=30).json()
        properties = mapping[versioned_index(alias)]["mappings"]["properties"]
        assert properties["speaker_canonical"]["type"] == "keyword"
        assert properties["text"]["analyzer"] == "claimwire_english"
        assert properties["published"]["type"] == "date" and properties["payload"]["index"] is False
        assert properties["quantities"]["type"] == "nested"
        # a second adapter on the same alias reuses the index, it does not create another
        OpenSearchClaimIndex(opensearch_url, alias=alias).close()
        assert list(httpx.get(f"{opensearch_url}/_alias/{alias}", timeout=30).json()) == [versioned_index(alias)]
    finally:
        index.close()
        httpx.delete(f"{opensearch_url}/{versioned_index(alias)}", timeout=30)
        httpx.delete(f"{opensearch_url}/_index_template/{alias}", timeout=30)


def test_opensearch_rejects_a_claim_it_cannot_store_alone_and_writes_the_rest(opensearch_url: str) -> None:
    from schemas import Speaker, SpeakerType

    alias = f"contract-{uuid.uuid4().hex[:8]}"
    index = OpenSearchClaimIndex(opensearch_url, alias=alias)
    try:
        good = CLAIMS[0]
        # model_copy skips validation: a speaker name longer than the engine's longest keyword (32 KiB)
        huge = Speaker(canonical="x" * 40_000, surface="x", type=SpeakerType.person)
        unstorable = CLAIMS[1].model_copy(update={"speaker": huge})
        rejected = index.upsert([good, unstorable])
        index.commit()
        assert [r.claim_id for r in rejected] == [unstorable.claim_id]
        assert "immense" in rejected[0].reason or "illegal_argument" in rejected[0].reason
        assert index.count() == 1
    finally:
        index.close()
        httpx.delete(f"{opensearch_url}/{versioned_index(alias)}", timeout=30)
        httpx.delete(f"{opensearch_url}/_index_template/{alias}", timeout=30)


def test_opensearch_matches_one_quantity_as_a_whole(opensearch_url: str) -> None:
    """A dashboard querying the index directly: qualifier and value must hold for the same quantity."""
    from schemas import Quantity

    alias = f"contract-{uuid.uuid4().hex[:8]}"
    index = OpenSearchClaimIndex(opensearch_url, alias=alias)
    try:
        counted = CLAIMS[0].model_copy(update={"quantities": [
            Quantity(value=2000, unit="workers", qualifier="more than", surface="more than 2,000 dock workers"),
            Quantity(value=5, unit="days", qualifier="up to", surface="up to five days")]})
        assert index.upsert([counted]) == []
        index.commit()

        def found(qualifier: str, at_least: float) -> int:
            nested = {"nested": {"path": "quantities", "query": {"bool": {"filter": [
                {"term": {"quantities.qualifier": qualifier}}, {"range": {"quantities.value": {"gte": at_least}}}]}}}}
            answer = httpx.post(f"{opensearch_url}/{alias}/_search", json={"query": nested}, timeout=30).json()
            return len(answer["hits"]["hits"])

        assert found("more than", 1000) == 1
        assert found("up to", 1000) == 0  # flattened objects would match "up to" of one and 2,000 of the other
        assert found("up to", 5) == 1
    finally:
        index.close()
        httpx.delete(f"{opensearch_url}/{versioned_index(alias)}", timeout=30)
        httpx.delete(f"{opensearch_url}/_index_template/{alias}", timeout=30)


def test_an_unreachable_cluster_is_an_error_not_an_empty_index() -> None:
    from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError

    with pytest.raises(OpenSearchConnectionError):
        OpenSearchClaimIndex("http://127.0.0.1:9", client=None)


def test_pages_of_either_sort_cover_every_claim_once(filled: ClaimIndex) -> None:
    for sort in ("relevance", "date"):
        seen: list[int] = []
        query = SearchQuery(sort=sort, limit=1)
        while True:
            page = filled.page(query)
            seen += sorted(ids(page.hits))
            if page.next_cursor is None:
                break
            query = query.model_copy(update={"cursor": page.next_cursor})
        assert sorted(seen) == [1, 2, 3, 4], (sort, seen)


def test_date_order_is_newest_published_first(filled: ClaimIndex) -> None:
    [first, *_] = filled.page(SearchQuery(sort="date", limit=4)).hits
    assert ids([first]) == {2}  # the only claim published on 9 March


def test_a_cursor_of_another_query_is_refused(filled: ClaimIndex) -> None:
    page = filled.page(SearchQuery(limit=1))
    assert page.next_cursor is not None
    with pytest.raises(BadCursor):
        filled.page(SearchQuery(limit=1, kind=ClaimKind.reported_event, cursor=page.next_cursor))
    with pytest.raises(BadCursor):
        filled.page(SearchQuery(limit=1, cursor="not-a-cursor"))


def test_facets_count_the_matching_claims_the_same_way(filled: ClaimIndex) -> None:
    facets = filled.page(SearchQuery(facets=True)).facets
    counts = {name: {f.value: f.count for f in values} for name, values in facets.items()}
    assert counts["kind"] == {"indirect_quote": 3, "reported_event": 1}
    assert counts["speaker"] == {"Maria Lopes": 1, "Port Authority of Valmar": 1, "Nadia Brook": 1}
    assert counts["outlet"] == {"Harbour Herald": 3, "Coastal Wire": 1}
    assert counts["entity"] == {"Port of Valmar": 2, "Dockers Union": 1}
    narrowed = filled.page(SearchQuery(entity="Port of Valmar", facets=True)).facets
    assert {f.value: f.count for f in narrowed["outlet"]} == {"Harbour Herald": 1, "Coastal Wire": 1}


def test_highlights_mark_the_matched_words(filled: ClaimIndex) -> None:
    [hit] = filled.page(SearchQuery(text="workers")).hits
    assert hit.highlights and "<b>workers</b>" in hit.highlights[0]
    assert all(not h.highlights for h in filled.page(SearchQuery(kind=ClaimKind.reported_event)).hits)


# --- the same order on the bundled data: every claim the seeds and the examples give --------------


@pytest.fixture(scope="module")
def bundled_claims(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[ClaimEvent]:
    work = tmp_path_factory.mktemp("bundled")
    index = TantivyClaimIndex(work / "index")
    pipeline = EmbeddedPipeline(index, JsonlDeadLetterSink(work / "deadletters.jsonl"))
    pipeline.run(input_files([seeds_dir, EXAMPLES_DIR]))
    pipeline.flush()
    claims = [hit.claim for hit in index.search(SearchQuery(limit=1000))]
    index.close()
    assert len(claims) > 50  # the seeds and the examples give about a hundred
    return claims


@pytest.fixture
def both_engines(bundled_claims: list[ClaimEvent], tmp_path: Path, opensearch_url: str) -> Iterator[list[ClaimIndex]]:
    alias = f"contract-{uuid.uuid4().hex[:8]}"
    engines: list[ClaimIndex] = [TantivyClaimIndex(tmp_path / "index"),
                                 OpenSearchClaimIndex(opensearch_url, alias=alias)]
    try:
        for engine in engines:
            assert engine.upsert(bundled_claims) == []
            engine.commit()
        yield engines
    finally:
        for engine in engines:
            engine.close()
        httpx.delete(f"{opensearch_url}/{versioned_index(alias)}", timeout=30)
        httpx.delete(f"{opensearch_url}/_index_template/{alias}", timeout=30)


BUNDLED_QUERIES = [
    SearchQuery(text="strike"),
    SearchQuery(text="port workers"),
    SearchQuery(text="said the union"),  # common words: long runs of close scores
    SearchQuery(text="pay rise"),
    SearchQuery(text="strike action continue", kind=ClaimKind.indirect_quote),
    SearchQuery(text="workers", speaker="union"),
    SearchQuery(),  # every claim scores alike: claim id order
    SearchQuery(kind=ClaimKind.direct_quote),
    SearchQuery(sort="date"),  # many claims share a publication time, and some have none
    SearchQuery(text="strike", sort="date"),
    SearchQuery(hedged=True, sort="date"),
    SearchQuery(text="fair", outlet="nordwire", published_from=date(2025, 3, 4)),
    SearchQuery(text="ships", sort="date"),
    SearchQuery(entity="Port of Kessler", attribution_type=AttributionType.speech),
]


def claim_ids(page_hits: list) -> list[str]:
    return [hit.claim.claim_id for hit in page_hits]


@pytest.mark.parametrize("query", BUNDLED_QUERIES, ids=lambda q: q.model_dump_json(exclude_defaults=True))
def test_both_engines_rank_the_bundled_claims_in_the_same_order(both_engines: list[ClaimIndex],
                                                                 query: SearchQuery) -> None:
    tantivy_hits, opensearch_hits = (claim_ids(engine.search(query.model_copy(update={"limit": 1000})))
                                     for engine in both_engines)
    assert tantivy_hits, "a query of this contract should find something on the bundled data"
    assert tantivy_hits == opensearch_hits


@pytest.mark.parametrize("query", BUNDLED_QUERIES[:3] + [SearchQuery(sort="date")],
                         ids=lambda q: q.model_dump_json(exclude_defaults=True))
def test_both_engines_page_the_bundled_claims_alike(both_engines: list[ClaimIndex], query: SearchQuery) -> None:
    pages: list[list[str]] = []
    for engine in both_engines:
        seen: list[str] = []
        page_query = query.model_copy(update={"limit": 7})
        for _ in range(100):  # bounded: the bundled data holds well under 700 claims
            page = engine.page(page_query)
            seen += claim_ids(page.hits)
            if page.next_cursor is None:
                break
            page_query = page_query.model_copy(update={"cursor": page.next_cursor})
        pages.append(seen)
    assert pages[0] == pages[1] == claim_ids(both_engines[0].search(query.model_copy(update={"limit": 1000})))


def test_both_engines_count_the_same_facets_on_the_bundled_claims(both_engines: list[ClaimIndex]) -> None:
    for query in (SearchQuery(facets=True), SearchQuery(text="strike", facets=True)):
        tantivy_facets, opensearch_facets = (engine.page(query).facets for engine in both_engines)
        assert tantivy_facets["speaker"] and tantivy_facets == opensearch_facets
