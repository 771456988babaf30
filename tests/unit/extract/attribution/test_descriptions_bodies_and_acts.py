"""Attribution patterns real news uses, each on paragraphs written for this file (not the dev set's
wording): descriptions as speakers, bodies named by a generic noun, possessive company names,
numbered units, questions from reporters, and reporting verbs that are acts, not speech."""

from __future__ import annotations

from claim_helpers import quoted_parts

from schemas.models import ArticleSource, ClaimEvent, ClaimKind, RawArticle, SourceKind, SpeakerType
from services.extract.extractor import extract_many


def _claims(*texts: str) -> list[list[ClaimEvent]]:
    articles = [RawArticle(article_id=f"p{i}", text=t, source=ArticleSource(kind=SourceKind.stdin))
                for i, t in enumerate(texts)]
    return list(extract_many(articles))


def _quotes(claims: list[ClaimEvent]) -> dict[str, tuple[str, SpeakerType]]:
    return {words.strip(" ,.?!"): (c.speaker.canonical, c.speaker.type) for words, c in quoted_parts(claims)}


def _reported(claims: list[ClaimEvent]) -> list[tuple[str, str]]:
    return [(c.speaker.canonical, c.text) for c in claims
            if c.kind is ClaimKind.indirect_quote and c.speaker is not None]


def test_a_description_nobody_names_is_the_speaker() -> None:
    short, long_, continued = _claims(
        "“We will rebuild,” the governor said.",
        "Crews worked through the night. “Every family will be back home by spring,” the mayor told "
        "reporters outside the town hall.",
        "“The dam held,” the chief engineer said. “It did exactly what it was built to do.”",
    )
    assert _quotes(short) == {"We will rebuild": ("the governor", SpeakerType.person)}
    assert _quotes(long_)["Every family will be back home by spring"] == ("the mayor", SpeakerType.person)
    assert _quotes(continued) == {
        "The dam held": ("the chief engineer", SpeakerType.person),
        "It did exactly what it was built to do": ("the chief engineer", SpeakerType.person),
    }


def test_a_description_that_is_not_a_speaker_stays_silent() -> None:
    (claims,) = _claims("The statue, said to be worth more than a million euros, was stolen on Sunday.")
    assert _reported(claims) == []


def test_a_body_named_by_a_generic_noun_speaks() -> None:
    league, federation = _claims(
        "The league said in a statement that Saturday's fixture would be replayed behind closed doors.",
        "Fans had queued since dawn. The federation said on Friday that ticket prices would be frozen.",
    )
    assert [s for s, _ in _reported(league)] == ["league"]
    assert "replayed behind closed doors" in _reported(league)[0][1]
    assert [s for s, _ in _reported(federation)] == ["federation"]


def test_the_company_is_the_company_named_with_a_possessive() -> None:
    (claims,) = _claims(
        "Brannock Foods’ half-year sales slipped 4%, and the company said on Monday that it would "
        "close two bakeries in the north."
    )
    reported = [(c.speaker.canonical, c.speaker.type) for c in claims if c.kind is ClaimKind.indirect_quote]
    assert reported == [("Brannock Foods", SpeakerType.organisation)]


def test_a_numbered_unit_keeps_its_number() -> None:
    (claims,) = _claims("“Two drones were shot down before dawn,” the 112th Coastal Defence Brigade said on Telegram.")
    ((speaker, _),) = _quotes(claims).values()
    assert speaker == "112th Coastal Defence Brigade"


def test_a_question_shouted_by_a_reporter_is_the_reporters() -> None:
    (claims,) = _claims(
        "“Will you resign?” one journalist called out as the minister left. “Certainly not,” she "
        "replied, without stopping."
    )
    quotes = _quotes(claims)
    assert quotes["Will you resign"] == ("one journalist", SpeakerType.person)


def test_an_attribution_between_commas_after_the_content() -> None:
    trains, rents = _claims(
        "Night trains to the coast will return in June, the rail operator says, after a two-year gap.",
        "Rents in the old town rose faster than anywhere else in the country last year, housing "
        "campaigners said on Monday.",
    )
    assert _reported(trains) == [("rail operator", "Night trains to the coast will return in June")]
    ((speaker, content),) = _reported(rents)
    assert speaker == "housing campaigners" and content.startswith("Rents in the old town rose")


def test_the_named_spokesperson_speaks_not_the_person_they_speak_for() -> None:
    (claims,) = _claims(
        "A spokesman for Mayor Colette Brun, Henri Sauvage, said the mayor had not seen the letter. "
        "“She learned about it from the newspapers,” Sauvage said."
    )
    assert [s for s, _ in _reported(claims)] == ["Henri Sauvage"]
    assert _quotes(claims)["She learned about it from the newspapers"][0] == "Henri Sauvage"


def test_rejecting_an_application_is_an_act_rejecting_claims_is_speech() -> None:
    act, case, speech = _claims(
        "The planning board rejected the hotel’s application for a fourth floor on Thursday.",
        "A judge dismissed the lawsuit against the city in March.",
        "The airline rejected accusations that it had overbooked the flight on purpose.",
    )
    assert _reported(act) == [] and _reported(case) == []
    assert [s for s, _ in _reported(speech)] == ["airline"]


def test_anonymity_boilerplate_is_not_a_claim() -> None:
    (claims,) = _claims(
        "“The shelves have been empty for a week,” said one shop worker, who asked not to be "
        "identified because she was not authorised to speak."
    )
    assert _reported(claims) == []
    assert _quotes(claims) == {"The shelves have been empty for a week": ("one shop worker", SpeakerType.person)}
    assert [c for c in claims if c.kind is ClaimKind.numeric] == []


def test_a_colon_introduces_words_said_without_a_speech_verb() -> None:
    blunt, shorthand, headline, label = _claims(
        "Pressed on whether the school would stay open, the headteacher was categorical: “It will.”",
        "09:40 Okafor: “The second half was the best we have played all season.”",
        "Lindgren: “No deal without the northern ports”",
        "Update: “All lanes on the ring road have now reopened.”",
    )
    assert _quotes(blunt) == {"It will": ("the headteacher", SpeakerType.person)}
    assert [s for s, _ in _quotes(shorthand).values()] == ["Okafor"]
    assert [s for s, _ in _quotes(headline).values()] == ["Lindgren"]
    assert _quotes(label) == {}  # a line label is not a speaker


def test_a_document_with_an_owner_speaks_for_its_owner() -> None:
    (claims,) = _claims(
        "The mayor opened the session. The auditor’s report to the committee described the accounts "
        "as sound but warned that the pension fund was short of £40 million."
    )
    assert [s for s, _ in _reported(claims)] == ["the auditor"]


def test_a_relative_clause_the_parser_takes_for_content_is_not_speech() -> None:
    (claims,) = _claims(
        "The inspectors visited in May and asked for new fire doors and a second staircase, both of "
        "which were installed by the summer."
    )
    assert _reported(claims) == []


def test_figures_speak_for_whoever_released_them() -> None:
    (claims,) = _claims(
        "According to data published by the national weather service, July was 2.3% wetter than average."
    )
    ((speaker, content),) = _reported(claims)
    assert speaker == "national weather service"
    assert content.endswith("2.3% wetter than average")
