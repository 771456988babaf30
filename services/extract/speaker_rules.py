"""Who is speaking: the subject (or agent, or 'according to' object) token of a parse turned into
a `SpeakerRef`, by an ordered table of named rules.

Each rule is a small function of a `Subject` (the token with what several rules read from it),
with its own example in its docstring, and answers one of three ways:

- a `SpeakerRef`: this is the speaker (the walker records the rule's name in `ref.rule`);
- `NO_SPEAKER`: this token names no speaker; stop, and `speaker_ref` answers None;
- `None`: not this rule's case; try the next rule.

`speaker_ref` walks `SPEAKER_RULES` in order and stops at the first answer that is not None, so
the order is the decision order: an earlier rule wins. The rules about a name the recogniser
found live in `speaker_entity_rules`, those about documents ("the report said") in
`speaker_document_rules`; all keep their place in the table here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Token

from schemas.models import SpeakerType
from services.extract.lexicon.bodies import ORG_NOUNS
from services.extract.lexicon.function_words import PARTITIVE_WORDS
from services.extract.lexicon.names import NAME_PARTICLES
from services.extract.lexicon.people import AGENT_NOUNS, SOURCE_NOUNS, SPEAKERISH_NOUNS
from services.extract.lexicon.platforms import PLATFORMS
from services.extract.lexicon.pronouns import POSSESSIVE_PRONOUNS, PRONOUNS_ANY, PRONOUNS_PERSON, PRONOUNS_THING
from services.extract.lexicon.titles import PERSON_TITLES, ROLE_NOUNS
from services.extract.nlp import coarse_pos
from services.extract.speaker_document_rules import DOCUMENT_RULES
from services.extract.speaker_entity_rules import (
    SPEAKER_ENT_LABELS,
    appositive_name,
    body_name_runs_on,
    body_noun_with_named_apposition,
    country_owned_body,
    entity_with_an_age,
    named_entity,
    nationality,
    nationality_in_focus,
    person_split_at_hyphen,
    role_abbreviation,
)
from services.extract.speaker_names import (
    AGED_PHRASE_RE,
    ORDINAL_RE,
    as_description,
    clean_surface,
    ent_surface,
    is_demonym_noun,
    is_person_noun,
    looks_like_person,
    strip_person_title,
)
from services.extract.speaker_phrases import (
    AGENT_PLURAL_RE,
    description_of,
    entity_of,
    name_after_tail,
    name_tail_end,
    split_name_start,
    untagged_name,
)
from services.extract.speaker_types import NO_SPEAKER, NoSpeaker, SpeakerRef, Subject

_PRONOUNS = PRONOUNS_PERSON | PRONOUNS_ANY | PRONOUNS_THING
_HYPHENS = frozenset({"-", "‐"})
_DEFINITE = frozenset({"the", "this", "that"})
_INDEFINITE = frozenset({"a", "an", "one"})
_SOME = _INDEFINITE | {"two", "three", "several", "some"}

Rule = Callable[[Subject], SpeakerRef | NoSpeaker | None]


# --------------------------------------------------------------------------- before the noun gate


def pronoun(s: Subject) -> SpeakerRef | None:
    """'“We are ready,” she said.': the pronoun, for the article's memory to resolve."""
    return SpeakerRef(s.token.text, "pronoun", offset=s.offset) if s.lower in _PRONOUNS else None


def possessive_pronoun(s: Subject) -> SpeakerRef | None:
    """'His claim that the pier was safe was wrong.': the owner the pronoun stands for ('his' for
    'he', 'its' for 'it'), for the article's memory to resolve."""
    if s.token.dep_ != "poss" or s.lower not in POSSESSIVE_PRONOUNS or s.lower in _PRONOUNS:
        return None
    return SpeakerRef(POSSESSIVE_PRONOUNS[s.lower], "pronoun", offset=s.offset)


def age_description(s: Subject) -> SpeakerRef | None:
    """'The 61-year-old said the harbour was safe.': the person in focus ('the'); 'a 19-year-old
    said' is an unnamed source."""
    token = s.token
    aged = AGED_PHRASE_RE.search(token.doc[max(0, token.i - 5) : token.i + 1].text) if s.lower == "old" else None
    if aged is None:
        return None
    head = f"{aged.group(2)}-year-old"
    if aged.group(1).lower() == "the":
        return SpeakerRef(f"the {head}", "role", SpeakerType.person, head=head, offset=s.offset)
    return SpeakerRef(f"{aged.group(1).lower()} {head}", "unnamed", SpeakerType.person, offset=s.offset)


def platform_object(s: Subject) -> NoSpeaker | None:
    """'The mayor posted on Instagram.': where it was said, not who said it."""
    return NO_SPEAKER if s.lower in PLATFORMS and s.token.dep_ == "pobj" else None



def one_of_a_group(s: Subject) -> SpeakerRef | None:
    """'One of the inspectors said the bridge was unsafe.': part of a group of sources, described
    as written."""
    if s.lower not in PARTITIVE_WORDS:
        return None
    token = s.token
    for prep in token.children:
        group = [o for o in prep.children if o.dep_ == "pobj"] if prep.dep_ == "prep" and prep.lower_ == "of" \
            else []
        if group and group[0].tag_ == "NNS" and (group[0].lower_ in SPEAKERISH_NOUNS or is_person_noun(
                group[0].lower_.removesuffix("s")) or AGENT_PLURAL_RE.fullmatch(group[0].lower_)):
            description = token.doc[token.i : group[0].right_edge.i + 1].text
            return SpeakerRef(as_description(description), "unnamed", SpeakerType.person, offset=s.offset)
    return None


def not_a_noun(s: Subject) -> NoSpeaker | None:
    """'Both said the plan would work.': a subject that is no noun names no speaker (but 'the
    nonprofit said', tagged an adjective, is a body)."""
    token = s.token
    if coarse_pos(token) not in {"NOUN", "PROPN"} and not untagged_name(token) \
            and not (s.lower in ORG_NOUNS and token.dep_ == "nsubj"):
        return NO_SPEAKER
    return None


# --------------------------------------------------------------------------- a noun phrase


def name_after_description(s: Subject) -> SpeakerRef | None:
    """'A spokeswoman for Senator Ada Brandt, Lena Moss, said the bill would pass.': the name
    hung on the nearest noun names the person the description is about."""
    named = name_after_tail(s.token) if is_person_noun(s.lower) else None
    if named is None:
        return None
    return SpeakerRef(clean_surface(named.text), "name", SpeakerType.person, offset=s.locate(named.start_char))


def indefinite_role(s: Subject) -> SpeakerRef | None:
    """'A spokesman for the port said the cranes were idle.': an unnamed source, by its description."""
    if s.lower in ROLE_NOUNS and s.phrase[0].lower_ in _INDEFINITE:
        return SpeakerRef(description_of(s.token), "unnamed", SpeakerType.person, offset=s.offset)
    return None


def named_family(s: Subject) -> SpeakerRef | None:
    """'The Okoro family said they were grateful.': the family speaks, not the relative last named."""
    if s.lower not in {"family", "families"}:
        return None
    names = [c for c in s.token.lefts if c.dep_ == "compound" and c.text[:1].isupper()]
    if not names:
        return None
    surface = s.token.doc[names[0].i : s.token.i + 1].text
    return SpeakerRef(clean_surface(surface), "phrase", SpeakerType.person, offset=s.offset)


def someone_at_a_named_body(s: Subject) -> SpeakerRef | None:
    """'A Siemens engineer said the turbine was safe.': the name says whose, not who; an unnamed
    source."""
    if s.first in _INDEFINITE and coarse_pos(s.token) == "NOUN" and any(
            entity_of(c) is not None for c in s.token.lefts if c.dep_ in {"compound", "amod"}):
        return SpeakerRef(as_description(description_of(s.token)), "unnamed", SpeakerType.person, offset=s.offset)
    return None


def _name_in_phrase(s: Subject, child: Token) -> SpeakerRef | None:
    child_ent = entity_of(child)
    if child.dep_ != "compound" or child_ent is None or child_ent.label_ not in {"PERSON", "ORG"}:
        return None
    token, lower = s.token, s.lower
    if child_ent.end == token.i and lower in ORG_NOUNS and s.first == "the" and lower not in {"police", "union"}:
        # "the Aravan military": the body, not the name it is named after
        body = token.doc[child_ent.start : token.i + 1].text
        return SpeakerRef(clean_surface(body), "phrase", SpeakerType.organisation, offset=s.offset)
    if child_ent.end == token.i and child_ent.label_ == "ORG" and is_person_noun(lower) \
            and lower not in ORG_NOUNS and s.first == "the":
        # "the Riverside manager": a role at a body, so the person holding it
        return SpeakerRef(s.phrase.text, "role", SpeakerType.person, head=lower, offset=s.offset)
    if child_ent.end == token.i and child_ent.label_ == "PERSON" and coarse_pos(token) == "PROPN" \
            and token.text[:1].isupper():
        # 'K. Venkata Raghunath' with the recogniser stopping short of the surname
        whole = token.doc[child_ent.start : token.i + 1]
        return SpeakerRef(strip_person_title(clean_surface(whole.text)), "name", SpeakerType.person,
                          offset=s.locate(whole.start_char))
    if child_ent.end >= token.i:
        return SpeakerRef(ent_surface(child_ent), "name", SPEAKER_ENT_LABELS[child_ent.label_],
                          offset=s.locate(child_ent.start_char))
    return None


def name_in_phrase(s: Subject) -> SpeakerRef | None:
    """'The Harlow administration said the budget was set.': a name inside the phrase, not as a
    possessor: the body named after it ('the Riverside manager' is a role at a body, 'news agency
    X' the name)."""
    for child in s.token.lefts:
        found = _name_in_phrase(s, child)
        if found is not None:
            return found
    return None


def the_demonym(s: Subject) -> SpeakerRef | None:
    """'The Dane said he would retire.': the person in focus, by a nationality the recogniser missed."""
    token = s.token
    if s.first == "the" and len(s.phrase) == 2 and token.text[:1].isupper() and is_demonym_noun(token.text):
        return SpeakerRef(s.phrase.text, "role", SpeakerType.person, head=s.lower, offset=s.offset)
    return None


def coordinated_titles(s: Subject) -> SpeakerRef | None:
    """'President and CEO Rosa Lindqvist said profits rose.': the titles coordinated, the name the
    last conjunct."""
    if s.lower not in PERSON_TITLES and s.lower not in ROLE_NOUNS:
        return None
    for conj in s.token.children:
        if conj.dep_ != "conj":
            continue
        conj_ent = entity_of(conj)
        if conj_ent is not None and conj_ent.label_ == "PERSON":
            return SpeakerRef(ent_surface(conj_ent), "name", SpeakerType.person, offset=s.locate(conj_ent.start_char))
        name = clean_surface(conj.doc[conj.left_edge.i : conj.i + 1].text)
        if conj_ent is None and coarse_pos(conj) == "PROPN" and looks_like_person(name):
            return SpeakerRef(name, "name", SpeakerType.person, offset=s.locate(conj.left_edge.idx))
    return None


def pronoun_owned(s: Subject) -> SpeakerRef | None:
    """'His office said the visit was cancelled.': known by whom the pronoun means."""
    owner = next((c.lower_ for c in s.token.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS), None)
    if owner is None or (s.lower not in AGENT_NOUNS and s.lower not in ORG_NOUNS) or len(s.phrase) > 3:
        return None
    return SpeakerRef(as_description(s.phrase.text), "possessed",
                      SpeakerType.person if s.lower in AGENT_NOUNS else SpeakerType.organisation,
                      head=owner, offset=s.offset)


def agent_of_owner(s: Subject) -> SpeakerRef | None:
    """'Dana Kerr's spokesman said she was unwell.': someone speaking for the owner, not the owner."""
    if s.lower in AGENT_NOUNS and s.has_possessor:
        return SpeakerRef(as_description(s.token.doc[s.token.left_edge.i : s.token.i + 1].text), "unnamed",
                          SpeakerType.person, offset=s.offset)
    return None


def definite_role(s: Subject) -> SpeakerRef | None:
    """'The mayor said the road would reopen.': a role, for the article's memory to resolve; 'the
    town's mediator' is a role someone else owns ("owned role"), named only through a name given
    that title."""
    if s.lower in ROLE_NOUNS and s.first in _DEFINITE | {s.lower}:
        kind = "owned role" if s.has_possessor else "role"
        return SpeakerRef(s.phrase.text, kind, SpeakerType.person, head=s.lower, offset=s.offset)
    return None


def definite_description(s: Subject) -> SpeakerRef | None:
    """'The researchers said the sample was small.', 'the board's member for parks said': a
    description no name stands for is the speaker as written."""
    token = s.token
    if s.first == "the" and s.lower not in ROLE_NOUNS and is_person_noun(s.lower.removesuffix("s")) and (
            s.has_possessor or token.tag_ == "NNS"
            or any(c.dep_ == "prep" and c.i > token.i for c in token.children)):
        return SpeakerRef(as_description(description_of(token)), "unnamed", SpeakerType.person,
                          head="plural" if token.tag_ == "NNS" else "", offset=s.offset)
    return None


def definite_body(s: Subject) -> SpeakerRef | None:
    """'The ministry said the rules would change.': a body, for the article's memory to resolve."""
    if s.lower in ORG_NOUNS and s.first in _DEFINITE and not s.has_possessor and len(s.phrase) <= 3 \
            and not s.named_on:
        return SpeakerRef(s.phrase.text, "body", SpeakerType.organisation, head=s.lower, offset=s.offset)
    return None


def _capitalised_head(s: Subject) -> bool:
    token = s.token
    doc = token.doc
    capitalised = token.text[:1].isupper() and token.tag_ in {"NN", "NNP", "NNPS"} and (
        token.i > 0 or s.lower not in SPEAKERISH_NOUNS or s.named_on)
    if token.text[:1].isupper() and token.tag_ == "NNS" and token.i >= 2 and not doc[token.i - 1].whitespace_ \
            and doc[token.i - 1].text in _HYPHENS and doc[token.i - 2].text[:1].isupper():
        capitalised = True  # "Pike-Morales later told": the tagger took the surname's end for a plural
    return (coarse_pos(token) == "PROPN" and token.text[:1].isupper()) or capitalised or untagged_name(token)


def _name_start(s: Subject) -> int:
    """Where the capitalised run ending at the head starts."""
    token = s.token
    run = [token]
    for left in reversed(list(s.phrase)[:-1]):
        ordinal = bool(ORDINAL_RE.fullmatch(left.lower_))  # "41st Separate Brigade"
        # "Scott-Farrow": a hyphen written without spaces joins two parts of one name
        joined = left.text in _HYPHENS and not left.whitespace_ and left.i > 0 \
            and not left.doc[left.i - 1].whitespace_
        particle = left.lower_ in NAME_PARTICLES and run[0].text[:1].isupper()
        if not (left.text[:1].isupper() or ordinal or joined or particle) or left.lower_ in {"the", "a", "an"}:
            break
        run.insert(0, left)
    start = split_name_start(token.doc, run[0].i)
    run = list(token.doc[start : run[0].i]) + run
    while run[0].lower_ in NAME_PARTICLES | _HYPHENS and len(run) > 1 \
            and not (run[0].lower_ in NAME_PARTICLES and not run[0].whitespace_
                     and token.doc[run[0].i + 1].text in _HYPHENS):
        run = run[1:]  # a leading 'van' goes; 'ul-' of 'ul-Haq' is the surname's own
    return run[0].i


def capitalised_name(s: Subject) -> SpeakerRef | None:
    """'Industry group Fiskelag said catches fell.', where the recogniser did not run: the
    capitalised run ending at the head is a name (a lower-case word the tagger called a proper
    noun, 'the town's harbour board', is not)."""
    if not _capitalised_head(s):
        return None
    name = strip_person_title(clean_surface(s.token.doc[_name_start(s) : name_tail_end(s.token)].text))
    return SpeakerRef(name, "name", SpeakerType.unknown, offset=s.offset)


def owned_body(s: Subject) -> SpeakerRef | None:
    """'Denmark's energy agency said prices would rise.': a body described by its owner, as written."""
    if s.lower in ORG_NOUNS and s.has_possessor:
        full = s.token.doc[s.token.left_edge.i : s.token.i + 1].text
        return SpeakerRef(clean_surface(full), "phrase", SpeakerType.organisation, offset=s.offset)
    return None


def indefinite_source(s: Subject) -> SpeakerRef | NoSpeaker | None:
    """'Two engineers said the dam was sound.', 'forecasters said': people named by what they
    do; 'a vase fell' is no source."""
    token, lower = s.token, s.lower
    if not (s.first in _SOME or (token.tag_ == "NNS" and s.first not in {"the", "these", "those"})):
        return None
    singular = lower[:-3] + "y" if lower.endswith("ies") else lower[:-1] if lower.endswith("s") else lower
    agents = token.tag_ == "NNS" and AGENT_PLURAL_RE.fullmatch(lower) is not None
    if lower in SPEAKERISH_NOUNS or singular in SPEAKERISH_NOUNS or is_person_noun(singular) or agents:
        type_ = SpeakerType.organisation if singular in ORG_NOUNS else SpeakerType.person
        return SpeakerRef(description_of(token), "unnamed", type_,
                          head="plural" if token.tag_ == "NNS" else "", offset=s.offset)
    return NO_SPEAKER


def bare_role(s: Subject) -> SpeakerRef | None:
    """'Their mayor said the road would reopen.': a role noun with no article, as written."""
    return SpeakerRef(s.phrase.text, "role", SpeakerType.person, head=s.lower, offset=s.offset) \
        if s.lower in ROLE_NOUNS else None


def bare_body(s: Subject) -> SpeakerRef | None:
    """'Regional council said the plan was approved.': a body noun as written."""
    return SpeakerRef(clean_surface(s.phrase.text), "phrase", SpeakerType.organisation, offset=s.offset) \
        if s.lower in ORG_NOUNS else None


def person_in_focus(s: Subject) -> SpeakerRef | None:
    """'The former goalkeeper said he had no regrets.': a description of the person in focus. A
    noun that names no person ('the lifeboat crew') is never taken for that person."""
    if s.first == "the" and s.token.tag_ == "NN" and s.lower not in SOURCE_NOUNS and is_person_noun(s.lower):
        return SpeakerRef(s.phrase.text, "role", SpeakerType.person, head=s.lower, offset=s.offset)
    return None


SPEAKER_RULES: tuple[Rule, ...] = (
    pronoun,
    possessive_pronoun,
    age_description,
    platform_object,
    role_abbreviation,
    body_noun_with_named_apposition,
    entity_with_an_age,
    country_owned_body,
    body_name_runs_on,
    person_split_at_hyphen,
    named_entity,
    nationality_in_focus,
    nationality,
    appositive_name,
    one_of_a_group,
    not_a_noun,
    name_after_description,
    indefinite_role,
    named_family,
    someone_at_a_named_body,
    name_in_phrase,
    the_demonym,
    coordinated_titles,
    *DOCUMENT_RULES,
    pronoun_owned,
    agent_of_owner,
    definite_role,
    definite_description,
    definite_body,
    capitalised_name,
    owned_body,
    indefinite_source,
    bare_role,
    bare_body,
    person_in_focus,
)


def speaker_ref(token: Token, locate: Callable[[int], int]) -> SpeakerRef | None:
    """The speaker named by a subject (or agent, or 'according to' object) token: the answer of
    the first rule in `SPEAKER_RULES` that has one, with that rule's name in `rule`."""
    _, answer = first_answer(token, locate)
    return None if isinstance(answer, NoSpeaker) else answer


def first_answer(token: Token, locate: Callable[[int], int]) -> tuple[str | None, SpeakerRef | NoSpeaker | None]:
    """(the deciding rule's name, its answer): a speaker, NO_SPEAKER (the rule decided the token
    names nobody), or (None, None) when no rule knows the token, so a caller may still keep the
    words as written."""
    subject = Subject(token, locate, refer=lambda other: speaker_ref(other, locate))
    for rule in SPEAKER_RULES:
        answer = rule(subject)
        if answer is None:
            continue
        if isinstance(answer, NoSpeaker):
            return rule.__name__, answer
        return rule.__name__, replace(answer, rule=rule.__name__)
    return None, None
