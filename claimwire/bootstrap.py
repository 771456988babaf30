"""The one composition root: settings in, the core wired to real adapters or embedded ones out.

Every entry point (each `claimwire` command, the embedded pipeline, each service process) gets
its parts here and nowhere else, so one environment variable means the same thing everywhere, and
choosing another engine or transport is a change to this file only.

    embedded run:   files → intake → extract → ClaimIndex (Tantivy or OpenSearch) embedded_pipeline()
    ingest service: HTTP/feeds → intake → ArticlePublisher (Kafka)           serve_ingest()
    extract worker: raw topic → sandboxed extract → claims topic (Faust)     extract_worker()
    store service:  claims topic → ClaimIndex (CLAIMWIRE_INDEX) + search over HTTP serve_store()
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from services.extract.limits import ExtractionLimits
from services.shared.config import Settings

if TYPE_CHECKING:
    from claimwire.pipeline import EmbeddedPipeline
    from schemas import ClaimEvent, RawArticle
    from services.extract.service import ExtractApp
    from services.ingest.publisher import ArticlePublisher
    from services.store.documents import ClaimIndex


def extraction_limits(settings: Settings) -> ExtractionLimits:
    return ExtractionLimits.from_settings(settings)


def claim_index(settings: Settings) -> ClaimIndex:
    """The search engine behind the embedded run and the store, as CLAIMWIRE_INDEX names it: Tantivy in
    `<data_dir>/index` by default, or an OpenSearch cluster."""
    target = settings.index_target
    if target.engine == "opensearch":
        from services.store.opensearch_index import ALIAS, OpenSearchClaimIndex

        return OpenSearchClaimIndex(target.location, alias=target.alias or ALIAS)
    from services.store.tantivy_index import TantivyClaimIndex

    return TantivyClaimIndex(Path(target.location))


def embedded_pipeline(settings: Settings, index: ClaimIndex,
                      on_article: Callable[[RawArticle, list[ClaimEvent]], None] | None = None,
                      outlet: str | None = None) -> EmbeddedPipeline:
    """No Kafka, no server: dead letters to `<data_dir>/deadletters.jsonl`, names kept canonical
    across runs in `<data_dir>/entities.json`; `outlet` for articles that name none."""
    from claimwire.pipeline import EmbeddedPipeline
    from services.shared.deadletters import JsonlDeadLetterSink

    return EmbeddedPipeline(index, JsonlDeadLetterSink(settings.dead_letter_file),
                            entities_path=settings.data_dir / "entities.json", on_article=on_article,
                            settings=settings, outlet=outlet)


def article_publisher(settings: Settings) -> ArticlePublisher:
    from services.ingest.publisher import ArticlePublisher

    return ArticlePublisher.from_settings(settings)


def serve_ingest(settings: Settings, *, port: int, feed_urls: list[str], poll_interval: float) -> None:
    from services.ingest.service import serve
    from services.shared.kafka import ensure_topics

    ensure_topics(settings)
    serve(settings, article_publisher(settings), port=port, feed_urls=feed_urls, poll_interval=poll_interval)


def extract_worker(settings: Settings) -> ExtractApp:
    from services.extract.service import create_app
    from services.shared.kafka import ensure_topics

    ensure_topics(settings)
    return create_app(settings, limits=extraction_limits(settings))


def serve_store(settings: Settings, port: int) -> None:
    from services.shared.kafka import ensure_topics
    from services.store.service import serve

    index = claim_index(settings)  # a local problem (an index of another version) fails before Kafka is tried
    ensure_topics(settings)
    serve(settings, index, port)
