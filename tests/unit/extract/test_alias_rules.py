"""services.extract.alias_rules: the ordered table of matching rules."""

import pytest
from alias_helpers import resolve_all

from schemas.models import EntityType
from services.extract import alias_rules
from services.extract.aliases import AliasResolver


def test_different_countries_ministries_stay_apart_and_bare_reference_joins_the_last():
    resolver = AliasResolver()
    resolver.add("Italian Ministry of Health")
    resolver.add("Spanish Ministry of Health")
    assert resolver.add("the Ministry of Health") == "Spanish Ministry of Health"
    assert resolver.canonical("Italian Ministry of Health") == "Italian Ministry of Health"


def test_possessive_is_its_own_entity_but_merges_with_the_same_owner():
    resolver = AliasResolver()
    resolver.add("Keir Starmer")
    office = resolver.add("Keir Starmer’s office")
    assert office != "Keir Starmer"
    assert resolver.add("Starmer’s office") == office
    assert resolver.canonical("Starmer") == "Keir Starmer"


def test_possessive_of_a_place_is_word_order():
    names = resolve_all("Armed Forces of Ukraine", "Ukraine’s armed forces")
    assert set(names.values()) == {"Armed Forces of Ukraine"}


def test_explicit_types_keep_a_person_and_a_place_apart():
    resolver = AliasResolver()
    resolver.add("Georgia", EntityType.location)
    assert resolver.add("Georgia", EntityType.location) == "Georgia"
    assert resolver.add("Paris Hilton", EntityType.person) == "Paris Hilton"
    assert resolver.add("Paris", EntityType.location) == "Paris"


def test_possessives_that_need_their_owner_keep_it():
    names = resolve_all("President Volodymyr Zelenskiy’s office", "Volodymyr Zelenskiy", "Zelenskiy’s office")
    assert names["Zelenskiy’s office"] == "President Volodymyr Zelenskiy’s office"
    assert names["Volodymyr Zelenskiy"] == "Volodymyr Zelenskiy"
    names = resolve_all("Ukraine’s armed forces", "Armed Forces of Ukraine", "Armed Forces")
    assert names["Ukraine’s armed forces"] == names["Armed Forces of Ukraine"]
    # a ministry's generic service is the ministry's: two ministries' press services differ
    names = resolve_all("Ministry of Defence’s Press Service", "Interior Ministry’s Press Service")
    assert names["Ministry of Defence’s Press Service"] != names["Interior Ministry’s Press Service"]


def test_the_rules_are_an_ordered_table_of_documented_functions():
    names = [rule.__name__ for rule in alias_rules.MATCH_RULES]
    assert names == ["company_short_name", "same_possessive", "same_person", "same_words",
                     "acronym_spells_a_form", "same_capitals", "similar_words", "bare_reference"]
    for rule in alias_rules.MATCH_RULES:
        assert rule.__doc__ and ("'" in rule.__doc__ or '"' in rule.__doc__), rule.__name__


@pytest.mark.parametrize(("known", "mention", "rule", "joins"), [
    (["Quorvane Motors"], "Quorvane", "company_short_name", "Quorvane Motors"),
    (["Governor Ilse Brandvik", "Governor Ilse Brandvik’s office"], "Brandvik’s office", "same_possessive",
     "Governor Ilse Brandvik’s office"),
    (["Mayor Tomas Halloran"], "Halloran", "same_person", "Tomas Halloran"),
    (["Velmarian Water Authority"], "Water Authority of Velmaria", "same_words", "Velmarian Water Authority"),
    (["Irvale Mining Company"], "IMC", "acronym_spells_a_form", "Irvale Mining Company"),
    (["KVL"], "K.V.L.", "same_capitals", "KVL"),
    (["Nordhavn Health Organisation"], "Nordhavn Health Organization", "similar_words",
     "Nordhavn Health Organisation"),
    (["Ostrian Ministry of Transport", "Velmarian Ministry of Transport"], "the Ministry of Transport",
     "bare_reference", "Velmarian Ministry of Transport"),
])
def test_each_rule_fires_on_its_docstring_example(known, mention, rule, joins):
    resolver = AliasResolver()
    for name in known:
        resolver.add(name)
    assert resolver.rule_for(mention) == rule
    assert resolver.add(mention) == joins


def test_a_possessive_of_an_unknown_owner_is_a_new_entity_and_no_rule_is_none():
    resolver = AliasResolver()
    resolver.add("Governor Ilse Brandvik")
    assert resolver.rule_for("Brandvik’s office") == "same_possessive"
    assert resolver.add("Brandvik’s office") == "Brandvik’s office"
    assert resolver.rule_for("Harbour Board") is None


def test_in_a_corpus_a_new_full_name_stops_at_the_person_rule():
    corpus = AliasResolver(corpus=True)
    corpus.add("Tomas Halloran", EntityType.person)
    assert corpus.rule_for("Agnes Halloran", EntityType.person) == "same_person"
    assert corpus.add("Agnes Halloran", EntityType.person) == "Agnes Halloran"


@pytest.mark.parametrize(("form", "short"), [
    ("Quorvane Motors", "quorvane"), ("Acme Holdings Inc.", "acme"), ("Ärlig Group", "arlig"),
    ("Quorvane", None), ("Bank of Acme", None),
])
def test_short_company_name_is_the_first_word_before_trading_words(form: str, short: str | None) -> None:
    assert alias_rules.short_company_name(form) == short
