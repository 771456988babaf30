"""Who a sentence is about (services.extract.subjects): the person a later 'she' is. Paragraphs
invented for this file."""

from __future__ import annotations

from claim_helpers import article, direct

from services.extract.extractor import extract_claims


def test_a_named_subject_is_the_next_pronoun() -> None:
    text = ("Ilse Marten ran the ferry for thirty years. Tomas Brenner spoke first.\n\n"
            "Marten was unmoved. “The sea decides,” she said.")
    assert direct(extract_claims(article(text)))["The sea decides"] == "Ilse Marten"


def test_a_described_subject_is_the_next_pronoun() -> None:
    text = "The treasurer was defiant. “We will not sell the pier,” she said."
    assert direct(extract_claims(article(text)))["We will not sell the pier"] == "the treasurer"
