"""What a reporting verb reports: the content span of "X said (that) ...", as an ordered table of
small named rules.

Each rule looks at one shape of reported speech and answers a span (what was said), NO_CONTENT
(nothing was said: stop), or NEXT ("try the next rule"). The first answer that is not NEXT decides.
`CONTENT_RULES` lists the rules in order and `judge_content` tells which one fired. Each rule's
docstring carries an example sentence (tests/unit/extract/test_reported_content.py checks each).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Final, Literal

from spacy.tokens import Token

from services.extract.lexicon.pronouns import RELATIVE_PRONOUNS
from services.extract.lexicon.speech import (
    ACT_OR_SPEECH_LEMMAS,
    AUDIENCE_LEMMAS,
    DISCOURSE_NOUNS,
    LABELLING_LEMMAS,
    OBJECT_CONTENT_LEMMAS,
    PREPOSITION_CONTENT,
    SIDE_TAKING_LEMMAS,
    SPEECH_ONLY_WITH_THAT_CLAUSE,
)
from services.extract.lexicon.stance import (
    BELIEF_ONLY_WITH_THAT_CLAUSE,
    EVIDENCE_ONLY_WITH_THAT_CLAUSE,
    JUDGEMENT_ONLY_WITH_A_PREDICATE,
)
from services.extract.nlp import coarse_pos, lemma_of, sentence_bounds, text_of
from services.extract.reporting_verbs import (
    QUOTE_MARKS,
    is_coordinator,
    is_passive,
    is_reporting_verb,
    name_right_before,
    span_of,
)

CharSpan = tuple[int, int]
NoContent = Literal["no content"]
NO_CONTENT: Final = "no content"
NEXT: Final = None  # try the next rule
Answer = CharSpan | NoContent | None

_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "acomp"})
_CONDITION_MARKS = frozenset({"if", "unless", "should"})
_ONLY_WITH_THAT_CLAUSE = SPEECH_ONLY_WITH_THAT_CLAUSE | BELIEF_ONLY_WITH_THAT_CLAUSE | EVIDENCE_ONLY_WITH_THAT_CLAUSE
_NAME_GIVEN_RE = re.compile(r"\s*(?:the\s+)?[A-Z]")


def is_name_given(quoted: str) -> bool:
    """'call the bend “the Hairpin”': a capitalised label is a name given, not a judgement."""
    return _NAME_GIVEN_RE.match(quoted) is not None


class ReportingVerb:
    """A reporting verb and what the content rules read of it, each worked out once."""

    def __init__(self, verb: Token) -> None:
        self.verb = verb
        self.doc = verb.doc
        self.lemma = lemma_of(verb)

    def has_child(self, deps: set[str]) -> bool:
        return any(c.dep_ in deps for c in self.verb.children)

    @functools.cached_property
    def object_tokens(self) -> list[Token]:
        """The tokens of its objects and complements, and of a condition ('if ...') it carries."""
        verb = self.verb
        tokens: list[Token] = []
        for child in verb.children:
            dep = child.dep_
            if dep in _CONTENT_DEPS or (dep == "prep" and child.lower_ in PREPOSITION_CONTENT.get(self.lemma, ())):
                if dep == "dobj" and child.i < verb.i and child.lower_ in RELATIVE_PRONOUNS:
                    continue  # "which Putin called an act of terrorism": the object is the antecedent
                if dep == "ccomp" and _is_relative(child):
                    continue
                tokens.extend(_without_a_next_act(child) if dep == "xcomp" else child.subtree)
            elif dep == "advcl" and any(m.lower_ in _CONDITION_MARKS for m in child.children):
                tokens.extend(child.subtree)
        for continuation in _infinitive_continuations(verb):
            tokens.extend(continuation.subtree)
        if verb.dep_ == "relcl" and any(c.dep_ == "dobj" and c.lower_ in RELATIVE_PRONOUNS for c in verb.children):
            noun = verb.head
            tokens.extend(self.doc[noun.left_edge.i : noun.i + 1])
        return tokens

    @functools.cached_property
    def has_prepositional_content(self) -> bool:
        """'called for an inquiry', 'warned of delays': a preposition that carries what was said."""
        preps = PREPOSITION_CONTENT.get(self.lemma, frozenset())
        objects = [c for c in self.verb.children if c.dep_ == "dobj"]
        # the parser often hangs the preposition on the object ('likened [the tax to a burglary]')
        return any(c.dep_ == "prep" and c.lower_ in preps for head in (self.verb, *objects) for c in head.children)

    @functools.cached_property
    def quoted_objects(self) -> list[Token]:
        """Direct objects with a quotation mark in them ('called the pledge “a gimmick”')."""
        return [c for c in self.verb.children if c.dep_ == "dobj" and any(t.text in QUOTE_MARKS for t in c.subtree)]

    @functools.cached_property
    def as_phrases(self) -> list[Token]:
        return [c for c in self.verb.children if c.dep_ == "prep" and c.lower_ == "as"]

    @functools.cached_property
    def quoted_label(self) -> bool:
        """An 'as' phrase with a quotation mark in it or right after it."""
        return any(t.text in QUOTE_MARKS for c in self.as_phrases for t in self.doc[c.i : c.right_edge.i + 2])

    @functools.cached_property
    def has_clause(self) -> bool:
        """A clause of what was said; for 'maintain', 'believe' and the like, only a that-clause."""
        deps = {"ccomp"} if self.lemma in _ONLY_WITH_THAT_CLAUSE else {"ccomp", "xcomp", "oprd"}
        return self.has_child(deps)


ContentRule = Callable[[ReportingVerb], Answer]


def span_or_no_content(span: CharSpan | None) -> CharSpan | NoContent:
    """A rule's answer from a span it found, or NO_CONTENT when it found none (shared by `nominal`)."""
    return NO_CONTENT if span is None else span


# --------------------------------------------------------------------------- the rules


def finding_not_reported(r: ReportingVerb) -> Answer:
    """'find' or 'rule' in the passive or as a participle: an event, not a finding reported.

    Example: "A wallet found by the porter was handed in." -> no content.
    """
    verb = r.verb
    if r.lemma in {"find", "rule"} and (is_passive(verb) or verb.tag_ == "VBN" and verb.dep_ in {"acl", "relcl"}):
        return NO_CONTENT
    return NEXT


def verdict_not_finding(r: ReportingVerb) -> Answer:
    """'found him guilty', 'found the plan wanting': a verdict on someone, no clause of a finding.

    Example: "The jury found him guilty of arson." -> no content.
    """
    if r.lemma != "find":
        return NEXT
    clauses = [c for c in r.verb.children if c.dep_ in {"ccomp", "oprd"}]
    if clauses and not any(coarse_pos(c) in {"VERB", "AUX"} for c in clauses):
        return NO_CONTENT
    return NEXT


def passive_with_a_complement(r: ReportingVerb) -> Answer:
    """A passive with what is said of its subject reports the whole clause: the subject with it.

    Example: "One in nine voters is expected to be Latino." -> "One in nine voters is expected to be
    Latino".
    """
    verb = r.verb
    if not is_passive(verb):
        return NEXT
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass" and c.lower_ not in RELATIVE_PRONOUNS]
    # 'was labelled “a white elephant”', 'was dubbed the hero of the final': the label is a predicate (oprd)
    complements = [c for c in verb.children if c.dep_ in {"xcomp", "ccomp", "oprd"} or (
        c.dep_ == "prep" and c.lower_ in PREPOSITION_CONTENT.get(r.lemma, ()))]
    if not subjects or not complements:
        return NEXT
    said = [t for c in complements for t in c.subtree]
    if subjects[0].lower_ == "what":
        return span_or_no_content(span_of(said))  # 'in what is criticised as a land grab': the label
    return span_or_no_content(span_of([*subjects[0].subtree, verb, *said]))


def passive_subject(r: ReportingVerb) -> Answer:
    """A passive reporting verb reports its subject (the noun, if the subject is a relative pronoun).

    Example: "A new timetable was announced on Friday." -> "A new timetable".
    """
    verb = r.verb
    if not is_passive(verb):
        return NEXT
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not subjects:
        return NO_CONTENT
    subject = subjects[0]
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        noun = verb.head
        return span_or_no_content(span_of(list(r.doc[noun.left_edge.i : noun.i + 1])))
    return span_or_no_content(span_of(list(subject.subtree)))


def weighing_not_judging(r: ReportingVerb) -> Answer:
    """'consider' holds a belief only of what a thing is judged to be: a predicate ('the levy
    unfair', 'the ferry a lifeline', 'the bank to be sound') or a finite clause. Weighing a thing,
    an act or a choice ('consider taking action', 'considering whether to close') holds none.

    Example: "The council is considering whether to close the pool." -> no content.
    """
    if r.lemma not in JUDGEMENT_ONLY_WITH_A_PREDICATE or is_passive(r.verb):
        return NEXT
    if any(c.dep_ in {"ccomp", "xcomp", "oprd"} and _is_a_judgement(c) for c in r.verb.children):
        return NEXT
    return NO_CONTENT


def content_before_a_trailing_name(r: ReportingVerb) -> Answer:
    """A name set off by a comma right before the verb: what was said is the sentence before it.

    Example: "Gunmen raided the northern village of Kemsa at dawn, wounding at least six farmers,
    including two teenagers, provincial governor Sani Bello said on Twitter on Sunday." -> "Gunmen
    raided the northern village of Kemsa at dawn, wounding at least six farmers, including two
    teenagers".
    """
    if name_right_before(r.verb) is None:
        return NEXT
    return content_before_trailing_attribution(r.verb)


def that_clauses(r: ReportingVerb) -> Answer:
    """Clausal complements ('said (that) ...'), also those the parser hung on a nearby noun; an
    audience ('told reporters') is not part of it, nor a second speaker's report inside it.

    Example: "The coach told reporters the team was ready." -> "the team was ready".
    """
    verb, doc = r.verb, r.doc
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and not _is_relative(c)] \
        or _misattached_that_clauses(verb)
    if not clauses:
        return NEXT
    cut = min((n.left_edge.i for c in clauses for n in _nested_reports(c)), default=len(doc))
    while cut > 0 and cut < len(doc) and (is_coordinator(doc[cut - 1]) or doc[cut - 1].is_punct):
        cut -= 1  # '… was arrested and added …': not the 'and'
    return span_or_no_content(span_of([t for c in clauses for t in c.subtree if t.i < cut]))


def content_before_a_trailing_attribution(r: ReportingVerb) -> Answer:
    """'X said' after a comma, hung by the parser on a verb of the content: the sentence before it.

    Example (with 'said' parsed as a complement of 'rise'): "Rail fares will rise in spring, a
    spokesman said on Monday." -> "Rail fares will rise in spring".
    """
    return content_before_trailing_attribution(r.verb)


def parenthetical_attribution(r: ReportingVerb) -> Answer:
    """An attribution set between commas after the content: the main clause up to it.

    Example: "Bus fares will rise, officials say, though not by much." -> "Bus fares will rise".
    """
    verb = r.verb
    if verb.dep_ != "parataxis" or verb.head.i >= verb.i or r.has_child({"dobj", "xcomp", "oprd"}):
        return NEXT
    head = verb.head
    before = [t for t in head.subtree if t.i < verb.left_edge.i]
    if len(before) >= 3 and any(t.i == head.i for t in before):
        return span_or_no_content(span_of(before))
    return NEXT


def attribution_inside_the_content(r: ReportingVerb) -> Answer:
    """An attribution set off inside the sentence it reports ('The bank, he said, may be sold'): what
    was said is the clause around it; the claim's text leaves the attribution out (see indirect).

    Example: "The new ferry, the captain said, was the fastest on the fjord." -> "The new ferry, the
    captain said, was the fastest on the fjord".
    """
    verb = r.verb
    if verb.dep_ not in {"parataxis", "advcl", "ccomp"} or verb.head.i <= verb.i \
            or r.has_child({"dobj", "xcomp", "oprd", "ccomp"}):
        return NEXT
    head = verb.head
    words = [t.i for t in verb.subtree if not t.is_punct]
    left, right = min(words), max(words)
    if left == 0 or r.doc[left - 1].text != "," or right + 1 >= len(r.doc) or r.doc[right + 1].text != ",":
        return NEXT  # set off by commas on both sides
    left, right = left - 1, right + 1
    around = [t for t in head.subtree if not left <= t.i <= right]
    before = [t for t in around if t.i < left and not t.is_punct]
    after = [t for t in around if t.i > right and not t.is_punct]
    if not before or len(after) < 2 or not any(t.i == head.i for t in after):
        return NEXT
    return span_or_no_content(span_of(around))


def attribution_between_clauses(r: ReportingVerb) -> Answer:
    """An attribution set between commas with part of what was said on each side, which the parser
    hangs on the part before it or takes for the main verb: what was said is the sentence around it
    (the claim's text keeps the attribution, as above).

    Example: "If the ferry stops, the mayor argues, there are other ways across the river." -> "If
    the ferry stops, the mayor argues, there are other ways across the river".
    """
    verb, doc = r.verb, r.doc
    if verb.dep_ == "parataxis" and verb.head.dep_ == "ROOT" and verb.head.i < verb.i:
        return NEXT  # the main clause comes first: what follows is the reporter's (see the next rule)
    if r.has_child({"ccomp", "xcomp", "oprd"}) or any(
            c.dep_ == "dobj" and not (r.lemma in AUDIENCE_LEMMAS and c.tag_ == "PRP") for c in verb.children):
        return NEXT  # 'she told me' keeps its audience; any other object is what was said
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.left_edge.i == 0 or doc[subject.left_edge.i - 1].text != ",":
        return NEXT
    sentence_start, sentence_end = sentence_bounds(verb)
    # the attribution runs from its subject to the comma after the verb and its time or audience
    comma_after = next((t.i for t in doc[verb.i + 1 : sentence_end] if t.text == ","), None)
    if comma_after is None or any(coarse_pos(t) in {"VERB", "AUX"} for t in doc[verb.i + 1 : comma_after]):
        return NEXT
    before = [t for t in doc[sentence_start : subject.left_edge.i - 1] if not t.is_punct]
    after = [t for t in doc[comma_after + 1 : sentence_end] if not t.is_punct]
    if len(before) < 2 or len(after) < 3 or not any(coarse_pos(t) in {"VERB", "AUX"} for t in after):
        return NEXT
    return span_or_no_content(span_of([*before, *after]))


def as_clause(r: ReportingVerb) -> Answer:
    """'As Ruiz noted, …' or '…, as police have said': a clause opened by 'as' attributes the clause
    it hangs on.

    Example: "As the mayor noted on Monday, the levy has never been collected." -> "the levy has
    never been collected".
    """
    verb = r.verb
    if verb.dep_ != "advcl" or r.has_child({"ccomp", "dobj", "xcomp", "oprd"}) \
            or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) \
            or not any(c.dep_ == "nsubj" for c in verb.children):
        return NEXT  # 'as expected': no one named holds it
    own = {t.i for t in verb.subtree}
    clause = [t for t in verb.head.subtree if t.i not in own]
    if len([t for t in clause if not t.is_punct]) < 3:
        return NEXT
    return span_or_no_content(span_of(clause))


def no_object(r: ReportingVerb) -> Answer:
    """No object, complement or condition: nothing was said.

    Example: "The team insisted." -> no content.
    """
    return NO_CONTENT if not r.object_tokens else NEXT


def name_given_by_call(r: ReportingVerb) -> Answer:
    """'call' with a capitalised quoted label: a name given, not a judgement.

    Example: "Residents call the old bridge “The Needle”." -> no content.
    """
    labelled = r.quoted_objects
    if r.lemma != "call" or not labelled:
        return NEXT
    opening = next((t for t in labelled[0].subtree if t.text in QUOTE_MARKS), None)
    if opening is not None and is_name_given(text_of(r.doc)[opening.idx + 1 : opening.idx + 40]):
        return NO_CONTENT
    return NEXT


def quoted_label_of_call(r: ReportingVerb) -> Answer:
    """'call' with a quoted label parsed as an apposition of the object: the object and its label.

    Example: "The editor called the column “a mistake”." -> "the column “a mistake".
    """
    if r.lemma == "call" and r.quoted_objects and not r.has_child({"oprd"}):
        return span_or_no_content(span_of(list(r.quoted_objects[0].subtree)))
    return NEXT


def quoted_characterisation(r: ReportingVerb) -> Answer:
    """'described X as “...”', 'dismissed X as “...”': the quoted label is the speaker's words;
    without quotation marks it is the reporter's, and nothing is reported.

    Example: "She described the merger as “a lifeline”." -> "the merger as “a lifeline”".
    """
    lemma, verb = r.lemma, r.verb
    labelling = lemma == "describe" or (lemma in LABELLING_LEMMAS and lemma != "call" and r.quoted_label)
    if not labelling or r.has_child({"ccomp"}):
        return NEXT
    if not r.quoted_label:
        return NO_CONTENT
    tokens = [t for c in verb.children if c.i > verb.i and (c.dep_ == "dobj" or c in r.as_phrases)
              for t in c.subtree] + [r.doc[c.right_edge.i + 1] for c in r.as_phrases if c.right_edge.i + 1 < len(r.doc)]
    return span_or_no_content(span_of(_up_to_the_label(tokens)))


def object_alone(r: ReportingVerb) -> Answer:
    """An object alone, with no clause (or content preposition), is not reported speech for most verbs.

    Example: "The army maintains two bases there." -> no content.
    """
    if r.has_clause or r.lemma in OBJECT_CONTENT_LEMMAS or r.has_prepositional_content:
        return NEXT
    return NO_CONTENT


def act_not_statement(r: ReportingVerb) -> Answer:
    """'rejected', 'dismissed', 'reported' with an object that is no statement: an act.

    Example: "The council rejected the planning application." -> no content.
    """
    if not r.has_clause and r.lemma in ACT_OR_SPEECH_LEMMAS and not _object_is_discourse(r.verb):
        return NO_CONTENT
    return NEXT


def blame_without_a_cause(r: ReportingVerb) -> Answer:
    """'blame' says what caused something only as 'blamed X on/for Y'.

    Example: "Fans refused to blame the goalkeeper." -> no content.
    """
    return NO_CONTENT if r.lemma == "blame" and not r.has_child({"prep"}) else NEXT


def object_content(r: ReportingVerb) -> Answer:
    """The objects and complements are what was said, if they run to two words (three after 'and').

    Example: "The union accused the firm of cutting corners." -> "the firm of cutting corners".
    """
    tokens = _without_an_aside(r.object_tokens)
    span = span_of(_up_to_the_label(tokens) if r.quoted_label else tokens)
    if span is None:
        return NO_CONTENT
    words = re.findall(r"\w+", text_of(r.doc)[span[0] : span[1]])
    minimum = 3 if r.verb.dep_ == "conj" else 2
    if r.lemma in SIDE_TAKING_LEMMAS:
        minimum = 1  # 'endorsed Ruiz': the name is the content
    if len(words) < minimum and not r.has_child({"advcl"}):
        return NO_CONTENT
    return span


CONTENT_RULES: tuple[ContentRule, ...] = (
    finding_not_reported,
    verdict_not_finding,
    passive_with_a_complement,
    passive_subject,
    weighing_not_judging,
    content_before_a_trailing_name,
    that_clauses,
    content_before_a_trailing_attribution,
    attribution_inside_the_content,
    attribution_between_clauses,
    parenthetical_attribution,
    as_clause,
    no_object,
    name_given_by_call,
    quoted_label_of_call,
    quoted_characterisation,
    object_alone,
    act_not_statement,
    blame_without_a_cause,
    object_content,
)


def judge_content(verb: Token) -> tuple[CharSpan | None, str]:
    """The content span of a reporting verb (None: nothing was said) and the rule that decided."""
    r = ReportingVerb(verb)
    for rule in CONTENT_RULES:
        answer = rule(r)
        if answer is not NEXT:
            return (answer if isinstance(answer, tuple) else None), rule.__name__
    return None, "no rule"  # unreached: object_content always answers


def content_of(verb: Token) -> CharSpan | None:
    """What a reporting verb reports, as a doc-relative character span, or None."""
    return judge_content(verb)[0]


# --------------------------------------------------------------------------- helpers of the rules


def _up_to_the_label(tokens: list[Token]) -> list[Token]:
    """A characterisation ends with its quoted label: a phrase hung after the closing mark says
    when or where it was said ('as a “crazy system” during a campaign stop'), not what."""
    marks = [t.i for t in tokens if t.text in QUOTE_MARKS]
    if not marks:
        return tokens
    last_mark = max(marks)
    circumstance = {d.i for t in tokens if t.dep_ == "prep" and t.i > last_mark for d in t.subtree}
    return [t for t in tokens if t.i not in circumstance]


def _without_an_aside(tokens: list[Token]) -> list[Token]:
    """The object without a trailing aside about it: a relative clause after a comma ('cited the
    criticism of the anchor, who had been booed') tells the reader, not what the speaker said."""
    if not tokens:
        return tokens
    kept = {t.i for t in tokens}
    last = max(kept)
    for token in tokens:
        if token.dep_ in {"relcl", "acl"} and token.i > 0 and max(t.i for t in token.subtree) == last:
            start = token.left_edge.i
            if start > 0 and token.doc[start - 1].text == "," and token.doc[start].lower_ in RELATIVE_PRONOUNS:
                kept -= set(range(start - 1, last + 1))
    return [t for t in tokens if t.i in kept]




def _is_a_judgement(clause: Token) -> bool:
    """A predicate ('unfair', 'a bidder', 'to be sound') or a finite clause ('that the levy is
    fair', 'the levy will pass'), not an -ing, a bare infinitive or a question."""
    if any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in clause.children):
        return False
    if clause.tag_.startswith(("JJ", "NN")) or lemma_of(clause) == "be" or clause.tag_ in {"VBD", "VBZ", "VBP"}:
        return True
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in clause.children)


def _infinitive_continuations(verb: Token) -> list[Token]:
    """'wants to widen the road, build a bridge and close the ferry': the parser often hangs the
    second and third infinitive on the reporting verb as conjuncts. A bare verb (base form, no
    subject or modal of its own) after the infinitive cannot be coordinated with an inflected
    reporting verb, so it continues what was wanted, planned or promised. After a base-form
    reporting verb ('will vow to X and sign Y') it may be the subject's next act: left out."""
    if verb.tag_ in {"VB", "MD"}:
        return []
    infinitives = [c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VB" and c.i > verb.i]
    if not infinitives:
        return []
    first = infinitives[0].i
    return [c for c in verb.children
            if c.dep_ in {"conj", "dep"} and c.tag_ == "VB" and c.i > first
            and not any(g.dep_ in {"nsubj", "nsubjpass"} or (g.dep_ == "aux" and g.lower_ != "to")
                        for g in c.children)]


def _without_a_next_act(infinitive: Token) -> list[Token]:
    """'vowed to reopen the pier and signed the order': an inflected verb coordinated with the
    infinitive cannot continue it; it is the subject's next act, not what was vowed."""
    acts = [c for c in infinitive.children if c.dep_ == "conj" and c.tag_ in {"VBD", "VBZ"} and c.i > infinitive.i]
    if not acts:
        return list(infinitive.subtree)
    cut = min(acts, key=lambda c: c.i).left_edge.i
    while cut > infinitive.i and (is_coordinator(infinitive.doc[cut - 1]) or infinitive.doc[cut - 1].is_punct):
        cut -= 1
    return [t for t in infinitive.subtree if t.i < cut]


def _object_is_discourse(verb: Token) -> bool:
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return True  # "dismissed X as Y": a characterisation
    for child in verb.children:
        if child.dep_ == "dobj":
            word = child.lower_
            if word in DISCOURSE_NOUNS or (word.endswith("s") and word[:-1] in DISCOURSE_NOUNS) \
                    or (word.endswith("ies") and word[:-3] + "y" in DISCOURSE_NOUNS):
                return True
    return False


def _is_relative(clause: Token) -> bool:
    """'…, both of which were added to the design' parsed as a complement: a relative clause about
    the noun before it, not what was said."""
    for token in clause.subtree:
        if token.i >= clause.i:
            break
        if token.lower_ in {"which", "whom"} and token.dep_ == "pobj" and token.head.lower_ == "of":
            return True
    return False


def _misattached_that_clauses(verb: Token) -> list[Token]:
    """'said in a statement that the match was off': the parser often hangs the that-clause on the
    noun of the prepositional phrase between verb and clause; it is still what was said."""
    found = []
    objects = []
    for child in verb.children:
        if child.dep_ == "prep" and child.i > verb.i:
            objects += [obj for obj in child.children if obj.dep_ == "pobj"]
        elif child.dep_ in {"dobj", "dative"} and child.i > verb.i and lemma_of(verb) in AUDIENCE_LEMMAS:
            # "told an interviewer that the theatre survived ...": the clause hung on the audience
            objects.append(child)
    for obj in objects:
        for clause in obj.children:
            if clause.dep_ in {"acl", "relcl"} and (any(
                c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
            ) or (clause.left_edge.lower_ == "that" and clause.left_edge.i == obj.i + 1
                  and any(c.dep_ == "nsubj" and c.lower_ != "that" for c in clause.children))):
                # 'that' opening the clause right after the noun, the clause with a subject of its
                # own: a complement the parser misread ('that' as the verb's object)
                found.append(clause)
    return found


def _nested_reports(clause: Token) -> list[Token]:
    """Reporting verbs with a subject of their own hung on a content clause as an adverbial or a
    coordinated clause ('said the deal was the best possible, while the commissioner called it “a
    new era”'): the other speaker's words, not part of the first speaker's content."""
    found = []
    for token in clause.subtree:
        if token.i <= clause.i or token.dep_ not in {"advcl", "conj"} or not is_reporting_verb(token):
            continue
        if token.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children) \
                and token.head.dep_ in {"ccomp", "conj"} and is_coordinator(token.doc[token.i - 1]):
            # "said the driver was arrested and added that …": the parser hung the second reporting
            # verb on the first one's content; it shares the first one's speaker, not its content
            found.append(token)
            continue
        if any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in token.children) and (
                any(c.dep_ == "mark" and c.lower_ in {"while", "whereas", "but"} for c in token.children)
                or any(c.lower_ in {"while", "whereas", "but"} for c in token.doc[token.left_edge.i : token.i])):
            found.append(token)
    return found


_ADVERBIAL_DEPS = frozenset({"prep", "pobj", "npadvmod", "advmod", "compound", "det", "amod", "nummod", "poss", "case"})


def content_before_trailing_attribution(verb: Token) -> CharSpan | None:
    """'Forces shelled the city overnight, killing nine civilians, the governor said on Sunday.':
    the parser hangs the trailing 'X said' on a verb of the content instead of the other way
    round. When the reporting verb comes after a comma, has a subject but no object or clause of
    its own, and everything after it is adverbial, what was said is the sentence up to that comma."""
    trailing_name = name_right_before(verb)
    if trailing_name is None and (verb.dep_ not in {"ccomp", "advcl", "conj"} or verb.head.i > verb.i):
        return None
    # the subject nearest the verb; an earlier 'subject' is the content's, misattached
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if trailing_name is not None:
        subjects.append(trailing_name)
    if not subjects:
        return None
    nearest = max(subjects, key=lambda t: t.i)
    comma = nearest.left_edge.i - 1
    sent_start, sent_end = sentence_bounds(verb)
    if nearest is trailing_name:
        comma = next(i for i in range(trailing_name.i, sent_start - 1, -1) if verb.doc[i].text == ",")
    if any(c.dep_ in {"dobj", "ccomp", "xcomp", "dative", "oprd"} and c.i > comma for c in verb.children):
        return None
    if comma <= sent_start or verb.doc[comma].text != ",":
        return None
    after = [t for t in verb.doc[verb.i + 1 : sent_end] if not t.is_punct]
    if any(t.dep_ not in _ADVERBIAL_DEPS for t in after):
        return None
    before = list(verb.doc[sent_start : comma])
    if len([t for t in before if not t.is_punct]) < 4 or not any(coarse_pos(t) in {"VERB", "AUX"} for t in before):
        return None
    if any(t.text in "“”\"" for t in before):
        return None  # a quotation before the attribution is a direct quote, handled elsewhere
    return span_of(before)
