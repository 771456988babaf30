"""Ingest memory: RSS of the ingest path at 0, 10k, 20k, 30k, 40k and 50k articles.

    .venv/bin/python bench/ingest_memory.py                       # the real service on a dev Kafka broker
    .venv/bin/python bench/ingest_memory.py --in-process          # build_articles + Deduplicator, no Kafka
    .venv/bin/python bench/ingest_memory.py --dedup-bytes 20000   # bytes per remembered article (tracemalloc)

Service mode starts ``claimwire.devbroker.KafkaBroker()`` and ``claimwire serve ingest --port P`` as a
subprocess (its own data directory in a temporary folder), POSTs synthetic articles in JSON batches to
``/articles`` and samples ``VmRSS`` of the service's pid from /proc. In-process mode runs the same core
(readers, cleaning, ``build_articles``, ``Deduplicator``) in this process and samples its own RSS.

Articles are generated from a fixed, self-made syllable vocabulary (seeded, so runs are comparable):
distinct stories of about 2-4 KB, each with a distinct URL, and every tenth one a near-duplicate (an
earlier story with a different footer under another URL) that the deduplicator must drop.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHECKPOINTS = (0, 10_000, 20_000, 30_000, 40_000, 50_000)
NEAR_DUPLICATE_EVERY = 10

_ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "r", "s",
           "sh", "st", "t", "tr", "v", "w", "z"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
_CODAS = ["", "n", "r", "l", "s", "t", "m", "nd", "st", "ck"]
_VERBS = ["said", "told reporters", "announced", "confirmed", "warned", "added", "argued", "denied"]
_UNITS = ["people", "jobs", "tonnes", "kilometres", "million euros", "homes", "votes", "flights"]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                          for _ in range(rng.randint(1, 3))))
    return sorted(words)


@dataclass
class ArticleFactory:
    """Distinct synthetic news stories (~2-4 KB) with some near-duplicates, deterministic per seed."""

    seed: int = 8

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.words = _vocabulary(self.rng, 6000)
        self.names = [w.capitalize() for w in self.rng.sample(self.words, 400)]
        self.recent: list[dict[str, str]] = []

    def _sentence(self) -> str:
        rng = self.rng
        body = " ".join(rng.choice(self.words) for _ in range(rng.randint(8, 18)))
        kind = rng.random()
        if kind < 0.25:
            speaker = f"{rng.choice(self.names)} {rng.choice(self.names)}"
            return f"\u201c{body.capitalize()},\u201d {speaker} {rng.choice(_VERBS)}."
        if kind < 0.45:
            return f"{body.capitalize()} by more than {rng.randint(2, 9000):,} {rng.choice(_UNITS)}."
        return f"{body.capitalize()}."

    def article(self, number: int) -> dict[str, str]:
        rng = self.rng
        if number % NEAR_DUPLICATE_EVERY == NEAR_DUPLICATE_EVERY - 1 and self.recent:
            original = rng.choice(self.recent)
            return {**original, "url": f"https://mirror.example.org/copy/{number}",
                    "text": original["text"] + f"\n\nRepublished by the Mirror number {number}."}
        paragraphs = []
        size = rng.randint(2000, 4000)
        length = 0
        while length < size:
            paragraph = " ".join(self._sentence() for _ in range(rng.randint(2, 4)))
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
        record = {
            "title": " ".join(rng.choice(self.words) for _ in range(6)).capitalize(),
            "url": f"https://news{number % 50}.example.org/story/{number}",
            "outlet": f"The {self.names[number % 50]} Herald",
            "published": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}T08:00:00Z",
            "text": "\n\n".join(paragraphs),
        }
        self.recent.append(record)
        if len(self.recent) > 500:
            self.recent.pop(0)
        return record

    def batches(self, total: int, batch: int) -> Iterator[list[dict[str, str]]]:
        for start in range(0, total, batch):
            yield [self.article(n) for n in range(start, min(total, start + batch))]


def rss_kib(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def _print_table(samples: dict[int, int], extra: dict[int, str] | None = None) -> None:
    print(f"{'articles':>9}  {'RSS MiB':>8}")
    for count, kib in samples.items():
        print(f"{count:>9}  {kib / 1024:>8.1f}  {(extra or {}).get(count, '')}")
    if 10_000 in samples and max(samples) > 10_000:
        last = max(samples)
        print(f"ratio {last}/10000: {samples[last] / samples[10_000]:.3f}")
    sys.stdout.flush()


def _checkpoints(total: int) -> list[int]:
    return [c for c in CHECKPOINTS if c <= total] + ([total] if total not in CHECKPOINTS else [])


# --------------------------------------------------------------------------- in-process


def run_in_process(total: int, batch: int, capacity: int | None) -> None:
    from schemas.models import SourceKind
    from services.ingest.articles import build_articles
    from services.ingest.dedup import Deduplicator
    from services.ingest.readers import BadInput, document_from_bytes

    dedup = Deduplicator() if capacity is None else Deduplicator(capacity=capacity)
    factory = ArticleFactory()
    samples: dict[int, int] = {0: rss_kib()}
    notes: dict[int, str] = {}
    marks = _checkpoints(total)[1:]
    sent = published = duplicates = 0
    started = time.monotonic()
    for records in factory.batches(total, batch):
        document = document_from_bytes(json.dumps(records).encode(), None, SourceKind.http, "application/json")
        for article in build_articles(document):
            if isinstance(article, BadInput):
                continue
            if dedup.seen(article) is None:
                published += 1
            else:
                duplicates += 1
        sent += len(records)
        while marks and sent >= marks[0]:
            samples[marks.pop(0)] = rss_kib()
            notes[sent] = f"(remembered {len(dedup)}, duplicates {duplicates}, {time.monotonic() - started:.0f}s)"
    _print_table(samples, notes)


# --------------------------------------------------------------------------- bytes per article


def dedup_bytes(count: int, capacity: int | None) -> None:
    """tracemalloc's view of the Deduplicator alone: bytes allocated per remembered article."""
    from services.ingest.dedup import Deduplicator

    @dataclass
    class Article:
        article_id: str
        text: str

    factory = ArticleFactory()
    articles = [Article(record["url"], record["text"]) for record in
                (factory.article(n * NEAR_DUPLICATE_EVERY) for n in range(count))]  # no near-duplicates
    dedup = Deduplicator() if capacity is None else Deduplicator(capacity=capacity)
    dedup.seen(articles[0])
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    for article in articles[1:]:
        dedup.seen(article)
    after, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    remembered = len(dedup)
    print(f"{remembered} remembered (capacity {dedup.capacity}), "
          f"{(after - before) / (count - 1):.0f} bytes per article seen, "
          f"{(after - before) / max(1, remembered - 1):.0f} bytes per remembered article")


# --------------------------------------------------------------------------- the service


def run_service(total: int, batch: int, extra_env: dict[str, str]) -> None:
    import httpx

    from claimwire.devbroker import KafkaBroker
    from tests.integration.service_procs import eventually, free_port, service_env, start_service

    with tempfile.TemporaryDirectory(prefix="claimwire-bench-") as tmp, KafkaBroker() as broker:
        bootstrap = broker.bootstrap_servers
        data_dir = Path(tmp) / "data"
        port = free_port()
        env = service_env(bootstrap, data_dir, CLAIMWIRE_LOG_LEVEL="WARNING", **extra_env)
        service = start_service("ingest", ["serve", "ingest", "--port", str(port)], env, Path(tmp))
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=120) as client:
                eventually(lambda: client.get("/readyz").status_code == 200, timeout=120, what="ingest ready",
                           services=[service])
                pid = service.process.pid
                factory = ArticleFactory()
                samples: dict[int, int] = {0: rss_kib(pid)}
                notes: dict[int, str] = {}
                marks = _checkpoints(total)[1:]
                sent = published = duplicates = 0
                started = time.monotonic()
                for records in factory.batches(total, batch):
                    response = client.post("/articles", content=json.dumps(records).encode(),
                                           headers={"content-type": "application/json"})
                    if response.status_code != 202:
                        raise SystemExit(f"POST /articles answered {response.status_code}: {response.text[:500]}")
                    outcome = response.json()
                    published += len(outcome["published"])
                    duplicates += len(outcome["duplicates"])
                    sent += len(records)
                    while marks and sent >= marks[0]:
                        samples[marks.pop(0)] = rss_kib(pid)
                        notes[sent] = (f"(published {published}, duplicates {duplicates}, "
                                       f"{time.monotonic() - started:.0f}s)")
                        print(f"  {sent} articles: {samples[max(samples)] / 1024:.1f} MiB {notes[sent]}",
                              file=sys.stderr, flush=True)
            _print_table(samples, notes)
        finally:
            code = service.stop()
            if code not in (0, None, -15):
                print(f"ingest exited with {code}:\n{service.log_tail()}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50_000, help="articles to send (default 50000)")
    parser.add_argument("--batch", type=int, default=100, help="articles per POST / document (default 100)")
    parser.add_argument("--in-process", action="store_true", help="build_articles + Deduplicator, no Kafka")
    parser.add_argument("--dedup-bytes", type=int, metavar="N", help="only measure the Deduplicator over N articles")
    parser.add_argument("--capacity", type=int, help="Deduplicator capacity (CLAIMWIRE_DEDUP_CAPACITY for the service)")
    args = parser.parse_args(argv)
    if args.dedup_bytes:
        dedup_bytes(args.dedup_bytes, args.capacity)
    elif args.in_process:
        run_in_process(args.articles, args.batch, args.capacity)
    else:
        extra = {"CLAIMWIRE_DEDUP_CAPACITY": str(args.capacity)} if args.capacity else {}
        run_service(args.articles, args.batch, extra)


if __name__ == "__main__":
    os.environ.setdefault("CLAIMWIRE_LOG_LEVEL", "WARNING")
    main()
