"""Who holds a reported claim, when the speaker rules alone would drop it: the rules' answer for
the subject of a verb of saying, believing or showing, else the subject kept as written, of unknown
type ('the whole delegation thought …', 'Ruiz's former campaign manager said'). Used for reported
speech and for a quotation a speech verb attributes (services.extract.attribution)."""

from __future__ import annotations

from spacy.tokens import Token

from schemas.models import Speaker, SpeakerType
from services.extract.lexicon.function_words import PARTITIVE_WORDS, SHARE_NOUNS
from services.extract.nlp import coarse_pos
from services.extract.plan import Sentence
from services.extract.speakers import SpeakerRef, as_description, first_answer


def source_ref(subject: Token, sentence: Sentence) -> SpeakerRef | None:
    """Who the speaker rules say the subject names. A subject no rule knows ('the whole delegation
    thought …'), or one the rules refuse only as a quotation's speaker ('critics say', 'we know'),
    is kept as written, of unknown type, rather than the claim dropped."""
    if subject.lower_ in _NOBODY or any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children):
        return None  # 'nobody expects', 'no official confirmed': no one holds it
    rule, answer = first_answer(subject, sentence.art)
    if isinstance(answer, SpeakerRef):
        return answer
    if (answer is None or rule in _KEPT_AS_WRITTEN) and (
            _plain_subject(subject) or _object_of_according_to(subject) or _agent_of_a_passive(subject)):
        surface = as_description(subject.doc[subject.left_edge.i : _phrase_end(subject)].text)
        return SpeakerRef(surface, "phrase", SpeakerType.unknown, offset=sentence.art(subject.idx), rule="as_written")
    return None


# Speaker rules that decide a subject names nobody for a quotation's speaker ('A vase fell. “…”'),
# but whose subject of a verb of saying, believing or showing still holds the claim: 'some argue',
# 'we know', 'critics say', 'one slide says'.
_KEPT_AS_WRITTEN = frozenset({"indefinite_source", "not_a_noun"})
_NOBODY = frozenset({"nobody", "none", "neither", "noone"})
_PRONOUNS_AS_WRITTEN = frozenset("i we you some many others few most both several all one".split())


def _object_of_according_to(token: Token) -> bool:
    """'according to federal statistics', 'according to show insiders': the object is the source."""
    to = token.head
    return token.dep_ == "pobj" and to.lower_ == "to" and to.i > 0 and token.doc[to.i - 1].lower_ == "according"


def _agent_of_a_passive(token: Token) -> bool:
    """'was endorsed by three local papers', 'is backed by a third of members': the agent is the source."""
    return token.dep_ == "pobj" and token.head.dep_ == "agent" and coarse_pos(token) in {"NOUN", "PROPN", "NUM"}


def _plain_subject(subject: Token) -> bool:
    """A noun before its verb, no comma between but inside the subject's own phrase: 'the
    delegation thought', 'Opponents of the toll, such as the cyclists' club, argue'. Not 'The
    statue, said to be priceless, was stolen', where the parser takes the thing said of for a
    speaker."""
    verb = subject.head
    nominal = coarse_pos(subject) in {"NOUN", "PROPN"} or subject.lower_ in _PRONOUNS_AS_WRITTEN
    if subject.dep_ != "nsubj" or not nominal or subject.i >= verb.i:
        return False
    between = subject.doc[subject.i : verb.i]
    return not any(t.text == "," for t in between) or _set_off_inside_the_subject(subject, verb)


def _set_off_inside_the_subject(subject: Token, verb: Token) -> bool:
    """'Enthusiasts, including two shopkeepers, have asked …', 'Opponents of the toll, such as the
    cyclists' club, argue …': the words set off by commas are the subject's own prepositional
    phrases (an example, a group) and end with a comma right before the verb and its auxiliaries.
    Not an apposition ('His rival, Ana Ruiz, said'): the name is the speaker, the speaker rules'
    to find, not the role."""
    phrase = {t.i for t in subject.subtree}
    words = [t for t in subject.doc[subject.i + 1 : verb.i]
             if not (t.dep_ in {"aux", "auxpass", "neg", "advmod"} and t.head.i == verb.i)]
    if len(words) < 3 or words[-1].text != "," or not all(t.i in phrase for t in words[:-1]):
        return False
    modifiers = [c for c in subject.children if subject.i < c.i < verb.i and not c.is_punct]
    return all(c.dep_ == "prep" for c in modifiers)


def _phrase_end(subject: Token) -> int:
    """Where a subject kept as written ends: its head, or the group after a share of it ('31 percent
    of respondents', 'a majority of voters')."""
    lower = subject.lower_.split("-")[-1]
    if lower in SHARE_NOUNS or lower in PARTITIVE_WORDS:
        for child in subject.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i > subject.i:
                return child.right_edge.i + 1
    return subject.i + 1


def unresolved(ref: SpeakerRef | None) -> Speaker | None:
    """A pronoun or description the article's memory cannot resolve ('she', with no woman named
    before): the claim is kept, its speaker as written and of unknown type."""
    if ref is None:
        return None
    return Speaker(canonical=ref.surface, surface=ref.surface, type=SpeakerType.unknown)
