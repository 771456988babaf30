"""Attribution patterns the fourth blind dev-set batch exposed, each checked on paragraphs written
for this file (none is a dev-set sentence): an attribution trailing its content that the parser
hung on a verb of the content, a company named again by what it makes, a second speaker's remark
joined with 'while', a role noun taken for a body with the person in apposition, family
statements, police ranks and party labels before names, possessive bodies, plural bodies, and
'blame' without saying for what."""

from __future__ import annotations

from claim_helpers import quoted_parts
from paragraphs import claims_of, reported

from schemas.models import ClaimEvent, ClaimKind, SpeakerType


def _claims(*texts: str) -> list[list[ClaimEvent]]:
    return claims_of(*texts, prefix="b4p")


_reported = reported


def _quotes(claims: list[ClaimEvent]) -> dict[str, str]:
    return {words.strip(" ,.?!"): c.speaker.canonical for words, c in quoted_parts(claims)}


def test_trailing_attribution_the_parser_hung_inside_the_content_still_reports_it() -> None:
    """With a participle clause and an 'including' aside before the attribution, the parser takes
    a noun of the content for the subject (or none at all) and hangs the name on the aside."""
    rebels, troops = _claims(
        "Rebel fighters shelled the eastern town of Borsk overnight, killing at least five people, "
        "including a baby, district governor Ihor Maly said on Facebook on Monday.",
        "Troops shelled the northern city of Veles overnight, killing at least eleven civilians, "
        "including three children, regional governor Oleh Sirko said on Telegram on Saturday.",
    )
    for claims, speaker in ((rebels, "Ihor Maly"), (troops, "Oleh Sirko")):
        [(who, content)] = _reported(claims)
        assert who == speaker
        assert content.startswith("Rebel fighters shelled" if claims is rebels else "Troops shelled")
        assert content.endswith("children") or content.endswith("baby")
        assert speaker not in content
        # the casualty count travels with the reported claim, not as the outlet's own number
        assert not [c for c in claims if c.kind is ClaimKind.numeric]


def test_a_name_after_a_comma_inside_the_content_is_not_taken_for_the_speaker() -> None:
    [claims] = _claims(
        "Police said on Friday that the crowd, which had gathered to hear Jane Smith speak, was calm.",
    )
    assert [speaker.lower() for speaker, _ in _reported(claims)] == ["police"]


def test_a_trailing_attribution_with_an_object_or_a_quote_is_not_taken_for_one() -> None:
    [quoted] = _claims("“The roof held, the walls held,” the site manager said on Friday.")
    assert not _reported(quoted)


def test_a_company_named_again_by_what_it_makes_is_that_company() -> None:
    [claims] = _claims(
        "Orvane Motors will recall 80,000 hatchbacks over a faulty seatbelt latch, the carmaker said "
        "on Wednesday.",
    )
    assert _reported(claims) == [
        ("Orvane Motors", "Orvane Motors will recall 80,000 hatchbacks over a faulty seatbelt latch"),
    ]


def test_a_remark_joined_with_while_belongs_to_its_own_speaker() -> None:
    [claims] = _claims(
        "Club chairman Ruud Verhoef said the new stadium was “a promise kept to the fans”, while city "
        "alderman Fatima Bakkali called the deal “a bad bargain for taxpayers”."
    )
    assert _quotes(claims) == {
        "a promise kept to the fans": "Ruud Verhoef",
        "a bad bargain for taxpayers": "Fatima Bakkali",
    }
    [(speaker, content)] = [r for r in _reported(claims) if r[0] == "Ruud Verhoef"]
    assert "Bakkali" not in content and "bargain" not in content


def test_a_role_noun_with_the_name_in_apposition_is_the_named_person() -> None:
    [claims] = _claims("His GP, Dr Ifeoma Bassey, said she had asked for an urgent scan in March.")
    assert _reported(claims) == [("Ifeoma Bassey", "she had asked for an urgent scan in March")]
    assert all(c.speaker.type is SpeakerType.person for c in claims if c.speaker is not None)


def test_a_family_statement_is_the_family_not_the_relative_named_before() -> None:
    [claims] = _claims(
        "Ruby Okonjo, 19, was pulled from the water near the pier on Saturday. In a statement issued "
        "by the coastguard, the Okonjo family said: “Ruby was our sunshine. We are heartbroken.”"
    )
    assert _quotes(claims) == {"Ruby was our sunshine. We are heartbroken": "Okonjo family"}


def test_police_ranks_and_party_labels_are_not_part_of_a_name() -> None:
    police, candidate = _claims(
        "Det Supt Graham Whitlock said: “We are keeping an open mind about the motive.”",
        "Labour Ruth Pemberton, who took the seat by 212 votes, said she would hold a surgery every week.",
    )
    assert _quotes(police) == {"We are keeping an open mind about the motive": "Graham Whitlock"}
    assert _reported(candidate) == [("Ruth Pemberton", "she would hold a surgery every week")]


def test_a_body_owned_by_a_country_keeps_its_owner_and_plural_bodies_are_bodies() -> None:
    ministry, agencies = _claims(
        "Morvania’s health ministry said its clinics had run out of insulin.",
        "Relief agencies said on Monday that the road to the valley had been cut by landslides.",
    )
    assert _reported(ministry) == [("Morvania’s health ministry", "its clinics had run out of insulin")]
    [(speaker, content)] = _reported(agencies)
    assert speaker.lower() == "relief agencies"
    assert content.endswith("the road to the valley had been cut by landslides")
    assert all(c.speaker.type is SpeakerType.organisation for c in agencies if c.speaker is not None)


def test_someone_speaking_for_a_named_person_is_not_that_person() -> None:
    [claims] = _claims("The singer’s agent said she was recovering at home and would tour again in spring.")
    assert _reported(claims) == [("the singer’s agent", "she was recovering at home and would tour again in spring")]


def test_blame_reports_speech_only_when_it_says_for_what() -> None:
    no_cause, with_cause = _claims(
        "The coach declined to blame his goalkeeper.",
        "The airline blamed the cancellations on a strike by air traffic controllers.",
    )
    assert not _reported(no_cause)
    assert [content for _, content in _reported(with_cause)] == [
        "the cancellations on a strike by air traffic controllers",
    ]


def test_a_company_name_joined_by_an_ampersand_is_kept_whole() -> None:
    [claims] = _claims("Drinks maker Hobbs & Lyle said on Tuesday it would close its bottling plant in Leith.")
    assert [speaker for speaker, _ in _reported(claims)] == ["Hobbs & Lyle"]


def test_a_name_inside_the_subjects_own_clause_is_not_the_speaker() -> None:
    arrest, counsel = _claims(
        "The officer who arrested Martin Greer said he had not resisted.",
        "The barrister representing Olivia Stanton said she would appeal.",
    )
    assert "Martin Greer" not in [speaker for speaker, _ in _reported(arrest)]
    assert "Olivia Stanton" not in [speaker for speaker, _ in _reported(counsel)]


def test_the_sources_named_again_as_the_people_are_the_same_sources() -> None:
    [claims] = _claims(
        "Harrow Bank is weighing a bid for a rival lender, according to three people familiar with the plans. "
        "A decision could come within weeks, said the people, who asked not to be named."
    )
    speakers = {speaker for speaker, _ in _reported(claims)}
    assert speakers == {"three people familiar with the plans"}


def test_a_body_named_after_a_country_or_a_person_is_the_body() -> None:
    military, administration = _claims(
        "The Lorvanian army said its units had pulled back from the ridge.",
        "The Hartmann administration said it would not renew the contract.",
    )
    assert [speaker for speaker, _ in _reported(military)] == ["Lorvanian army"]
    assert [speaker for speaker, _ in _reported(administration)] == ["Hartmann administration"]


def test_a_negated_participle_tail_stays_with_the_description() -> None:
    negated, plain = _claims(
        "Doctors not involved in the trial warned that the sample was too small to draw conclusions.",
        "Two envoys briefed on the plan said the ceasefire would start on Friday.",
    )
    assert [speaker.lower() for speaker, _ in _reported(negated)] == ["doctors not involved in the trial"]
    assert [speaker.lower() for speaker, _ in _reported(plain)] == ["two envoys"]


def test_what_a_court_ruled_and_what_an_inquiry_found_are_reported() -> None:
    court, inquiry, trailing = _claims(
        "The appeals court overturned the conviction on Thursday, ruling that the jury had been misdirected.",
        "A public inquiry found that the trust had ignored eleven warnings about the ward.",
        "Teenagers who sleep less than seven hours do worse in maths, researchers in Oslo have found.",
    )
    assert [content for _, content in _reported(court)] == ["the jury had been misdirected"]
    assert [content for _, content in _reported(inquiry)] == ["the trust had ignored eleven warnings about the ward"]
    assert [speaker.lower() for speaker, _ in _reported(trailing)] == ["researchers in oslo"]


def test_ruling_something_out_and_finding_a_thing_are_not_reports() -> None:
    for text in ("The minister ruled out a rise in fuel duty.",
                 "Divers found the wreck in 40 metres of water.",
                 "The jury found him guilty of arson.",
                 "A wallet found by a cleaner was handed in to police.",
                 "The goal was ruled out for a foul on the keeper."):
        [claims] = _claims(text)
        assert not _reported(claims), text


def test_a_quoted_description_is_the_describers_words_and_nothing_more() -> None:
    quoted, unquoted = _claims(
        "Her former coach, Ines Duarte, described her as “the hardest-working swimmer I have ever trained”.",
        "Neighbours described him as a quiet man who kept to himself.",
    )
    assert _quotes(quoted) == {"the hardest-working swimmer I have ever trained": "Ines Duarte"}
    # one claim: the description with its quoted words as the part
    assert _reported(quoted) == [("Ines Duarte", "her as “the hardest-working swimmer I have ever trained”")]
    assert not _reported(unquoted) and not _quotes(unquoted)


def test_friends_and_colleagues_are_sources() -> None:
    [claims] = _claims("Colleagues said she had warned managers about the wiring weeks before the fire.")
    assert [speaker.lower() for speaker, _ in _reported(claims)] == ["colleagues"]


def test_a_pronoun_of_the_other_gender_does_not_continue_the_last_speaker() -> None:
    other, same = _claims(
        "“The queue was worth it,” said Priya Natarajan, a teacher from Derby. Her brother, Dev, nodded. "
        "“We would have waited all week,” he said.",
        "“The queue was worth it,” said Priya Natarajan. “We would have waited all week,” she said.",
    )
    # Dev, or the pronoun kept as written when it cannot be resolved: never the woman before
    assert _quotes(other)["We would have waited all week"] in ("Dev", "he")
    assert _quotes(same)["We would have waited all week"] == "Priya Natarajan"


def test_capitalised_offices_and_occupations_before_a_given_name_are_dropped() -> None:
    speaker, forecaster = _claims(
        "Assembly Speaker Joanna Pruitt said the bill would pass before the recess.",
        "Forecaster Alex Brannigan said up to 30cm of snow could fall on the hills.",
    )
    assert [s for s, _ in _reported(speaker)] == ["Joanna Pruitt"]
    assert [s for s, _ in _reported(forecaster)] == ["Alex Brannigan"]


def test_given_names_inside_a_full_name_are_kept() -> None:
    [claims] = _claims("Mary Anne Kowalski said the library would reopen in June.")
    assert [s for s, _ in _reported(claims)] == ["Mary Anne Kowalski"]


def test_an_age_after_a_speakers_name_is_not_a_numeric_claim() -> None:
    aged, figure = _claims(
        "“I have never seen the river this high,” said Walter Brindle, 82, who has lived on the bank since 1961.",
        "Output fell in Sheffield, 4,300 tonnes below the plan.",
    )
    assert _quotes(aged) == {"I have never seen the river this high": "Walter Brindle"}
    assert not [c for c in aged if c.kind is ClaimKind.numeric]
    assert [c.kind for c in figure] == [ClaimKind.numeric]


def test_according_to_any_body_or_person_the_lexicons_know_is_a_report() -> None:
    charity, coroner, not_a_source = _claims(
        "According to the charity, more than 6,000 families were placed in temporary housing last year.",
        "According to the coroner, the climber died of hypothermia.",
        "According to the timetable, trains will run every ten minutes.",
    )
    assert [content for _, content in _reported(charity)] == [
        "more than 6,000 families were placed in temporary housing last year"]
    assert [content for _, content in _reported(coroner)] == ["the climber died of hypothermia"]
    assert not _reported(not_a_source)


def test_a_role_owned_by_a_body_is_not_the_person_in_focus() -> None:
    owned, titled = _claims(
        "Union leader Greta Holm told members the strike would go on. A deal could be reached by Friday, "
        "according to the county’s chief negotiator.",
        "Chief negotiator Paul Abara arrived at noon. Later, the county’s chief negotiator said a deal was close.",
    )
    assert ("Greta Holm", "A deal could be reached by Friday") not in _reported(owned)
    assert [s for s, c in _reported(owned) if c.startswith("A deal")] == ["the county’s chief negotiator"]
    speakers = [s for s, c in _reported(titled) if c == "a deal was close"]
    assert speakers in (["Paul Abara"], ["the county’s chief negotiator"])


def test_the_audience_after_told_is_never_the_speaker() -> None:
    aside, plain = _claims(
        "“The ceiling just came down,” one resident, who did not want to be named, told the Courier.",
        "“The ceiling just came down,” a tenant told Sky News.",
    )
    assert _quotes(aside) == {"The ceiling just came down": "one resident"}
    assert _quotes(plain) == {"The ceiling just came down": "a tenant"}


def test_the_company_is_a_company_named_before_never_a_person() -> None:
    person_first, company_first = _claims(
        "Ms Adeyemi, who represented herself, told the tribunal she had been sacked for raising safety "
        "concerns. The company denies the claim.",
        "Harlow Insurance cut its profit forecast on Monday. The company said storm claims had doubled.",
    )
    assert "Ms Adeyemi" not in [s for s, c in _reported(person_first) if c == "the claim"]
    assert [s for s, c in _reported(company_first)] == ["Harlow Insurance"]


def test_a_department_for_something_keeps_its_whole_name() -> None:
    [claims] = _claims("The Department for Education said it “did not recognise” the figures.")
    assert {s for s, _ in _reported(claims)} == {"Department for Education"}


def test_a_quote_whose_own_attribution_names_someone_unresolved_is_not_the_last_speakers() -> None:
    [claims] = _claims(
        "The survey’s authors said the sample was small. “These are early days,” said co-author "
        "Dr Keiko Ito, of Hokkaido University."
    )
    assert _quotes(claims).get("These are early days") == "Keiko Ito"


def test_a_description_after_the_quote_still_continues_the_person_in_focus() -> None:
    [claims] = _claims(
        "Elsa Brandt has kept bees on the allotment for 30 years. “Without the hedges, there will be "
        "nothing for them to eat,” the 71-year-old said."
    )
    assert _quotes(claims) == {"Without the hedges, there will be nothing for them to eat": "Elsa Brandt"}


def test_a_quotation_whose_speaker_no_rule_names_keeps_the_speaker_as_written() -> None:
    """The subject of the quotation's own speech verb is its speaker even when no speaker rule
    knows the phrase: the quotation stays a direct quote, its speaker of unknown type."""
    manager, narrator = _claims(
        "“My first thought was that the fence would not hold,” Ruiz's former site manager said on Monday.",
        "“You pay the toll. You wait in line. So why is the bridge still shut?” a narrator in the new ad asks.",
    )
    for claims, quote, speaker in (
        (manager, "My first thought was that the fence would not hold", "Ruiz's former site manager"),
        (narrator, "You pay the toll. You wait in line. So why is the bridge still shut", "a narrator"),
    ):
        [claim] = [c for c in claims if c.kind is ClaimKind.direct_quote]
        assert claim.quote.rstrip("?") == quote and [p.text for p in claim.parts] == [claim.quote]
        assert claim.speaker.canonical == speaker and claim.speaker.type is SpeakerType.unknown
        assert not [c for c in claims if c.kind is ClaimKind.indirect_quote]


def test_a_gerund_after_a_preposition_reports_for_the_subject_of_its_verb() -> None:
    """'opened the meeting by saying …', 'After arguing …, Ruiz left': the gerund's speaker is the
    subject of the verb its preposition hangs on."""
    by, after = _claims(
        "The harbour master opened the meeting by saying that the pier would reopen in May.",
        "After arguing that the levy was unfair, Councillor Ana Ruiz walked out of the chamber.",
    )
    assert _reported(by) == [("harbour master", "the pier would reopen in May")]
    assert _reported(after) == [("Ana Ruiz", "the levy was unfair")]
