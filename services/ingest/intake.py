"""Intake: what every way in does with an input before an article goes anywhere.

    read (a path) → build_articles (parse, clean, validate) → bad input becomes a rejection → dedup

The embedded pipeline, the Kafka publisher and the `claimwire extract` command all take their
articles from here, so a file, a feed, stdin and an HTTP body meet the same rules. Intake decides;
the caller acts: it indexes, publishes or prints an `Accepted` article, and sends a `Rejected` one
to its dead-letter sink (a file, the topic, stderr).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from schemas import RawArticle
from services.ingest.articles import MAX_ARTICLE_CHARS, build_articles
from services.ingest.dedup import Deduplicator
from services.ingest.readers import BadInput, InputDocument, read_path
from services.shared.deadletters import OneCopyOfInput


@dataclass(frozen=True)
class Accepted:
    article: RawArticle


@dataclass(frozen=True)
class Duplicate:
    article: RawArticle
    duplicate_of: str


@dataclass(frozen=True)
class Rejected:
    """`stage` is where it failed (read, clean); `content` the input bytes a replay needs (one
    copy per input, see `OneCopyOfInput`); `source_uri` where it came from."""

    stage: str
    error: BaseException | str
    content: bytes
    source_uri: str | None


Outcome = Accepted | Duplicate | Rejected


def read_documents(paths: Iterable[Path]) -> Iterator[InputDocument | Rejected]:
    """Each path read whole; one that cannot be read (missing, too large, unreadable) is rejected
    at stage "read" and the rest go on."""
    for path in paths:
        try:
            yield read_path(path)
        except (OSError, BadInput) as error:
            yield Rejected("read", error, b"", str(path))


def intake(document: InputDocument, dedup: Deduplicator | None = None, *,
           max_article_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Outcome]:
    """The document's articles in input order. Lazy: dedup sees an article only once the caller
    has finished with the one before, as when articles were handled one at a time."""
    original = OneCopyOfInput(document.content)
    for result in build_articles(document, max_article_chars=max_article_chars):
        if isinstance(result, BadInput):
            content, error = original.take(result)
            yield Rejected("clean", error, content, document.uri)
            continue
        duplicate_of = dedup.seen(result) if dedup is not None else None
        yield Accepted(result) if duplicate_of is None else Duplicate(result, duplicate_of)
