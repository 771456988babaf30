"""attribution_types: how a speaker holds a claim, from its cue and its source."""

from __future__ import annotations

import pytest

from schemas.models import AttributionType, ClaimKind, Speaker, SpeakerType
from services.extract.attribution_types import attribution_type_of

PERSON = Speaker(canonical="Ana Ruiz", surface="Ruiz", type=SpeakerType.person)
POLL = Speaker(canonical="a new poll", surface="a new poll", type=SpeakerType.document)


@pytest.mark.parametrize(("kind", "cue", "speaker", "expected"), [
    (ClaimKind.indirect_quote, "said", PERSON, AttributionType.speech),
    (ClaimKind.indirect_quote, "has vowed", PERSON, AttributionType.speech_act),
    (ClaimKind.indirect_quote, "accused", PERSON, AttributionType.speech_act),
    (ClaimKind.indirect_quote, "expects", PERSON, AttributionType.belief),
    (ClaimKind.indirect_quote, "thought", PERSON, AttributionType.belief),
    (ClaimKind.indirect_quote, "found", PERSON, AttributionType.evidence),
    (ClaimKind.indirect_quote, "said", POLL, AttributionType.evidence),
    (ClaimKind.indirect_quote, "according to", POLL, AttributionType.evidence),
    (ClaimKind.indirect_quote, "according to", PERSON, AttributionType.speech),
    (ClaimKind.direct_quote, None, PERSON, AttributionType.speech),
    (ClaimKind.numeric, None, None, None),
    (ClaimKind.reported_event, "launched", None, None),
])
def test_the_type_follows_source_then_cue(kind, cue, speaker, expected) -> None:
    assert attribution_type_of(kind, cue, speaker) is expected


@pytest.mark.parametrize(("cue", "expected"), [
    ("her claim", AttributionType.speech), ("issued a statement", AttributionType.speech),
    ("accusation", AttributionType.speech_act), ("criticism", AttributionType.speech_act),
    ("issued warnings", AttributionType.speech_act), ("his pledge", AttributionType.speech_act),
    ("belief", AttributionType.belief), ("voiced fears", AttributionType.belief),
    ("expectation", AttributionType.belief), ("his view", AttributionType.belief),
    ("finding", AttributionType.evidence), ("evidence", AttributionType.evidence),
])
def test_a_cue_noun_names_the_type_by_its_list(cue, expected) -> None:
    assert attribution_type_of(ClaimKind.indirect_quote, cue, PERSON) is expected
