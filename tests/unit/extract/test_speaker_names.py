"""speaker_names: names and descriptions as text, on invented names."""

from __future__ import annotations

import pytest

from services.extract.speaker_names import (
    as_description,
    clean_surface,
    description_head,
    has_given_name,
    is_person_noun,
    looks_like_person,
    strip_person_title,
    titled_names,
    titled_person,
)


@pytest.mark.parametrize(("surface", "expected"), [
    ("the Harbour Board’s", "Harbour Board"),
    ("  “Ines Vos,” ", "Ines Vos"),
    ("The Coastal Times", "Coastal Times"),
])
def test_clean_surface(surface: str, expected: str) -> None:
    assert clean_surface(surface) == expected


def test_clean_surface_keeps_a_capital_the_inside_a_sentence() -> None:
    assert clean_surface("The Coastal Times", keep_capital_the=True) == "The Coastal Times"


def test_as_description_lowers_a_leading_article() -> None:
    assert as_description("The  harbour master.") == "the harbour master"
    assert as_description("Two inspectors") == "Two inspectors"


def test_description_head() -> None:
    assert description_head("a spokeswoman for Harbourline Shipping") == "spokeswoman"
    assert description_head("a senior port official") == "official"


def test_is_person_noun() -> None:
    assert is_person_noun("mayor") and is_person_noun("cellist") and is_person_noun("54-year-old")
    assert not is_person_noun("bridge")


@pytest.mark.parametrize(("name", "person"), [
    ("Mette Lund", True),
    ("Omar al-Sayegh", True),
    ("Harbour Board", False),
    ("Channel NTV", False),
    ("Lund", False),
])
def test_looks_like_person(name: str, person: bool) -> None:
    assert looks_like_person(name) is person


def test_has_given_name() -> None:
    assert has_given_name("Mette Lund")
    assert not has_given_name("Harbour Board")


@pytest.mark.parametrize(("name", "expected"), [
    ("Councillor Ines Vos", "Ines Vos"),
    ("Dr. Arjun Mehta", "Arjun Mehta"),
    ("Hannah Ferreira MP", "Hannah Ferreira"),
    ("Dr", "Dr"),
])
def test_strip_person_title(name: str, expected: str) -> None:
    assert strip_person_title(name) == expected


def test_titled_person() -> None:
    assert titled_person("Ms Mette Lund Olsen")
    assert not titled_person("Harbour Board")


def test_titled_names_without_a_parse() -> None:
    found = titled_names("Harbour President Ines Vos opened the bridge. Pieter Lund, the club's chairman, spoke.")
    assert ("Ines Vos", 18, {"president"}) in found
    assert any(name == "Pieter Lund" and "chairman" in roles for name, _, roles in found)
