"""Country knowledge from library data, and the mention finders built on it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.extract import places
from services.extract.mentions import (
    acronym_led_mentions,
    capital_actors,
    military_mentions,
    numbered_unit_mentions,
)

# --------------------------------------------------------------------------- library data


@pytest.mark.parametrize(("demonym", "country"), [
    ("Belarusian", "Belarus"), ("Dutch", "Netherlands"), ("French", "France"), ("Swiss", "Switzerland"),
    ("Turkish", "Turkey"), ("British", "United Kingdom"), ("South Korean", "South Korea"),
    ("nigerien", "Niger"), ("Nigerian", "Nigeria"),
])
def test_demonyms_name_their_country(demonym, country):
    assert places.country_of_demonym(demonym) == country


def test_official_names_are_the_country_but_one_word_native_names_are_not_trusted():
    assert places.country_of_name("Russian Federation") == "Russia"
    assert places.country_of_name("Republic of Belarus") == "Belarus"
    assert places.country_of_name("united kingdom of great britain and northern ireland") == "United Kingdom"
    # "Ísland" (Iceland) and "Mann" (Isle of Man) are English words and surnames
    assert places.country_of_name("Island") is None
    assert places.country_of_name("Mann") is None


@pytest.mark.parametrize(("city", "country"), [
    ("Minsk", "Belarus"), ("Moscow", "Russia"), ("Kyiv", "Ukraine"), ("Canberra", "Australia"),
    ("Washington", "United States"), ("Kuala Lumpur", "Malaysia"),
])
def test_capitals_name_their_country(city, country):
    assert places.country_of_capital(city) == country


def test_cities_that_are_no_capital_are_nothing():
    assert places.country_of_capital("Sydney") is None
    assert places.country_of_capital("Kharkiv") is None


def test_union_acronyms_come_from_cldr_and_country_codes_do_not():
    assert places.acronym_expansion("EU") == "European Union"
    assert places.acronym_expansion("UN") == "United Nations"
    assert places.acronym_expansion("US") is None  # a country's code: not a union
    assert places.acronym_expansion("DG") is None  # Diego Garcia is no body
    assert places.is_place_adjective("European")
    assert not places.is_place_adjective("United")


# --------------------------------------------------------------------------- mention finders


@pytest.mark.parametrize(("text", "surface"), [
    ("Russian troops crossed the border at dawn.", "Russian troops"),
    ("Ukraine’s armed forces said the bridge was hit.", "Ukraine’s armed forces"),
    ("According to the Armed Forces of Ukraine, the column turned back.", "Armed Forces of Ukraine"),
    ("Hundreds of French soldiers left Mali on Monday.", "French soldiers"),
    ("Officials said the Dutch navy had sent a frigate.", "Dutch navy"),
    ("On Thursday Russian servicemen arrived.", "Russian servicemen"),
])
def test_a_country_and_a_military_noun_is_a_mention(text, surface):
    assert [s for _, s in military_mentions(text)] == [surface]
    offset = military_mentions(text)[0][0]
    assert text[offset : offset + len(surface)] == surface


@pytest.mark.parametrize("text", [
    "She ordered French fries and a coffee.",
    "A box of Turkish delight was on the table.",
    "Special forces raided the compound.",
    "Rebel troops entered the town.",
    "Putin’s army is not what it was.",
    "The Russian ballet toured Europe.",
])
def test_no_country_or_no_military_noun_is_no_mention(text):
    assert military_mentions(text) == []


def test_numbered_units_keep_their_owner_for_the_resolver():
    text = ("Images showed the Belarusian Army’s 38th Air Assault Brigade near Kobryn, weeks after "
            "the 101st Airborne Division had arrived. The 21st Century Fund and 5th Avenue are no units.")
    assert [s for _, s in numbered_unit_mentions(text)] == [
        "Belarusian Army’s 38th Air Assault Brigade", "101st Airborne Division"]
    assert numbered_unit_mentions("The French Army’s 2nd Foreign Parachute Regiment will lead.") == [
        (4, "French Army’s 2nd Foreign Parachute Regiment")]


def test_bodies_named_with_an_acronym_or_an_on_for_joint():
    text = ("said Gustav Gressel, a fellow at the EU Council on Foreign Relations, and analysts at the "
            "Institute for the Study of War. The UN Security Council met. NATO Secretary General "
            "Jens Stoltenberg spoke. He lives in the US now.")
    assert [s for _, s in acronym_led_mentions(text)] == [
        "EU Council on Foreign Relations", "Institute for the Study of War", "UN Security Council"]


# --------------------------------------------------------------------------- capitals as actors


@pytest.fixture(scope="module")
def nlp():
    from services.extract.nlp import get_nlp

    return get_nlp()


def actors(nlp, text: str) -> list[tuple[str, str]]:
    return [(surface, country) for _, surface, country in capital_actors(nlp(text))]


@pytest.mark.parametrize(("text", "expected"), [
    ("Lukashenko announced on Oct. 10 that Minsk and Moscow had agreed upon the deployment.",
     [("Minsk", "Belarus"), ("Moscow", "Russia")]),
    ("Washington has warned Beijing over Taiwan.", [("Washington", "United States")]),
    ("Kuala Lumpur rejected the claim on Tuesday.", [("Kuala Lumpur", "Malaysia")]),
    ("There is growing evidence Minsk is moving closer to the war.", [("Minsk", "Belarus")]),
])
def test_a_capital_that_acts_stands_for_its_country(nlp, text, expected):
    assert actors(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Paris Hilton said she was thrilled.",
    "Moscow is a big city.",
    "Kyiv was shelled overnight.",
    "George Washington said he would cross the river.",
    "Officials met in Minsk on Monday.",
    "Canberra sweltered as temperatures rose.",
])
def test_a_capital_as_a_place_or_a_persons_name_is_no_actor(nlp, text):
    assert actors(nlp, text) == []


def test_capital_offsets_are_mapped_by_the_callers_locate(nlp):
    doc = nlp("Rome and Paris signed the accord.")
    found = capital_actors(doc, locate=lambda char: char + 100)
    assert [(offset, surface) for offset, surface, _ in found] == [(100, "Rome"), (109, "Paris")]


def test_a_date_after_on_is_not_part_of_the_name():
    text = "Plans were approved by Harwood District Council on Wednesday. The Council on Foreign Relations agreed."
    assert [s for _, s in acronym_led_mentions(text)] == ["Council on Foreign Relations"]


@pytest.mark.parametrize("text", [
    "DUBLIN, March 4, 2024 — Corvane Therapeutics today announced positive results.",
    "Moscow (Reuters) - The central bank raised rates on Friday.",
])
def test_a_dateline_capital_is_no_actor(nlp, text):
    assert actors(nlp, text) == []


def test_a_capital_quoted_as_opposing_is_its_country(nlp):
    text = "A spokesperson told a briefing on Tuesday that Beijing firmly opposes the sale."
    assert actors(nlp, text) == [("Beijing", "China")]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_finders_never_crash_and_return_spans_of_the_text(text):
    for finder in (military_mentions, numbered_unit_mentions, acronym_led_mentions):
        for offset, surface in finder(text):
            assert text[offset : offset + len(surface)] == surface
    assert places.country_of_name(text) is None or isinstance(places.country_of_name(text), str)
    places.country_of_capital(text)
    places.country_of_demonym(text)


def test_a_huge_text_is_scanned_in_linear_time():
    import time

    text = ("Russian Ukrainian Belarusian French German " * 20_000) + "troops"
    started = time.perf_counter()
    military_mentions(text)
    acronym_led_mentions("EU Council on " * 20_000)
    numbered_unit_mentions("38th Air Assault " * 20_000)
    assert time.perf_counter() - started < 5
