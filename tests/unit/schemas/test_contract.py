from __future__ import annotations

import json
from datetime import date, datetime

import jsonschema
import pytest
from pydantic import ValidationError

from schemas import (
    ArticleSource,
    ClaimEvent,
    ClaimKind,
    DeadLetter,
    EventDate,
    Evidence,
    Quantity,
    RawArticle,
    SourceKind,
    Speaker,
    SpeakerType,
    claim_id_for,
)
from schemas.generate import JSON_DIR, drifted, rendered_schemas
from schemas.topics import ALL_TOPICS

SENTENCE = "The mayor said more than 2,000 workers walked out on Tuesday."


def a_claim() -> ClaimEvent:
    return ClaimEvent(
        claim_id=claim_id_for("a1", ClaimKind.indirect_quote, 10, 60),
        article_id="a1",
        kind=ClaimKind.indirect_quote,
        text="more than 2,000 workers walked out on Tuesday",
        speaker=Speaker(canonical="Maria Lopes", surface="The mayor", type=SpeakerType.person),
        cue="said",
        quantities=[Quantity(value=2000, unit="workers", qualifier="more than", subject="workers",
                             surface="more than 2,000 workers")],
        event_date=EventDate(raw="on Tuesday", resolved=date(2025, 3, 4)),
        evidence=Evidence(start=0, end=len(SENTENCE), sentence=SENTENCE),
        published=datetime(2025, 3, 5, 9, 30),
        extractor_version="test",
    )


def an_article() -> RawArticle:
    return RawArticle(article_id="a1", text=SENTENCE, source=ArticleSource(kind=SourceKind.file, uri="x.txt"))


def a_dead_letter() -> DeadLetter:
    return DeadLetter(
        dead_letter_id="d1", service="extract", stage="validate", error_type="ValidationError", error="bad",
        source_topic="t", source_partition=0, source_offset=5, original_base64="AAE=", occurred_at=datetime(2025, 1, 1),
    )


@pytest.mark.parametrize("factory", [a_claim, an_article, a_dead_letter])
def test_json_round_trip_is_lossless(factory) -> None:
    model = factory()
    assert type(model).model_validate_json(model.model_dump_json()) == model


@pytest.mark.parametrize("factory", [a_claim, an_article, a_dead_letter])
def test_every_message_validates_against_the_checked_in_json_schema(factory) -> None:
    model = factory()
    topic = next(t for t in ALL_TOPICS if t.model is type(model))
    schema = json.loads((JSON_DIR / f"{topic.name}.schema.json").read_text())
    jsonschema.validate(json.loads(model.model_dump_json()), schema)


def test_checked_in_json_schemas_match_the_models() -> None:
    assert rendered_schemas().keys() == {p.name for p in JSON_DIR.glob("*.json")}
    assert drifted() == [], "run `python -m schemas.generate` and commit schemas/json/"


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        ClaimEvent.model_validate({**json.loads(a_claim().model_dump_json()), "surprise": 1})


def test_evidence_must_slice_to_its_sentence_length() -> None:
    with pytest.raises(ValidationError):
        Evidence(start=5, end=6, sentence="longer than one char")


def test_claim_ids_are_deterministic_and_position_sensitive() -> None:
    assert claim_id_for("a", "direct_quote", 1, 5) == claim_id_for("a", ClaimKind.direct_quote, 1, 5)
    assert claim_id_for("a", "direct_quote", 1, 5) != claim_id_for("a", "direct_quote", 1, 6)
    assert claim_id_for("a", "direct_quote", 1, 5) != claim_id_for("b", "direct_quote", 1, 5)
