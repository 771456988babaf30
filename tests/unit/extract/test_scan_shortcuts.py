"""The shortcuts the cheap scanners take to skip text (keyword pre-checks, lazy tokens, lookup
tables, memoised name helpers) must not change what they find, including at the edges the
shortcuts reason about."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from schemas.models import EntityType
from services.extract import places, quotes, tokens
from services.extract.aliases import AliasResolver
from services.extract.attribution import _SPEECH_VERB_BEFORE_RE, _last_chunks_start
from services.extract.dates import event_date_for, find_date_expressions
from services.extract.hedges import find_hedges, is_hedged
from services.extract.lexicon.titles import ROLE_NOUNS
from services.extract.mentions import military_mentions, numbered_unit_mentions
from services.extract.nlp import paragraphs
from services.extract.quantities import find_quantities
from services.extract.quotes import find_quotes
from services.extract.speaker_names import _TITLED_NAME_RE, titled_name_matches

PUBLISHED = datetime(2024, 3, 14, 9)


# --------------------------------------------------------------------------- hedges and dates
@pytest.mark.parametrize(
    "text, hedge",
    [
        ("The troops were said to be moving.", "were said to"),
        ("It ſeems the talks failed.", "it ſeems"),  # case-blind matching reads ſ as s
        ("The figures are UNCONFIRMED.", "unconfirmed"),
        ("They аllegedly fled.", "allegedly"),  # a Cyrillic а planted in the word
    ],
)
def test_a_hedge_the_pre_check_could_miss_is_still_found(text, hedge):
    assert hedge in find_hedges(text)
    assert is_hedged(text)


def test_a_sentence_with_no_hedge_word_has_no_hedge():
    assert find_hedges("The minister said the bridge would reopen.") == []
    assert not is_hedged("The minister said the bridge would reopen.")


@pytest.mark.parametrize(
    "text, raw",
    [
        ("It happened last weeK.", "last weeK"),  # Kelvin sign: case-blind 'k'
        ("Filed on 2024-03-01 by the clerk.", "2024-03-01"),
        ("Filed 20٢٤-03-01 by the clerk.", "20٢٤-03-01"),  # any decimal digit, not only ASCII
        ("Filed 01/03/2024 by the clerk.", "01/03/2024"),
        ("Talks resume in Sept, officials said.", "in Sept"),
        ("The vote was held on Tuesday.", "on Tuesday"),
    ],
)
def test_a_date_the_pre_check_could_miss_is_still_found(text, raw):
    assert [d.raw for d in find_date_expressions(text)][:1] == [raw]
    found = event_date_for(text, PUBLISHED)
    assert found is not None and found.raw == raw


def test_no_date_words_no_date():
    assert find_date_expressions("The minister said the bridge would reopen.") == []
    assert event_date_for("The minister said the bridge would reopen.", PUBLISHED) is None


def test_event_date_is_the_first_expression():
    text = "On Monday officials said the damage began yesterday."
    assert event_date_for(text, PUBLISHED).raw == find_date_expressions(text)[0].raw == "On Monday"


# --------------------------------------------------------------------------- quantities
@pytest.mark.parametrize(
    "text, surface",
    [
        ("Officials counted a dozen trucks.", "a dozen trucks"),
        ("Officials counted a few hundred trucks.", "a few hundred trucks"),
        ("The deal is worth US$40 million.", "US$40 million"),
        ("The fund lost an estimated 3,000 jobs.", "an estimated 3,000 jobs"),
    ],
)
def test_amounts_opened_by_a_skipped_word(text, surface):
    assert surface in [q.quantity.surface for q in find_quantities(text)]


def test_a_and_us_alone_start_no_amount():
    assert find_quantities("A man told us a story.") == []


@pytest.mark.parametrize("text", [
    "Call +44 20 7946 0958 or (020) 7946-0958, or +(1) 555 010 999 before 17:00 on 24/10/2022.",
    "At 5.30 pm on 2022-10-24, 12-34-56 and 1 23 45 67 were read; a12 34 56 b7.",
    "Filed 20٢٤-03-01 at 9:05am; 3,000 jobs and 1,2 and 99.",
    "No digits at all here.",
])
def test_phone_date_and_time_spans_are_found_from_the_digits(text):
    """With no URL, address or handle in the text, the spans found trying the pattern only at
    runs of digits are those of a scan of every character."""
    alternatives = [alt for alt, need in tokens.NOT_PROSE_ALTERNATIVES if need.search(text)]
    pattern = re.compile("|".join(alternatives), re.IGNORECASE)
    expected = [m.span() for m in pattern.finditer(text)] if alternatives else []
    assert tokens.not_prose_spans(text) == expected
    assert expected or "No digits" in text


def test_numbers_inside_urls_and_handles_are_still_excluded():
    text = "See www.example.com/2024/500 and @user123; 40 people came at 17:00."
    assert [q.quantity.surface for q in find_quantities(text)] == ["40 people"]


# --------------------------------------------------------------------------- places and names
@pytest.mark.parametrize("word, expected", [
    ("European", True), ("Belarusian", True), ("Malian", True), ("Dutch", True),
    ("United", False), ("Mali", False), ("Europe", False),
])
def test_place_adjectives(word, expected):
    assert places.is_place_adjective(word) is expected


def test_place_keys_fold_accents_and_spaces():
    assert places.country_of_capital("  Bogotá ") == places.country_of_capital("bogota")


def test_register_joins_the_same_cluster_that_add_names():
    by_add, by_register = AliasResolver(), AliasResolver()
    names = ["Belarusian President Alexander Lukashenko", "Mr Lukashenka", "Lukashenko"]
    for name in names:
        by_add.add(name, EntityType.person)
        by_register.register(name, EntityType.person)
    assert [by_add.canonical(n) for n in names] == [by_register.canonical(n) for n in names]
    assert by_register.canonical("Lukashenko") == "Alexander Lukashenko"
    assert by_register.register("…") is None


@pytest.mark.parametrize("text, found", [
    ("Russian troops crossed.", [(0, "Russian troops")]),
    ("Russian TROOPS crossed.", [(0, "Russian TROOPS")]),
    ("Russian ſoldiers crossed.", [(0, "Russian ſoldiers")]),  # case-blind matching reads ſ as s
    ("The Army of Belarus moved.", [(4, "Army of Belarus")]),
    ("French fries were served.", []),
])
def test_armed_forces_the_pre_check_could_miss_are_still_found(text, found):
    assert military_mentions(text) == found


def test_numbered_units_need_an_ordinal():
    assert numbered_unit_mentions("The 38th Air Assault Brigade moved.") == [(4, "38th Air Assault Brigade")]
    assert numbered_unit_mentions("The Air Assault Brigade moved.") == []


@pytest.mark.parametrize("text", [
    "Harbour President Ines Vos opened the bridge. Pieter Lund, the club's chairman, spoke.",
    "PRESIDENT Ines Vos and ex-president Karl Nord met Mayor Ada Lind Berg.",
    "The presidential race: former governor of the Northern Province Jonas Holm Berg said so.",
    "Minister Minister Ola Dahl, President\tInes Vos, judge  Mira Sand, chairman of the board Eva Lie.",
    "Präsident Jonas Holm and Ministre Élise Dubois arrived; deputy Ünal Kaya followed.",
    "A spokeswoman Kari Nes, then the spokesman",
])
def test_titled_names_are_tried_only_where_a_role_word_starts(text):
    """Trying the pattern only at role words finds what trying it at every character finds."""
    expected = [(m.span(), m.group("role"), m.group("name")) for m in _TITLED_NAME_RE.finditer(text)]
    assert expected
    assert [(m.span(), m.group("role"), m.group("name")) for m in titled_name_matches(text)] == expected


def test_role_nouns_are_single_lower_case_words():
    """What `titled_name_matches` relies on: every role is one word of ASCII letters."""
    assert all(role.isascii() and role.isalpha() and role.islower() for role in ROLE_NOUNS)


# --------------------------------------------------------------------------- attribution
@pytest.mark.parametrize("prefix", [
    "The mayor said", "The mayor said:", "The mayor said :", "The mayor SAID that",
    "She wrote the following:", "The mayor said the following :", "He put it as follows ,",
    "In a long and rambling post she wrote these words:",
    "The mayor, who re-stated", "They said  that\tthis", "Told", "The mayor said it was", "said the following : x",
])
def test_a_speech_verb_ending_the_prefix_is_found_from_its_last_chunks(prefix):
    """The verb pattern searched from the last four chunks finds what a search of the whole
    prefix finds."""
    whole = _SPEECH_VERB_BEFORE_RE.search(prefix)
    tail = _SPEECH_VERB_BEFORE_RE.search(prefix, _last_chunks_start(prefix, 4))
    assert (tail.span() if tail else None) == (whole.span() if whole else None)


# --------------------------------------------------------------------------- quotation marks
@pytest.mark.parametrize("text", [
    "“We are ready,” she said. ‘Not yet,’ he said, and 'maybe' she added; don’t, Russia’s.",
    "He said \"it is \"over\" now. «Non», dit-il. „Ja“ and ‟odd” marks.",
    "“Unclosed quote runs to the end",
    "No marks at all.",
])
def test_quotes_are_found_jumping_between_marks(text, monkeypatch):
    """Jumping from one quotation mark to the next finds what reading every character finds."""
    found = [(q.open, q.close_end, q.mark) for q in find_quotes(text, paragraphs(text))]
    monkeypatch.setattr(quotes, "_SCANNED_MARK_RE", re.compile(r"[\s\S]"))  # every character read
    assert found == [(q.open, q.close_end, q.mark) for q in find_quotes(text, paragraphs(text))]
    assert found or text.startswith("No marks")
