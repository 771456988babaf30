"""Pronouns, by what they can stand for."""

from __future__ import annotations

PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})

PRONOUNS_ANY = frozenset({"they", "them"})

PRONOUNS_THING = frozenset({"it"})

POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}
