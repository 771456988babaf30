"""speaker_types: what a speaker rule reads from its token (Subject) and may answer."""

from __future__ import annotations

from services.extract.nlp import get_nlp
from services.extract.speaker_types import NO_SPEAKER, NoSpeaker, SpeakerRef, Subject


def _subject(text: str, head: str) -> Subject:
    doc = get_nlp()(text)
    token = next(t for t in doc if t.text == head)
    return Subject(token, lambda i: i + 1000, refer=lambda other: None)


def test_the_subject_reads_its_phrase_once() -> None:
    s = _subject("The council's senior officer said the plan was fair.", "officer")
    assert s.offset == 1000 + s.token.idx
    assert s.phrase.text == "The council's senior officer"
    assert s.first == "the"
    assert s.has_possessor
    assert not s.named_on


def test_a_capitalised_head_whose_name_runs_on() -> None:
    assert _subject("The Institute for Tidal Energy said the pilot worked.", "Institute").named_on


def test_no_speaker_is_its_own_answer_and_a_ref_starts_without_a_rule() -> None:
    assert isinstance(NO_SPEAKER, NoSpeaker)
    assert SpeakerRef("she", "pronoun").rule is None
