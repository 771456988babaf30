"""The ingest service's Kafka edge: documents in, validated raw-article events out.

Every entry point (files, stdin, HTTP, feeds) hands documents to `ArticlePublisher.publish`, so
cleaning, dedup and the dead-letter rules are the same whichever way an article arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kafka import KafkaProducer

from schemas import RawArticle
from schemas.topics import RAW_ARTICLES
from services.ingest.dedup import Deduplicator
from services.ingest.intake import Duplicate, Rejected, intake
from services.ingest.readers import InputDocument
from services.shared import metrics
from services.shared.config import Settings
from services.shared.kafka import TOO_LARGE_ERRORS, DeadLetterPublisher, encode, headers_for, safe_producer
from services.shared.logging import get_logger

SERVICE = "ingest"
log = get_logger(__name__)


@dataclass
class PublishResult:
    published: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    too_large: list[str] = field(default_factory=list)  # article ids over the message size limit


class ArticlePublisher:
    def __init__(self, producer: KafkaProducer, dedup: Deduplicator | None = None,
                 max_article_chars: int = 100_000, max_message_bytes: int = 8 << 20) -> None:
        self.producer = producer
        self.dedup = dedup or Deduplicator()
        self.dead_letters = DeadLetterPublisher(producer, SERVICE, max_message_bytes)
        self.max_article_chars = max_article_chars

    @classmethod
    def from_settings(cls, settings: Settings) -> ArticlePublisher:
        return cls(safe_producer(settings, client_id="claimwire-ingest"),
                   Deduplicator.from_settings(settings), settings.max_article_chars,
                   settings.kafka_max_message_bytes)

    def publish(self, document: InputDocument) -> PublishResult:
        """Publish every article of one document; returns once the broker has acknowledged them."""
        result = PublishResult()
        pending = []
        for outcome in intake(document, self.dedup, max_article_chars=self.max_article_chars):
            if isinstance(outcome, Rejected):
                self.dead_letters.publish(stage=outcome.stage, error=outcome.error, original=outcome.content,
                                          source_uri=outcome.source_uri)
                result.rejected.append(str(outcome.error))
                continue
            article = outcome.article
            if isinstance(outcome, Duplicate):
                metrics.DUPLICATES.labels(SERVICE).inc()
                log.info("duplicate_article", article_id=article.article_id, duplicate_of=outcome.duplicate_of)
                result.duplicates.append(article.article_id)
                continue
            try:
                pending.append((article, self._send(article)))
            except TOO_LARGE_ERRORS as error:  # refused before sending: the article's fault
                self._too_large(article, error, document, result)
        for article, future in pending:
            try:
                future.get(timeout=60)
            except TOO_LARGE_ERRORS as error:  # refused by the broker
                self._too_large(article, error, document, result)
                continue
            metrics.ARTICLES.labels(SERVICE).inc()
            log.info("article_published", article_id=article.article_id, outlet=article.outlet, uri=document.uri)
            result.published.append(article.article_id)
        return result

    def _too_large(self, article: RawArticle, error: Exception, document: InputDocument,
                   result: PublishResult) -> None:
        reason = f"article is too large to publish ({type(error).__name__}: {error})"
        self.dead_letters.publish(stage="publish", error=reason, original=document.content,
                                  source_uri=document.uri, article_id=article.article_id)
        result.rejected.append(reason)
        result.too_large.append(article.article_id)

    def _send(self, article: RawArticle):
        return self.producer.send(
            RAW_ARTICLES.name, key=article.article_id.encode(), value=encode(article), headers=headers_for(article)
        )

    def close(self, timeout: float | None = None) -> None:
        self.producer.flush(timeout=timeout)
        self.producer.close(timeout=timeout)
