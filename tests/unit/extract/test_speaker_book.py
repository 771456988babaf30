"""SpeakerBook: the per-article memory, and each kind of ref and each resolution step on its own
invented example."""

from __future__ import annotations

from schemas.models import Speaker, SpeakerType
from services.extract.speaker_book import SpeakerBook
from services.extract.speaker_types import SpeakerRef

PERSON, ORG, UNKNOWN = SpeakerType.person, SpeakerType.organisation, SpeakerType.unknown


def _book(*mentions: tuple[str, int, SpeakerType, set[str]]) -> SpeakerBook:
    book = SpeakerBook(lambda surface: surface)
    for surface, offset, type_, titles in mentions:
        book.add_mention(surface, offset, type_, titles)
    book.finish_mentions()
    return book


def _said(book: SpeakerBook, name: str, offset: int, type_: SpeakerType = PERSON) -> None:
    book.note_spoken(Speaker(canonical=name, surface=name, type=type_), offset, None)


def _canonical(book: SpeakerBook, ref: SpeakerRef) -> str | None:
    speaker = book.resolve(ref)
    return speaker.canonical if speaker is not None else None


def test_the_tables_list_the_kinds_and_steps_in_order() -> None:
    assert set(SpeakerBook.KIND_RESOLVERS) == {"name", "pronoun", "role", "owned role", "document", "unnamed",
                                               "body", "possessed"}
    assert [s.__name__ for s in SpeakerBook.PRONOUN_STEPS] == [
        "_subject_since_speaker", "_group_since_speaker", "_last_speaker", "_last_mention"]
    assert [s.__name__ for s in SpeakerBook.BODY_STEPS] == [
        "_body_that_spoke", "_body_mentioned", "_body_named_like_a_person"]
    assert [s.__name__ for s in SpeakerBook.ROLE_STEPS] == [
        "_role_holder_who_spoke", "_role_holder_mentioned", "_role_in_focus", "_role_as_description"]


# ---------------------------------------------------------------------------- kinds


def test_a_name_takes_the_fullest_name_the_article_uses() -> None:
    book = _book(("Ingrid Solheim", 0, PERSON, set()))
    speaker = book.resolve(SpeakerRef("Solheim", "name", offset=50))
    assert speaker is not None
    assert (speaker.canonical, speaker.type) == ("Ingrid Solheim", PERSON)


def test_a_document_is_issued_by_whoever_spoke_shortly_before() -> None:
    book = _book()
    _said(book, "Pieter Vos", 0)
    assert _canonical(book, SpeakerRef("The report", "document", head="report", offset=200)) == "Pieter Vos"
    # nobody spoke near it: the report itself is the source, as a document
    alone = book.resolve(SpeakerRef("The report", "document", head="report", offset=5000))
    assert alone is not None and (alone.canonical, alone.type) == ("the report", SpeakerType.document)


def test_an_unnamed_source_is_its_description_and_a_bare_noun_refers_back() -> None:
    book = _book()
    first = book.resolve(SpeakerRef("two people close to the talks", "unnamed", PERSON, head="plural", offset=10))
    assert first is not None and first.canonical == "two people close to the talks"
    book.note_spoken(first, 10, None)
    assert _canonical(book, SpeakerRef("the people", "unnamed", PERSON, offset=300)) == "two people close to the talks"


def test_a_possessed_office_belongs_to_whom_the_pronoun_means() -> None:
    book = _book()
    _said(book, "Pieter Vos", 0)
    ref = SpeakerRef("His office", "possessed", ORG, head="his", offset=100)
    assert _canonical(book, ref) == "Pieter Vos's office"
    assert _canonical(_book(), ref) == "His office"


def test_an_owned_role_never_means_the_person_in_focus() -> None:
    book = _book()
    _said(book, "Mette Lund", 0)
    ref = SpeakerRef("the town's mediator", "owned role", PERSON, head="mediator", offset=100)
    assert _canonical(book, ref) == "the town's mediator"


def test_any_other_kind_is_the_speaker_as_written() -> None:
    assert _canonical(_book(), SpeakerRef("the Okoro family", "phrase", PERSON)) == "Okoro family"


# ---------------------------------------------------------------------------- pronoun steps


def test_subject_since_speaker() -> None:
    book = _book(("Mette Lund", 30, PERSON, set()))
    _said(book, "Pieter Vos", 0)
    assert book.note_subject("Mette Lund", 40)
    assert _canonical(book, SpeakerRef("she", "pronoun", offset=80)) == "Mette Lund"


def test_group_since_speaker() -> None:
    book = _book()
    _said(book, "Pieter Vos", 0)
    book.note_group("members of the rowing club", 40)
    assert _canonical(book, SpeakerRef("they", "pronoun", offset=80)) == "members of the rowing club"


def test_last_speaker() -> None:
    book = _book()
    _said(book, "Pieter Vos", 0)
    assert _canonical(book, SpeakerRef("he", "pronoun", offset=50)) == "Pieter Vos"


def test_last_mention() -> None:
    book = _book(("Mette Lund", 0, PERSON, set()))
    assert _canonical(book, SpeakerRef("she", "pronoun", offset=50)) == "Mette Lund"
    assert _canonical(book, SpeakerRef("she", "pronoun", offset=5000)) is None


def test_she_is_no_body() -> None:
    book = _book()
    _said(book, "Harbourline Shipping", 0, ORG)
    assert _canonical(book, SpeakerRef("she", "pronoun", offset=50)) is None


# ---------------------------------------------------------------------------- body steps


def _body(noun: str, offset: int = 100) -> SpeakerRef:
    return SpeakerRef(f"the {noun}", "body", ORG, head=noun, offset=offset)


def test_body_that_spoke() -> None:
    book = _book()
    _said(book, "Fisheries Ministry", 0, ORG)
    assert _canonical(book, _body("ministry")) == "Fisheries Ministry"


def test_body_mentioned() -> None:
    book = _book(("Harbourline Shipping", 0, ORG, set()))
    speaker = book.resolve(_body("company"))
    assert speaker is not None
    assert (speaker.canonical, speaker.type) == ("Harbourline Shipping", ORG)


def test_body_named_like_a_person() -> None:
    book = _book(("Brandt Lowe", 0, UNKNOWN, set()))
    assert _canonical(book, _body("bank", offset=60)) == "Brandt Lowe"
    assert _canonical(book, _body("bank", offset=900)) == "bank"


def test_body_as_written() -> None:
    speaker = _book().resolve(_body("ministry"))
    assert speaker is not None
    assert (speaker.canonical, speaker.type) == ("ministry", ORG)


# ---------------------------------------------------------------------------- role steps


def _role(noun: str, offset: int = 100, surface: str | None = None) -> SpeakerRef:
    return SpeakerRef(surface or f"the {noun}", "role", PERSON, head=noun, offset=offset)


def test_role_holder_who_spoke() -> None:
    book = _book(("Ines Vos", 0, PERSON, {"mayor"}), ("Mette Lund", 20, PERSON, {"mayor"}))
    _said(book, "Ines Vos", 10)
    assert _canonical(book, _role("mayor")) == "Ines Vos"


def test_role_holder_mentioned_before_else_after() -> None:
    assert _canonical(_book(("Ines Vos", 0, PERSON, {"mayor"})), _role("mayor")) == "Ines Vos"
    assert _canonical(_book(("Ines Vos", 200, PERSON, {"mayor"})), _role("mayor")) == "Ines Vos"


def test_role_in_focus() -> None:
    book = _book()
    _said(book, "Mette Lund", 0)
    assert _canonical(book, _role("champion", surface="the former champion")) == "Mette Lund"


def test_role_as_description() -> None:
    assert _canonical(_book(), _role("governor", surface="The governor")) == "the governor"
    assert _canonical(_book(), _role("painting")) is None  # nobody who speaks


def test_the_abbreviated_role_is_the_title_it_stands_for() -> None:
    book = _book(("Arjun Mehta", 0, PERSON, {"minister"}))
    assert _canonical(book, _role("cm", surface="the CM")) == "Arjun Mehta"


# ---------------------------------------------------------------------------- memory


def test_person_named_in_any_letter_case() -> None:
    book = _book(("Grace Okafor", 0, PERSON, set()))
    assert book.person_named("OKAFOR") == "Grace Okafor"
    assert book.person_named("Lund") is None


def test_named_after_and_first_person_between() -> None:
    book = _book(("Ines Vos", 120, PERSON, {"spokeswoman"}), ("Harbourline Shipping", 10, ORG, set()))
    assert book.named_after("spokeswoman", 100) == "Ines Vos"
    person = book.first_person_between(0, 200)
    assert person is not None and person.canonical == "Ines Vos"


def test_last_spoken_and_subjects() -> None:
    book = _book(("Mette Lund", 0, PERSON, set()))
    _said(book, "Pieter Vos", 50)
    spoken = book.last_spoken(100, within=100)
    assert spoken is not None and spoken.speaker.canonical == "Pieter Vos"
    assert book.last_spoken(500, within=100) is None
    assert book.note_subject("Mette Lund", 60)
    after = book.subject_after(0, 100)
    assert after is not None and after.canonical == "Mette Lund"
    assert book.subject_before(1000, within=100) is None
