"""Throughput and latency of the store's engines on a synthetic index, each behind the ClaimIndex port.

    .venv/bin/python bench/store_bench.py [--engine tantivy|opensearch|both] [--tantivy-claims N]
                                          [--opensearch-claims N] [--queries Q] [--opensearch-url URL]

For each engine it prints:
- indexing throughput (claims/s), writing batches of 1,000 through `upsert` and `commit`, as the store
  consumer does;
- search latency p50 / p95 / p99 over Q queries of a fixed mix (free text, speaker, outlet, kind, entity,
  date range, facets, the next page), after the index is built;
- the peak RSS of the process that ran the engine (for OpenSearch, the node's JVM, read from /proc).

The claims are synthetic: sentences built from small word lists by a seeded random generator, so every
run indexes the same corpus and nothing is copied from anywhere. Without --opensearch-url an OpenSearch
node is started with claimwire.devsearch (heap 1 GiB). Defaults follow the issue: 1,000,000 claims for the
embedded engine and 200,000 for OpenSearch on this 2-core machine.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from schemas import (  # noqa: E402
    AttributionType,
    ClaimEvent,
    ClaimKind,
    Entity,
    EntityType,
    Evidence,
    Speaker,
    SpeakerType,
    claim_id_for,
)
from services.store.documents import ClaimIndex, SearchQuery  # noqa: E402

BATCH = 1000
SPEAKERS = [f"{first} {last}" for first in ("Ana", "Omar", "Lena", "Tomas", "Mira", "Jonas", "Ines", "Pavel")
            for last in ("Ruiz", "Haddad", "Berg", "Novak", "Dale", "Costa", "Lund", "Sato")]
OUTLETS = ["Harbour Gazette", "Nordwire", "Coastline Courier", "Valby Radio", "Kessler Today", "Port Review"]
PLACES = ["the port", "the ferry line", "the council", "the union", "the shipyard", "the bridge", "the airport"]
VERBS = ["will reopen", "has lost", "would cost", "is expected to rise", "cannot pay", "must be repaired"]
OBJECTS = ["by Friday", "more than 2,000 jobs", "up to $3 million a day", "after the strike", "next spring"]
ENTITIES = [Entity(canonical=name, type=EntityType.organisation) for name in
            ("Port of Kessler", "Dockers Union", "Valby Council", "North Ferry Line", "Harbour Authority")]
KINDS = [ClaimKind.indirect_quote, ClaimKind.direct_quote, ClaimKind.numeric, ClaimKind.reported_event]


def synthetic_claims(count: int, seed: int = 7) -> Iterator[ClaimEvent]:
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for n in range(count):
        speaker_name = rng.choice(SPEAKERS)
        text = f"{rng.choice(PLACES)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        sentence = f"{text.capitalize()}, {speaker_name} said on day {n % 365}."
        kind = rng.choice(KINDS)
        attributed = kind in (ClaimKind.indirect_quote, ClaimKind.direct_quote)
        yield ClaimEvent(
            claim_id=claim_id_for(f"bench-{n // 20}", kind, n, n + len(text)),
            article_id=f"bench-{n // 20}",
            kind=kind,
            text=text,
            quote=text if kind is ClaimKind.direct_quote else None,
            speaker=Speaker(canonical=speaker_name, surface=speaker_name.split()[-1], type=SpeakerType.person)
            if attributed else None,
            attribution_type=AttributionType.speech if attributed else None,
            evidence=Evidence(start=0, end=len(sentence), sentence=sentence),
            entities=rng.sample(ENTITIES, k=rng.randint(0, 2)),
            hedged=rng.random() < 0.2,
            outlet=rng.choice(OUTLETS),
            published=start + timedelta(minutes=37 * n),
            extractor_version="bench",
        )


def queries(count: int, seed: int = 11) -> list[SearchQuery]:
    rng = random.Random(seed)
    shapes = [
        lambda: SearchQuery(text=rng.choice(["strike", "ferry", "jobs", "million", "bridge repaired"])),
        lambda: SearchQuery(speaker=rng.choice(SPEAKERS).split()[-1]),
        lambda: SearchQuery(outlet=rng.choice(OUTLETS), kind=rng.choice(KINDS)),
        lambda: SearchQuery(entity=rng.choice(ENTITIES).canonical, text="port"),
        lambda: SearchQuery(published_from=date(2024, 3, 1), published_to=date(2024, 3, 31), sort="date"),
        lambda: SearchQuery(text="union", facets=True),
        lambda: SearchQuery(hedged=True, limit=50),
    ]
    return [rng.choice(shapes)() for _ in range(count)]


def index_all(index: ClaimIndex, count: int) -> float:
    """Seconds to upsert and commit `count` claims in batches of BATCH."""
    started = time.perf_counter()
    batch: list[ClaimEvent] = []
    for claim in synthetic_claims(count):
        batch.append(claim)
        if len(batch) == BATCH:
            index.upsert(batch)
            index.commit()
            batch = []
    if batch:
        index.upsert(batch)
        index.commit()
    return time.perf_counter() - started


def latencies(index: ClaimIndex, count: int) -> list[float]:
    found: list[float] = []
    for query in queries(count):
        started = time.perf_counter()
        page = index.page(query)
        found.append(time.perf_counter() - started)
        if page.next_cursor:  # the next page too, as a reader paging on would
            started = time.perf_counter()
            index.page(query.model_copy(update={"cursor": page.next_cursor}))
            found.append(time.perf_counter() - started)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(engine: str, claims: int, seconds: float, times: list[float], rss_mib: float) -> None:
    ms = [t * 1000 for t in times]
    p50, p95, p99 = (percentile(ms, share) for share in (0.5, 0.95, 0.99))
    print(f"{engine:10s} {claims:>9,d} claims  indexing {claims / seconds:8,.0f} claims/s ({seconds:6.1f} s)  "
          f"search p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms"
          f"  (mean {statistics.mean(ms):.1f} ms, {len(ms)} searches)  peak RSS {rss_mib:,.0f} MiB")


def run_tantivy(claims: int, count: int) -> None:
    from services.store.tantivy_index import TantivyClaimIndex

    with tempfile.TemporaryDirectory(prefix="claimwire-bench-") as folder:
        index = TantivyClaimIndex(Path(folder) / "index")
        seconds = index_all(index, claims)
        assert index.count() == claims, index.count()
        times = latencies(index, count)
        index.close()
    report("tantivy", claims, seconds, times, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_opensearch(claims: int, count: int, url: str | None) -> None:
    from claimwire.devsearch import OpenSearchNode
    from services.store.opensearch_index import OpenSearchClaimIndex

    node = None if url else OpenSearchNode(heap="1g")
    try:
        if node is not None:
            url = node.start()
        assert url is not None
        index = OpenSearchClaimIndex(url, alias=f"bench-{int(time.time())}")
        seconds = index_all(index, claims)
        assert index.count() == claims, index.count()
        times = latencies(index, count)
        index.close()
        rss = _peak_rss_mib(node.pid) if node is not None and node.pid else float("nan")
        report("opensearch", claims, seconds, times, rss)
    finally:
        if node is not None:
            node.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["tantivy", "opensearch", "both"], default="both")
    parser.add_argument("--tantivy-claims", type=int, default=1_000_000)
    parser.add_argument("--opensearch-claims", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--opensearch-url", default=None, help="a running node (default: start one)")
    args = parser.parse_args()
    if args.engine in ("tantivy", "both"):
        run_tantivy(args.tantivy_claims, args.queries)
    if args.engine in ("opensearch", "both"):
        run_opensearch(args.opensearch_claims, args.queries, args.opensearch_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
