"""The embedded engine is real Tantivy in a temp directory: cheap enough for unit tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from schemas import AttributionType, ClaimEvent, ClaimKind, Evidence, Speaker, SpeakerType, claim_id_for
from services.store import tantivy_index
from services.store.documents import SearchQuery, index_document
from services.store.tantivy_index import TantivyClaimIndex


def claim(n: int, text: str, speaker: str | None, *, kind=ClaimKind.indirect_quote, outlet="Harbour Herald",
          published=datetime(2025, 3, 5), attribution_type: AttributionType | None = None) -> ClaimEvent:
    sentence = f"Sentence {n}: {text}."
    return ClaimEvent(
        claim_id=claim_id_for("article", kind, n, n + 1),
        article_id="article",
        kind=kind,
        text=text,
        attribution_type=attribution_type if attribution_type or not speaker else AttributionType.speech,
        speaker=Speaker(canonical=speaker, surface=speaker.split()[-1], type=SpeakerType.person) if speaker else None,
        evidence=Evidence(start=0, end=len(sentence), sentence=sentence),
        outlet=outlet,
        published=published,
        extractor_version="test",
    )


@pytest.fixture
def index(tmp_path: Path) -> TantivyClaimIndex:
    ix = TantivyClaimIndex(tmp_path / "index")
    ix.upsert([
        claim(1, "more than 2,000 dock workers joined the strike", "Maria Lopes"),
        claim(2, "the port authority lost up to $3 million a day", "Port Authority of Valmar", outlet="Coastal Wire",
              published=datetime(2025, 3, 9)),
        claim(3, "cranes stood idle", None, kind=ClaimKind.reported_event),
        claim(4, "the dispute would spread to the ferries", "Nadia Brook", attribution_type=AttributionType.belief),
    ])
    ix.commit()
    return ix


def ids(hits) -> set[int]:
    return {int(hit.claim.evidence.sentence.split()[1].rstrip(":")) for hit in hits}


def test_upsert_by_claim_id_never_doubles(index: TantivyClaimIndex) -> None:
    again = claim(1, "more than 2,000 dock workers joined the strike", "Maria Lopes")
    index.upsert([again, again])
    index.commit()
    assert index.count() == 4


def test_reopened_index_keeps_committed_claims(index: TantivyClaimIndex, tmp_path: Path) -> None:
    index.close()
    assert TantivyClaimIndex(tmp_path / "index").count() == 4


def test_uncommitted_writes_are_not_visible(index: TantivyClaimIndex) -> None:
    index.upsert([claim(5, "a fifth claim", "Maria Lopes")])
    assert index.count() == 4
    index.close()
    assert index.count() == 4


def test_search_returns_whole_claim_events(index: TantivyClaimIndex) -> None:
    [hit] = index.search(SearchQuery(text="strike"))
    assert hit.claim == claim(1, "more than 2,000 dock workers joined the strike", "Maria Lopes")


# What each filter finds is the ClaimIndex contract, checked on both engines by one table:
# tests/integration/test_claim_index_contract.py. Here only what is Tantivy's own.
def test_a_query_tantivy_cannot_parse_is_read_leniently(index: TantivyClaimIndex) -> None:
    assert ids(index.search(SearchQuery(text='"unbalanced (quote AND'))) == set()
    assert ids(index.search(SearchQuery(text="worker"))) == {1}  # en_stem


def test_index_document_keeps_the_whole_event() -> None:
    original = claim(7, "text", "Maria Lopes")
    document = index_document(original)
    assert ClaimEvent.model_validate_json(document["payload"]) == original
    assert document["speaker_canonical"] == "Maria Lopes"
    assert document["speaker"] == "Maria Lopes Lopes"  # canonical and surface both searchable


def test_a_claim_the_engine_cannot_store_is_rejected_alone_and_the_rest_is_written(tmp_path: Path) -> None:
    index = TantivyClaimIndex(tmp_path / "index")
    good = claim(7, "the ferry resumed service", "Ana Ribeiro")
    # model_copy skips validation: a claim from a producer that did not check the date range.
    unstorable = claim(8, "a claim dated before 1677", "Ana Ribeiro").model_copy(
        update={"published": datetime(1650, 1, 1)})
    rejected = index.upsert([good, unstorable])
    index.commit()
    assert [r.claim_id for r in rejected] == [unstorable.claim_id]
    assert "out of range" in rejected[0].reason
    assert index.count() == 1


def test_a_writer_lock_held_elsewhere_fails_the_whole_write_until_it_is_released(tmp_path: Path) -> None:
    import tantivy

    from services.store.tantivy_index import _schema

    index = TantivyClaimIndex(tmp_path / "index")
    other = tantivy.Index(_schema(), path=str(tmp_path / "index"), reuse=True)
    holder = other.writer(heap_size=15_000_000, num_threads=1)
    with pytest.raises(ValueError):  # the engine's failure, not the claim's: the caller must retry
        index.upsert([claim(9, "the bridge reopened", None)])
    holder.rollback()
    del holder
    assert index.upsert([claim(9, "the bridge reopened", None)]) == []
    index.commit()
    assert index.count() == 1


def test_an_index_with_other_fields_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    import tantivy

    from services.store.tantivy_index import IndexSchemaMismatch

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("claim_id", stored=True, tokenizer_name="raw")
    (tmp_path / "old").mkdir()
    tantivy.Index(builder.build(), path=str(tmp_path / "old"))
    with pytest.raises(IndexSchemaMismatch, match="rebuild"):
        TantivyClaimIndex(tmp_path / "old")


def all_pages(index: TantivyClaimIndex, query: SearchQuery) -> list[str]:
    seen: list[str] = []
    for _ in range(50):  # bounded: the tests below hold 30 claims
        page = index.page(query)
        seen += [hit.claim.claim_id for hit in page.hits]
        if page.next_cursor is None:
            return seen
        query = query.model_copy(update={"cursor": page.next_cursor})
    raise AssertionError("paging did not end")


@pytest.fixture
def alike(tmp_path: Path) -> TantivyClaimIndex:
    """30 claims that score alike for "strike" and share a publication time, written in three
    commits so that Tantivy's own order (by segment and document) is not the claim id order."""
    index = TantivyClaimIndex(tmp_path / "alike")
    for batch in ((range(30, 40)), range(10, 20), range(20, 30)):
        index.upsert([claim(n, "the strike goes on", "Maria Lopes") for n in batch])
        index.commit()
    return index


@pytest.mark.parametrize("query", [SearchQuery(text="strike"), SearchQuery(sort="date"), SearchQuery(),
                                   SearchQuery(text="strike", sort="date")], ids=["score", "date", "all", "text-date"])
def test_hits_that_rank_alike_come_in_claim_id_order_on_every_page(alike: TantivyClaimIndex,
                                                                   query: SearchQuery) -> None:
    everything = [hit.claim.claim_id for hit in alike.search(query.model_copy(update={"limit": 100}))]
    assert len(everything) == 30 and everything == sorted(everything)
    assert all_pages(alike, query.model_copy(update={"limit": 7})) == everything


def test_past_the_tie_reading_limit_pages_still_cover_every_claim_once(alike: TantivyClaimIndex,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tantivy_index, "TIED_SCORES_READ", 5)
    seen = all_pages(alike, SearchQuery(text="strike", limit=4))
    assert len(seen) == 30 and len(set(seen)) == 30
