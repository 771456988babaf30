"""Transcript lines ('OKAFOR: Because the money ran out.'): the words after a speaker's label are
that speaker's, marked or not; datelines and section labels that open a line name nobody, and an
interviewer's question asserts nothing. Paragraphs written for this file."""

from __future__ import annotations

from claim_helpers import direct

from schemas.models import ArticleSource, ClaimEvent, ClaimKind, RawArticle, SourceKind, SpeakerType
from services.extract.extractor import extract_many
from services.extract.formats import name_case, without_marks


def _quotes(text: str) -> list[tuple[str, str]]:
    [claims] = extract_many([RawArticle(article_id="tr", text=text, source=ArticleSource(kind=SourceKind.stdin))])
    return [(c.speaker.canonical, c.quote) for c in claims
            if c.kind is ClaimKind.direct_quote and c.speaker is not None]


def test_capitalised_labels_name_the_speakers_the_article_introduced() -> None:
    quotes = _quotes(
        "Radio host Dana Pierce spoke to the senator, Mark Ruiz, on Sunday.\n"
        "PIERCE: Will you run again?\n"
        "RUIZ: I have not decided. My family comes first.\n"
        "PIERCE: That sounds like a no.\n"
        "RUIZ: It is a not yet."
    )
    assert quotes == [
        ("Mark Ruiz", "I have not decided. My family comes first."),
        ("Dana Pierce", "That sounds like a no."),
        ("Mark Ruiz", "It is a not yet."),
    ]


def test_a_multi_word_surname_label_and_a_quoted_line_are_claimed_once() -> None:
    quotes = _quotes(
        "Judge Amara de la Cruz adjourned the hearing after a sharp exchange.\n"
        "DE LA CRUZ: “Counsel, you will address the bench properly.”\n"
        "COUNSEL: My apologies, your honour."
    )
    assert quotes[0] == ("Amara de la Cruz", "Counsel, you will address the bench properly.")
    assert len([q for q in quotes if q[0] == "Amara de la Cruz"]) == 1


def test_datelines_and_section_labels_are_not_speakers() -> None:
    assert _quotes("LAGOS: Fuel queues returned to the city on Monday as depots ran dry.") == []
    assert _quotes("UPDATE: The road reopened at noon.\nNOTE: Times are local.") == []


def test_a_label_with_a_role_after_the_name() -> None:
    quotes = _quotes(
        "Below are edited excerpts from Veldra Foods’ results call.\n"
        "Marit Oyelaran-Lund, chief financial officer: We remain comfortable with our margin target."
    )
    assert quotes == [("Marit Oyelaran-Lund", "We remain comfortable with our margin target.")]


def test_a_paragraph_handed_over_to_by_a_colon_is_the_post() -> None:
    text = (
        "08:42 — The governor of the Tarvin region, Oleh Marchuk, posted on Telegram a short while ago:\n\n"
        "A massive attack on the regional centre. Air defence is working. Stay in shelters.\n\n"
        "09:10 — There are no reports of casualties so far."
    )
    [claims] = extract_many([RawArticle(article_id="ho", text=text, source=ArticleSource(kind=SourceKind.stdin))])
    [post] = [c for c in claims if c.kind is ClaimKind.direct_quote]
    assert post.speaker.canonical == "Oleh Marchuk" and post.via == "Telegram"
    assert post.quote.startswith("A massive attack") and "casualties" not in post.quote


def test_interview_answers_are_the_interviewees_words(claims_by_sample: dict[str, list[ClaimEvent]]) -> None:
    quotes = direct(claims_by_sample["interview"])
    answer = next(q for q in quotes if q.startswith("Not in the short run"))
    assert quotes[answer] == "Paula Reyes"
    assert quotes["Some will. Most will not, because the numbers still work for them."] == "Paula Reyes"
    # questions are not claims
    assert not any("Critics say" in (c.quote or "") for c in claims_by_sample["interview"])


def test_embedded_post_is_a_direct_quote_via_twitter(claims_by_sample: dict[str, list[ClaimEvent]]) -> None:
    post = next(c for c in claims_by_sample["tweets"] if c.via == "Twitter")
    assert post.kind is ClaimKind.direct_quote
    assert post.quote == "The park belongs to the people who use it, not to developers."
    assert post.speaker.canonical == "Sara Lind" and post.speaker.type is SpeakerType.person


def test_line_words_without_marks_and_capitals_label_as_a_name() -> None:
    text = "MARTEN: “It was loud.”"
    start, end = without_marks(text, text.index("“") - 1, len(text))
    assert text[start:end] == "It was loud."
    assert name_case("ILSE O'MARTEN") == "Ilse O'Marten"
    assert name_case("Ilse Marten") == "Ilse Marten"


def test_a_handover_post_is_via_the_platform_named() -> None:
    text = ("The ferry operator Ilse Marten has posted on Mastodon about the strike:\n\n"
            "Every crossing is cancelled until the dispute is settled.")
    [claims] = extract_many([RawArticle(article_id="ho", text=text, source=ArticleSource(kind=SourceKind.stdin))])
    post = next(c for c in claims if c.kind is ClaimKind.direct_quote)
    assert post.speaker is not None and post.speaker.canonical == "Ilse Marten"
    assert post.evidence.rule == "handover.post"
