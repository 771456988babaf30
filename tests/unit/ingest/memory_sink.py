"""An in-memory sink for the ingest entry points: it records every document and builds its articles
with the real readers and cleaning, like the Kafka publisher does, only without a broker."""

from __future__ import annotations

import threading

from schemas import RawArticle
from services.ingest.articles import build_articles
from services.ingest.publisher import PublishResult
from services.ingest.readers import BadInput, InputDocument


class MemorySink:
    def __init__(self, fail_with: BaseException | None = None) -> None:
        self.documents: list[InputDocument] = []
        self.articles: list[RawArticle] = []
        self.fail_with = fail_with
        self._seen_ids: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, document: InputDocument) -> PublishResult:
        if self.fail_with is not None:
            raise self.fail_with
        result = PublishResult()
        with self._lock:
            self.documents.append(document)
            for article in build_articles(document):
                if isinstance(article, BadInput):
                    result.rejected.append(str(article))
                elif article.article_id in self._seen_ids:
                    result.duplicates.append(article.article_id)
                else:
                    self._seen_ids.add(article.article_id)
                    self.articles.append(article)
                    result.published.append(article.article_id)
        return result

    def by_url(self, url: str) -> RawArticle:
        matches = [article for article in self.articles if article.url == url]
        assert len(matches) == 1, f"expected one article for {url}, found {len(matches)}"
        return matches[0]
