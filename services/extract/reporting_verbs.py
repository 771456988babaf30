"""Reporting verbs in a parse: whether a verb reports speech, and the token facts that the
speaker and content finders of `reported` and `reported_content` both read."""

from __future__ import annotations

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from services.extract.lexicon.function_words import SHARE_NOUNS
from services.extract.lexicon.people import SPEAKER_LEXICON_NOUNS
from services.extract.lexicon.speech import (
    CUE_LEMMAS,
    ONLY_WITH_PREPOSITION,
    PHRASAL_SPEECH_FORMS,
    PREPOSITION_CONTENT,
    SIDE_TAKING_LEMMAS,
)
from services.extract.lexicon.stance import STANCE_ADJECTIVES
from services.extract.nlp import LEMMA_FORMS_OF_CUES, coarse_pos, lemma_of, sentence_bounds

QUOTE_MARKS = frozenset("“”\"‘’'")


# A token `_reports_speech` can accept has one of these lower-case forms (a phrasal speech form, a
# stance adjective, or a form whose lexicon lemma is a cue lemma), or a lemmatizer's lemma.
_MAY_REPORT_IDS = frozenset(get_string_id(form) for form in PHRASAL_SPEECH_FORMS | STANCE_ADJECTIVES
                            | LEMMA_FORMS_OF_CUES)


def reporting_verbs(doc: Doc) -> list[Token]:
    """The doc's reporting verbs (`is_reporting_verb`), in order, found once per parsed sentence:
    each quotation beside it looks for one, and most of its words cannot be one."""
    found = doc.user_data.get("claimwire_reporting_verbs")
    if found is None:
        found = doc.user_data["claimwire_reporting_verbs"] = [
            t for t in doc if (t.lower in _MAY_REPORT_IDS or t.lemma) and is_reporting_verb(t)]
    return list(found)


def is_reporting_verb(verb: Token) -> bool:
    """A reporting verb used as a verb (memoised per parsed sentence: several passes ask)."""
    cache = verb.doc.user_data.setdefault("claimwire_eligible", {})
    known = cache.get(verb.i)
    if known is None:
        known = cache[verb.i] = _reports_speech(verb)
    return bool(known)


def _reports_speech(verb: Token) -> bool:
    lemma = lemma_of(verb)
    if verb.lower_ in PHRASAL_SPEECH_FORMS and coarse_pos(verb) == "VERB" and any(
            c.dep_ in {"prt", "advmod"} and c.lower_ == "back" for c in verb.children):
        return True  # 'Reyes shot back that the assaults had been solved'
    if verb.lower_ in STANCE_ADJECTIVES and coarse_pos(verb) == "ADJ":
        return _holds_a_stance(verb, lemma)
    if coarse_pos(verb) not in {"VERB", "AUX"} or lemma not in CUE_LEMMAS:
        return False
    if verb.dep_ in {"amod", "compound"}:
        return False
    if lemma in SIDE_TAKING_LEMMAS and named_object(verb) is None and side_taker_of_a_passive(verb) is None:
        return False
    required = ONLY_WITH_PREPOSITION.get(lemma)
    if required is not None and not any(
            c.dep_ == "prep" and c.lower_ in required
            for head in (verb, *(o for o in verb.children if o.dep_ == "dobj")) for c in head.children):
        return False
    return not (lemma == "call" and not any(
        c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ in {"for", "on"})
        or (c.dep_ == "prt" and c.lower_ == "out")
        # 'called the promise “an election-season gimmick”' parsed as an apposition
        or (c.dep_ == "dobj" and any(t.text in QUOTE_MARKS for t in c.subtree))
        for c in verb.children))


_NAMED_ENTITY_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def named_object(verb: Token) -> Token | None:
    """The verb's object when it names a person, party or body ('endorsed Ruiz', 'backed the Greens');
    for taking a side, also a noun the lexicons know as one ('support the council', 'backed the
    union'), not for thanks ('thanked fans for their patience' is courtesy, not a claim)."""
    lexicon_too = lemma_of(verb) != "thank"
    for child in verb.children:
        if child.dep_ == "dobj" and (_is_a_name(child) or (lexicon_too and _names_a_side(child))):
            return child
    return None


def side_taker_of_a_passive(verb: Token) -> Token | None:
    """'was endorsed by three local papers', 'is backed by a third of members': the agent of a
    passive side-taking verb, when it is a person, body or share of people ('is supported by steel
    beams' is no one taking a side)."""
    if not any(c.dep_ == "auxpass" for c in verb.children) or any(
            c.dep_ == "nsubjpass" and c.tag_ == "PRP" for c in verb.children):
        return None  # 'They were backed by the minister': a pronoun is no side to report
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        for noun in (c for c in agent.children if c.dep_ == "pobj"):
            # 'by three of the papers', 'by a third of members': a number of them is who took the side
            group = [g for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                     for g in p.children if g.dep_ == "pobj"]
            if any(_names_a_side(n) or _singular(n.lower_) in SHARE_NOUNS | _PUBLISHER_NOUNS
                   for n in (noun, *group)):
                return noun
    return None


# Who publishes an endorsement: 'endorsed by two local papers'.
_PUBLISHER_NOUNS = frozenset({"paper", "newspaper", "publication", "outlet"})


def _names_a_side(noun: Token) -> bool:
    """A name, or a noun the speaker lexicons know as a person, role or body ('the government',
    'residents' groups', 'the nominee')."""
    return _is_a_name(noun) or _singular(noun.lower_) in SPEAKER_LEXICON_NOUNS


def _is_a_name(noun: Token) -> bool:
    return coarse_pos(noun) == "PROPN" or noun.ent_type_ in _NAMED_ENTITY_TYPES


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _holds_a_stance(adjective: Token, lemma: str) -> bool:
    """'was convinced that the vote was rigged', 'is worried about the cost': a stance adjective said
    of a subject, with a clause or what it is about."""
    if adjective.dep_ not in {"acomp", "oprd", "xcomp", "advcl", "conj"}:
        return False
    preps = PREPOSITION_CONTENT.get(adjective.lower_, PREPOSITION_CONTENT.get(lemma, frozenset()))
    return any(c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ in preps) for c in adjective.children)


def name_right_before(verb: Token) -> Token | None:
    """'…, killing five people, including a baby, district governor Ihor Maly said on Monday': a
    person's name right before the verb, its phrase opening after a comma, with the parsed subject
    (if any) on the far side of that comma. The parser took a noun of the content for the subject
    and hung the name elsewhere; the name is who spoke."""
    if verb.i < 2:
        return None
    sent_start = sentence_bounds(verb)[0]
    if verb.i < sent_start + 2:
        return None
    name = verb.doc[verb.i - 1]
    if coarse_pos(name) != "PROPN" or name.dep_ == "nsubj" or not name.text[:1].isupper():
        return None
    if name.ent_type_ not in {"PERSON", ""} or (
            name.ent_type_ != "PERSON" and coarse_pos(verb.doc[verb.i - 2]) != "PROPN"):
        return None  # a person's name: so recognised, or two capitalised words at least
    start = name.i
    while start > sent_start and verb.doc[start - 1].dep_ in {"compound", "amod", "det"} \
            and verb.doc[start - 1].head.i >= start - 1 and not verb.doc[start - 1].is_punct:
        start -= 1
    if start == sent_start or verb.doc[start - 1].text != ",":
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if any(s.i >= start for s in subjects):
        return None
    return name


def is_coordinator(token: Token) -> bool:
    return token.lower_ in {"and", "but", "yet"}


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def span_of(tokens: list[Token]) -> tuple[int, int] | None:
    """The character span of the tokens, punctuation left out (quote marks and '%' kept)."""
    tokens = [t for t in tokens if not t.is_punct or t.text in "“”\"‘’%"]
    if not tokens:
        return None
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end
