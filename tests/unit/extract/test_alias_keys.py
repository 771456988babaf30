"""services.extract.alias_keys: the keys names are compared by, and the merges they make."""

import pytest
from alias_helpers import resolve_all

from services.extract.alias_keys import (
    armed_forces_name,
    bags_equal,
    bags_similar,
    clean,
    description_words,
    fold,
    fold_name,
    initials,
    is_demonym_of,
    org_bag,
    same_word,
    split_handle,
)


def test_organisation_word_order_demonyms_and_formal_state_names():
    names = resolve_all(
        "Italian Ministry of Finance",
        "Italy's Finance Ministry",
        "Ministry of Finance of the Italian Republic",
        "Finance Ministry of Italy",
    )
    assert set(names.values()) == {"Italian Ministry of Finance"}


def test_social_handles_are_split_into_names():
    names = resolve_all("Greta Thunberg", "@GretaThunberg")
    assert set(names.values()) == {"Greta Thunberg"}


def test_similar_place_names_do_not_merge():
    names = resolve_all("Austria", "Australia", "Slovakia", "Slovenia", "Niger", "Nigeria")
    assert len(set(names.values())) == 6
    names = resolve_all("Austrian Airlines", "Australian Airlines", "Slovak Army", "Slovenian Army")
    assert len(set(names.values())) == 4


def test_spelling_slips_in_organisation_names_merge():
    names = resolve_all("World Health Organization", "World Health Organisation")
    assert set(names.values()) == {"World Health Organization"}


@pytest.mark.parametrize("group", [
    ["Russian troops", "Russian forces", "Russian soldiers", "Armed Forces of the Russian Federation"],
    ["French soldiers", "French Army", "Army of France", "France’s armed forces"],
    ["British troops", "British Army", "Armed Forces of the United Kingdom"],
    ["Dutch Foreign Ministry", "Foreign Ministry of the Netherlands", "Netherlands Ministry of Foreign Affairs"],
    ["Greek Finance Ministry", "Ministry of Finance of Greece"],
])
def test_a_country_named_by_demonym_or_official_name_is_one_body(group):
    names = resolve_all(*group)
    assert len(set(names.values())) == 1, names


@pytest.mark.parametrize(("a", "b"), [
    ("Russian troops", "German troops"),
    ("British Army", "Royal Navy"),
    ("Belarusian security forces", "Belarusian military"),
    ("Nigerian Army", "Nigerien Army"),
    ("Russian Navy", "Russian Army"),
])
def test_different_countries_or_branches_stay_apart(a, b):
    names = resolve_all(a, b)
    assert names[a] != names[b]


def test_french_fries_and_turkish_delight_are_no_country():
    names = resolve_all("French fries", "France", "Turkish Delight", "Turkey")
    assert len(set(names.values())) == 4


def test_fold_and_fold_name_even_out_letters_and_transliterations():
    assert fold("Ćirić’s") == "ciric's"
    assert fold("Тоmas") == "tomas"  # a Cyrillic lookalike "Т"
    assert fold_name("Aleksandr") == fold_name("Alexandr")
    assert fold_name("Zelenskiy") == fold_name("Zelensky")


@pytest.mark.parametrize(("word", "place", "expected"), [
    ("velmarian", "velmaria", True),
    ("ostrish", "ostria", False),
    ("nigerian", "nigeria", True),
    ("nigeria", "niger", False),
    ("velmaria", "velmaria", False),
])
def test_is_demonym_of(word, place, expected):
    assert is_demonym_of(word, place) is expected


def test_same_word_is_equality_or_a_demonym_either_way():
    """The three-letter shortcut of `same_word` gives what its definition gives."""
    words = ["velmaria", "velmarian", "velmariese", "ostria", "ostrian", "nigeria", "nigerian", "niger",
             "china", "chinese", "chin", "iran", "irani", "iranian", "iraq", "iraqi", "mali", "malian", "ab", "a"]
    for a in words:
        for b in words:
            assert same_word(a, b) is (a == b or is_demonym_of(a, b) or is_demonym_of(b, a)), (a, b)


def test_org_bag_ignores_order_function_words_and_formal_state_words():
    assert bags_equal(org_bag("Ministry of Transport of Italy"), org_bag("Italian Transport Ministry"))
    assert org_bag("the Harbour Board's Office") == frozenset({"harbour", "board", "office"})
    assert bags_similar(org_bag("Nordhavn Health Organisation"), org_bag("Nordhavn Health Organization"))
    assert not bags_similar(org_bag("Nordhavn Health Organisation"), org_bag("Nordhavn Health"))


def test_clean_handles_initials_and_descriptions():
    assert clean("  the Ministry of Transport, ") == "Ministry of Transport"
    assert clean("The New York Times") == "The New York Times"
    assert split_handle("@OdileVarnsworth") == "Odile Varnsworth"
    assert split_handle("Odile") is None
    assert initials("Irvale Mining Company") == "IMC"
    assert description_words("an unnamed senior harbour official") == "senior harbour official"


def test_armed_forces_name_for_collective_nouns_only():
    assert armed_forces_name("Italian troops") == "Italian Armed Forces"
    assert armed_forces_name("Italian Army") is None
    assert armed_forces_name("Rebel troops") is None
