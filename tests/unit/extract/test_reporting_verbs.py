"""reporting_verbs: which verbs report speech, and the token facts the speaker and content rules share."""

from services.extract.nlp import get_nlp
from services.extract.reporting_verbs import is_coordinator, is_passive, is_reporting_verb, span_of


def _token(sentence: str, word: str):
    doc = get_nlp()(sentence)
    return next(t for t in doc if t.text == word)


def test_speech_verbs_report_and_other_verbs_do_not():
    assert is_reporting_verb(_token("The coach told reporters the team was ready.", "told"))
    assert not is_reporting_verb(_token("The coach kicked the ball into the net.", "kicked"))


def test_call_reports_only_with_a_label_or_an_appeal():
    assert is_reporting_verb(_token("Unions called for a strike on Monday.", "called"))
    assert not is_reporting_verb(_token("She called her sister last night.", "called"))


def test_the_answer_is_memoised_on_the_doc():
    verb = _token("The coach told reporters the team was ready.", "told")
    is_reporting_verb(verb)
    assert verb.doc.user_data["claimwire_eligible"][verb.i] is True


def test_passive_coordinator_and_span():
    verb = _token("A new timetable was announced on Friday.", "announced")
    assert is_passive(verb)
    assert is_coordinator(_token("Ana and Ben left.", "and"))
    doc = verb.doc
    assert span_of(list(doc[0:3]) + [doc[-1]]) == (0, len("A new timetable"))
    assert span_of([doc[-1]]) is None
