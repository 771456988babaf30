"""Deduplicator memory bounds: capacity, time window, compact per-article state."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from datasketch import MinHash

from services.ingest.dedup import DEFAULT_CAPACITY, Deduplicator, shingles


@dataclass
class Article:
    article_id: str
    text: str


def story(seed: int, words: int = 300) -> str:
    rng = random.Random(seed)
    vocabulary = [f"w{rng.randrange(100_000)}" for _ in range(2000)]
    return " ".join(rng.choice(vocabulary) for _ in range(words))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_default_capacity_matches_the_settings_default() -> None:
    from services.shared.config import Settings

    assert DEFAULT_CAPACITY == Settings().dedup_capacity == Deduplicator().capacity
    assert Deduplicator.from_settings(Settings(dedup_capacity=7)).capacity == 7


def test_capacity_is_never_exceeded_and_the_oldest_go_first() -> None:
    dedup = Deduplicator(capacity=50)
    for n in range(200):
        assert dedup.seen(Article(f"a{n}", story(n))) is None
        assert len(dedup) <= 50
    assert "a149" not in dedup and all(f"a{n}" in dedup for n in range(150, 200))
    assert len(dedup.lsh.keys) == 50  # the LSH index forgets with the table
    assert sum(len(table) for table in dedup.lsh.hashtables) <= 50 * dedup.lsh.b
    assert dedup.seen(Article("again", story(10) + " footer")) is None  # its original was forgotten
    assert dedup.seen(Article("copy", story(199) + " footer")) == "a199"


def test_time_window_forgets_articles_older_than_max_age() -> None:
    clock = Clock()
    dedup = Deduplicator(max_age_s=60, clock=clock)
    assert dedup.seen(Article("old", story(1))) is None
    clock.now += 30
    assert dedup.seen(Article("new", story(2))) is None
    assert dedup.seen(Article("old-copy", story(1) + " Copyright Gazette")) == "old"
    clock.now += 31  # "old" is 61 s old, "new" 31 s
    assert dedup.seen(Article("new-copy", story(2) + " Copyright Gazette")) == "new"
    assert "old" not in dedup and dedup.seen(Article("old-copy-2", story(1) + " more")) is None
    clock.now += 1000
    dedup.seen(Article("latest", story(3)))
    assert len(dedup) == 1 and len(dedup.lsh.keys) == 1


def test_empty_articles_are_bounded_too() -> None:
    dedup = Deduplicator(capacity=3)
    for n in range(10):
        dedup.seen(Article(f"e{n}", ""))
    assert len(dedup) == 3 and len(dedup.lsh.keys) == 0
    assert dedup.seen(Article("e9", "")) == "e9"


def test_no_minhash_object_is_kept_per_article() -> None:
    dedup = Deduplicator()
    for n in range(20):
        dedup.seen(Article(f"a{n}", story(n)))
    for entry in dedup.entries.values():
        assert isinstance(entry, bytes) and len(entry) == 16 + 4 * 128
    assert not any(isinstance(value, MinHash) for value in vars(dedup).values())
    for key_hashes in (dedup.lsh.keys[key] for key in dedup.lsh.keys):
        assert all(len(h) == 8 for h in key_hashes)  # compressed band keys


def test_similarity_agrees_with_datasketch_jaccard() -> None:
    dedup = Deduplicator()
    a, b = story(5), story(5) + " " + story(6, words=40)
    dedup.seen(Article("a", a))
    signature = dedup.signature(b)
    assert signature is not None
    mine = dedup.similarity(signature, dedup.entries["a"])
    reference = MinHash(num_perm=128)
    other = MinHash(num_perm=128)
    reference.update_batch(list(shingles(a)))
    other.update_batch(list(shingles(b)))
    assert mine == pytest.approx(reference.jaccard(other))


@pytest.mark.parametrize("bad", [{"capacity": 0}, {"max_age_s": 0}])
def test_invalid_bounds_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Deduplicator(**bad)  # type: ignore[arg-type]
