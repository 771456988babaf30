"""Pronouns, by what they can stand for."""

from __future__ import annotations

from typing import Literal

PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})

PRONOUNS_ANY = frozenset({"they", "them"})

PRONOUNS_THING = frozenset({"it"})

POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}

PRONOUN_GENDER: dict[str, Literal["female", "male"]] = {"she": "female", "her": "female", "hers": "female",
                                     "he": "male", "him": "male", "his": "male"}

RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})
