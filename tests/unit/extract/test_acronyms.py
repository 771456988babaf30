"""services.extract.acronyms: what an acronym stands for, and acronym merges."""

import pytest
from alias_helpers import resolve_all

from services.extract.acronyms import acronym_of, is_own_acronym, name_bag, spells
from services.extract.aliases import AliasResolver


def test_acronym_matches_initials():
    names = resolve_all("World Health Organization", "WHO")
    assert names["WHO"] == "World Health Organization"


def test_union_acronyms_expand_by_library_data():
    names = resolve_all("EU", "European Union", "UN", "United Nations")
    assert names["EU"] == names["European Union"] != names["UN"] == names["United Nations"]
    names = resolve_all("EU Commission", "European Commission", "EU Council on Foreign Relations",
                        "European Council on Foreign Relations")
    assert names["EU Commission"] == names["European Commission"]
    assert names["EU Council on Foreign Relations"] == names["European Council on Foreign Relations"]
    assert names["EU Commission"] != names["EU Council on Foreign Relations"]
    # "United" is no place's adjective: "UN X" is not "United X"
    names = resolve_all("UN Security Council", "United Security Council")
    assert names["UN Security Council"] != names["United Security Council"]


@pytest.mark.parametrize("corpus", [False, True])
@pytest.mark.parametrize("order", [("Union State", "US", "United States"), ("US", "Union State", "United States")])
def test_a_countrys_acronym_is_the_country_not_a_body_with_its_initials(corpus, order):
    resolver = AliasResolver(corpus=corpus)
    for name in order:
        resolver.add(name)
    assert resolver.canonical("US") == resolver.canonical("United States") != resolver.canonical("Union State")
    names = resolve_all("UAE", "United Arab Emirates", "UK", "United Kingdom", "Union Kitchen")
    assert names["UAE"] == names["United Arab Emirates"]
    assert names["UK"] == names["United Kingdom"] != names["Union Kitchen"]
    # a small country's two-letter code is an everyday acronym: across a corpus, "PR" from one
    # article is not another article's Puerto Rico
    corpus = AliasResolver(corpus=True)
    corpus.add("Puerto Rico")
    corpus.add("PR")
    assert corpus.canonical("PR") != corpus.canonical("Puerto Rico")


@pytest.mark.parametrize(("name", "expected"), [("IMC", "IMC"), ("Imc", None), ("G7", None), ("I", None),
                                                 ("ABCDEFG", None)])
def test_acronym_of(name, expected):
    assert acronym_of(name) == expected


def test_name_bag_of_a_union_a_country_and_a_plain_name():
    assert name_bag("EU", "EU") == name_bag("European Union", None)
    assert name_bag("UK", "UK") == frozenset({"united-kingdom"})
    assert name_bag("Irvale Mining", None) == frozenset({"irvale", "mining"})


def test_spells_and_is_own_acronym():
    assert spells("IMC", "Irvale Mining Company")
    assert not spells("IMC", "IMC")
    assert is_own_acronym("IMC")
    assert not is_own_acronym("UK")
    assert not is_own_acronym("Irvale")


def test_an_invented_acronym_joins_the_body_it_spells():
    resolver = AliasResolver()
    resolver.add("Irvale Mining Company")
    assert resolver.add("IMC") == "Irvale Mining Company"
