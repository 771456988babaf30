import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.models import EntityType
from services.extract.aliases import AliasResolver, merge_resolvers

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"


def resolve_all(*surfaces: str) -> dict[str, str]:
    resolver = AliasResolver()
    for surface in surfaces:
        resolver.add(surface)
    return {s: resolver.canonical(s) for s in surfaces}


def test_titles_and_surnames_join_the_full_name():
    names = resolve_all("Prime Minister Jacinda Ardern", "Ms Ardern", "Ardern", "Jacinda Ardern")
    assert set(names.values()) == {"Jacinda Ardern"}


def test_surname_before_full_name_is_upgraded():
    names = resolve_all("Kipchoge", "Eliud Kipchoge", "Mr Kipchoge")
    assert set(names.values()) == {"Eliud Kipchoge"}


def test_transliterations_merge():
    names = resolve_all("Sergei Shoigu", "Sergey Shoigu", "Shoygu")
    assert set(names.values()) == {"Sergei Shoigu"}
    names = resolve_all("Volodymyr Zelensky", "Zelenskyy", "President Volodymyr Zelenskiy")
    assert set(names.values()) == {"Volodymyr Zelensky"}


def test_same_surname_different_first_names_stay_apart():
    names = resolve_all("Serena Williams", "Venus Williams")
    assert names["Serena Williams"] != names["Venus Williams"]
    names = resolve_all("Anna Myroniuk", "Anton Myroniuk")
    assert names["Anna Myroniuk"] != names["Anton Myroniuk"]


def test_lone_surname_goes_to_the_person_mentioned_last():
    resolver = AliasResolver()
    resolver.add("Serena Williams")
    resolver.add("Venus Williams")
    assert resolver.add("Williams") == "Venus Williams"


def test_initial_and_short_form_of_a_first_name_match():
    names = resolve_all("Alexander Stubb", "A. Stubb", "Alex Stubb")
    assert set(names.values()) == {"Alexander Stubb"}


def test_organisation_word_order_demonyms_and_formal_state_names():
    names = resolve_all(
        "Italian Ministry of Finance",
        "Italy's Finance Ministry",
        "Ministry of Finance of the Italian Republic",
        "Finance Ministry of Italy",
    )
    assert set(names.values()) == {"Italian Ministry of Finance"}


def test_different_countries_ministries_stay_apart_and_bare_reference_joins_the_last():
    resolver = AliasResolver()
    resolver.add("Italian Ministry of Health")
    resolver.add("Spanish Ministry of Health")
    assert resolver.add("the Ministry of Health") == "Spanish Ministry of Health"
    assert resolver.canonical("Italian Ministry of Health") == "Italian Ministry of Health"


def test_case_variants_prefer_the_informative_capitalisation():
    names = resolve_all("Belta", "BelTA", "Belta", "BELTA")
    assert set(names.values()) == {"BelTA"}
    assert set(resolve_all("Nato", "NATO").values()) == {"NATO"}


def test_acronym_matches_initials():
    names = resolve_all("World Health Organization", "WHO")
    assert names["WHO"] == "World Health Organization"


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


def test_entities_report_canonical_aliases_and_type():
    resolver = AliasResolver()
    resolver.add("Christine Lagarde", EntityType.person)
    resolver.add("Ms Lagarde", EntityType.person)
    resolver.add("European Central Bank", EntityType.organisation)
    resolver.add("ECB", EntityType.organisation)
    entities = {e.canonical: e for e in resolver.entities()}
    assert entities["Christine Lagarde"].aliases == ["Christine Lagarde", "Ms Lagarde"]
    assert entities["Christine Lagarde"].type is EntityType.person
    assert entities["European Central Bank"].aliases == ["ECB", "European Central Bank"]
    assert entities["European Central Bank"].type is EntityType.organisation


def test_explicit_types_keep_a_person_and_a_place_apart():
    resolver = AliasResolver()
    resolver.add("Georgia", EntityType.location)
    assert resolver.add("Georgia", EntityType.location) == "Georgia"
    assert resolver.add("Paris Hilton", EntityType.person) == "Paris Hilton"
    assert resolver.add("Paris", EntityType.location) == "Paris"


def test_canonical_does_not_register():
    resolver = AliasResolver()
    resolver.add("Emmanuel Macron")
    assert resolver.canonical("Macron") == "Emmanuel Macron"
    assert resolver.canonical("Olaf Scholz") == "Olaf Scholz"
    assert [e.canonical for e in resolver.entities()] == ["Emmanuel Macron"]


def test_corpus_level_merge_unifies_spellings_across_documents_but_not_lone_surnames():
    first, second, third, fourth = AliasResolver(), AliasResolver(), AliasResolver(), AliasResolver()
    for surface in ("Alexander Lukashenko", "Lukashenko"):
        first.add(surface)
    for surface in ("Alexander Lukashenka", "Mr Lukashenka"):
        second.add(surface)
    for surface in ("Anna Smith", "Smith"):
        third.add(surface)
    fourth.add("John Smith")
    corpus = merge_resolvers([first, second, third, fourth])
    assert corpus.canonical("Alexander Lukashenka") == "Alexander Lukashenko"
    assert corpus.canonical("Mr Lukashenka") == "Alexander Lukashenko"
    assert corpus.canonical("John Smith") == "John Smith"
    assert corpus.canonical("Anna Smith") == "Anna Smith"
    assert len(corpus.entities()) == 3


_names = st.lists(
    st.sampled_from(list("AaBbKkLlOoSsZzyi .’'-@аМ\u00a0") + ["Mr ", "the ", "of ", "Ministry ", "’s "]),
    max_size=20,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), _names), max_size=15))
def test_arbitrary_surfaces_never_raise_and_resolution_is_deterministic(surfaces):
    first, second = AliasResolver(), AliasResolver()
    out_first = [first.add(s) for s in surfaces]
    out_second = [second.add(s) for s in surfaces]
    assert out_first == out_second
    for s in surfaces:
        assert isinstance(first.canonical(s), str)
    entities = first.entities()
    assert sum(len(e.aliases) for e in entities) == len({s for s in surfaces if first.exact_key(s) is not None})


# --------------------------------------------------------------------------- gold yardstick

# Entities of another story, fed alongside each gold entity so a resolver that merges everything
# cannot pass.
DISTRACTORS = [
    "Alexander Stubb", "Mr Stubb", "Anna Lukasheva", "Vladimir Potanin", "Ukrainian Ministry of Health",
    "Belarusian Ministry of Education", "Russian Ministry of Finance", "New York Post", "Zelenograd",
    "European Commission", "BBC", "Josep Maria Bartomeu", "Belgium", "Rostov", "Interfax",
]  # fmt: skip


def _gold_entities():
    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))["entities"]


def _resolve_with_distractors(aliases: list[str]) -> tuple[dict[str, str], AliasResolver]:
    resolver = AliasResolver()
    for surface in [*DISTRACTORS[:8], *aliases, *DISTRACTORS[8:]]:
        resolver.add(surface)
    return {a: resolver.canonical(a) for a in aliases}, resolver


@pytest.mark.skipif(not (SEEDS / "gold.json").exists(), reason="seed annotation not present")
def test_gold_aliases_resolve_together_and_never_into_a_distractor():
    entities = _gold_entities()
    grouped, canonical_right = [], []
    for entity in entities:
        names, resolver = _resolve_with_distractors(entity["aliases"])
        distractor_canonicals = {resolver.canonical(d) for d in DISTRACTORS}
        assert not set(names.values()) & distractor_canonicals, entity["canonical"]
        if len(set(names.values())) == 1:
            grouped.append(entity["canonical"])
            if set(names.values()) == {entity["canonical"]}:
                canonical_right.append(entity["canonical"])
    # Measured: 31 of 34 gold entities group fully; the rest need world knowledge
    # (Minsk = Belarus, Moscow = Russia) or descriptive common nouns ("task force").
    assert len(grouped) >= 31, sorted({e["canonical"] for e in entities} - set(grouped))
    assert len(canonical_right) >= 20


@pytest.mark.skipif(not (SEEDS / "gold.json").exists(), reason="seed annotation not present")
def test_gold_entities_fed_together_are_not_merged_with_each_other():
    entities = _gold_entities()
    resolver = AliasResolver()
    for entity in entities:
        for alias in entity["aliases"]:
            resolver.add(alias)
    owner: dict[str, str] = {}
    for entity in entities:
        for alias in entity["aliases"]:
            canonical = resolver.canonical(alias)
            assert owner.setdefault(canonical, entity["canonical"]) == entity["canonical"], (alias, canonical)


# --------------------------------------------------------------------------- countries, forces, units


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


def test_a_bodys_numbered_unit_is_the_unit():
    names = resolve_all("Ukrainian Army’s 93rd Mechanized Brigade", "93rd Mechanized Brigade", "Ukrainian Army")
    assert names["Ukrainian Army’s 93rd Mechanized Brigade"] == "93rd Mechanized Brigade"
    assert names["Ukrainian Army"] == "Ukrainian Army"
    names = resolve_all("Acme Group’s Widget Division", "Widget Division")
    assert set(names.values()) == {"Widget Division"}


def test_possessives_that_need_their_owner_keep_it():
    names = resolve_all("President Volodymyr Zelenskiy’s office", "Volodymyr Zelenskiy", "Zelenskiy’s office")
    assert names["Zelenskiy’s office"] == "President Volodymyr Zelenskiy’s office"
    assert names["Volodymyr Zelenskiy"] == "Volodymyr Zelenskiy"
    names = resolve_all("Ukraine’s armed forces", "Armed Forces of Ukraine", "Armed Forces")
    assert names["Ukraine’s armed forces"] == names["Armed Forces of Ukraine"]
    # a ministry's generic service is the ministry's: two ministries' press services differ
    names = resolve_all("Ministry of Defence’s Press Service", "Interior Ministry’s Press Service")
    assert names["Ministry of Defence’s Press Service"] != names["Interior Ministry’s Press Service"]


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


def test_french_fries_and_turkish_delight_are_no_country():
    names = resolve_all("French fries", "France", "Turkish Delight", "Turkey")
    assert len(set(names.values())) == 4


def test_a_capital_standing_for_its_country_resolves_to_it():
    resolver = AliasResolver()
    resolver.add("France")
    resolver.add("Paris")  # met first as a plain name
    assert resolver.add_metonym("Paris", "France") == "France"
    assert resolver.canonical("Paris") == "France"
    resolver.add("Paris")  # later mentions follow, without becoming the country's name
    resolver.add("Paris")
    assert resolver.canonical("France") == "France"
    assert [e.canonical for e in resolver.entities()] == ["France"]
    assert sorted(resolver.entities()[0].aliases) == ["France", "Paris"]


def test_a_capital_that_is_a_persons_surname_here_stays_the_person():
    resolver = AliasResolver()
    resolver.add("Denzel Washington")
    assert resolver.add_metonym("Washington", "United States") is None
    assert resolver.canonical("Washington") == "Denzel Washington"
    # "Paris Hilton" is a full name: "Paris" is not her surname, and the city may still act
    resolver.add("Paris Hilton")
    assert resolver.add_metonym("Paris", "France") == "France"
    assert resolver.canonical("Paris Hilton") == "Paris Hilton"


def test_corpus_lookup_of_a_capital_a_document_tied_to_its_country():
    from schemas.models import Entity

    corpus = AliasResolver(corpus=True)
    corpus.learn_entity(Entity(canonical="Belarus", type=EntityType.location, aliases=["Belarus", "Minsk"]))
    corpus.learn_entity(Entity(canonical="Anna Minsk", type=EntityType.person, aliases=["Anna Minsk"]))
    # a bare "Minsk" now also reads as the surname of a person named in full: the person wins
    assert corpus.canonical("Minsk") == "Anna Minsk"
    fresh = AliasResolver(corpus=True)
    fresh.learn_entity(Entity(canonical="Belarus", type=EntityType.location, aliases=["Belarus", "Minsk"]))
    assert fresh.canonical("Minsk") == "Belarus"


def test_a_countrys_troops_are_named_as_its_armed_forces_unless_the_text_names_them():
    names = resolve_all("Russian troops", "Russian forces", "Russian soldiers")
    assert set(names.values()) == {"Russian Armed Forces"}
    names = resolve_all("Ukraine’s armed forces", "Armed Forces of Ukraine")
    assert set(names.values()) == {"Armed Forces of Ukraine"}
    names = resolve_all("Dutch troops", "Dutch military")
    assert set(names.values()) == {"Dutch Armed Forces"}


def test_a_made_up_armed_forces_name_gives_way_to_the_bodys_own_but_nothing_else_does():
    from services.extract.aliases import is_better_name

    assert is_better_name("Armed Forces of Ukraine", "Ukrainian Armed Forces")
    assert is_better_name("Alexander Lukashenko", "Lukashenko")
    assert not is_better_name("Armed Forces of Belarus", "Ukrainian Armed Forces")
    assert not is_better_name("Ukrainian Armed Forces", "Armed Forces of Ukraine")
    assert not is_better_name("ukraine's army", "Ukrainian Armed Forces")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60), st.text(max_size=60))
def test_metonyms_and_descriptions_never_crash_on_any_text(surface, referent, description):
    from schemas.models import Entity

    resolver = AliasResolver()
    resolver.add(surface)
    result = resolver.add_metonym(surface, referent)
    assert result is None or isinstance(result, str)
    resolver.entities()
    corpus = AliasResolver(corpus=True)
    key = corpus.learn_description(Entity(canonical=description or "x", aliases=[surface, referent]))
    if key is not None:
        assert corpus.description_of(description or "x") == key
    assert AliasResolver.from_state(corpus.to_state()).description_of(description or "x") == key
