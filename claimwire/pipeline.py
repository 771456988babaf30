"""The embedded pipeline: ingest -> extract -> index in one process, no Kafka, no server.

It runs exactly the core functions the Kafka services run; only the transport differs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from schemas import ClaimEvent, RawArticle
from services.extract.extractor import extract_claims
from services.extract.limits import ExtractionLimits
from services.extract.registry import EntityRegistry
from services.ingest.dedup import Deduplicator
from services.ingest.intake import Duplicate, Rejected, intake, read_documents
from services.ingest.readers import InputDocument, iter_input_paths
from services.shared import metrics
from services.shared.config import Settings
from services.shared.deadletters import DeadLetterSink, dead_letter_for
from services.shared.logging import get_logger
from services.store.documents import ClaimIndex

SERVICE = "embedded"
log = get_logger(__name__)


@dataclass
class RunSummary:
    files: int = 0
    articles: int = 0
    duplicates: int = 0
    dead_letters: int = 0
    claims_by_kind: Counter[str] = field(default_factory=Counter)
    speakers: Counter[str] = field(default_factory=Counter)
    dead_letter_reasons: list[str] = field(default_factory=list)

    @property
    def claims(self) -> int:
        return sum(self.claims_by_kind.values())


class EmbeddedPipeline:
    """`entities_path` (`<data_dir>/entities.json`): the entity registry that keeps speaker and
    entity names canonical across articles and runs, loaded here and saved at each flush; without
    it the registry lives for this run only."""

    def __init__(self, index: ClaimIndex, dead_letters: DeadLetterSink, commit_every: int = 100,
                 entities_path: Path | None = None,
                 on_article: Callable[[RawArticle, list[ClaimEvent]], None] | None = None,
                 settings: Settings | None = None, outlet: str | None = None) -> None:
        settings = settings or Settings()
        self.index = index
        self.outlet = outlet  # for articles that name no outlet themselves (a plain text file)
        self.on_article = on_article  # progress reporting: one JSONL file may hold thousands of articles
        self.entities_path = entities_path
        self.registry = EntityRegistry.open(entities_path) if entities_path is not None else EntityRegistry()
        self.dead_letters = dead_letters
        self.dedup = Deduplicator.from_settings(settings)
        self.limits = ExtractionLimits.from_settings(settings)
        self.max_article_chars = settings.max_article_chars
        self.commit_every = commit_every
        self.summary = RunSummary()
        self._uncommitted = 0

    def run(self, paths: Iterable[Path], on_file: Callable[[Path], None] | None = None) -> RunSummary:
        for path in paths:
            self.process_path(path)
            if on_file:
                on_file(path)
        self.flush()
        return self.summary

    def process_path(self, path: Path) -> None:
        self.summary.files += 1
        for document in read_documents([path]):
            if isinstance(document, Rejected):
                self._reject(document)
            else:
                self.process_document(replace(document, outlet=self.outlet) if self.outlet else document)

    def process_document(self, document: InputDocument) -> list[ClaimEvent]:
        claims: list[ClaimEvent] = []
        for outcome in intake(document, self.dedup, max_article_chars=self.max_article_chars):
            if isinstance(outcome, Rejected):
                self._reject(outcome)
            elif isinstance(outcome, Duplicate):
                self.summary.duplicates += 1
                metrics.DUPLICATES.labels(SERVICE).inc()
                log.info("duplicate_article", article_id=outcome.article.article_id,
                         duplicate_of=outcome.duplicate_of)
            else:
                claims.extend(self.process_article(outcome.article))
        return claims

    def process_article(self, article: RawArticle) -> list[ClaimEvent]:
        """Extract and index one article that intake accepted (not a duplicate)."""
        bound = log.bind(article_id=article.article_id)
        try:
            with metrics.STAGE_SECONDS.labels("extract").time():
                claims = extract_claims(article, self.registry, self.limits)
        except Exception as error:  # one bad article must not stop the run
            bound.warning("extract_failed", error=str(error))
            self._dead_letter(
                "extract", error, article.model_dump_json().encode(), source_uri=article.source.uri,
                article_id=article.article_id,
            )
            return []
        with metrics.STAGE_SECONDS.labels("index").time():
            refused = {rejection.claim_id: rejection.reason for rejection in self.index.upsert(claims)}
        for claim in (c for c in claims if c.claim_id in refused):
            self._dead_letter("index", ValueError(refused[claim.claim_id]), claim.model_dump_json().encode(),
                              source_uri=article.source.uri, article_id=article.article_id)
        claims = [claim for claim in claims if claim.claim_id not in refused]
        self._uncommitted += 1
        if self._uncommitted >= self.commit_every:
            self.flush()
        self.summary.articles += 1
        metrics.ARTICLES.labels(SERVICE).inc()
        for claim in claims:
            self.summary.claims_by_kind[claim.kind.value] += 1
            metrics.CLAIMS.labels(SERVICE, claim.kind.value).inc()
            if claim.speaker:
                self.summary.speakers[claim.speaker.canonical] += 1
        bound.info("article_indexed", claims=len(claims), outlet=article.outlet)
        if self.on_article is not None:
            self.on_article(article, claims)
        return claims

    def flush(self) -> None:
        self.index.commit()
        self._uncommitted = 0
        if self.entities_path is not None:
            self.registry.save(self.entities_path)

    def _reject(self, rejected: Rejected) -> None:
        self._dead_letter(rejected.stage, rejected.error, rejected.content, source_uri=rejected.source_uri)

    def _dead_letter(self, stage: str, error: BaseException | str, original: bytes, *, source_uri: str | None,
                     article_id: str | None = None) -> None:
        letter = dead_letter_for(service=SERVICE, stage=stage, error=error, original=original,
                                 source_uri=source_uri, article_id=article_id)
        self.dead_letters.write(letter)
        self.summary.dead_letters += 1
        self.summary.dead_letter_reasons.append(f"{source_uri or '?'}: {letter.error}")
        metrics.DEAD_LETTERS.labels(SERVICE, stage).inc()
        log.warning("dead_letter", stage=stage, error=letter.error, source_uri=source_uri,
                    **({"article_id": article_id} if article_id else {}))


def input_files(paths: Iterable[Path]) -> list[Path]:
    return list(iter_input_paths(paths))
