"""Duplicate detection: exact (same article id) and near (MinHash LSH over word shingles).

Pure and in-memory, and bounded: at most ``capacity`` articles are remembered (the oldest are
forgotten first) and, with ``max_age_s``, none for longer than that. Per remembered article the
state is its id, one ``bytes`` object (an 8-byte arrival number, an 8-byte arrival time and the
128 32-bit MinHash values, 528 bytes) and its entries in the datasketch LSH index, whose band keys
are compressed to 8-byte digests. No ``MinHash`` object is kept: the one computed for an incoming
article (sharing one set of permutation arrays) is dropped once the article has been looked up.

What a restart forgets: all of it. After a restart (or once an article has left the window) an
exact repeat or a near-duplicate of an earlier article is published again. That is safe by design:
the same article id gives the same claim ids, and the store upserts by claim id, so the index holds
one copy; the cost is a repeated extraction. A near-duplicate under a different id that arrives after
its original was forgotten yields claims of its own (as it would from a second ingest replica).
Persistence or sharing between replicas, if ever wanted, is the adapter's job: it can replay recent
stored articles through ``seen`` at start-up.
"""

from __future__ import annotations

import hashlib
import re
import struct
import time
from collections import deque
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

if TYPE_CHECKING:
    from services.shared.config import Settings

__all__ = ["DEFAULT_CAPACITY", "Deduplicator", "shingles"]

DEFAULT_CAPACITY = 10_000  # Settings.dedup_capacity's default (CLAIMWIRE_DEDUP_CAPACITY)
_SCHEME = "affine32"  # datasketch's default since 2.0: 32-bit hash values
_HEADER = struct.Struct("<qd")  # arrival number, arrival time
_WORD = re.compile(r"\w+")


class _Article(Protocol):
    @property
    def article_id(self) -> str: ...

    @property
    def text(self) -> str: ...


def shingles(text: str, size: int = 3) -> set[bytes]:
    """Overlapping word n-grams of the casefolded text (all words if the text is shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _band_digest(band: bytes) -> bytes:
    """An LSH band key in 8 bytes instead of 4 bytes per hash value of the band (100 for 25 rows).
    A digest collision can only add a candidate, which the Jaccard check then rejects."""
    return hashlib.blake2b(band, digest_size=8).digest()


class Deduplicator:
    """Remembers recent articles and tells whether a new one repeats one of them.

    ``threshold`` is the estimated Jaccard similarity of word shingles above which two articles
    are the same story (0.9: the same wire copy with a different footer or a fixed typo).
    ``capacity`` bounds memory for a long-running service: beyond it the oldest articles are
    forgotten first (None: unbounded, for one-shot runs only). ``max_age_s`` optionally also forgets
    articles remembered longer ago than that, by ``clock`` (monotonic seconds).
    """

    def __init__(
        self,
        threshold: float = 0.9,
        num_perm: int = 128,
        shingle_size: int = 3,
        capacity: int | None = DEFAULT_CAPACITY,
        *,
        max_age_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity is not None and capacity < 1:
            raise ValueError(f"capacity must be at least 1 (or None), got {capacity}")
        if max_age_s is not None and max_age_s <= 0:
            raise ValueError(f"max_age_s must be positive (or None), got {max_age_s}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.capacity = capacity
        self.max_age_s = max_age_s
        self.clock = clock
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, hashfunc=_band_digest)
        self._permutations = MinHash(num_perm=num_perm, scheme=_SCHEME).permutations  # shared by every MinHash
        self._entries: dict[str, bytes] = {}  # article id -> header + 32-bit hash values (header only: no words)
        self._arrivals: deque[str] = deque()  # the same ids, oldest first
        self._counter = 0

    @classmethod
    def from_settings(cls, settings: Settings, **options: object) -> Deduplicator:
        return cls(capacity=settings.dedup_capacity, **options)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._entries

    @property
    def lsh(self) -> MinHashLSH:
        """The LSH index, for inspection (it forgets with the table, and holds compressed band keys)."""
        return self._lsh

    @property
    def entries(self) -> Mapping[str, bytes]:
        """Article id -> arrival header + 32-bit MinHash values, read-only (header only: no words)."""
        return MappingProxyType(self._entries)

    def signature(self, text: str) -> MinHash | None:
        """The MinHash of the text's shingles; None for a text without words."""
        grams = shingles(text, self.shingle_size)
        if not grams:
            return None
        signature = MinHash(num_perm=self.num_perm, permutations=self._permutations, scheme=_SCHEME)
        signature.update_batch(list(grams))
        return signature

    def similarity(self, signature: MinHash, entry: bytes) -> float:
        """Estimated Jaccard similarity of ``signature`` and a remembered entry."""
        remembered = np.frombuffer(entry, dtype=np.uint32, offset=_HEADER.size)
        return float(np.count_nonzero(remembered == signature.hashvalues)) / self.num_perm

    def seen(self, article: _Article) -> str | None:
        """The id of the earlier article this one duplicates, else None (and the article is remembered)."""
        self._expire()
        if article.article_id in self._entries:
            return article.article_id
        signature = self.signature(article.text)
        if signature is not None:
            matches = [
                (_HEADER.unpack_from(entry)[0], key)
                for key in self._lsh.query(signature)
                if self.similarity(signature, entry := self._entries[key]) >= self.threshold
            ]
            if matches:
                return min(matches)[1]  # the earliest
        self._remember(article.article_id, signature)
        return None

    def _remember(self, article_id: str, signature: MinHash | None) -> None:
        header = _HEADER.pack(self._counter, self.clock())
        self._counter += 1
        if signature is None:  # no words: only exact matches are possible
            self._entries[article_id] = header
        else:
            self._entries[article_id] = header + signature.hashvalues.astype(np.uint32, copy=False).tobytes()
            self._lsh.insert(article_id, signature, check_duplication=False)
        self._arrivals.append(article_id)
        while self.capacity is not None and len(self._entries) > self.capacity:
            self._forget_oldest()

    def _expire(self) -> None:
        if self.max_age_s is None:
            return
        horizon = self.clock() - self.max_age_s
        while self._arrivals and _HEADER.unpack_from(self._entries[self._arrivals[0]])[1] < horizon:
            self._forget_oldest()

    def _forget_oldest(self) -> None:
        oldest = self._arrivals.popleft()
        entry = self._entries.pop(oldest)
        if len(entry) > _HEADER.size:
            self._lsh.remove(oldest)
