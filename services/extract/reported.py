"""Reported speech from the dependency parse ("X said (that) ...", "X accused Y of ...", "according
to X, ..."), and a cheap, parser-free detector for events the outlet itself reports.

Whether a verb reports speech is `reporting_verbs`; what it reports (the content span) is the rule
table of `reported_content`; who reports it is `subject_of` here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from services.extract.lexicon.events import EVENT_VERBS
from services.extract.lexicon.function_words import FUNCTION_WORDS
from services.extract.lexicon.speech import CONFORMITY_NOUNS, QUOTE_VERB_FORMS, REFUSAL_FORMS
from services.extract.lexicon.stance import UNNAMED_PASSIVE_LEMMAS
from services.extract.nlp import coarse_pos, cue_words, lemma_of, text_of
from services.extract.reported_content import content_of, is_name_given
from services.extract.reporting_verbs import is_coordinator, is_passive, is_reporting_verb, name_right_before, span_of

__all__ = [
    "ReportedSpeech",
    "cue_text",
    "find_reported_speech",
    "is_name_given",
    "is_reporting_verb",
    "reported_event_cue",
    "subject_of",
]


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
    unnamed_passive: bool = False  # 'is expected to', 'was accused of': passive, no agent named


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """Who a reporting verb reports: its subject, or where the parser hid it (an agent, a name
    set off before the verb, the one quoted in "quoted as saying", a shared subject). A function
    of the parse only, memoised per parsed sentence: the window finder, the quotation and
    reported-speech rules and the subject tracker all ask it of the same verbs."""
    cache: dict[tuple[int, int], Token | None] = verb.doc.user_data.setdefault("claimwire_subject_of", {})
    key = (verb.i, depth)
    if key not in cache:
        cache[key] = _find_subject(verb, depth)
    return cache[key]


def _find_subject(verb: Token, depth: int) -> Token | None:
    trailing_name = name_right_before(verb) if verb.dep_ != "relcl" else None
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
    agent = _agent_of(verb)
    if agent is not None:
        return agent
    if verb.dep_ == "conj" and not is_reporting_verb(verb.head) and is_coordinator(verb.doc[verb.i - 1]):
        shared = _speaker_of_shared_subject(verb)
        if shared is not None:
            return shared
    if depth < 2 and verb.dep_ in {"xcomp", "conj", "acomp", "oprd"}:
        return subject_of(verb.head, depth + 1)  # 'came away convinced that …': the one who came
    quoted_as = _quoted_as_saying(verb)
    if quoted_as is not None:
        return quoted_as
    misplaced = _subject_the_parser_misplaced(verb)
    if misplaced is not None:
        return misplaced
    if depth < 2 and verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(
        c.dep_ == "mark" for c in verb.children
    ):
        return subject_of(verb.head, depth + 1)
    if depth < 2 and _gerund_after_a_preposition(verb):
        return subject_of(verb.head.head, depth + 1)  # 'began by saying …', 'After arguing …, Ruiz left'
    return None


# Prepositions whose gerund shares the subject of the verb they hang on: 'opened by saying', 'after
# arguing', 'in announcing'.
_GERUND_PREPOSITIONS = frozenset({"by", "after", "before", "in", "while", "upon", "on", "since"})


def _gerund_after_a_preposition(verb: Token) -> bool:
    preposition = verb.head
    return (verb.dep_ == "pcomp" and verb.tag_ == "VBG" and preposition.dep_ == "prep"
            and preposition.lower_ in _GERUND_PREPOSITIONS and coarse_pos(preposition.head) in {"VERB", "AUX"})


def _agent_of(verb: Token) -> Token | None:
    """'was reported by the agency': the object of the agent phrase."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _subject_the_parser_misplaced(verb: Token) -> Token | None:
    """An age parsed as a modifier, a name or pronoun right before the verb, a name set off by
    commas right before it: the subject, where the parser did not hang it."""
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


def cue_text(verb: Token) -> tuple[str, int, int]:
    """The verb with its auxiliaries and negation: 'has vowed', 'was reported by'."""
    tokens = [verb] + [c for c in verb.children if c.dep_ in {"aux", "auxpass", "neg"} and c.i < verb.i]
    tokens += [c for c in verb.children if c.dep_ in {"prt", "agent"}]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return text_of(verb.doc)[start:end], start, end


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
        content = content_of(token)
        if content is None or _ANONYMITY_RE.match(text_of(doc)[content[0] : content[1]]):
            continue
        if token.dep_ != "relcl" and _INDIRECT_QUESTION_RE.match(text_of(doc)[content[0] : content[1]]) \
                and _left_unanswered(token):
            continue  # "did not say how many were hurt": nothing is asserted
        cue, cue_start, cue_end = cue_text(token)
        opening = _THAT_RE.match(text_of(doc), content[0], content[1])
        if opening is not None and token.dep_ != "relcl" and _is_complementiser(doc, content[0]):
            content = (opening.end(), content[1])  # "said that X": what was said is X
        speaker = subject_of(token)
        found.append(ReportedSpeech(cue, cue_start, cue_end, speaker, content[0], content[1],
                                    relative=token.dep_ == "relcl",
                                    unnamed_passive=speaker is None and is_passive(token)
                                    and lemma_of(token) in UNNAMED_PASSIVE_LEMMAS))
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


def _is_complementiser(doc: Doc, char: int) -> bool:
    """'said that the plan failed': 'that' opens the clause; 'said that claim was false': 'that' is
    the claim's determiner and part of what was said."""
    that = doc.char_span(char, char + 4)
    if that is None:
        return True
    token = that[0]
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    # a bare singular noun cannot open a clause ('that claim' is one phrase), whatever the parser says
    return token.dep_ != "det" and not (following is not None and following.tag_ == "NN")


def _left_unanswered(verb: Token) -> bool:
    """'did not say how many were hurt', 'would not say whether': a question the speaker left
    open asserts nothing. A question put ('asked whether the contract was legal') or answered
    ('explained how the fund works', 'told the host how surprised he was') is a claim."""
    return any(c.dep_ == "neg" for c in verb.children) or (
        verb.dep_ == "xcomp" and verb.head.lower_ in REFUSAL_FORMS)


def _named(token: Token | None) -> bool:
    return token is not None and (token.ent_type_ in {"PERSON", "ORG"} or coarse_pos(token) == "PROPN")


def _according_to(doc: Doc, quoted: Callable[[int], bool]) -> list[ReportedSpeech]:
    found: list[ReportedSpeech] = []
    if "according" not in text_of(doc).lower():
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
        if source.lower_ in CONFORMITY_NOUNS:
            continue  # 'according to plan': as arranged, no one's claim
        phrase_end = max(t.i for t in source.subtree) + 1
        if len([t for t in doc[: token.i] if not t.is_punct]) < 3:
            # fronted, 'According to Tom Dale, the move …': the source ends at its comma, however
            # the parser hung the clause after it
            comma = next((t.i for t in doc[to.i + 1 : phrase_end] if t.text == ","), None)
            phrase_end = comma if comma is not None else phrase_end
        before = doc[: token.i]
        after = doc[phrase_end:]
        side = before if len(before) >= len(after) else after
        unquoted = [t for t in side if not quoted(t.idx) and not t.is_punct]
        if len(unquoted) < 3:
            continue  # '…,” according to BelTA': the source of a quotation, not a claim of its own
        span = span_of(list(side))
        if span is None:
            continue
        end_char = doc[phrase_end - 1].idx + len(doc[phrase_end - 1].text)
        found.append(ReportedSpeech(text_of(doc)[token.idx : to.idx + len(to.text)], token.idx, end_char,
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
