"""Pronouns, by what they can stand for."""

from __future__ import annotations

from typing import Literal

# Pronouns that stand for a person only, for anyone or anything, or for a thing (or a body).
PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_ANY = frozenset({"they", "them"})
PRONOUNS_THING = frozenset({"it"})

# A possessive and the pronoun for its owner ("his spokesman": the man "he" refers to).
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}

# The gender a personal pronoun asks of the person it stands for.
PRONOUN_GENDER: dict[str, Literal["female", "male"]] = {"she": "female", "her": "female", "hers": "female",
                                                        "he": "male", "him": "male", "his": "male"}

# Pronouns that open a relative clause ("the minister, who said ...").
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})
