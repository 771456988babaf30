"""reported: reported speech from the parse (cue, speaker, content) and the outlet's own events."""

import pytest

from services.extract.nlp import get_nlp
from services.extract.reported import (
    cue_text,
    find_reported_speech,
    is_name_given,
    reported_event_cue,
    subject_of,
)


def _reports(sentence: str, inside_quotes: list[tuple[int, int]] | None = None):
    doc = get_nlp()(sentence)
    return [(r.cue, r.speaker.text if r.speaker is not None else None, doc.text[r.content_start : r.content_end],
             r.according_to) for r in find_reported_speech(doc, inside_quotes or [])]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The coach told reporters the team was ready.", [("told", "coach", "the team was ready", False)]),
        ("The harbour board has warned that fees will rise in June.",
         [("has warned", "board", "fees will rise in June", False)]),
        ("Fees will rise in June, according to the harbour board.",
         [("according to", "board", "Fees will rise in June", True)]),
        ("A new timetable was announced by the rail operator on Friday.",
         [("was announced by", "operator", "A new timetable", False)]),
        ("Ms Ode said the bridge was safe, while the engineer said it needed repairs.",
         [("said", "Ode", "the bridge was safe", False), ("said", "engineer", "it needed repairs", False)]),
        ("An official, who asked not to be named, said the talks had stalled.",
         [("said", "official", "the talks had stalled", False)]),
    ],
)
def test_find_reported_speech(sentence, expected):
    assert _reports(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The clerk did not say how many ballots were lost.",  # an indirect question asserts nothing
        "The board refused to confirm the merger.",  # nothing was said
    ],
)
def test_nothing_is_reported(sentence):
    assert _reports(sentence) == []


def test_an_inner_report_is_part_of_the_outer_content():
    sentence = "The mayor said that the council manager had told her the budget was short."
    [(cue, speaker, content, _)] = _reports(sentence)
    assert (cue, speaker) == ("said", "mayor")
    assert content == "the council manager had told her the budget was short"


def test_a_reporting_verb_inside_quotation_marks_is_left_to_the_quote_finder():
    sentence = "“The coach told us we were ready,” Ana said."
    assert [r[0] for r in _reports(sentence, [(0, sentence.index("”") + 1)])] == ["said"]


def test_subject_of_and_cue_text():
    doc = get_nlp()("The harbour board has warned that fees will rise in June.")
    verb = next(t for t in doc if t.text == "warned")
    subject = subject_of(verb)
    assert subject is not None and subject.text == "board"
    assert cue_text(verb) == ("has warned", doc.text.index("has"), doc.text.index("warned") + len("warned"))


def test_is_name_given():
    assert is_name_given("The Needle”")
    assert not is_name_given("a mistake”")


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Local rebels seized the radio station in Tamsk on Tuesday morning.", "seized"),
        ("Did local rebels seize the radio station in Tamsk on Tuesday?", None),  # a question
        ("Rebels seized it.", None),  # too short
        ("the rebels then seized the radio station in the town on Tuesday.", None),  # no named actor
    ],
)
def test_reported_event_cue(sentence, cue):
    assert reported_event_cue(sentence) == cue
