"""speaker_mentions: the look-ups over an article's mentions."""

from __future__ import annotations

from schemas.models import SpeakerType
from services.extract.speaker_mentions import Mention, MentionIndex


def _index(*names: tuple[str, SpeakerType]) -> MentionIndex:
    return MentionIndex.of([Mention(name, name, i * 10, type_) for i, (name, type_) in enumerate(names)])


def test_a_short_name_stands_for_the_one_fuller_name_it_starts_or_ends() -> None:
    index = _index(("Ines Maria Vos", SpeakerType.person), ("Pieter Lund", SpeakerType.person))
    assert index.fuller_person_name("Vos") == "Ines Maria Vos"
    assert index.fuller_person_name("Ines") == "Ines Maria Vos"
    assert index.fuller_person_name("Okafor") is None


def test_two_fuller_names_leave_the_short_one_alone() -> None:
    index = _index(("Ines Vos", SpeakerType.person), ("Pieter Vos", SpeakerType.person))
    assert index.fuller_person_name("Vos") is None


def test_a_titled_mention_is_no_fuller_name() -> None:
    assert _index(("Mayor Ines Vos", SpeakerType.person)).fuller_person_name("Vos") is None


def test_the_first_known_type_of_a_name() -> None:
    index = _index(("Harbourline Shipping", SpeakerType.unknown), ("Harbourline Shipping", SpeakerType.organisation),
                   ("Harbourline Shipping", SpeakerType.person))
    assert index.type_of("Harbourline Shipping") is SpeakerType.organisation
    assert index.type_of("Pieter Lund") is SpeakerType.unknown
