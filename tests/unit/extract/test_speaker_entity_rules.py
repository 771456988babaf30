"""The entity rules keep their place in the speaker table, straight after the pronoun, age and
platform rules (their examples are checked, with every rule's, in test_speaker_rules)."""

from __future__ import annotations

from services.extract import speaker_entity_rules
from services.extract.speaker_rules import SPEAKER_RULES


def test_every_entity_rule_is_in_the_table_in_the_order_it_is_written() -> None:
    rules = [r for r in SPEAKER_RULES if r.__module__ == speaker_entity_rules.__name__]
    names = [r.__name__ for r in SPEAKER_RULES]
    assert names.index(rules[0].__name__) == names.index("platform_object") + 1
    written = [n for n in vars(speaker_entity_rules) if not n.startswith("_") and n in names]
    assert [r.__name__ for r in rules] == written
