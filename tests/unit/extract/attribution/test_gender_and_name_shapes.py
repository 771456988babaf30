"""Attribution patterns found by a blind batch of paragraphs (bench/attribution_devset.jsonl,
"batch-3"), each tested here on wording of its own: pronouns that must skip a person of the other
gender, names the recogniser mislabels or cuts short (initials, hyphenated and multi-part
surnames, family names written first), occupations capitalised before a name, and a body named
before a role and a person."""

from __future__ import annotations

import pytest

from schemas.models import ArticleSource, ClaimEvent, ClaimKind, RawArticle, SourceKind, SpeakerType
from services.extract.extractor import extract_many
from services.extract.gender import compatible, given_name_gender, name_gender, role_gender
from services.extract.nlp import Span, split_sentences
from services.extract.speakers import SpeakerBook, has_given_name, looks_like_person, strip_person_title


def _claims(*texts: str) -> list[list[ClaimEvent]]:
    articles = [RawArticle(article_id=f"g{i}", text=t, source=ArticleSource(kind=SourceKind.stdin))
                for i, t in enumerate(texts)]
    return list(extract_many(articles))


def _speakers(claims: list[ClaimEvent], kind: ClaimKind) -> dict[str, str]:
    return {(c.quote or c.text).strip(" ,.“”"): c.speaker.canonical
            for c in claims if c.kind is kind and c.speaker is not None}


# --------------------------------------------------------------------------- gender


def test_given_names_and_titles_tell_gender_and_unknowns_stay_open() -> None:
    assert given_name_gender("Margit") == "female"
    assert given_name_gender("Rodrigo") == "male"
    assert given_name_gender("Siobhán") == "female"  # looked up without the accent
    assert given_name_gender("J.P.") is None
    assert name_gender("Mrs Hollis Crane") == "female"
    assert name_gender("Sir Alban Pryor") == "male"
    assert name_gender("Petrakis") is None  # a surname alone says nothing
    assert role_gender("spokeswoman") == "female" and role_gender("chairman") == "male"
    assert role_gender("minister") is None and role_gender("business") is None


def test_a_pronoun_rules_out_only_a_name_of_the_other_gender() -> None:
    assert not compatible("she", "Rodrigo Almeida")
    assert compatible("he", "Rodrigo Almeida")
    assert compatible("she", "Kim Lindqvist") or compatible("he", "Kim Lindqvist")
    assert compatible("they", "Rodrigo Almeida")
    assert compatible("she", "Whitfield Holdings")


def test_she_skips_the_man_named_between_her_and_the_quote() -> None:
    (claims,) = _claims(
        "Magistrate Ingrid Solheim refused bail on Thursday. Counsel for Bruno Castellanos, the "
        "haulier charged over the crash, had asked for his release on medical grounds. “The risk "
        "that he leaves the country is simply too high,” she said."
    )
    quotes = _speakers(claims, ClaimKind.direct_quote)
    assert quotes == {"The risk that he leaves the country is simply too high": "Ingrid Solheim"}


def test_he_and_she_alternate_between_a_woman_and_a_man() -> None:
    (claims,) = _claims(
        "Greta Holmqvist set a course record in the hill race on Sunday. “My legs were gone after "
        "the second climb,” she said. Her brother, Anders Holmqvist, finished fourth. “I could see "
        "her the whole way, just never close enough,” he said."
    )
    quotes = _speakers(claims, ClaimKind.direct_quote)
    assert quotes["My legs were gone after the second climb"] == "Greta Holmqvist"
    assert quotes["I could see her the whole way, just never close enough"] == "Anders Holmqvist"


def test_a_person_with_a_given_name_is_a_person_whatever_the_recogniser_said() -> None:
    assert has_given_name("Clare Whitcombe")
    assert not has_given_name("Kilbride Athletic")
    assert not has_given_name("Whitcombe")


# --------------------------------------------------------------------------- names cut short


def test_initials_do_not_end_a_sentence() -> None:
    text = "The poet W.H. Arden wrote that the sea was patient. Critics disagreed."
    sentences = [text[s.start : s.end] for s in split_sentences(text, Span(0, len(text)))]
    assert sentences == ["The poet W.H. Arden wrote that the sea was patient.", "Critics disagreed."]


def test_a_writer_with_initials_keeps_the_whole_name() -> None:
    (claims,) = _claims(
        "The novelist R.K. Amadi-Lowe wrote on her website that the sequel was finished. “It took "
        "four drafts,” she wrote."
    )
    assert set(_speakers(claims, ClaimKind.direct_quote).values()) == {"R.K. Amadi-Lowe"}
    assert set(_speakers(claims, ClaimKind.indirect_quote).values()) == {"R.K. Amadi-Lowe"}


def test_a_hyphenated_surname_after_an_occupation_is_one_name() -> None:
    (claims,) = _claims("Prosecutor Helena Mbatha-Kruger said the accused had lied to investigators.")
    assert set(_speakers(claims, ClaimKind.indirect_quote).values()) == {"Helena Mbatha-Kruger"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Campaigner Joanne Feeney", "Joanne Feeney"), ("Fisherman Lachlan Moore", "Lachlan Moore"),
     ("Resident Joy Amadi", "Joy Amadi"), ("Judge Ruth Okafor", "Ruth Okafor"),
     ("Campaigner Feeney", "Campaigner Feeney")],
)
def test_an_occupation_written_before_a_full_name_is_not_part_of_it(name: str, expected: str) -> None:
    assert strip_person_title(name) == expected


def test_names_with_particles_look_like_people() -> None:
    assert looks_like_person("Pieter van der Berg-Smit")
    assert looks_like_person("Lucía Fernández de la Vega")
    assert not looks_like_person("Bank of Lusaria")


def test_a_dutch_name_with_particles_is_found_for_a_later_he() -> None:
    (claims,) = _claims(
        "Maarten van den Heuvel has restored windmills in Zeeland for twenty years. He told a "
        "local paper last year that only six millers were still working in the province. “Nobody "
        "wants to climb a sail in January,” he said."
    )
    assert set(_speakers(claims, ClaimKind.direct_quote).values()) == {"Maarten van den Heuvel"}
    assert set(_speakers(claims, ClaimKind.indirect_quote).values()) == {"Maarten van den Heuvel"}


def test_a_short_form_resolves_to_the_one_fuller_name_it_begins_or_ends() -> None:
    family_first, two_surnames = _claims(
        "Trade negotiator Chen Jiahui met her counterparts in Geneva on Monday. Chen said the talks "
        "had made progress on fishing subsidies.",
        "Economist Ana Beatriz Salgado Montoya presented the forecast on Monday. Salgado Montoya said "
        "growth would slow to 1.2 per cent next year.",
    )
    assert set(_speakers(family_first, ClaimKind.indirect_quote).values()) == {"Chen Jiahui"}
    assert set(_speakers(two_surnames, ClaimKind.indirect_quote).values()) == {"Ana Beatriz Salgado Montoya"}


def test_a_short_form_shared_by_two_people_is_left_alone() -> None:
    book = SpeakerBook(lambda surface: surface)  # no alias resolver: the book's own fallback alone
    book.add_mention("Rosa Quiroga", 0, SpeakerType.person)
    book.add_mention("Elena Quiroga", 30, SpeakerType.person)
    book.add_mention("Chen Jiahui", 60, SpeakerType.person)
    book.finish_mentions()
    assert book.speaker_for_name("Quiroga", SpeakerType.unknown).canonical == "Quiroga"
    assert book.speaker_for_name("Chen", SpeakerType.unknown).canonical == "Chen Jiahui"
    assert book.speaker_for_name("Jiahui", SpeakerType.unknown).canonical == "Chen Jiahui"


def test_a_club_before_a_role_and_a_name_is_not_the_subject() -> None:
    (claims,) = _claims(
        "Harrowgate Rovers manager Imelda Quinlan was still angry after the final whistle. “We were "
        "robbed, plain and simple,” she told reporters."
    )
    assert _speakers(claims, ClaimKind.direct_quote) == {"We were robbed, plain and simple": "Imelda Quinlan"}


def test_an_interviewee_answers_whatever_the_gender() -> None:
    (claims,) = _claims(
        "Tomasz Wrona, who runs the ferry company, spoke to us on Friday.\n\nQ: Will fares rise?\n"
        "A: Not this year. We have absorbed the fuel costs ourselves."
    )
    assert _speakers(claims, ClaimKind.direct_quote) == {
        "Not this year. We have absorbed the fuel costs ourselves": "Tomasz Wrona"}


# --------------------------------------------------------------------------- descriptions


def test_a_spokesman_with_an_owner_speaks_for_the_owner_and_is_not_the_owner() -> None:
    (claims,) = _claims(
        "Governor Tomas Eriksen’s spokeswoman said the governor would sign the bill on Friday."
    )
    assert set(_speakers(claims, ClaimKind.indirect_quote).values()) == {"Governor Tomas Eriksen’s spokeswoman"}


def test_a_body_the_lexicon_lacks_is_never_taken_for_the_person_in_focus() -> None:
    (claims,) = _claims(
        "Diver Callum Reid said the wreck had shifted in the storm. The coastguard said in a statement "
        "that the area would stay closed until Monday. The harbourmaster said the buoys had been moved."
    )
    speakers = _speakers(claims, ClaimKind.indirect_quote)
    assert speakers["the wreck had shifted in the storm"] == "Callum Reid"
    assert speakers.get("the area would stay closed until Monday") in {None, "coastguard"}
    assert "Callum Reid" not in {speakers.get(k) for k in speakers if "buoys" in k or "closed" in k}


def test_a_person_description_with_an_owner_or_a_tail_is_the_speaker_as_written() -> None:
    member, authors = _claims(
        "The union’s branch organiser for Leeds said the ballot would close on Friday.",
        "Sleep researchers tracked 900 adults for a decade. The authors said the link with memory was "
        "modest.",
    )
    assert set(_speakers(member, ClaimKind.indirect_quote).values()) == {
        "the union’s branch organiser for Leeds"}
    assert set(_speakers(authors, ClaimKind.indirect_quote).values()) == {"the authors"}


def test_a_study_by_a_described_group_speaks_for_that_group() -> None:
    (claims,) = _claims(
        "Commuters who cycle report lower stress, according to a study by psychologists at Tarnow "
        "University."
    )
    assert set(_speakers(claims, ClaimKind.indirect_quote).values()) == {
        "psychologists at Tarnow University"}


def test_an_indirect_question_asserts_nothing() -> None:
    (claims,) = _claims(
        "The airline said 40 flights had been cancelled. It did not say how many passengers were "
        "affected, and a spokesman would not say whether compensation would be paid."
    )
    contents = [c.text for c in claims if c.kind is ClaimKind.indirect_quote]
    assert contents == ["40 flights had been cancelled"]


def test_a_quoted_label_is_one_claim_with_the_label_as_its_quoted_part() -> None:
    (claims,) = _claims("Opposition leader Maren Falk called the budget “a shopping list with no money”.")
    [claim] = claims
    assert claim.kind is ClaimKind.indirect_quote and claim.speaker is not None
    assert claim.speaker.canonical == "Maren Falk"
    assert claim.text.startswith("the budget “a shopping list with no money")
    assert [part.text for part in claim.parts] == ["a shopping list with no money"]


def test_an_unquoted_label_in_a_relative_clause_is_still_reported() -> None:
    (claims,) = _claims(
        "The blast damaged the dam, which the minister, Odile Brandt, called an act of sabotage."
    )
    assert set(_speakers(claims, ClaimKind.indirect_quote).values()) == {"Odile Brandt"}


# --------------------------------------------------------------------------- chains and groups


def test_they_after_a_group_opening_the_paragraph_is_that_group() -> None:
    (claims,) = _claims(
        "Workers at the Brennholt Steel plant walked out on Monday over a pay freeze. They say "
        "management broke a promise made in March. “We kept the furnaces running through the "
        "pandemic,” they said."
    )
    assert set(_speakers(claims, ClaimKind.indirect_quote).values()) == {"Workers at the Brennholt Steel plant"}
    assert set(_speakers(claims, ClaimKind.direct_quote).values()) == {"Workers at the Brennholt Steel plant"}


def test_a_that_clause_hung_on_the_audience_is_what_was_said() -> None:
    (claims,) = _claims("Ottilie Brand once told an interviewer that the gallery opened with borrowed chairs.")
    assert _speakers(claims, ClaimKind.indirect_quote) == {
        "the gallery opened with borrowed chairs": "Ottilie Brand"}


def test_a_quotation_after_an_introduction_with_a_participle_and_an_apposition() -> None:
    (claims,) = _claims(
        "Holding a photograph of his daughter, the girl’s father, Emeka Adeyemi, spoke to the inquiry."
        "\n\n“She was seventeen. She wanted to be a vet.”"
    )
    assert _speakers(claims, ClaimKind.direct_quote) == {
        "She was seventeen. She wanted to be a vet": "Emeka Adeyemi"}


def test_a_hyphenated_surname_the_tagger_reads_as_a_plural_is_a_name() -> None:
    (claims,) = _claims(
        "Judge Anne Pike-Morales adjourned the hearing. Pike-Morales told lawyers that she would rule "
        "on Friday."
    )
    assert set(_speakers(claims, ClaimKind.indirect_quote).values()) == {"Anne Pike-Morales"}


def test_a_surname_with_particles_resolves_to_the_full_name() -> None:
    (claims,) = _claims(
        "For Tomás García de la Fuente, the harvest came too late. García de la Fuente says the rain "
        "ruined half the grapes."
    )
    assert set(_speakers(claims, ClaimKind.indirect_quote).values()) == {"Tomás García de la Fuente"}


def test_a_relative_clause_on_the_audience_is_not_what_was_said() -> None:
    (claims,) = _claims("Ottilie Brand told a reporter that covers the arts about her plans for the gallery.")
    assert _speakers(claims, ClaimKind.indirect_quote) == {}
