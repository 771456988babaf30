"""Dead letters: bad input is recorded with its reason and original bytes, never allowed to
stop a stream. The embedded pipeline writes them to a JSONL file; the Kafka services publish
them to the dead-letter topic. Both build them here."""

from __future__ import annotations

import base64
import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from schemas import DeadLetter, stable_id


def dead_letter_for(
    *,
    service: str,
    stage: str,
    error: BaseException | str,
    original: bytes,
    source_uri: str | None = None,
    source_topic: str | None = None,
    source_partition: int | None = None,
    source_offset: int | None = None,
    key: str | None = None,
    article_id: str | None = None,
) -> DeadLetter:
    error_type = type(error).__name__ if isinstance(error, BaseException) else "Rejected"
    # Same failure of the same input twice gives the same id, so a replayed poison pill is not
    # counted as a new dead letter downstream.
    origin = (source_topic, source_partition, source_offset) if source_topic else (source_uri,)
    return DeadLetter(
        # The error is part of the id: records of one input refused for different reasons (and
        # carrying no bytes of their own, see OneCopyOfInput) are different letters.
        dead_letter_id=stable_id(service, stage, *origin, stable_id(original.hex(), length=32), str(error)[:2000]),
        service=service,
        stage=stage,
        error_type=error_type,
        error=str(error)[:2000] or error_type,
        source_uri=source_uri,
        source_topic=source_topic,
        source_partition=source_partition,
        source_offset=source_offset,
        key=key,
        original_base64=base64.b64encode(original).decode("ascii"),
        article_id=article_id,
        occurred_at=datetime.now(UTC),
    )


class OneCopyOfInput:
    """The original bytes for each refused record of one input: the whole input goes with the
    first letter only, so a feed of 20,000 empty entries writes one copy of itself, not 20,000.
    Replaying that first letter re-sends the whole input; the others carry no bytes of their own
    and say where the bytes are."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.first_letter_error: str | None = None

    def take(self, error: BaseException | str) -> tuple[bytes, BaseException | str]:
        if self.first_letter_error is None:
            self.first_letter_error = str(error)[:200]
            return self.content, error
        note = f"{error} [the input's bytes are kept with its first dead letter: {self.first_letter_error!r}]"
        return b"", note


DEAD_LETTER_HEADROOM = 64 << 10  # bytes of a dead letter besides the base64 original


def fit_original(original: bytes, max_message_bytes: int) -> tuple[bytes, str]:
    """The original bytes a dead letter can carry, and a note for its error when they were cut:
    base64 grows them by a third, and the letter must fit the topic's message size, or the input
    could not even be dead-lettered."""
    budget = max(0, (max_message_bytes - DEAD_LETTER_HEADROOM) * 3 // 4)
    if len(original) <= budget:
        return original, ""
    return original[:budget], f" [original truncated to {budget} of {len(original)} bytes to fit the dead-letter topic]"


def original_bytes(letter: DeadLetter) -> bytes:
    return base64.b64decode(letter.original_base64)


class DeadLetterSink(Protocol):
    def write(self, letter: DeadLetter) -> None: ...


class JsonlDeadLetterSink:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()

    def write(self, letter: DeadLetter) -> None:
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(letter.model_dump_json() + "\n")


def read_jsonl_dead_letters(path: Path) -> list[DeadLetter]:
    if not path.exists():
        return []
    return [
        DeadLetter.model_validate(json.loads(line))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
