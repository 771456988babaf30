"""Attributions made by nouns (issue #10): 'her claim that …', 'the union's call for …', 'the board
issued a warning that …'. The holder is the noun's possessor, the object of 'by', or the subject of
a light verb; a cue noun whose holder the sentence does not name makes no claim. Every sentence is
written for this file."""

from __future__ import annotations

from paragraphs import claims_of

from schemas.models import AttributionType, ClaimEvent, ClaimKind
from services.extract import rules


def _claims(*texts: str) -> list[list[ClaimEvent]]:
    return claims_of(*texts, prefix="nominal")


def _nominal(claims: list[ClaimEvent]) -> list[tuple[str, str, str | None, AttributionType | None]]:
    return [(c.speaker.canonical if c.speaker else "", c.text, c.cue, c.attribution_type) for c in claims
            if c.kind is ClaimKind.indirect_quote
            and rules.path_of(c.evidence.rule or "") == rules.REPORTED_NOMINAL_CUE]


def test_a_possessor_holds_the_claim_and_a_pronoun_resolves_to_who_was_named() -> None:
    pronoun, named = _claims(
        "Mayor Ana Ruiz opened the new ferry terminal on Friday. Her claim that the crossing would be "
        "ready by June was met with doubt.",
        "Port director Lena Ortiz's announcement of new harbour fees angered fishermen.",
    )
    assert _nominal(pronoun) == [("Ana Ruiz", "the crossing would be ready by June", "Her claim",
                                  AttributionType.speech)]
    assert _nominal(named) == [("Lena Ortiz", "new harbour fees", "announcement", AttributionType.speech)]


def test_the_subject_of_a_light_verb_holds_the_noun_it_takes() -> None:
    warning, fears, repeated = _claims(
        "The harbour board issued a warning that the pier would close for repairs.",
        "Residents have voiced fears that the river will flood again this winter.",
        "Councillor Tomas Berg repeated his claim that the budget had been cut.",
    )
    assert _nominal(warning) == [("harbour board", "the pier would close for repairs", "issued a warning",
                                  AttributionType.speech_act)]
    assert _nominal(fears) == [("residents", "the river will flood again this winter", "voiced fears",
                                AttributionType.belief)]
    assert _nominal(repeated) == [("Tomas Berg", "the budget had been cut", "repeated his claim",
                                   AttributionType.speech)]


def test_infinitives_prepositions_and_agents_carry_the_content() -> None:
    promise, call, by = _claims(
        "Lena Ortiz's promise to cut ferry fares won her the vote.",
        "The union's call for an independent inquiry was rejected.",
        "The claim by the ferry union that wages had fallen was disputed by the company.",
    )
    assert _nominal(promise) == [("Lena Ortiz", "to cut ferry fares", "promise", AttributionType.speech_act)]
    assert _nominal(call) == [("union", "an independent inquiry", "call", AttributionType.speech_act)]
    assert _nominal(by) == [("ferry union", "wages had fallen", "claim", AttributionType.speech)]


def test_after_of_or_for_one_noun_is_what_is_held() -> None:
    (claims,) = _claims("The fishermen's allegations of bribery reached the harbour board.")
    assert _nominal(claims) == [("the fishermen", "bribery", "allegations", AttributionType.speech_act)]


def test_no_claim_without_a_holder_or_with_a_negated_one() -> None:
    claims = _claims(
        "The claim that the river will flood spread quickly online.",
        "The council has no plans to close the pool.",
        "The promise that she gave was broken.",
        "Her comments about cats were brief.",
    )
    assert [_nominal(c) for c in claims] == [[], [], [], []]


def test_a_cue_noun_inside_what_someone_said_is_part_of_that_claim() -> None:
    (claims,) = _claims("Ana Ruiz said Lena Ortiz's claim that the fees were legal was wrong.")
    assert _nominal(claims) == []
    [said] = [c for c in claims if c.kind is ClaimKind.indirect_quote]
    assert said.speaker is not None and said.speaker.canonical == "Ana Ruiz"
    assert said.text == "Lena Ortiz's claim that the fees were legal was wrong"
