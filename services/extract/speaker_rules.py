"""Who is speaking: the subject noun phrase of a parse turned into a `SpeakerRef`."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from schemas.models import SpeakerType
from services.extract.lexicon.bodies import (
    DOCUMENT_ISSUED_FORMS,
    DOCUMENT_NOUNS,
    DOCUMENT_WITNESSED_FORMS,
    ORG_NOUNS,
)
from services.extract.lexicon.function_words import PARTITIVE_WORDS
from services.extract.lexicon.names import NAME_PARTICLES
from services.extract.lexicon.people import AGENT_NOUNS, SOURCE_NOUNS, SPEAKERISH_NOUNS
from services.extract.lexicon.platforms import PLATFORMS
from services.extract.lexicon.pronouns import POSSESSIVE_PRONOUNS, PRONOUNS_ANY, PRONOUNS_PERSON, PRONOUNS_THING
from services.extract.lexicon.titles import (
    PERSON_TITLES,
    POST_NOMINALS,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
)
from services.extract.nlp import coarse_pos
from services.extract.speaker_names import (
    AGED_PHRASE_RE,
    ORDINAL_RE,
    as_description,
    clean_surface,
    ent_surface,
    has_given_name,
    is_demonym_noun,
    is_person_noun,
    looks_like_person,
    strip_person_title,
    titled_person,
)
from services.extract.speaker_phrases import (
    AGENT_PLURAL_RE,
    description_of,
    entity_of,
    name_after_tail,
    name_tail_end,
    np_left,
    split_name_start,
    untagged_name,
)
from services.extract.speaker_ref import SpeakerRef

SPEAKER_ENT_LABELS = {"PERSON": SpeakerType.person, "ORG": SpeakerType.organisation,
                       "GPE": SpeakerType.organisation}


def speaker_ref(token: Token, locate: Callable[[int], int]) -> SpeakerRef | None:
    """The speaker named by a subject (or agent, or 'according to' object) token."""
    lower = token.lower_
    offset = locate(token.idx)
    if lower in PRONOUNS_PERSON | PRONOUNS_ANY | PRONOUNS_THING:
        return SpeakerRef(token.text, "pronoun", offset=offset)
    aged = AGED_PHRASE_RE.search(token.doc[max(0, token.i - 5) : token.i + 1].text) if lower == "old" else None
    if aged is not None:
        # "the 54-year-old told the BBC": the person in focus; "a 19-year-old said": unnamed
        head = f"{aged.group(2)}-year-old"
        if aged.group(1).lower() == "the":
            return SpeakerRef(f"the {head}", "role", SpeakerType.person, head=head, offset=offset)
        return SpeakerRef(f"{aged.group(1).lower()} {head}", "unnamed", SpeakerType.person, offset=offset)
    if lower in PLATFORMS and token.dep_ == "pobj":
        return None  # "posted on Instagram": where it was said, not who said it
    ent = entity_of(token)
    if ent is not None and len(ent) == 1 and lower in ROLE_ABBREVIATIONS and token.i > 0 \
            and token.doc[token.i - 1].lower_ == "the":
        return SpeakerRef(f"the {token.text}", "role", SpeakerType.person, head=lower, offset=offset)  # 'the CM'
    if ent is not None and ent.label_ == "ORG" and len(ent) == 1 and token.tag_ in {"NN", "NNS"}:
        # "Her GP, Dr Anil Mehta, said": a common noun the recogniser took for a body, with the
        # person named in apposition
        for child in token.children:
            child_ent = entity_of(child)
            titled = any(t.lower_.rstrip(".") in PERSON_TITLES for t in child.doc[child.left_edge.i : child.i])
            if child.dep_ == "appos" and child_ent is not None and (
                    child_ent.label_ == "PERSON" or titled or has_given_name(ent_surface(child_ent))):
                return SpeakerRef(ent_surface(child_ent), "name", SpeakerType.person,
                                  offset=locate(child_ent.start_char))
    if ent is not None and ent.label_ in {"ORG", "GPE"} and any(
            c.dep_ == "appos" and c.like_num and c.i > token.i for c in token.children):
        # "Smith, 45, said": a body or a place has no age
        return SpeakerRef(ent_surface(ent), "name", SpeakerType.person, offset=locate(ent.start_char))
    if ent is not None and ent.label_ in SPEAKER_ENT_LABELS:
        owners = [c for c in ent.root.children if c.dep_ == "poss" and c.i < ent.start and c.ent_type_ == "GPE"]
        if ent.label_ == "ORG" and ent.text[:1].islower() and owners:
            # "Poland's defence ministry": a body described, not named, is known by its country
            owned = token.doc[owners[0].left_edge.i : min(ent.end, ent.root.i + 1)]
            return SpeakerRef(clean_surface(owned.text), "phrase", SpeakerType.organisation,
                              offset=locate(owned.start_char))
        if ent.label_ == "ORG" and name_tail_end(ent.root) > ent.end:
            # the recogniser saw only part of the window: 'Institute' of 'Institute for Housing Futures'
            longer = token.doc[ent.start : name_tail_end(ent.root)]
            return SpeakerRef(clean_surface(longer.text, keep_capital_the=True), "name", SpeakerType.organisation,
                              offset=locate(longer.start_char))
        if ent.label_ == "PERSON" and split_name_start(token.doc, ent.start) < ent.start:
            whole = token.doc[split_name_start(token.doc, ent.start) : ent.end]  # 'Tariq ul-Hassan'
            return SpeakerRef(strip_person_title(clean_surface(whole.text)), "name", SpeakerType.person,
                              offset=locate(whole.start_char))
        return SpeakerRef(ent_surface(ent), "name", SPEAKER_ENT_LABELS[ent.label_],
                          offset=locate(ent.start_char))
    if ent is not None and ent.label_ == "NORP":
        if token.i > 0 and token.doc[token.i - 1].lower_ == "the" and is_demonym_noun(token.text) \
                and (token.tag_ in {"NNP", "NN"} or token.dep_ == "nsubj"):
            # "the Spaniard said", "the Kenyan told reporters": the person in focus, by nationality
            return SpeakerRef(f"the {token.text}", "role", SpeakerType.person, head=lower, offset=offset)
        return None  # "Ukrainian maintains ...": a nationality is not a speaker
    # an apposition carrying the name: "The EU's chief, Josep Borrell, said"
    for child in token.children:
        if child.dep_ == "appos" and entity_of(child) is None and coarse_pos(child) == "PROPN" \
                and (coarse_pos(token) == "NOUN" or is_person_noun(lower)):  # 'The Minister for X, Y Z,'
            run = [t for t in child.doc[child.left_edge.i : child.i + 1] if t.text[:1].isupper()]
            if run:
                name = child.doc[run[0].i : child.i + 1].text
                return SpeakerRef(strip_person_title(clean_surface(name)), "name",
                                  SpeakerType.person if lower in ROLE_NOUNS else SpeakerType.unknown,
                                  offset=locate(child.idx))
        if child.dep_ == "appos":
            child_ent = entity_of(child)
            if child.lower_ in POST_NOMINALS and child.i > 0 and entity_of(child.doc[child.i - 1]) is not None:
                child_ent = entity_of(child.doc[child.i - 1])  # 'Mr Aidan Breathnach SC': the name before the letters
            if child_ent is not None and child_ent.label_ in {"PERSON", "ORG"}:
                # a role noun in apposition names a person whatever the recogniser guessed
                type_ = SpeakerType.person if lower in ROLE_NOUNS or titled_person(child_ent.text) \
                    else SPEAKER_ENT_LABELS[child_ent.label_]
                return SpeakerRef(ent_surface(child_ent), "name", type_,
                                  offset=locate(child_ent.start_char))
    if lower in PARTITIVE_WORDS:
        # "one of the people said", "two of the officials told Reuters": part of a group of sources
        for prep in token.children:
            group = [o for o in prep.children if o.dep_ == "pobj"] if prep.dep_ == "prep" and prep.lower_ == "of" else []
            if group and group[0].tag_ == "NNS" and (group[0].lower_ in SPEAKERISH_NOUNS or is_person_noun(
                    group[0].lower_.removesuffix("s")) or AGENT_PLURAL_RE.fullmatch(group[0].lower_)):
                description = token.doc[token.i : group[0].right_edge.i + 1].text
                return SpeakerRef(as_description(description), "unnamed", SpeakerType.person, offset=offset)
    if coarse_pos(token) not in {"NOUN", "PROPN"} and not untagged_name(token) \
            and not (lower in ORG_NOUNS and token.dep_ == "nsubj"):  # 'the nonprofit said', tagged an adjective
        return None
    phrase = np_left(token)
    named = name_after_tail(token) if is_person_noun(lower) else None
    if named is not None:
        return SpeakerRef(clean_surface(named.text), "name", SpeakerType.person, offset=locate(named.start_char))
    if lower in ROLE_NOUNS and phrase[0].lower_ in {"a", "an", "one"}:
        return SpeakerRef(description_of(token), "unnamed", SpeakerType.person, offset=offset)
    if lower in {"family", "families"}:
        # "the Mensah family said": the family speaks, not the relative last named
        names = [c for c in token.lefts if c.dep_ == "compound" and c.text[:1].isupper()]
        if names:
            surface = token.doc[names[0].i : token.i + 1].text
            return SpeakerRef(clean_surface(surface), "phrase", SpeakerType.person, offset=offset)
    # a name inside the phrase, not as a possessor: "news outlet Belta"
    first = phrase[0].lower_
    if first in {"a", "an", "one"} and coarse_pos(token) == "NOUN" and any(
            entity_of(c) is not None for c in token.lefts if c.dep_ in {"compound", "amod"}):
        # "one senior Labour backbencher", "a Google engineer": the name says whose, not who
        return SpeakerRef(as_description(description_of(token)), "unnamed", SpeakerType.person, offset=offset)
    for child in token.lefts:
        child_ent = entity_of(child)
        if child.dep_ == "compound" and child_ent is not None and child_ent.label_ in {"PERSON", "ORG"}:
            if child_ent.end == token.i and lower in ORG_NOUNS and first == "the" and lower not in {"police", "union"}:
                # "the Aravan military", "the Trump administration": the body, not the name it
                # is named after
                body = token.doc[child_ent.start : token.i + 1].text
                return SpeakerRef(clean_surface(body), "phrase", SpeakerType.organisation, offset=offset)
            if child_ent.end == token.i and child_ent.label_ == "ORG" and is_person_noun(lower) \
                    and lower not in ORG_NOUNS and first == "the":
                # "the Riverside manager": a role at a body, so the person holding it
                return SpeakerRef(phrase.text, "role", SpeakerType.person, head=lower, offset=offset)
            if child_ent.end == token.i and child_ent.label_ == "PERSON" and coarse_pos(token) == "PROPN" \
                    and token.text[:1].isupper():
                # 'K. Venkata Raghunath' with the recogniser stopping short of the surname
                whole = token.doc[child_ent.start : token.i + 1]
                return SpeakerRef(strip_person_title(clean_surface(whole.text)), "name", SpeakerType.person,
                                  offset=locate(whole.start_char))
            if child_ent.end >= token.i:
                return SpeakerRef(ent_surface(child_ent), "name",
                                  SPEAKER_ENT_LABELS[child_ent.label_],
                                  offset=locate(child_ent.start_char))
    if first == "the" and len(phrase) == 2 and token.text[:1].isupper() and is_demonym_noun(token.text):
        return SpeakerRef(phrase.text, "role", SpeakerType.person, head=lower, offset=offset)  # as above
    if lower in PERSON_TITLES or lower in ROLE_NOUNS:
        # "Brightwater President and CEO Angela Ruiz-Hartmann said": the titles coordinated, the
        # name the last conjunct
        for conj in token.children:
            if conj.dep_ != "conj":
                continue
            conj_ent = entity_of(conj)
            if conj_ent is not None and conj_ent.label_ == "PERSON":
                return SpeakerRef(ent_surface(conj_ent), "name", SpeakerType.person,
                                  offset=locate(conj_ent.start_char))
            name = clean_surface(conj.doc[conj.left_edge.i : conj.i + 1].text)
            if conj_ent is None and coarse_pos(conj) == "PROPN" and looks_like_person(name):
                return SpeakerRef(name, "name", SpeakerType.person, offset=locate(conj.left_edge.idx))
    surface = phrase.text
    first = phrase[0].lower_
    # a curly apostrophe often comes out as nmod + case rather than poss
    has_possessor = any(c.dep_ == "poss" or (c.dep_ == "nmod" and c.i < token.i and any(
        g.dep_ == "case" for g in c.children)) for c in token.children)
    if lower in DOCUMENT_NOUNS:
        # "the finance officer's report warned": the possessor issued it
        for child in token.children:
            # a curly apostrophe often comes out as nmod + case rather than poss
            if child.i < token.i and (child.dep_ == "poss" or (
                    child.dep_ == "nmod" and any(c.dep_ == "case" for c in child.children))):
                owner = speaker_ref(child, locate)
                if owner is not None:
                    return owner
        # "a report by the Halberd Institute", "figures released by the statistics office": the
        # issuer speaks
        issuers = [p for p in token.children if p.dep_ == "prep" and p.lower_ in {"by", "from", "of"}]
        for clause in token.children:
            # "a memo seen by Reuters": whoever saw or obtained it did not issue it
            if clause.dep_ != "acl":
                continue
            # "the memo, dated May 2 and signed by its author": coordinated participles too
            for participle in [clause, *(c for c in clause.children if c.dep_ == "conj")]:
                if participle.lower_ not in DOCUMENT_WITNESSED_FORMS:
                    issuers += [a for a in participle.children if a.dep_ == "agent"]
        for prep in issuers:
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if entity_of(obj) is not None or coarse_pos(obj) == "PROPN":
                    return speaker_ref(obj, locate)
                if (prep.dep_ == "agent" and obj.lower_ in ORG_NOUNS) or (
                        prep.lower_ == "by" and is_person_noun(obj.lower_.removesuffix("s"))):
                    # "figures released by the statistics office", "a study by researchers at X"
                    issuer = speaker_ref(obj, locate)
                    if issuer is not None:
                        return issuer
        if first in {"the", "this", "that"} or has_possessor:
            return SpeakerRef(surface, "document", head=lower, offset=offset)
        if any(c.dep_ in {"amod", "compound"} and c.i < token.i and not c.text[:1].isupper()
               for c in token.children) or any(c.dep_ == "acl" and c.lower_ in DOCUMENT_ISSUED_FORMS
                                               for c in token.children):
            # "according to government figures", "court documents show": the kind of document
            # is all that identifies the source, as a description identifies an unnamed person
            issued = [c.right_edge.i for c in token.children if c.dep_ == "acl" and c.lower_ in DOCUMENT_ISSUED_FORMS]
            described = token.doc[token.left_edge.i : max(issued) + 1].text if issued else description_of(token)
            return SpeakerRef(as_description(described), "unnamed", SpeakerType.organisation, offset=offset)
        return None  # "according to a statement": whose statement is not said
    owner_pronoun = next((c.lower_ for c in token.children
                          if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS), None)
    if owner_pronoun is not None and (lower in AGENT_NOUNS or lower in ORG_NOUNS) and len(phrase) <= 3:
        # "her office said", "his spokesman said": known by whom the pronoun means
        return SpeakerRef(as_description(phrase.text), "possessed",
                          SpeakerType.person if lower in AGENT_NOUNS else SpeakerType.organisation,
                          head=owner_pronoun, offset=offset)
    if lower in AGENT_NOUNS and has_possessor:
        # "Abdelkader Benslimane’s spokesman said": someone speaking for the owner, not the owner
        return SpeakerRef(as_description(token.doc[token.left_edge.i : token.i + 1].text), "unnamed",
                          SpeakerType.person, offset=offset)
    if lower in ROLE_NOUNS and first in {"the", "this", "that"} | {lower}:
        # "the city’s labour mediator": a role someone else owns names a person only through a
        # name given that title, never the person merely in focus
        kind = "owned role" if has_possessor else "role"
        return SpeakerRef(surface, kind, SpeakerType.person, head=lower, offset=offset)
    if first == "the" and lower not in ROLE_NOUNS and is_person_noun(lower.removesuffix("s")) and (
            has_possessor or token.tag_ == "NNS"
            or any(c.dep_ == "prep" and c.i > token.i for c in token.children)):
        # "the council’s cabinet member for leisure", "the authors": a description no name
        # stands for is the speaker as written
        return SpeakerRef(as_description(description_of(token)), "unnamed", SpeakerType.person,
                          head="plural" if token.tag_ == "NNS" else "", offset=offset)
    named_on = token.text[:1].isupper() and name_tail_end(token) > token.i + 1  # 'the Institute for X'
    if lower in ORG_NOUNS and first in {"the", "this", "that"} and not has_possessor and len(phrase) <= 3 \
            and not named_on:
        return SpeakerRef(surface, "body", SpeakerType.organisation, head=lower, offset=offset)
    capitalised = token.text[:1].isupper() and token.tag_ in {"NN", "NNP", "NNPS"} and (
        token.i > 0 or lower not in SPEAKERISH_NOUNS or named_on)
    if token.text[:1].isupper() and token.tag_ == "NNS" and token.i >= 2 and not token.doc[token.i - 1].whitespace_ \
            and token.doc[token.i - 1].text in {"-", "‐"} and token.doc[token.i - 2].text[:1].isupper():
        capitalised = True  # "Pike-Morales later told": the tagger took the surname's end for a plural
    if (coarse_pos(token) == "PROPN" and token.text[:1].isupper()) or capitalised or untagged_name(token):
        # the capitalised run ending at the head (a lower-case word the tagger called a proper
        # noun, 'Kestria’s defence ministry', is a description, handled below): "industry association Fiskebat" -> "Fiskebat"
        run = [token]
        for left in reversed(list(phrase)[:-1]):
            ordinal = bool(ORDINAL_RE.fullmatch(left.lower_))  # "41st Separate Brigade"
            # "Scott-Farrow": a hyphen written without spaces joins two parts of one name
            joined = left.text in {"-", "‐"} and not left.whitespace_ and left.i > 0 \
                and not left.doc[left.i - 1].whitespace_
            particle = left.lower_ in NAME_PARTICLES and run[0].text[:1].isupper()
            if not (left.text[:1].isupper() or ordinal or joined or particle) or left.lower_ in {"the", "a", "an"}:
                break
            run.insert(0, left)
        start = split_name_start(token.doc, run[0].i)
        run = list(token.doc[start : run[0].i]) + run
        while run[0].lower_ in NAME_PARTICLES | {"-", "‐"} and len(run) > 1 \
                and not (run[0].lower_ in NAME_PARTICLES and not run[0].whitespace_
                         and token.doc[run[0].i + 1].text in {"-", "‐"}):
            run = run[1:]  # a leading 'van' goes; 'ul-' of 'ul-Haq' is the surname's own
        end = name_tail_end(token)
        name = strip_person_title(clean_surface(token.doc[run[0].i : end].text))
        return SpeakerRef(name, "name", SpeakerType.unknown, offset=offset)
    if lower in ORG_NOUNS and has_possessor:
        full = token.doc[token.left_edge.i : token.i + 1].text
        return SpeakerRef(clean_surface(full), "phrase", SpeakerType.organisation, offset=offset)
    if first in {"a", "an", "one", "two", "three", "several", "some"} or (
        token.tag_ == "NNS" and first not in {"the", "these", "those"}
    ):
        singular = lower[:-3] + "y" if lower.endswith("ies") else lower[:-1] if lower.endswith("s") else lower
        # "forecasters said", "investigators told reporters": people named by what they do
        agents = token.tag_ == "NNS" and AGENT_PLURAL_RE.fullmatch(lower) is not None
        if lower in SPEAKERISH_NOUNS or singular in SPEAKERISH_NOUNS or is_person_noun(singular) or agents:
            type_ = SpeakerType.organisation if singular in ORG_NOUNS else SpeakerType.person
            return SpeakerRef(description_of(token), "unnamed", type_,
                              head="plural" if token.tag_ == "NNS" else "", offset=offset)
        return None
    if lower in ROLE_NOUNS:
        return SpeakerRef(surface, "role", SpeakerType.person, head=lower, offset=offset)
    if lower in ORG_NOUNS:
        return SpeakerRef(clean_surface(surface), "phrase", SpeakerType.organisation, offset=offset)
    if first == "the" and token.tag_ == "NN" and lower not in SOURCE_NOUNS and is_person_noun(lower):
        # "the former world champion said": a description of the person in focus. A noun that
        # names no person ("the coastguard said") is never taken for that person.
        return SpeakerRef(surface, "role", SpeakerType.person, head=lower, offset=offset)
    return None
