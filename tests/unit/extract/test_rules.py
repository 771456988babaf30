"""Every claim names the rule that produced it (evidence.rule, services.extract.rules), from a
known set. Paragraphs invented for this file."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from claim_helpers import article

from schemas.models import ClaimEvent, SpeakerType
from services.extract import rules
from services.extract.attribution import with_ref_rule
from services.extract.extractor import extract_many
from services.extract.rules import CLAIM_RULES, path_of
from services.extract.speakers import SpeakerRef

PARAGRAPHS = {
    "said_after": "“We will reopen the pier by May,” harbour master Ilse Marten said on Tuesday.",
    "said_before": "Ilse Marten said on Tuesday: “We will reopen the pier by May.”",
    "continues": ("“The pier will reopen,” Ilse Marten said.\n\n"
                  "“Nobody should doubt that the ferry will run again next summer.”"),
    "introduced": "Asked about the ferry, councillor Tomas Brenner was firm: “It stays.”",
    "reported": "The Halden port authority said the pier would reopen in May after repairs costing 2 million euros.",
    "according_to": "According to the port authority, the pier will reopen in May.",
    "in_reported": "Ilse Marten said the repairs had been “slow but thorough” this winter.",
    "quoted_label": "Ilse Marten called the repairs “a job well done”.",
    "qa": "Ilse Marten runs the ferry.\n\nQ: Will the pier reopen?\n\nA: It will, in May, if the weather holds.",
    "numeric": "The ferry carried 4,000 passengers last year.",
    "event": "Police closed the harbour road on Sunday.",
}


@pytest.fixture(scope="module")
def claims() -> dict[str, list[ClaimEvent]]:
    names = list(PARAGRAPHS)
    return dict(zip(names, extract_many(article(PARAGRAPHS[n], n) for n in names), strict=True))


def test_every_claim_carries_a_known_rule(claims: dict[str, list[ClaimEvent]]) -> None:
    for name, found in claims.items():
        assert found, name
        for claim in found:
            assert claim.evidence.rule, (name, claim.text)
            assert path_of(claim.evidence.rule) in CLAIM_RULES, claim.evidence.rule


@pytest.mark.parametrize(("name", "rule"), [
    ("said_after", rules.QUOTE_SAID_AFTER),
    ("said_before", rules.QUOTE_SAID_BEFORE),
    ("continues", rules.QUOTE_CONTINUES),
    ("introduced", rules.QUOTE_INTRODUCED),
    ("reported", rules.REPORTED_SPEECH_VERB),
    ("according_to", rules.REPORTED_ACCORDING_TO),
    ("in_reported", rules.REPORTED_SPEECH_VERB),
    ("quoted_label", rules.QUOTE_LABEL),
    ("qa", rules.QA_ANSWER),
    ("numeric", rules.NUMERIC_OUTLET),
    ("event", rules.EVENT_OUTLET),
])
def test_each_path_names_itself(claims: dict[str, list[ClaimEvent]], name: str, rule: str) -> None:
    assert rule in {path_of(c.evidence.rule or "") for c in claims[name]}


def test_rule_names_are_stable_and_described() -> None:
    assert all(name.count(".") == 1 and " " not in name for name in CLAIM_RULES)
    assert all(CLAIM_RULES.values())
    assert set(rules.INVERTED.values()) <= set(CLAIM_RULES)


@dataclass
class _RuledRef:
    rule: str | None


def test_a_speaker_rule_is_appended_when_the_ref_names_one() -> None:
    assert with_ref_rule(rules.QUOTE_SAID_AFTER, None) == rules.QUOTE_SAID_AFTER
    plain = SpeakerRef("Ilse Marten", "name", SpeakerType.person)
    assert with_ref_rule(rules.QUOTE_SAID_AFTER, plain) == rules.QUOTE_SAID_AFTER  # before speaker-rules merges
    ruled = _RuledRef("name.proper_noun")
    assert with_ref_rule(rules.REPORTED_SPEECH_VERB, ruled) == "reported.speech_verb > name.proper_noun"  # type: ignore[arg-type]
    assert path_of("reported.speech_verb > name.proper_noun") == rules.REPORTED_SPEECH_VERB


def test_quoted_words_in_reported_speech_are_parts_of_its_claim(claims: dict[str, list[ClaimEvent]]) -> None:
    [claim] = claims["in_reported"]
    assert [part.text for part in claim.parts] == ["slow but thorough"]
    [label] = claims["quoted_label"]
    assert [part.text for part in label.parts] == ["a job well done"]
