"""Parse the planned sentences: tagger and parser over every article's sentences in one batch,
then named-entity recognition only over the few token windows where a speaker can be named.

Named-entity recognition is most of the model's cost; a window is the subject of a reporting
verb (with its apposition), the words right after the verb ('said Gustav Gressel'), the audience
of 'told', or the object of 'according to'.
"""

from __future__ import annotations

import logging
from typing import cast

from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span, Token

from services.extract.nlp import coarse_pos, cue_words, keep_text, lemma_of
from services.extract.nominal import nominal_source_tokens
from services.extract.reported import is_reporting_verb, subject_of

log = logging.getLogger(__name__)

PARSE_BATCH = 64  # sentences per parser batch: larger batches pad more and run slower here
_NAME_WINDOW_MAX_TOKENS = 16
_NAME_WINDOW_CONTEXT = 1

# Capitalised words that are never names: 'He said', 'The union says', 'Critics say'.
_NEVER_NAME_TAGS = frozenset("PRP PRP$ DT PDT WDT WP WP$ WRB IN CC RB MD EX TO UH VBD VBZ VBP".split())


def parse_texts(nlp: Language, texts: list[str]) -> list[Doc]:
    """Tagger and parser over the texts, returned in input order. The texts go to the parser
    shortest first: a batch of similar lengths wastes less work on finished sentences. A text the
    batch holds twice (a sentence repeated in an article or across articles) is parsed once, and
    its later occurrences get copies: a parse depends on the text only. (Parsing only the sentences
    whose tags show a cue saved 2% of the parse on the real news, by calling the parser apart from
    the tagger; that run crashed the process in spaCy's native code once more sentences
    qualified, so one pipeline call does both.)"""
    if not texts:
        return []
    distinct = sorted(dict.fromkeys(texts), key=len)
    parsed = dict(zip(distinct, nlp.pipe(distinct, batch_size=PARSE_BATCH, disable=["ner"]), strict=True))
    docs: list[Doc] = []
    handed_out: set[str] = set()
    for text in texts:
        doc = parsed[text]
        if text in handed_out:
            doc = doc.copy()  # each sentence gets its own doc: the walk notes facts on it
        handed_out.add(text)
        keep_text(doc, text)
        docs.append(doc)
    return docs


def may_be_name(token: Token) -> bool:
    """Worth the recogniser: a proper noun, or a capitalised word that is not a closed-class word
    ('He', 'The') or a plural common noun opening the sentence ('Officials said')."""
    if token.tag_ in {"NNP", "NNPS"}:
        return True
    if not token.text[:1].isupper() or token.tag_ in _NEVER_NAME_TAGS:
        return False
    return not (token.tag_ == "NNS" and (token.i == 0 or token.nbor(-1).is_punct))


def name_end(head: Token) -> int:
    """End of a name's phrase: 'Ministry' + 'of Defense of Belarus' when capitalised."""
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "conj" and any(c.dep_ == "cc" and c.text == "&" for c in head.children):
            end = max(end, child.i + 1)  # "Pratt & Whitney", "Marks & Spencer": one name
        if child.dep_ == "prep" and child.lower_ in {"of", "for"} and head.text[:1].isupper() and any(
            c.dep_ == "pobj" and coarse_pos(c) == "PROPN" for c in child.children
        ):
            end = child.right_edge.i + 1
    return end


def _according_to_ranges(doc: Doc, according: Token) -> list[tuple[int, int]]:
    """The object of 'according to', and any source inside it ('a report by X')."""
    ranges = []
    for obj in doc[according.i + 1].children:
        ranges.append((obj.left_edge.i, name_end(obj)))
        for inner in obj.subtree:  # "another article from Belta", "a report by X"
            if inner.dep_ == "pobj" and inner is not obj:
                ranges.append((inner.left_edge.i, name_end(inner)))
    return ranges


def _reporting_verb_ranges(doc: Doc, verb: Token) -> list[tuple[int, int]]:
    """Where a reporting verb's speaker can be named: its subject, the subject's apposition, the
    words right after an inverted verb, and the audience of 'told'."""
    ranges = []
    subject = subject_of(verb)
    if subject is not None:
        # the noun phrase up to its head, and any apposition naming it ("the chief, Josep
        # Borrell,"): not relative clauses or prepositional tails
        ranges.append((subject.left_edge.i, name_end(subject)))
        for child in subject.children:
            if child.dep_ in {"appos", "compound"} and child.i > subject.i:
                ranges.append((child.left_edge.i, name_end(child)))
    if subject is None or subject.i > verb.i:
        ranges.append((verb.i + 1, min(len(doc), verb.i + 5)))  # '“…,” said Gustav Gressel
    for child in verb.children:
        if child.dep_ in {"dobj", "dative"} and lemma_of(verb) == "tell":
            ranges.append((child.left_edge.i, child.right_edge.i + 1))
    return ranges


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def speaker_windows(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges where a speaker or source can be named, merged and in order: the subject (with
    its apposition) of each reporting verb, its agent, the words right after it ('said Gustav
    Gressel'), the object of 'according to', and who holds a cue noun's content."""
    ranges: list[tuple[int, int]] = []
    for token in cue_words(doc):  # no other word can start an attribution
        if token.lower_ == "according" and token.i + 1 < len(doc):
            ranges.extend(_according_to_ranges(doc, token))
        elif is_reporting_verb(token):
            ranges.extend(_reporting_verb_ranges(doc, token))
    for source in nominal_source_tokens(doc):  # 'Ruiz's claim that …', 'the senator made the claim'
        ranges.append((source.left_edge.i, name_end(source)))
    windows = []
    for start, end in ranges:
        if end - start > _NAME_WINDOW_MAX_TOKENS:
            start = max(start, end - _NAME_WINDOW_MAX_TOKENS)
        if any(may_be_name(t) for t in doc[start:end]):
            # a little context either side: the recogniser labels a bare name less reliably
            windows.append((max(0, start - _NAME_WINDOW_CONTEXT), min(len(doc), end + _NAME_WINDOW_CONTEXT)))
    return _merged(windows)


def recognise_speaker_names(nlp: Language, docs: list[Doc]) -> None:
    """Run the recogniser only over each doc's speaker windows and copy the entities back onto
    the sentence. A window's entities depend on its words only, so windows with the same words
    ('Lukashenko said', over and over) are recognised once."""
    if not docs or "ner" not in nlp.pipe_names:
        return
    jobs: list[tuple[Doc, int, int]] = []  # (doc, window start, piece)
    pieces: list[Doc] = []
    piece_of: dict[tuple[tuple[str, ...], tuple[bool, ...]], int] = {}
    for doc in docs:
        for start, end in speaker_windows(doc):
            window = doc[start:end]
            words = tuple(t.text for t in window)
            spaces = tuple(bool(t.whitespace_) for t in window)
            piece = piece_of.get((words, spaces))
            if piece is None:
                piece = piece_of[(words, spaces)] = len(pieces)
                # a bare token copy: the recogniser reads only the words (as_doc copies every array)
                pieces.append(Doc(doc.vocab, words=list(words), spaces=list(spaces)))
            jobs.append((doc, start, piece))
    recogniser = cast(TrainablePipe, nlp.get_pipe("ner"))
    names_in_piece = [[(ent.start, ent.end, ent.label_) for ent in piece.ents]
                      for piece in recogniser.pipe(pieces, batch_size=256)]
    found: dict[int, list[tuple[int, int, str]]] = {}
    for doc, offset, piece in jobs:
        for start, end, label in names_in_piece[piece]:
            found.setdefault(id(doc), []).append((offset + start, offset + end, label))
    for doc in docs:
        entities = found.get(id(doc))
        if not entities:
            continue
        spans, last_end = [], -1
        for start, end, label in sorted(entities):
            if start >= last_end:
                spans.append(Span(doc, start, end, label=label))
                last_end = end
        try:
            doc.set_ents(spans, default="unmodified")
        except ValueError:
            log.debug("could not set recognised names", exc_info=True)
