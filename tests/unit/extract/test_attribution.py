"""Direct quotations -> speakers (services.extract.attribution), on invented articles."""

from __future__ import annotations

from claim_helpers import article, direct, indirect

from schemas.models import ClaimEvent, ClaimKind, SpeakerType
from services.extract.attribution import platform_in
from services.extract.extractor import extract_claims


def test_wire_copy_said_before_and_after(claims_by_sample: dict[str, list[ClaimEvent]]) -> None:
    claims = claims_by_sample["wire"]
    quotes = direct(claims)
    assert quotes["We have no choice. The stock is at its lowest level in three decades"] == "Ingrid Solberg"
    assert quotes["This decision will empty our villages"] == "Arne Kvalheim"
    # a second quote in the same paragraph with no attribution of its own continues the speaker
    assert quotes["Nobody in Oslo has asked us what we think."] == "Arne Kvalheim"
    reported = indirect(claims)
    assert ("Ingrid Solberg", "said", "the country would cut the cod quota by 20% next year") in reported
    # "She insisted" follows "Solberg rejected ...", not the last quoted speaker
    assert any(s == "Ingrid Solberg" and cue == "insisted" for s, cue, _ in reported)


def test_feature_pronouns_resolve_to_the_right_person(claims_by_sample: dict[str, list[ClaimEvent]]) -> None:
    quotes = direct(claims_by_sample["feature"])
    assert quotes["My father used to say the sea gives and the sea takes"] == "Mette Larsen"
    assert quotes["People forget that we had no fish at all in 1989"] == "Jonas Berg"
    assert quotes["We came back. We will come back again."] == "Jonas Berg"
    # "Larsen is not convinced. “…,” she said." — the sentence subject, not the last speaker
    assert quotes["Tourists leave in September"] == "Mette Larsen"
    he_said = next(c for c in claims_by_sample["feature"] if c.cue == "said" and c.speaker.surface == "He")
    assert he_said.speaker.canonical == "Jonas Berg"


def test_multi_paragraph_quote_and_role_apposition(claims_by_sample: dict[str, list[ClaimEvent]]) -> None:
    claims = claims_by_sample["tricky"]
    quotes = direct(claims)
    assert quotes["We will not negotiate with anyone who threatens our workers"] == "Karin Dahl"
    # a quotation running over two paragraphs: one claim per quoted paragraph, same speaker
    assert quotes["Not now, not ever."] == "Karin Dahl"
    second = "Our members voted for this strike and they will decide when it ends."
    assert quotes[second] == "Karin Dahl"
    dahl = next(c for c in claims if c.quote == second)
    assert dahl.speaker.type is SpeakerType.person


def test_president_resolves_to_the_latest_speaker_with_that_title() -> None:
    text = (
        "President Maria Lopez met Prime Minister Ivan Petrov on Monday.\n\n"
        "Lopez said the talks had been useful.\n\n"
        "“We agreed on more than we disagreed,” the president said."
    )
    quote = next(c for c in extract_claims(article(text)) if c.kind is ClaimKind.direct_quote)
    assert quote.speaker.canonical == "Maria Lopez"
    assert quote.speaker.surface == "the president"


def test_standalone_short_quote_after_a_named_subject_is_speech() -> None:
    text = ("Senator Rosa Delgado toured flood-hit towns this week.\n\n"
            "Asked whether she would stand again, Delgado laughed. “Ask me in a year.”")
    quote = next(c for c in extract_claims(article(text)) if c.kind is ClaimKind.direct_quote)
    assert (quote.quote, quote.speaker.canonical) == ("Ask me in a year.", "Rosa Delgado")


def test_abbreviated_titles_inside_attributions() -> None:
    text = '"We don\'t know yet," police spokesman Sgt. Dale Morrow said when asked about a motive.'
    quote = next(c for c in extract_claims(article(text)) if c.kind is ClaimKind.direct_quote)
    assert quote.speaker.canonical == "Dale Morrow"


def test_colon_introduction_without_a_reporting_verb() -> None:
    text = ("Asked about a sale, chairman Derek Ollerton was emphatic: “Not a chance. Not for any price.” "
            "Ollerton also said the stand would be finished by August.")
    claims = extract_claims(article(text))
    quote = next(c for c in claims if c.kind is ClaimKind.direct_quote)
    assert (quote.quote, quote.speaker.canonical) == ("Not a chance. Not for any price.", "Derek Ollerton")


def test_unattributed_quote_after_a_new_person_is_theirs_not_the_last_speakers() -> None:
    text = ("“I have been a nurse for 31 years,” said Bernadette Quayle.\n\n"
            "Her colleague Sunil Dharmapala agreed. “Nobody goes into nursing to stand in the rain.”")
    quotes = direct(extract_claims(article(text)))
    assert quotes["I have been a nurse for 31 years"] == "Bernadette Quayle"
    assert quotes["Nobody goes into nursing to stand in the rain."] == "Sunil Dharmapala"


def test_according_to_an_organisation_via_and_hedges() -> None:
    text = (
        "Officials in Kerava said the bridge would reopen in May, according to the regional broadcaster Yle.\n\n"
        "“It was a difficult decision,” the mayor, Anna Virtanen, told Yle. “We had no choice.”\n\n"
        "The contractor allegedly ignored two safety warnings, according to the Transport Agency."
    )
    claims = extract_claims(article(text))
    first = next(c for c in claims if c.kind is ClaimKind.direct_quote)
    assert first.speaker.canonical == "Anna Virtanen"
    hedged = next(c for c in claims if "allegedly" in c.evidence.sentence)
    assert hedged.hedged and "allegedly" in hedged.hedges
    assert hedged.speaker is not None and "Transport Agency" in hedged.speaker.canonical


def test_platform_named_anywhere_in_an_introduction() -> None:
    assert platform_in("The mayor has posted on telegram about it:") == "Telegram"
    assert platform_in("The mayor said:") is None


def test_a_quote_after_a_named_subject_then_another_continues_the_speaker() -> None:
    text = ("“The pier will reopen,” Ilse Marten said.\n\n"
            "“Nobody should doubt that the ferry will run again next summer.”")
    claims = extract_claims(article(text))
    quotes = {c.quote: (c.speaker.canonical if c.speaker else None, c.evidence.rule) for c in claims}
    assert quotes["Nobody should doubt that the ferry will run again next summer."] == (
        "Ilse Marten", "direct_quote.continues")
