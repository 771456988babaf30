"""Reading the parse around a speaker: the entity a token is in, the noun phrase it heads, an
unnamed source's description, the titles given a name, and where a name really starts and ends."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from schemas.models import EntityType
from services.extract.lexicon.names import NAME_PARTICLES
from services.extract.lexicon.titles import (
    ROLE_NOUNS,
)
from services.extract.nlp import coarse_pos
from services.extract.speaker_names import (
    ent_surface,
)

ENTITY_TYPES = {"PERSON": EntityType.person, "ORG": EntityType.organisation,
                "GPE": EntityType.location, "LOC": EntityType.location, "FAC": EntityType.location,
                "NORP": EntityType.other}


def entity_of(token: Token) -> SpacySpan | None:
    doc = token.doc
    if token.ent_iob_ == "O" or not token.ent_type_:
        return None
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def np_left(token: Token) -> SpacySpan:
    """The head noun with its left modifiers: 'a senior US defense official'."""
    start = token.left_edge.i
    while start < token.i and token.doc[start].is_punct:
        start += 1  # a closing quotation mark the parser hung on the phrase: '…,” one resident'
    return token.doc[start : token.i + 1]


_DESCRIPTION_DEPS = frozenset({"det", "nummod", "amod", "compound", "prep", "pobj", "poss", "case",
                               "advmod", "quantmod", "npadvmod", "nmod", "cc", "conj", "punct"})


def description_of(token: Token, max_words: int = 10) -> str:
    """An unnamed source's description as written: the head noun with its modifiers and
    prepositional tail ('a spokesperson for the Ministry of Transport', 'two people familiar with
    the matter'), without relative clauses or appositions; a sentence-initial capital lowered."""
    keep = {token.i}
    for child in token.children:
        if child.dep_ in _DESCRIPTION_DEPS or (child.dep_ == "amod" and child.i > token.i) or (
                # "experts not involved in the research": the negation says who they are (a plain
                # participle tail, "diplomats briefed on the talks", is left off)
                child.dep_ == "acl" and child.tag_ == "VBN" and child.left_edge.i == token.i + 1
                and child.left_edge.lower_ == "not"):
            if child.dep_ == "punct":
                continue
            keep.update(t.i for t in child.subtree)
    tokens = [t for t in token.doc[min(keep) : max(keep) + 1] if t.i in keep]
    if any(t.text == "," and t.i > token.i for t in tokens):  # ", who spoke on condition ..."
        tokens = [t for t in tokens if t.i < min(t2.i for t2 in tokens if t2.text == "," and t2.i > token.i)]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    tokens = tokens[: max_words]
    words = []
    for t in tokens:
        text = t.text
        sentence_initial = t.i == 0 or t.doc[t.i - 1].is_punct
        if t is tokens[0] and sentence_initial and coarse_pos(t) != "PROPN" and not text.isupper():
            text = t.lower_
        words.append(text + t.whitespace_)
    return "".join(words).strip()


def _titles_before(ent: SpacySpan) -> set[str]:
    """Role words in the same noun phrase before a name: 'Belarusian President Alexander ...'."""
    titles = set()
    head = ent.root
    for tok in head.subtree:
        if tok.i >= ent.start:
            break
        if tok.lower_ in ROLE_NOUNS:
            titles.add(tok.lower_)
    return titles


def titles_of_entity(ent: SpacySpan) -> set[str]:
    titles = _titles_before(ent)
    for child in ent.root.children:
        if child.dep_ == "appos" and child.lower_ in ROLE_NOUNS:
            titles.add(child.lower_)
    # "The EU's chief, Josep Borrell": the name is the apposition of a role noun
    if ent.root.dep_ == "appos" and ent.root.head.lower_ in ROLE_NOUNS:
        titles.add(ent.root.head.lower_)
    # "chief of the general staff ... Viktor Gulevich" parsed with the role as a sibling subject
    head = ent.root.head
    for sibling in head.children:
        if sibling.dep_ == ent.root.dep_ and sibling.i < ent.start and sibling.lower_ in ROLE_NOUNS:
            titles.add(sibling.lower_)
    return titles


def name_after_tail(token: Token) -> SpacySpan | None:
    """'A spokeswoman for Senator Alan Graves, Maria Ostrow, said': the parser hangs the name on
    the nearest noun, but a name does not take a second name in apposition, so it names the
    person the description is about."""
    for prep in token.children:
        if prep.dep_ != "prep" or prep.i < token.i:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or coarse_pos(obj) != "PROPN":
                continue
            for appos in obj.children:
                if appos.dep_ != "appos" or coarse_pos(appos) != "PROPN" or appos.i < obj.i:
                    continue
                run = [t for t in appos.doc[appos.left_edge.i : appos.i + 1] if coarse_pos(t) == "PROPN"]
                if len(run) >= 2 and run[-1].i == appos.i:
                    return appos.doc[run[0].i : appos.i + 1]
    return None


AGENT_PLURAL_RE = re.compile(r"(?!(?:papers|letters|numbers|orders|others|matters|answers|"
                               r"powers|centers|chapters|quarters|charters|monitors|sectors|factors)$)"
                               r"[a-z]{3,}(?:ers|ors)")


def name_tail_end(token: Token) -> int:
    """Where a capitalised name ends when it runs on through 'of'/'for' ('Institute for Housing
    Futures', 'Bank of England'): after the prepositional phrase when every word of it is
    capitalised (or 'the', 'and', '&'); else right after the token."""
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"of", "for"} or prep.i != token.i + 1:
            continue
        words = list(prep.subtree)[1:]
        if words and all(w.text[:1].isupper() or w.lower_ in {"the", "and", "&", "of", "for"} for w in words) \
                and words[-1].text[:1].isupper():
            return words[-1].i + 1
    return token.i + 1


def split_name_start(doc: Doc, start: int) -> int:
    """Where a name really starts when the parser split it at a hyphen ('Okafor-Bell',
    'bin Hamad al-Nuaimi', 'ul-Haq' parsed as several subjects): back over hyphen-joined parts,
    then over the given names before them."""
    split = False
    while start >= 2 and doc[start - 1].text in {"-", "‐"} and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ \
            and (doc[start - 2].text[:1].isupper() or doc[start - 2].lower_ in NAME_PARTICLES):
        start -= 2
        split = True
    while split and start >= 1 and coarse_pos(doc[start - 1]) == "PROPN" and (
            doc[start - 1].text[:1].isupper() or doc[start - 1].lower_ in NAME_PARTICLES):
        start -= 1
    return start


def untagged_name(token: Token) -> bool:
    """'Okonjo later wrote …' with the surname tagged an adjective: a capitalised subject that is
    no common word."""
    return token.dep_ == "nsubj" and token.tag_ == "JJ" and token.text[:1].isupper() \
        and not token.is_stop and token.text[1:].islower() and len(token.text) > 2


def doc_mentions(doc: Doc, locate: Callable[[int], int]) -> list[tuple[str, int, str, set[str]]]:
    """(surface, article offset, entity label, titles) for every named entity in a parsed sentence."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_TYPES:
            continue
        if ent.label_ == "PERSON" and ent.end < len(doc) and ent[-1].whitespace_ \
                and coarse_pos(doc[ent.end]) == "PROPN" and doc[ent.end].text[:1].isupper() \
                and not doc[ent.end].ent_type_:
            # the recogniser stopping short of the surname: 'K. Venkata' of '… Raghunath'
            ent = doc[ent.start : ent.end + 1]
            ent.label_ = "PERSON"
        surface = ent_surface(ent)
        if not surface or not any(ch.isupper() for ch in surface[:1]):
            continue
        titles = titles_of_entity(ent) if ent.label_ == "PERSON" else set()
        found.append((surface, locate(ent.start_char), ent.label_, titles))
    return found
