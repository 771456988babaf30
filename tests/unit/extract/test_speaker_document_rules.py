"""The document rules keep their place in the speaker table (their examples are checked, with every
rule's, in test_speaker_rules)."""

from __future__ import annotations

from services.extract.speaker_document_rules import DOCUMENT_RULES
from services.extract.speaker_rules import SPEAKER_RULES, coordinated_titles, pronoun_owned


def test_the_document_rules_sit_between_the_title_rules_and_the_owned_ones() -> None:
    names = [r.__name__ for r in SPEAKER_RULES]
    start = names.index(coordinated_titles.__name__) + 1
    assert tuple(SPEAKER_RULES[start : start + len(DOCUMENT_RULES)]) == DOCUMENT_RULES
    assert names[start + len(DOCUMENT_RULES)] == pronoun_owned.__name__


def test_every_document_rule_has_an_example() -> None:
    assert all("'" in (rule.__doc__ or "") for rule in DOCUMENT_RULES)
