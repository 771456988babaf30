"""The speaker rules for a document as the subject ('the report warned', 'according to court
papers'): whoever owns or issued it speaks. They keep their place in `speaker_rules.SPEAKER_RULES`
and answer as every speaker rule does (a `SpeakerRef`, `NO_SPEAKER`, or None for the next rule).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from schemas.models import SpeakerType
from services.extract.lexicon.bodies import DOCUMENT_ISSUED_FORMS, DOCUMENT_NOUNS, DOCUMENT_WITNESSED_FORMS, ORG_NOUNS
from services.extract.nlp import coarse_pos
from services.extract.speaker_names import as_description, is_person_noun
from services.extract.speaker_phrases import description_of, entity_of
from services.extract.speaker_types import NO_SPEAKER, NoSpeaker, SpeakerRef, Subject

_DEFINITE = frozenset({"the", "this", "that"})


def is_document(s: Subject) -> bool:
    """'the poll', 'polls', 'court filings': a document noun, singular or plural."""
    return s.lower in DOCUMENT_NOUNS or (s.lower.endswith("s") and s.lower[:-1] in DOCUMENT_NOUNS)


def document_of_owner(s: Subject) -> SpeakerRef | None:
    """'The treasurer's audit found gaps.': the possessor issued it."""
    if not is_document(s):
        return None
    token = s.token
    for child in token.children:
        # a curly apostrophe often comes out as nmod + case rather than poss
        if child.i < token.i and (child.dep_ == "poss" or (
                child.dep_ == "nmod" and any(c.dep_ == "case" for c in child.children))):
            owner = s.refer(child)
            if owner is not None:
                return owner
    return None


def _issuers(token: Token) -> list[Token]:
    """'a study by X', 'figures from X', 'the memo, dated May 2 and signed by X': the prepositions
    and agents that may name who issued it ('a memo seen by Reuters' names who saw it, not who
    issued it)."""
    issuers = [p for p in token.children if p.dep_ == "prep" and p.lower_ in {"by", "from", "of"}]
    for clause in token.children:
        if clause.dep_ != "acl":
            continue
        for participle in [clause, *(c for c in clause.children if c.dep_ == "conj")]:
            if participle.lower_ not in DOCUMENT_WITNESSED_FORMS:
                issuers += [a for a in participle.children if a.dep_ == "agent"]
    return issuers


def document_by_issuer(s: Subject) -> SpeakerRef | NoSpeaker | None:
    """'A survey by the Tidewater Trust found that rents rose.': the issuer speaks ('data released
    by the transport office' too)."""
    if not is_document(s):
        return None
    for prep in _issuers(s.token):
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if entity_of(obj) is not None or coarse_pos(obj) == "PROPN":
                return s.refer(obj) or NO_SPEAKER
            if (prep.dep_ == "agent" and obj.lower_ in ORG_NOUNS) or (
                    prep.lower_ == "by" and is_person_noun(obj.lower_.removesuffix("s"))):
                issuer = s.refer(obj)
                if issuer is not None:
                    return issuer
    return None


def definite_document(s: Subject) -> SpeakerRef | None:
    """'The report warned of delays.': a document, for the article's memory to resolve (whoever
    spoke last issued it)."""
    if is_document(s) and (s.first in _DEFINITE or s.has_possessor):
        return SpeakerRef(s.phrase.text, "document", SpeakerType.document, head=s.lower, offset=s.offset)
    return None


def _is_issued(child: Token) -> bool:
    return child.dep_ == "acl" and child.lower_ in DOCUMENT_ISSUED_FORMS


def kind_of_document(s: Subject) -> SpeakerRef | None:
    """'According to hospital figures, admissions rose.': the kind of document is all that
    identifies the source, as a description identifies an unnamed person."""
    token = s.token
    if not is_document(s) or not (
            any(c.dep_ in {"amod", "compound"} and c.i < token.i and not c.text[:1].isupper() for c in token.children)
            or any(_is_issued(c) for c in token.children)):
        return None
    issued = [c.right_edge.i for c in token.children if _is_issued(c)]
    described = token.doc[token.left_edge.i : max(issued) + 1].text if issued else description_of(token)
    return SpeakerRef(as_description(described), "unnamed", SpeakerType.document, offset=s.offset)


def unowned_document(s: Subject) -> SpeakerRef | None:
    """'Polls show the race tightening.': no issuer is named, so the document is the source, as
    written ('A statement said the plant would close' too)."""
    if not is_document(s):
        return None
    return SpeakerRef(as_description(s.phrase.text), "unnamed", SpeakerType.document, offset=s.offset)


DOCUMENT_RULES: tuple[Callable[[Subject], SpeakerRef | NoSpeaker | None], ...] = (
    document_of_owner,
    document_by_issuer,
    definite_document,
    kind_of_document,
    unowned_document,
)
