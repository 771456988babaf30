"""Entity mentions that a scan for capitalised word sequences misses, for the alias resolver.

- `military_mentions`: a country's armed forces named by a nationality or country and a military
  collective noun ("Russian troops", "Ukraine's armed forces", "Armed Forces of Ukraine",
  "French soldiers"); "French fries" and "Turkish delight" are no such thing.
- `numbered_unit_mentions`: numbered units ("38th Air Assault Brigade", with an owner in front:
  "Belarusian Army's 38th Air Assault Brigade").
- `acronym_led_mentions`: bodies whose name opens with an acronym or joins its words with "on" or
  "for" ("EU Council on Foreign Relations", "UN Security Council", "Centre for Policy Studies").
- `capital_actors`: a capital city standing for its government because it is the subject of a
  verb of saying or doing ("Minsk and Moscow had agreed", "Paris has warned"), not when it is a
  place ("in Minsk", "Moscow is a big city") nor a person ("Paris Hilton said").

Country data (demonyms, names, capitals) comes from `services.extract.places`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from services.extract.lexicon.bodies import BODY_NOUNS_IN_A_NAME
from services.extract.lexicon.calendar_words import MONTHS, WEEKDAYS
from services.extract.lexicon.events import IRREGULAR_PLACE_VERB_FORMS, PLACE_VERBS
from services.extract.nlp import coarse_pos, proper_nouns
from services.extract.places import country_of_capital, country_of_demonym, country_of_name

__all__ = ["acronym_led_mentions", "capital_actors", "military_mentions", "numbered_unit_mentions"]

_MILITARY_NOUNS = (
    r"(?:armed\s+forces|military|army|navy|air\s+force|troops|soldiers|servicemen|servicewomen|"
    r"forces|marines|sailors|paratroopers)"
)
_PROPER_WORD = r"[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*){0,3}"
_OWNED_MILITARY_RE = re.compile(
    rf"(?P<owner>{_PROPER_WORD})(?P<possessive>[’']s?)?[ \t]+(?P<noun>(?i:{_MILITARY_NOUNS}))\b"
)
_MILITARY_OF_RE = re.compile(
    rf"\b(?P<noun>(?:Armed\s+Forces|Army|Navy|Air\s+Force|Military))\s+of\s+(?:the\s+)?(?P<owner>{_PROPER_WORD})"
)


# Every military noun above has one of these in it, in any case; the owned pattern is tried only on
# a text with one (it tries its alternatives at every capitalised word). Case-blind matching also
# takes these four letters for i, s and k: a text with one of them is always scanned.
_MILITARY_NOUN_WORDS = ("armed", "military", "army", "navy", "force", "troops", "soldiers", "servicemen",
                        "servicewomen", "marines", "sailors", "paratroopers")
_CASE_TWINS = "\u0130\u0131\u017f\u212a"  # İ ı ſ K
# ... and every "X of <country>" opens with one of these, as written
_MILITARY_OF_HEADS = ("Armed", "Army", "Navy", "Air", "Military")


def _may_name_military(text: str) -> bool:
    if any(c in text for c in _CASE_TWINS):
        return True
    low = text.lower()
    return any(word in low for word in _MILITARY_NOUN_WORDS)


def _country_owner(words: str) -> str | None:
    """The country a nationality or country name (its trailing words) names: the longest tail
    that is one ('President Putin's Russian' never, 'the Belarusian' -> Belarus)."""
    parts = words.split()
    for start in range(len(parts)):
        tail = " ".join(parts[start:])
        country = country_of_demonym(tail) or country_of_name(tail)
        if country is not None:
            return " ".join(words.split()[start:])
    return None


def military_mentions(text: str) -> list[tuple[int, str]]:
    """(offset, surface) of every country's armed forces named in `text` by a nationality or a
    country and a military noun: 'Russian troops', 'Ukraine’s armed forces', 'Armed Forces of
    Ukraine', 'Belarusian Army'. A word that is neither ('Special forces', 'Rebel troops') or
    a noun that is not military ('French fries') gives nothing."""
    found: list[tuple[int, str]] = []
    if not _may_name_military(text):
        return found
    for match in _OWNED_MILITARY_RE.finditer(text):
        owner = _country_owner(match.group("owner"))
        if owner is None:
            continue
        if match.group("possessive") and country_of_name(owner) is None:
            continue  # "the Russian’s army": a person's
        start = match.end("owner") - len(owner)
        found.append((start, text[start : match.end()]))
    if not any(head in text for head in _MILITARY_OF_HEADS):
        return sorted(set(found))
    for match in _MILITARY_OF_RE.finditer(text):
        owner_words = match.group("owner").split()
        # "Armed Forces of Ukraine said": the owner ends where the country name does
        for end in range(len(owner_words), 0, -1):
            if country_of_name(" ".join(owner_words[:end])) is not None:
                surface = text[match.start() : match.start("owner")] + " ".join(owner_words[:end])
                found.append((match.start(), surface))
                break
    return sorted(set(found))


_UNIT_WORDS = (
    r"(?:Brigade|Division|Regiment|Battalion|Corps|Army|Fleet|Squadron|Wing|Group|Detachment|"
    r"Company|Flotilla|Task\s+Force|Guards)"
)
_NUMBERED_UNIT_RE = re.compile(
    rf"(?:(?P<owner>{_PROPER_WORD})[’']s\s+)?"
    rf"(?P<unit>\d{{1,4}}(?:st|nd|rd|th)\s+(?:[A-Z][\w-]*\s+){{0,5}}?{_UNIT_WORDS})\b"
)

_ORDINAL_RE = re.compile(r"\d(?:st|nd|rd|th)\s")


def numbered_unit_mentions(text: str) -> list[tuple[int, str]]:
    """(offset, surface) of numbered military units, with their owner when one is written:
    '101st Airborne Division', 'Belarusian Army’s 38th Air Assault Brigade'."""
    found: list[tuple[int, str]] = []
    if _ORDINAL_RE.search(text) is None:  # every unit is numbered; the full scan is slow
        return found
    for match in _NUMBERED_UNIT_RE.finditer(text):
        start, surface = match.start(), match.group(0)
        if surface.startswith("The "):  # the sentence's article, not the owner's name
            start, surface = start + 4, surface[4:]
        found.append((start, surface))
    return found


_WORD = r"[A-Z][a-z][\w’'-]*"
_ACRONYM_LED_RE = re.compile(
    rf"\b(?P<acronym>[A-Z]{{2,6}}\s+)?{_WORD}(?:\s+(?:(?P<joiner>on|for)\s+(?:the\s+)?|of\s+(?:the\s+)?)?{_WORD}){{0,5}}"
)


def acronym_led_mentions(text: str) -> list[tuple[int, str]]:
    """(offset, surface) of bodies named with a leading acronym or an "on"/"for" joint, which a
    plain capitalised-sequence scan cuts short: 'EU Council on Foreign Relations', 'UN Security
    Council', 'Institute for the Study of War'. A sequence without a body noun gives nothing."""
    found = []
    for match in _ACRONYM_LED_RE.finditer(text):
        surface = _CALENDAR_TAIL_RE.sub("", match.group(0))  # "Council on Wednesday": a date
        if match.group("acronym") is None and not re.search(r"\s(?:on|for)\s", surface):
            continue
        words = surface.split()
        if len(words) < 2 or not any(w.lower() in BODY_NOUNS_IN_A_NAME for w in words):
            continue
        start = match.start()
        if words[0] == "The":  # the sentence's article, not the name's
            surface, start = surface[4:], start + 4
        found.append((start, surface))
    return found


# 'Monday' … 'December', 'Mon' … 'Dec': the order of the calendar module's names, without its locale
_CALENDAR_WORDS = [*(day.capitalize() for day in WEEKDAYS), *(month.capitalize() for month in MONTHS),
                   *(day[:3].capitalize() for day in WEEKDAYS), *(month[:3].capitalize() for month in MONTHS)]
_CALENDAR_TAIL_RE = re.compile(rf"\s+(?:on|for)\s+(?:the\s+)?(?:{'|'.join(_CALENDAR_WORDS)})\b.*$")


def _inflections(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms | set(IRREGULAR_PLACE_VERB_FORMS.get(lemma, "").split())


_PLACE_VERB_FORMS = frozenset(form for lemma in PLACE_VERBS for form in _inflections(lemma))


def capital_actors(doc: Doc, locate: Callable[[int], int] | None = None) -> list[tuple[int, str, str]]:
    """(offset, surface, country) for every capital city that is the subject of a verb of
    saying or doing in a parsed sentence (spaCy tokens): 'Minsk and Moscow had agreed' gives
    Minsk/Belarus and Moscow/Russia. `locate` maps a character of the parsed text to an
    article offset (identity when None). A subject the recogniser calls a person ('Paris Hilton
    said') or a passive subject ('Kyiv was shelled') is no government."""
    found: list[tuple[int, str, str]] = []
    for token in proper_nouns(doc):  # a capital is a proper noun
        if token.ent_type_ == "PERSON":
            continue
        subject = token
        while subject.dep_ == "conj" and subject.head is not subject:
            subject = subject.head  # "Minsk and Moscow": the second conjunct acts too
        if subject.dep_ != "nsubj":
            continue
        verb = subject.head
        if coarse_pos(verb) not in {"VERB", "AUX"} or verb.lower_ in _PLACE_VERB_FORMS:
            continue
        first = token
        for child in sorted(token.children, key=lambda t: t.i, reverse=True):
            if child.dep_ in {"compound", "flat"} and child.i == first.i - 1 and coarse_pos(child) == "PROPN":
                first = child
        if token.i + 1 < len(token.doc) and coarse_pos(token.doc[token.i + 1]) == "PROPN":
            continue  # "Paris Hilton": a longer name than the city
        if token.text.isupper() or (first.i == 0 and token.i + 1 < len(token.doc)
                                    and token.doc[token.i + 1].text in {",", "(", "—", "–", "-"}):
            continue  # a dateline ("DUBLIN, March 4 —", "Moscow (Reuters) -"): where, not who
        if first.i > 0 and coarse_pos(token.doc[first.i - 1]) == "PROPN":
            continue
        surface = token.doc[first.i : token.i + 1].text
        country = country_of_capital(surface)
        if country is None:
            continue
        offset = first.idx if locate is None else locate(first.idx)
        found.append((offset, surface, country))
    return found
