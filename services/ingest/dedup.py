"""Duplicate detection: exact (same article id) and near (MinHash LSH over word shingles).

Pure and in-memory. Persistence (remembering articles across restarts, sharing state between
replicas) is the adapter's job: it can replay stored articles through ``seen`` at start-up.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Protocol

from datasketch import MinHash, MinHashLSH

__all__ = ["Deduplicator", "shingles"]

_WORD = re.compile(r"\w+")


class _Article(Protocol):
    article_id: str
    text: str


def shingles(text: str, size: int = 3) -> set[bytes]:
    """Overlapping word n-grams of the casefolded text (all words if the text is shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class Deduplicator:
    """Remembers articles and tells whether a new one repeats an earlier one.

    ``threshold`` is the estimated Jaccard similarity of word shingles above which two articles
    are the same story (0.9: the same wire copy with a different footer or a fixed typo).
    ``capacity`` bounds memory for a long-running service: the oldest articles are forgotten first.
    """

    def __init__(
        self, threshold: float = 0.9, num_perm: int = 128, shingle_size: int = 3, capacity: int | None = 100_000
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.capacity = capacity
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: OrderedDict[str, MinHash] = OrderedDict()
        self._order: dict[str, int] = {}
        self._counter = 0

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def _signature(self, text: str) -> MinHash | None:
        grams = shingles(text, self.shingle_size)
        if not grams:
            return None
        signature = MinHash(num_perm=self.num_perm)
        signature.update_batch(list(grams))
        return signature

    def seen(self, article: _Article) -> str | None:
        """The id of the earlier article this one duplicates, else None (and the article is remembered)."""
        if article.article_id in self._signatures:
            return article.article_id
        signature = self._signature(article.text)
        if signature is not None:
            candidates = [
                key for key in self._lsh.query(signature) if signature.jaccard(self._signatures[key]) >= self.threshold
            ]
            if candidates:
                return min(candidates, key=self._order.__getitem__)
        self._remember(article.article_id, signature)
        return None

    def _remember(self, article_id: str, signature: MinHash | None) -> None:
        if signature is None:  # no words: only exact matches are possible
            signature = MinHash(num_perm=self.num_perm)
        else:
            self._lsh.insert(article_id, signature)
        self._signatures[article_id] = signature
        self._order[article_id] = self._counter
        self._counter += 1
        while self.capacity is not None and len(self._signatures) > self.capacity:
            oldest, _ = self._signatures.popitem(last=False)
            self._order.pop(oldest, None)
            if oldest in self._lsh:
                self._lsh.remove(oldest)
