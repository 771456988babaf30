"""Reported speech from the dependency parse ("X said (that) ...", "X accused Y of ...", "according
to X, ..."), and a cheap, parser-free detector for events the outlet itself reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from services.extract.lexicon.events import EVENT_VERBS
from services.extract.lexicon.function_words import FUNCTION_WORDS
from services.extract.lexicon.pronouns import RELATIVE_PRONOUNS
from services.extract.lexicon.speech import (
    ACT_OR_SPEECH_LEMMAS,
    AUDIENCE_LEMMAS,
    DISCOURSE_NOUNS,
    LABELLING_LEMMAS,
    OBJECT_CONTENT_LEMMAS,
    PHRASAL_SPEECH_FORMS,
    QUOTE_VERB_FORMS,
    REFUSAL_FORMS,
    SPEECH_LEMMAS,
    SPEECH_ONLY_WITH_THAT_CLAUSE,
)
from services.extract.nlp import coarse_pos, cue_words, lemma_of

_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "acomp"})
_CONTENT_PREPS = frozenset({"of", "about", "against", "on", "over"})
_CONDITION_MARKS = frozenset({"if", "unless", "should"})


@dataclass(frozen=True, slots=True)
class ReportedSpeech:
    """One reporting verb (or 'according to') in a parsed sentence; offsets are doc-relative chars."""

    cue: str
    cue_start: int
    cue_end: int
    speaker: Token | None
    content_start: int
    content_end: int
    according_to: bool = False
    relative: bool = False  # the verb heads a relative clause


def _name_right_before(verb: Token) -> Token | None:
    """'…, killing five people, including a baby, district governor Ihor Maly said on Monday': a
    person's name right before the verb, its phrase opening after a comma, with the parsed subject
    (if any) on the far side of that comma. The parser took a noun of the content for the subject
    and hung the name elsewhere; the name is who spoke."""
    if verb.i < 2 or verb.i < verb.sent.start + 2:
        return None
    name = verb.doc[verb.i - 1]
    if coarse_pos(name) != "PROPN" or name.dep_ == "nsubj" or not name.text[:1].isupper():
        return None
    if name.ent_type_ not in {"PERSON", ""} or (
            name.ent_type_ != "PERSON" and coarse_pos(verb.doc[verb.i - 2]) != "PROPN"):
        return None  # a person's name: so recognised, or two capitalised words at least
    start = name.i
    while start > verb.sent.start and verb.doc[start - 1].dep_ in {"compound", "amod", "det"} \
            and verb.doc[start - 1].head.i >= start - 1 and not verb.doc[start - 1].is_punct:
        start -= 1
    if start == verb.sent.start or verb.doc[start - 1].text != ",":
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if any(s.i >= start for s in subjects):
        return None
    return name


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """Who a reporting verb reports: its subject, or where the parser hid it (an agent, a name
    set off before the verb, the one quoted in "quoted as saying", a shared subject)."""
    trailing_name = _name_right_before(verb) if verb.dep_ != "relcl" else None
    if trailing_name is not None:
        return trailing_name
    subjects = [c for c in verb.children if c.dep_ in {"nsubj"}]
    if subjects and verb.dep_ == "relcl" and subjects[0].lower_ in {"who", "which", "that"}:
        return verb.head  # "council leader Beatrice Owusu, who said ...": the antecedent
    if subjects:
        named = [s for s in subjects if s.ent_type_ in {"PERSON", "ORG"}] or [
            # "said co-author Dr Ben Ito": two subjects parsed, the name before a word fragment
            s for s in subjects if len(subjects) > 1 and coarse_pos(s) == "PROPN" and s.text[:1].isupper()]
        pool = named or subjects
        return min(pool, key=lambda s: abs(s.i - verb.i))
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    if verb.dep_ == "conj" and not is_reporting_verb(verb.head) and _is_coordinator(verb.doc[verb.i - 1]):
        shared = _speaker_of_shared_subject(verb)
        if shared is not None:
            return shared
    if depth < 2 and verb.dep_ in {"xcomp", "conj"}:
        return subject_of(verb.head, depth + 1)
    quoted_as = _quoted_as_saying(verb)
    if quoted_as is not None:
        return quoted_as
    for child in verb.children:
        if child.dep_ == "amod" and child.lower_ == "old" and child.i < verb.i and child.i >= 2 \
                and verb.doc[child.i - 2].lower_ == "year":
            return child  # "The 54-year-old confirmed that …" with the age parsed as a modifier
    if verb.i > 0 and verb.dep_ in {"ROOT", "ccomp"}:
        # parser slips ('…, regional governor Viktor Balan wrote that …' with the name taken as an
        # apposition): a name or pronoun right before the verb is its subject; so is a name set
        # off by commas right before it ('Speaking in Abuja, the minister, Ada Ogun, said …')
        previous = verb.doc[verb.i - 1]
        if previous.text == "," and verb.i > 1 and coarse_pos(verb.doc[verb.i - 2]) == "PROPN" \
                and verb.doc[verb.i - 2].dep_ == "appos":
            return verb.doc[verb.i - 2]
        if coarse_pos(previous) == "PROPN" or previous.lower_ in {"he", "she", "they"}:
            return previous
    if depth < 2 and verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(
        c.dep_ == "mark" for c in verb.children
    ):
        return subject_of(verb.head, depth + 1)
    return None


def _quoted_as_saying(verb: Token) -> Token | None:
    """'X was quoted (by the paper) as saying …', 'the paper quoted X as saying …': the speaker is
    the one quoted, not whoever did the quoting (that outlet is the intermediary)."""
    if verb.dep_ != "pcomp" or verb.head.lower_ != "as" or verb.head.head.lower_ not in QUOTE_VERB_FORMS:
        return None
    quoting = verb.head.head
    for dep in ("nsubjpass", "dobj"):
        quoted = [c for c in quoting.children if c.dep_ == dep]
        if quoted:
            return quoted[0]
    return None


def _is_coordinator(token: Token) -> bool:
    return token.lower_ in {"and", "but", "yet"}


def _speaker_of_shared_subject(verb: Token) -> Token | None:
    """'Police said the driver was arrested and added that …': the second verb hung on the first
    one's content shares the first one's subject."""
    head = verb.head
    for _ in range(4):
        if head.dep_ not in {"ccomp", "conj"} or head.head is head:
            return None
        head = head.head
        if is_reporting_verb(head):
            return subject_of(head, depth=2)
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def cue_text(verb: Token) -> tuple[str, int, int]:
    """The verb with its auxiliaries and negation: 'has vowed', 'was reported by'."""
    tokens = [verb] + [c for c in verb.children if c.dep_ in {"aux", "auxpass", "neg"} and c.i < verb.i]
    tokens += [c for c in verb.children if c.dep_ in {"prt", "agent"}]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return verb.doc.text[start:end], start, end


def _span_of(tokens: list[Token]) -> tuple[int, int] | None:
    tokens = [t for t in tokens if not t.is_punct or t.text in "“”\"‘’%"]
    if not tokens:
        return None
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _content(verb: Token) -> tuple[int, int] | None:
    lemma = lemma_of(verb)
    if lemma in {"find", "rule"} and (_is_passive(verb) or verb.tag_ == "VBN" and verb.dep_ in {"acl", "relcl"}):
        return None  # "a bag found by the cleaners", "was ruled offside": not a finding reported
    if _is_passive(verb):
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not subjects:
            return None
        subject = subjects[0]
        if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            noun = verb.head
            return _span_of(list(verb.doc[noun.left_edge.i : noun.i + 1]))
        return _span_of(list(subject.subtree))
    if _name_right_before(verb) is not None:
        trailing = _content_before_trailing_attribution(verb)
        if trailing is not None:
            return trailing
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and not _is_relative(c)] \
        or _misattached_that_clauses(verb)
    if clauses:  # "told journalists he was ...": the clause is what was said, not the audience
        cut = min((n.left_edge.i for c in clauses for n in _nested_reports(c)), default=len(verb.doc))
        while cut > 0 and cut < len(verb.doc) and (_is_coordinator(verb.doc[cut - 1]) or verb.doc[cut - 1].is_punct):
            cut -= 1  # '… was arrested and added …': not the 'and'
        return _span_of([t for c in clauses for t in c.subtree if t.i < cut])
    trailing = _content_before_trailing_attribution(verb)
    if trailing is not None:
        return trailing
    if verb.dep_ == "parataxis" and verb.head.i < verb.i and not any(
        c.dep_ in {"dobj", "xcomp", "oprd"} for c in verb.children
    ):
        # "Fares will rise, officials say, though ...": an attribution set between commas after
        # the content; what was said is the main clause up to it
        head = verb.head
        before = [t for t in head.subtree if t.i < verb.left_edge.i]
        if len(before) >= 3 and any(t.i == head.i for t in before):
            return _span_of(before)
    tokens: list[Token] = []
    for child in verb.children:
        dep = child.dep_
        if dep in _CONTENT_DEPS or (dep == "prep" and child.lower_ in _CONTENT_PREPS and
                                     lemma in {"accuse", "warn", "blame", "complain", "speak"}):
            if dep == "dobj" and child.i < verb.i and child.lower_ in RELATIVE_PRONOUNS:
                continue  # "which Putin called an act of terrorism": the object is the antecedent
            if dep == "ccomp" and _is_relative(child):
                continue
            tokens.extend(child.subtree)
        elif dep == "advcl" and any(m.lower_ in _CONDITION_MARKS for m in child.children):
            tokens.extend(child.subtree)
    if verb.dep_ == "relcl" and any(c.dep_ == "dobj" and c.lower_ in RELATIVE_PRONOUNS
                                    for c in verb.children):
        noun = verb.head
        tokens.extend(verb.doc[noun.left_edge.i : noun.i + 1])
    if not tokens:
        return None
    if lemma == "call":
        labelled = [c for c in verb.children if c.dep_ == "dobj" and any(t.text in _QUOTE_MARKS for t in c.subtree)]
        opening = next((t for t in labelled[0].subtree if t.text in _QUOTE_MARKS), None) if labelled else None
        if opening is not None and is_name_given(verb.doc.text[opening.idx + 1 : opening.idx + 40]):
            return None  # 'call the bend “the Hairpin”': a name given, not a judgement
        if labelled and not any(c.dep_ == "oprd" for c in verb.children):
            return _span_of(list(labelled[0].subtree))  # 'called the pledge “a gimmick”', parsed as an apposition
    as_phrases = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"]
    quoted_label = any(t.text in _QUOTE_MARKS for c in as_phrases for t in verb.doc[c.i : c.right_edge.i + 2])
    if (lemma == "describe" or (lemma in LABELLING_LEMMAS and lemma != "call" and quoted_label)) \
            and not any(c.dep_ == "ccomp" for c in verb.children):
        # "described him as “the most generous musician I knew”", "dismissed the report as
        # “market rumour”": the quoted label is the speaker's words (kept as a partial quote);
        # without quotation marks it is the reporter's
        if not quoted_label:
            return None
        return _span_of([t for c in verb.children if c.dep_ in {"dobj", "prep"} and c.i > verb.i
                         for t in c.subtree] + [verb.doc[c.right_edge.i + 1] for c in as_phrases
                                                if c.right_edge.i + 1 < len(verb.doc)])
    clause = any(t.dep_ in ({"ccomp"} if lemma in SPEECH_ONLY_WITH_THAT_CLAUSE else {"ccomp", "xcomp", "oprd"})
                 for t in verb.children)
    if not clause and lemma not in OBJECT_CONTENT_LEMMAS:
        return None  # "maintains garrisons", "said nothing": an object alone is not reported speech
    if not clause and lemma in ACT_OR_SPEECH_LEMMAS and not _object_is_discourse(verb):
        return None  # "regulators rejected its application": an act, not a statement
    if lemma == "blame" and not any(c.dep_ == "prep" for c in verb.children):
        return None  # "refused to blame the referee": only 'blamed X on/for Y' says what caused it
    span = _span_of(tokens)
    if span is None:
        return None
    words = re.findall(r"\w+", verb.doc.text[span[0] : span[1]])
    minimum = 3 if verb.dep_ == "conj" else 2
    if len(words) < minimum and not any(c.dep_ == "advcl" for c in verb.children):
        return None
    return span


_NAME_GIVEN_RE = re.compile(r"\s*(?:the\s+)?[A-Z]")


def is_name_given(quoted: str) -> bool:
    """'call the bend “the Hairpin”': a capitalised label is a name given, not a judgement."""
    return _NAME_GIVEN_RE.match(quoted) is not None


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
                and token.head.dep_ in {"ccomp", "conj"} and _is_coordinator(token.doc[token.i - 1]):
            # "said the driver was arrested and added that …": the parser hung the second reporting
            # verb on the first one's content; it shares the first one's speaker, not its content
            found.append(token)
            continue
        if any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in token.children) and (
                any(c.dep_ == "mark" and c.lower_ in {"while", "whereas", "but"} for c in token.children)
                or any(c.lower_ in {"while", "whereas", "but"} for c in token.doc[token.left_edge.i : token.i])):
            found.append(token)
    return found


def _content_before_trailing_attribution(verb: Token) -> tuple[int, int] | None:
    """'Forces shelled the city overnight, killing nine civilians, the governor said on Sunday.':
    the parser hangs the trailing 'X said' on a verb of the content instead of the other way
    round. When the reporting verb comes after a comma, has a subject but no object or clause of
    its own, and everything after it is adverbial, what was said is the sentence up to that comma."""
    trailing_name = _name_right_before(verb)
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
    if nearest is trailing_name:
        comma = next(i for i in range(trailing_name.i, verb.sent.start - 1, -1) if verb.doc[i].text == ",")
    if any(c.dep_ in {"dobj", "ccomp", "xcomp", "dative", "oprd"} and c.i > comma for c in verb.children):
        return None
    sentence = verb.sent
    if comma <= sentence.start or verb.doc[comma].text != ",":
        return None
    after = [t for t in verb.doc[verb.i + 1 : sentence.end] if not t.is_punct]
    if any(t.dep_ not in {"prep", "pobj", "npadvmod", "advmod", "compound", "det", "amod", "nummod", "poss", "case"}
           for t in after):
        return None
    before = list(verb.doc[sentence.start : comma])
    if len([t for t in before if not t.is_punct]) < 4 or not any(coarse_pos(t) in {"VERB", "AUX"} for t in before):
        return None
    if any(t.text in "“”\"" for t in before):
        return None  # a quotation before the attribution is a direct quote, handled elsewhere
    return _span_of(before)


_QUOTE_MARKS = frozenset("“”\"‘’'")


def is_reporting_verb(verb: Token) -> bool:
    """A reporting verb used as a verb (memoised per parsed sentence: several passes ask)."""
    cache = verb.doc.user_data.setdefault("claimwire_eligible", {})
    known = cache.get(verb.i)
    if known is None:
        known = cache[verb.i] = _reports_speech(verb)
    return known


def _reports_speech(verb: Token) -> bool:
    lemma = lemma_of(verb)
    if verb.lower_ in PHRASAL_SPEECH_FORMS and coarse_pos(verb) == "VERB" and any(
            c.dep_ in {"prt", "advmod"} and c.lower_ == "back" for c in verb.children):
        return True  # 'Reyes shot back that the assaults had been solved'
    if coarse_pos(verb) not in {"VERB", "AUX"} or lemma not in SPEECH_LEMMAS:
        return False
    if verb.dep_ in {"amod", "compound"}:
        return False
    if lemma == "call" and not any(c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ in {"for", "on"})
                                   or (c.dep_ == "prt" and c.lower_ == "out")
                                   # 'called the promise “an election-season gimmick”' parsed as an apposition
                                   or (c.dep_ == "dobj" and any(t.text in _QUOTE_MARKS for t in c.subtree))
                                   for c in verb.children):
        return False
    return True


_THAT_RE = re.compile(r"that\s+(?=\S)", re.IGNORECASE)

# A content that is an indirect question asserts nothing.
_INDIRECT_QUESTION_RE = re.compile(r"^(?:whether|if|how|why|what|when|where)\b", re.IGNORECASE)

# Anonymity boilerplate: "who asked not to be named" is about the source, not a claim.
_ANONYMITY_RE = re.compile(r"^(?:not\s+)?to\s+(?:not\s+)?be\s+(?:named|identified|quoted)\b", re.IGNORECASE)


def find_reported_speech(doc: Doc, inside_quotes: list[tuple[int, int]]) -> list[ReportedSpeech]:
    """Reporting verbs outside quotation marks with a subject and a content span."""
    found: list[ReportedSpeech] = []

    def quoted(char: int) -> bool:
        return any(start <= char < end for start, end in inside_quotes)

    for token in cue_words(doc):  # only these can be reporting verbs (see nlp.cue_words)
        if not is_reporting_verb(token) or quoted(token.idx):
            continue
        if token.dep_ == "xcomp" and token.head.lower_ in REFUSAL_FORMS:
            continue  # 'refused to blame the referee', 'declined to confirm': nothing was said
        content = _content(token)
        if content is None or _ANONYMITY_RE.match(doc.text[content[0] : content[1]]):
            continue
        if token.dep_ != "relcl" and _INDIRECT_QUESTION_RE.match(doc.text[content[0] : content[1]]):
            continue  # "did not say how many were hurt", "asked whether ...": nothing is asserted
        cue, cue_start, cue_end = cue_text(token)
        opening = _THAT_RE.match(doc.text, content[0], content[1])
        if opening is not None and token.dep_ != "relcl":
            content = (opening.end(), content[1])  # "said that X": what was said is X
        found.append(ReportedSpeech(cue, cue_start, cue_end, subject_of(token), content[0], content[1],
                                    relative=token.dep_ == "relcl"))
    found.extend(_according_to(doc, quoted))
    # "X said Y claimed Z": Y's report is part of X's content, not a separate claim. A relative
    # clause ("a task force that was announced by Z") is the reporter's own attribution, kept.
    # A named inner speaker ("X said factory manager Y had told him ...") is kept: Y's words are
    # attributed to Y by name.
    outer = [
        r for r in found
        if r.relative or _named(r.speaker)
        or not any(o is not r and o.content_start <= r.cue_start < o.content_end for o in found)
    ]
    return outer


def _named(token: Token | None) -> bool:
    return token is not None and (token.ent_type_ in {"PERSON", "ORG"} or coarse_pos(token) == "PROPN")


def _according_to(doc: Doc, quoted) -> list[ReportedSpeech]:  # type: ignore[no-untyped-def]
    found: list[ReportedSpeech] = []
    if "according" not in doc.text.lower():
        return found
    for token in doc:
        if token.lower_ != "according" or quoted(token.idx) or token.i + 1 >= len(doc):
            continue
        to = doc[token.i + 1]
        if to.lower_ != "to":
            continue
        objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
        if not objects:
            continue
        source = objects[0]
        phrase_end = max(t.i for t in source.subtree) + 1
        before = doc[: token.i]
        after = doc[phrase_end:]
        side = before if len(before) >= len(after) else after
        unquoted = [t for t in side if not quoted(t.idx) and not t.is_punct]
        if len(unquoted) < 3:
            continue  # '…,” according to BelTA': the source of a quotation, not a claim of its own
        span = _span_of(list(side))
        if span is None:
            continue
        end_char = doc[phrase_end - 1].idx + len(doc[phrase_end - 1].text)
        found.append(ReportedSpeech(doc.text[token.idx : to.idx + len(to.text)], token.idx, end_char,
                                    source, span[0], span[1], according_to=True))
    return found


# --------------------------------------------------------------------------- outlet's own events

_EVENT_VERB_RE = re.compile(
    r"\b(?:(?:has|have|had|was|were)\s+(?:been\s+)?)?(?:" + "|".join(sorted(set(EVENT_VERBS))) + r")\b"
)


def reported_event_cue(sentence: str) -> str | None:
    """The action verb of a sentence in which the outlet reports an event with a named actor before
    it ('Russia launched mass strikes ...'), or None. Questions, headlines and very short or very
    long sentences are left alone: precision over recall."""
    words = sentence.split()
    if not 6 <= len(words) <= 60 or sentence.rstrip().endswith("?"):
        return None
    if not sentence.rstrip().endswith((".", "!", "”", '"', "’")):
        return None
    match = _EVENT_VERB_RE.search(sentence)
    if match is None:
        return None
    words_before = re.findall(r"[^\W\d_][\w’'-]*", sentence[: match.start()])
    named = [w for i, w in enumerate(words_before)
             if w[0].isupper() and (i > 0 or w.lower() not in FUNCTION_WORDS)]
    if not named:
        return None
    return match.group(0)
