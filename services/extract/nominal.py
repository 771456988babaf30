"""Nominal attribution cues: what a cue noun attributes, and to whom ('her claim that the vote was
rigged', 'the union's call for a strike', 'the senator made the promise to cut fares'), as two
ordered tables of small named rules.

A cue noun is a noun of lexicon.speech `NOMINAL_CUE_NOUNS`. `CONTENT_RULES` find what it attributes:
each answers a span, NO_CONTENT (nothing: stop) or NEXT (try the next rule). `SOURCE_RULES` then find
who holds it: each answers the token that names the holder (a possessor, the object of 'by', the
subject of a light verb such as 'made' or 'voiced'), NO_SOURCE (nobody: stop) or NEXT. The first
answer that is not NEXT decides. A noun with no content or no source is no attribution: the claim
is only made where the sentence itself says who holds it. Each rule's docstring carries an example
sentence (tests/unit/extract/test_nominal.py checks each).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from spacy.tokens import Doc, Token

from services.extract.lexicon.speech import (
    CUE_LEMMAS,
    INFINITIVE_CONTENT_NOUNS,
    LIGHT_VERB_FORMS,
    MAKE_FORMS,
    NOMINAL_CUE_FORMS,
    NOMINAL_PREPOSITION_CONTENT,
    NOUNS_ONLY_AFTER_MAKE,
    REFUSAL_FORMS,
)
from services.extract.nlp import coarse_pos, cue_words, lemma_of, text_of
from services.extract.reported import subject_of
from services.extract.reported_content import NEXT, NO_CONTENT, CharSpan, NoContent, span_or_no_content
from services.extract.reporting_verbs import span_of

NoSource = Literal["no source"]
NO_SOURCE: Final = "no source"

_COPULAS = frozenset({"is", "was", "are", "were", "remains", "remained"})
_CLAUSE_DEPS = frozenset({"acl", "relcl", "ccomp", "appos"})
_OBJECT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "attr", "oprd", "dative", "acomp"})


@dataclass(frozen=True, slots=True)
class NominalCue:
    """One cue noun's attribution in a parsed sentence; offsets are doc-relative chars."""

    noun: Token
    cue: str
    cue_start: int
    cue_end: int
    source: Token  # the token naming who holds it
    content_start: int
    content_end: int
    content_rule: str
    source_rule: str


class CueNoun:
    """A cue noun and what the rules read of it, each worked out once."""

    def __init__(self, noun: Token) -> None:
        self.noun = noun
        self.doc = noun.doc
        self.lemma = NOMINAL_CUE_FORMS[noun.lower_]

    @functools.cached_property
    def light_verb(self) -> Token | None:
        """The verb whose subject holds the noun it takes ('made the claim', 'voiced fears'): the
        noun as its object ('claims and accusations' share it), or as its passive subject."""
        noun = self.noun
        while noun.dep_ == "conj" and noun.head.i < noun.i:
            noun = noun.head
        verb = noun.head
        if noun.dep_ in {"dobj", "nsubjpass"} and verb.lower_ in LIGHT_VERB_FORMS \
                and coarse_pos(verb) in {"VERB", "AUX"}:
            return verb
        return None

    @functools.cached_property
    def possessor(self) -> Token | None:
        """'his claim', 'the union's call'; a curly apostrophe often comes out as nmod + case, or as a
        possessive ending the parser hung elsewhere ('disputed the county’s own claim', with
        'county' and 'claim' both objects): the noun right before that ending."""
        noun = self.noun
        for child in noun.children:
            if child.i > noun.i:
                break
            if child.dep_ == "poss" or (child.dep_ == "nmod" and any(g.dep_ == "case" for g in child.children)):
                return child
        at = noun.left_edge.i - 1  # the possessive ending right before the noun's phrase
        if at > 0 and noun.doc[at].tag_ == "POS" and coarse_pos(noun.doc[at - 1]) in {"NOUN", "PROPN"}:
            return noun.doc[at - 1]
        return None


Answer = CharSpan | NoContent | None
SourceAnswer = Token | NoSource | None
ContentRule = Callable[[CueNoun], Answer]
SourceRule = Callable[[CueNoun], SourceAnswer]


# --------------------------------------------------------------------------- what it attributes


def not_a_head_noun(c: CueNoun) -> Answer:
    """A cue word that is no noun or modifies another ('the warning lights'): it names no claim.

    Example: "The warning lights on the dashboard came on at dawn." -> no content.
    """
    noun = c.noun
    if coarse_pos(noun) != "NOUN" or noun.dep_ in {"compound", "amod", "nmod"}:
        return NO_CONTENT
    return NEXT


def that_clause(c: CueNoun) -> Answer:
    """A that-clause on the noun is what it attributes ('the claim that …'), also where the parser
    took 'that' for a pronoun of the clause beside a subject of its own ('a warning that the pier
    would close', 'that' read as the object of 'close'), or hung the clause on the holder ('the
    claim by the union that wages fell'); a relative clause ('the promise that she gave') is not.

    Example: "His claim that the ferry was safe was wrong." -> "the ferry was safe".
    """
    noun = c.noun
    hosts = [noun] + [o for p in noun.children if p.dep_ == "prep" and p.i > noun.i and p.lower_ in {"by", "from"}
                      for o in p.children if o.dep_ == "pobj"]
    for host in hosts:
        for clause in host.children:
            if clause.dep_ not in _CLAUSE_DEPS or clause.i < host.i:
                continue
            opening = clause.left_edge
            if opening.lower_ != "that" or opening.head.i != clause.i:
                continue
            own_subject = any(d.dep_ in {"nsubj", "nsubjpass"} and d.i != opening.i for d in clause.children)
            complement = (opening.dep_ == "mark" and host is noun) or (own_subject and _right_after(host, opening))
            if complement and not _lacks_its_object(clause):
                return span_or_no_content(span_of([t for t in clause.subtree if t.i > opening.i]))
    return NEXT


def _right_after(host: Token, opening: Token) -> bool:
    """'that' right after the noun, or after its prepositional phrase ('the claim by the union that')."""
    between = range(host.i + 1, opening.i)
    phrases = {t.i for p in host.children if p.dep_ == "prep" and host.i < p.i < opening.i for t in p.subtree}
    return all(i in phrases for i in between)


def _lacks_its_object(clause: Token) -> bool:
    """'the claim that he made', 'the promise that she gave': a verb of making or saying with no
    object but 'that' is a relative clause about the noun, however the parser labelled it."""
    if clause.lower_ not in LIGHT_VERB_FORMS and lemma_of(clause) not in CUE_LEMMAS:
        return False
    return not any(d.dep_ in _OBJECT_DEPS and d.lower_ != "that" for d in clause.children)


def infinitive(c: CueNoun) -> Answer:
    """'his promise to cut taxes', 'calls to resign': the infinitive hung on the noun.

    Example: "Her promise to cut bus fares won votes." -> "to cut bus fares".
    """
    noun = c.noun
    if c.lemma not in INFINITIVE_CONTENT_NOUNS:
        return NEXT
    for clause in noun.children:
        if clause.dep_ in {"acl", "relcl"} and clause.i > noun.i and coarse_pos(clause) == "VERB" and any(
                g.dep_ == "aux" and g.tag_ == "TO" and g.i == clause.left_edge.i for g in clause.children):
            return span_or_no_content(span_of(list(clause.subtree)))
    return NEXT


def prepositional_content(c: CueNoun) -> Answer:
    """'a call for an inquiry', 'accusations of bias': the object of a preposition the noun takes
    its content with (lexicon.speech NOMINAL_PREPOSITION_CONTENT). After 'of' and 'for' one noun
    says what is held ('fears of recession'); after 'about' or 'over' it names only a topic, and
    takes two words to be a claim ('her comments about cats' is none); a pronoun alone is none.

    Example: "The minister's call for an inquiry was welcomed." -> "an inquiry".
    """
    noun = c.noun
    preps = NOMINAL_PREPOSITION_CONTENT.get(c.lemma, frozenset())
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.i < noun.i or prep.lower_ not in preps:
            continue
        tokens = [t for o in prep.children if o.dep_ in {"pobj", "pcomp"} for t in o.subtree]
        words = [t for t in tokens if not t.is_punct]
        if len(words) < (1 if prep.lower_ in {"of", "for"} else 2) or (
                len(words) == 1 and coarse_pos(words[0]) not in {"NOUN", "PROPN", "VERB"}):
            return NEXT
        return span_or_no_content(span_of(tokens))
    return NEXT


def clause_after_a_copula(c: CueNoun) -> Answer:
    """'Her argument was that …': the noun as the subject of 'be', the that-clause its complement.

    Example: "Their argument was that the fee was unfair." -> "the fee was unfair".
    """
    noun, verb = c.noun, c.noun.head
    if noun.dep_ != "nsubj" or verb.lower_ not in _COPULAS:
        return NEXT
    for clause in verb.children:
        if clause.dep_ in {"ccomp", "attr", "advcl"} and clause.i > verb.i:
            marks = [m for m in clause.children if m.dep_ == "mark" and m.lower_ == "that"]
            if marks and marks[0].i == clause.left_edge.i == verb.i + 1:
                return span_or_no_content(span_of([t for t in clause.subtree if t.i > marks[0].i]))
    return NEXT


def no_content(c: CueNoun) -> Answer:
    """No clause, infinitive or content preposition: the noun attributes nothing one can read.

    Example: "His claim was rejected by the court." -> no content.
    """
    return NO_CONTENT


CONTENT_RULES: tuple[ContentRule, ...] = (
    not_a_head_noun,
    that_clause,
    infinitive,
    prepositional_content,
    clause_after_a_copula,
    no_content,
)


# --------------------------------------------------------------------------- who holds it


def only_after_make(c: CueNoun) -> SourceAnswer:
    """'case' and 'point' cue an attribution only as 'made the case (that, for) …', 'made the point
    that …': 'the court case', 'her case for the defence' are no claims held.

    Example: "Her case for a new stadium was weak." -> no source.
    """
    if c.lemma in NOUNS_ONLY_AFTER_MAKE and (c.light_verb is None or c.light_verb.lower_ not in MAKE_FORMS):
        return NO_SOURCE
    return NEXT


def not_held(c: CueNoun) -> SourceAnswer:
    """'has no plans to', 'without any wish to', 'did not make the claim', 'refused to make
    a promise', 'denied making the claim': nobody holds it.

    Example: "The council has no plans to close the pool." -> no source.
    """
    if any(d.dep_ == "det" and d.lower_ in {"no", "any"} for d in c.noun.children):
        return NO_SOURCE
    verb = c.light_verb
    if verb is None:
        return NEXT
    if any(d.dep_ == "neg" for d in verb.children):
        return NO_SOURCE
    head = verb.head
    if verb.dep_ in {"xcomp", "pcomp", "ccomp"} and (head.lower_ in REFUSAL_FORMS or lemma_of(head) == "deny"):
        return NO_SOURCE
    return NEXT


def pronoun_bound_by_the_subject(c: CueNoun) -> SourceAnswer:
    """'The ministry repeated its claim that …': a possessive pronoun on the object of a light verb
    stands for that verb's subject.

    Example: "The ministry repeated its claim that the figures were wrong." -> source "ministry".
    """
    owner, verb = c.possessor, c.light_verb
    if owner is None or verb is None or coarse_pos(owner) != "PRON" or c.noun.dep_ != "dobj":
        return NEXT
    subject = subject_of(verb)
    return subject if subject is not None and coarse_pos(subject) in {"NOUN", "PROPN"} else NEXT


def possessor(c: CueNoun) -> SourceAnswer:
    """'Ruiz's announcement of new tariffs', 'his claim that …': the noun's owner holds it.

    Example: "Ruiz's announcement of new tariffs rattled markets." -> source "Ruiz".
    """
    return c.possessor if c.possessor is not None else NEXT


def agent_phrase(c: CueNoun) -> SourceAnswer:
    """'the claim by the union that …', 'warnings from the regulator that …': the object of 'by' or
    'from' right on the noun holds it.

    Example: "The claim by the union that wages fell was disputed." -> source "union".
    """
    noun = c.noun
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.i > noun.i and prep.lower_ in {"by", "from"}:
            objects = [o for o in prep.children if o.dep_ == "pobj"]
            if objects:
                return objects[0]
    return NEXT


def light_verb_subject(c: CueNoun) -> SourceAnswer:
    """'X made the claim that …', 'X issued a warning that …', 'X voiced fears that …': the subject
    of a light verb (lexicon.speech LIGHT_VERB_FORMS) holds the noun it takes, and the agent of a
    passive one ('concerns were raised by X').

    Example: "The senator made the claim that the vote was rigged." -> source "senator".
    """
    verb = c.light_verb
    if verb is None:
        return NEXT
    subject = subject_of(verb)
    return subject if subject is not None and subject.i != c.noun.i else NEXT


def nobody(c: CueNoun) -> SourceAnswer:
    """No owner, agent or light verb: the sentence does not say who holds it (precision first).

    Example: "The claim that the vote was rigged spread quickly." -> no source.
    """
    return NO_SOURCE


SOURCE_RULES: tuple[SourceRule, ...] = (
    only_after_make,
    not_held,
    pronoun_bound_by_the_subject,
    possessor,
    agent_phrase,
    light_verb_subject,
    nobody,
)


def judge_content(noun: Token) -> tuple[CharSpan | None, str]:
    """What a cue noun attributes (None: nothing) and the content rule that decided."""
    return _judge_content(CueNoun(noun))


def judge_source(noun: Token) -> tuple[Token | None, str]:
    """The token naming who holds a cue noun's content (None: nobody) and the source rule that decided."""
    return _judge_source(CueNoun(noun))


def _judge_content(c: CueNoun) -> tuple[CharSpan | None, str]:
    for rule in CONTENT_RULES:
        answer = rule(c)
        if answer is not NEXT:
            return (answer if isinstance(answer, tuple) else None), rule.__name__
    return None, "no rule"  # unreached: no_content always answers


def _judge_source(c: CueNoun) -> tuple[Token | None, str]:
    for rule in SOURCE_RULES:
        answer = rule(c)
        if answer is not NEXT:
            return (answer if isinstance(answer, Token) else None), rule.__name__
    return None, "no rule"  # unreached: nobody always answers


def _cue_text(c: CueNoun, source: Token, source_rule: str) -> tuple[str, int, int]:
    """The cue as written: 'his claim' (a possessive word before the noun), 'made the claim',
    'repeated his claim' (a light verb a few words before), else the noun."""
    noun, start = c.noun, c.noun
    if source_rule == "possessor" and coarse_pos(source) == "PRON" and 0 < noun.i - source.i <= 3:
        start = source
    elif source_rule in {"light_verb_subject", "pronoun_bound_by_the_subject"} and c.light_verb is not None \
            and 0 < noun.i - c.light_verb.i <= 4:
        start = c.light_verb
    end = noun.idx + len(noun.text)
    return text_of(noun.doc)[start.idx : end], start.idx, end


def find_nominal_cues(doc: Doc, inside_quotes: list[tuple[int, int]],
                      reported: Sequence[CharSpan] = ()) -> list[NominalCue]:
    """Cue nouns outside quotation marks with both a content and a source, in order. A cue noun
    inside what a verb reports ('Lee said Ruiz's claim that the pier was safe was false', spans in
    `reported`) or inside another cue noun's content is part of that content, as a report inside a
    report is: not an attribution of its own."""
    found: list[NominalCue] = []
    for noun in cue_words(doc):
        if noun.lower_ not in NOMINAL_CUE_FORMS or any(lo <= noun.idx < hi for lo, hi in inside_quotes) \
                or any(lo <= noun.idx < hi for lo, hi in reported):
            continue
        c = CueNoun(noun)
        content, content_rule = _judge_content(c)
        if content is None:
            continue
        source, source_rule = _judge_source(c)
        if source is None or content[0] <= source.idx < content[1]:
            continue
        cue, cue_start, cue_end = _cue_text(c, source, source_rule)
        found.append(NominalCue(noun, cue, cue_start, cue_end, source, content[0], content[1],
                                content_rule, source_rule))
    return [c for c in found
            if not any(o is not c and o.content_start <= c.noun.idx < o.content_end for o in found)]


def nominal_source_tokens(doc: Doc) -> list[Token]:
    """The tokens that may name the holder of a cue noun's content, for the recogniser's windows."""
    return [cue.source for cue in find_nominal_cues(doc, [])]
