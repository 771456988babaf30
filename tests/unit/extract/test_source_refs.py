"""source_refs: which subjects of a reporting verb are kept as written when no speaker rule names them."""

import pytest

from services.extract.nlp import get_nlp
from services.extract.source_refs import _plain_subject


@pytest.mark.parametrize(("sentence", "plain"), [
    ("The delegation thought the vote was close.", True),
    ("Enthusiasts, including two shopkeepers from the quay, have urged the council to keep the ferry.", True),
    ("Opponents of the toll, such as Petra Lind and the cyclists' club, see the vote as a test.", True),
    # an apposition names the speaker: the role before it is not kept as written
    ("His challenger, Natalia Brook, said the mayor had run out of ideas.", False),
    # the thing said of, not a speaker
    ("The brooch, said to be three centuries old, was sold on Monday.", False),
])
def test_a_subject_is_plain_with_no_comma_but_its_own_set_off_phrases(sentence: str, plain: bool) -> None:
    doc = get_nlp()(sentence)
    subject = next(t for t in doc if t.dep_ in {"nsubj", "nsubjpass"})
    assert _plain_subject(subject) is plain
