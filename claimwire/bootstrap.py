"""Where settings become the core's parameters: the embedded run, the CLI and the services all
build their bounds here, so one environment variable means the same thing everywhere."""

from __future__ import annotations

from claimwire.config import Settings
from services.extract.limits import ExtractionLimits
from services.ingest.dedup import Deduplicator


def extraction_limits(settings: Settings) -> ExtractionLimits:
    return ExtractionLimits(max_chars=settings.max_article_chars, max_claims=settings.max_claims_per_article)


def deduplicator(settings: Settings) -> Deduplicator:
    return Deduplicator(capacity=settings.dedup_capacity)
