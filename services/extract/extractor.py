"""The claim extractor: who said what, in one article.

    extract_claims(article) -> list[ClaimEvent]
    extract_many(articles)  -> iterator of claim lists, parsing all articles' sentences in batches

Both take an optional `EntityRegistry` (services.extract.registry) for names canonical across
articles.

Pure and deterministic. The work runs in two passes:

1. Plan (no parser): paragraphs and sentences by rule, quotations and embedded posts by character
   scanning, quantities and hedges by the building-block scanners. Only sentences whose text outside
   quotation marks carries a reporting cue (a speech verb form, "according to") go to the parser:
   that is where speakers and reported speech are, and it keeps the slow path small.
2. Finish: every person and organisation mention feeds the alias resolver; then the article is
   walked in text order so pronouns, roles and continuation quotes resolve to the most recent
   plausible speaker, and direct quotes, reported speech, numeric claims and the outlet's own
   reported events are emitted with evidence offsets into ``article.text``.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, islice

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from schemas.models import (
    ClaimEvent,
    ClaimKind,
    Entity,
    EntityType,
    EventDate,
    Evidence,
    Quantity,
    RawArticle,
    Speaker,
    SpeakerType,
    claim_id_for,
)
from services.extract.aliases import AliasResolver
from services.extract.dates import event_date_for
from services.extract.hedges import find_hedges
from services.extract.lexicon.function_words import PARTITIVE_HEADS, SENTENCE_START_WORDS
from services.extract.lexicon.layout import LINE_LABEL_WORDS
from services.extract.lexicon.platforms import PLATFORMS_FOUND_IN_TEXT
from services.extract.lexicon.speech import LABELLING_LEMMAS, SPEECH_FORMS
from services.extract.lexicon.titles import TITLES_OPENING_A_SENTENCE
from services.extract.limits import DEFAULT_LIMITS, ExtractionLimits, cut_text
from services.extract.mentions import (
    acronym_led_mentions,
    capital_actors,
    military_mentions,
    numbered_unit_mentions,
)
from services.extract.nlp import (
    QUOTE_CHARS,
    Span,
    coarse_pos,
    cue_words,
    get_nlp,
    has_speech_cue,
    lemma_of,
    paragraphs,
    split_sentences,
)
from services.extract.quantities import FoundQuantity, find_quantities
from services.extract.quotes import EmbeddedPost, Quote, find_embedded_posts, find_quotes, is_term_quote
from services.extract.registry import EntityRegistry
from services.extract.reported import (
    cue_text,
    find_reported_speech,
    is_name_given,
    is_reporting_verb,
    reported_event_cue,
    subject_of,
)
from services.extract.speakers import (
    CAPITAL,
    ENTITY_TYPES,
    NAME_JOIN,
    SOMEONE,
    SpeakerBook,
    SpeakerRef,
    as_description,
    clean_surface,
    description_head,
    doc_mentions,
    ent_surface,
    entity_of,
    has_given_name,
    is_person_noun,
    looks_like_person,
    speaker_ref,
    strip_person_title,
    titled_names,
)

EXTRACTOR_VERSION = "claimwire-extract/1.0"

log = logging.getLogger(__name__)

_BATCH_ARTICLES = 16
_PARSE_BATCH = 64  # sentences per parser batch: larger batches pad more and run slower here
_PLATFORM_RE = re.compile(r"\b(?:on|via|in a post on|in a \w+ post)\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?"
                          r"(" + "|".join(PLATFORMS_FOUND_IN_TEXT) + r")\b", re.IGNORECASE)
_ENTITY_LABELS_FOR_ALIASES = {"PERSON", "ORG", "GPE", "LOC", "FAC"}
_CAP_SEQUENCE_RE = re.compile(
    rf"\b{CAPITAL}[a-zà-ÿ][\w’'-]*(?:(?:\s+of\s+(?:the\s+)?|{NAME_JOIN}){CAPITAL}[\w’'-]+){{1,4}}"
)
_TIMESTAMP_RE = re.compile(r"\d{1,2}[:.]\d{2}\b|\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
_INITIALS_BEFORE_RE = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){1,3}\s$")
_NICKNAME_RE = re.compile(r"(?<=\w)\s+[“\"‘'][A-Z][\w’'-]{1,15}[”\"’'](?=\s+[A-Za-z])")
_SUBJECT_NAME_RE = re.compile(rf"({CAPITAL}[\w’'-]+(?:{NAME_JOIN}{CAPITAL}[\w’'-]+){{0,3}})(?:[’']s)?,?\s+(?=[a-z])")
# "The minister was defiant.", "The 54-year-old told ...": a person described, opening the sentence
_DESCRIBED_SUBJECT_RE = re.compile(r"((?:The|the)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<head>[a-z0-9][\w-]*))\s+(?=[a-z])")
# "Members of the Riverside Tenants’ Association voted ...", "Workers at the Halden plant say ...":
# a group of people named by their tie to a body, opening the sentence
_GROUP_SUBJECT_RE = re.compile(
    rf"((?:[Tt]he\s+)?(?P<head>[A-Za-z]+s)\s+(?:of|at|from|in)\s+(?:the\s+)?{CAPITAL}[\w’'-]*"
    rf"(?:\s+(?:of\s+|and\s+|&\s+)?{CAPITAL}[\w’'-]*){{0,5}}"
    r"(?:\s+(?:plant|factory|site|mine|works|hospital|school|branch|office|depot|store|warehouse|centre|"
    r"center|estate|club|farm|port|yard|prison|camp))?)\s+(?=[a-z])")
# "Kilbride Athletic manager Siobhán Ní Bhriain ...": the words after a name opening the sentence
# are a role and another name; the body before the role is not the sentence's subject
_ROLE_THEN_NAME_RE = re.compile(rf"((?:[a-z][\w-]*\s+){{1,3}}){CAPITAL}")
_SUBJECT_APPOSITION_RE = re.compile(
    r"(?:[\w’'-]+\s+){0,5}?[a-z][\w’'-]*,\s+(?:[a-z][\w’'-]*,?\s+){0,3}"
    rf"({CAPITAL}[\w’'.-]+(?:{NAME_JOIN}{CAPITAL}[\w’'-]+){{0,3}}),\s")
# "Health commissioner Lydia Brandt was blunt ...": a titled name opening the sentence
_SUBJECT_TITLED_RE = re.compile(
    rf"(?:[\w’'.-]+\s+){{1,4}}?({CAPITAL}[\w’'-]+{NAME_JOIN}{CAPITAL}[\w’'-]+(?:{NAME_JOIN}{CAPITAL}[\w’'-]+)?)(?:,|\s+(?=[a-z]))")
# A bare number right after a capitalised name and a comma, closed by a comma or a full stop: an age
_AGE_AFTER_NAME_RE = re.compile(rf"{CAPITAL}[\w’'-]+,\s*$")
_AGE_RE = re.compile(r"\d{1,3}(?=\s*(?:[,.;](?!\d)|$))")
# '“…,” he said': the pronoun of an attribution that follows a quotation
_PRONOUN_AFTER_QUOTE_RE = re.compile(r"[\s,]*(he|she|He|She)\s+[a-z]")
# A relative pronoun or a participle before a name: the name sits in a clause about the subject
_CLAUSE_BEFORE_NAME_RE = re.compile(r"\b(?:who|whom|whose|which|that|[a-z]+ing)\b")
# "14:05 Kaur:", "— Kaur:": one name, after an optional timestamp or bullet, then the colon
_SHORTHAND_NAME_RE = re.compile(r"(?:[\d:.]+\s*(?:[ap]\.?m\.?)?\s*|[-—–•*]\s*)*([A-Z][\w’'-]+)\s*:")
_DESCRIBED_PERSON_RE = re.compile(r"\b(?:[Tt]he|[Oo]ur|[Tt]heir|[Hh]is|[Hh]er|[Ii]ts)\s+(?:[a-z][\w-]*\s+){0,3}?(?P<head>[a-z][\w-]*)"
                                  r"(?=\s+(?:was|is|were|are|had|has|remained|sounded|seemed|looked)\b)")
# 'OKAFOR: …', 'Grace Okafor: …', 'HOST: …' opening a transcript line: up to four capitalised words
_SPEAKER_LABEL_RE = re.compile(
    r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})"
    r"(?:,[ \t]+[a-z][^:\n]{0,60})?"  # 'Tomasz Wierzbicki, chief financial officer: …'
    r"[ \t]*:[ \t]+(?=\S)")
# An introduction that hands over to the next paragraph: '… Ilkka Vainio, has posted on X about the
# strike:' — the words that follow, unquoted, are the post.
_HANDOVER_RE = re.compile(
    r"\b(?:posted|wrote|tweeted|said|says|writes|posts|tweets|stated|announced|added|read|reads)\b[^.!?]*:\s*$")
_ANSWER_RE = re.compile(r"(?:A|ANSWER|Answer)\s*[:.—–-]\s+")
_QUESTION_RE = re.compile(r"^(?:Q|QUESTION|Question)\s*[:.—–-]\s+", re.MULTILINE)
_SPEECH_VERB_BEFORE_RE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, SPEECH_FORMS), key=len, reverse=True)) + r")"
    r"(?:\s+(?:that|this|these words|the following|as follows))?\s*[,:]?\s*$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- planning


_PLACEHOLDER = "This is so"  # stands in for long quoted words the parser need not read
_COMPRESS_MIN_WORDS = 6


@dataclass(slots=True)
class _Sentence:
    span: Span
    par: int
    outside: str  # the sentence with quoted words blanked out
    parse: bool
    doc: Doc | None = None
    parse_text: str = ""
    # (doc offset, article offset, doc length, article length) per piece of parse_text
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)

    def art(self, doc_char: int) -> int:
        """Article offset of a character of the parsed text."""
        for doc_start, art_start, doc_len, art_len in reversed(self.pieces):
            if doc_char >= doc_start:
                return art_start + min(doc_char - doc_start, art_len)
        return self.span.start + doc_char

    def doc_char(self, art_char: int) -> int:
        """Offset in the parsed text of an article character (clamped into a placeholder)."""
        for doc_start, art_start, doc_len, art_len in reversed(self.pieces):
            if art_char >= art_start:
                return doc_start + min(art_char - art_start, doc_len)
        return art_char - self.span.start


def _parse_view(text: str, sentence: _Sentence, compressible: list[tuple[int, int]]) -> None:
    """The sentence as the parser reads it: long standalone quotations replaced by a short
    clause, so attribution parses the same ('“This is so,” she said') at a fraction of the cost."""
    pieces: list[tuple[int, int, int, int]] = []
    parts: list[str] = []
    cursor, doc_len = sentence.span.start, 0
    for start, end in compressible:
        if start < cursor or end > sentence.span.end:
            continue
        keep = text[cursor:start]
        pieces.append((doc_len, cursor, len(keep), len(keep)))
        parts.append(keep)
        doc_len += len(keep)
        pieces.append((doc_len, start, len(_PLACEHOLDER), end - start))
        parts.append(_PLACEHOLDER)
        doc_len += len(_PLACEHOLDER)
        cursor = end
    keep = text[cursor : sentence.span.end]
    pieces.append((doc_len, cursor, len(keep), len(keep)))
    parts.append(keep)
    sentence.parse_text = "".join(parts)
    sentence.pieces = pieces


@dataclass(slots=True)
class _Plan:
    article: RawArticle
    text: str
    pars: list[Span]
    sentences: list[_Sentence]
    starts: list[int]
    quotes: list[Quote]
    quoted: list[tuple[int, int]]  # article ranges inside quotation marks (marks included)
    posts: list[EmbeddedPost]
    post_ranges: list[tuple[int, int]]
    quantities: list[FoundQuantity]
    limits: ExtractionLimits = DEFAULT_LIMITS

    @property
    def parse_texts(self) -> list[str]:
        return [s.parse_text for s in self.sentences if s.parse]


def _quoted_ranges(quotes: list[Quote]) -> list[tuple[int, int]]:
    ranges = []
    for quote in quotes:
        for part in quote.parts:
            ranges.append((part.open, part.close + 1 if part.close is not None else part.end))
    return sorted(ranges)


class _Ranges:
    """Sorted [start, end) ranges (quotations), with the ones overlapping a span found by
    bisection rather than a pass over all of them per sentence."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = ranges
        self.starts = [lo for lo, _ in ranges]
        self.reach = list(accumulate((hi for _, hi in ranges), max))  # running maximum of the ends

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges with lo < end and hi > start, in order."""
        stop = bisect.bisect_left(self.starts, end)
        first = min(bisect.bisect_left(self.starts, start), stop)
        back = first
        while back > 0 and self.reach[back - 1] > start:  # opened before `start`, may reach past it
            back -= 1
        return [r for r in self.ranges[back:first] if r[1] > start] + [r for r in self.ranges[first:stop] if r[1] > start]


def _blank_ranges(text: str, span: Span, ranges: list[tuple[int, int]]) -> str:
    chars = list(text[span.start : span.end])
    for start, end in ranges:
        lo, hi = max(start, span.start), min(end, span.end)
        for i in range(lo, hi):
            chars[i - span.start] = " "
    return "".join(chars)


def _compressible_parts(text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Quoted words the parser can skip: long quotations standing on their own (opening a
    sentence, or after a colon or comma), not phrases woven into the reporter's sentence, where
    the words around decide what the verb before them is ('as alleged “…”')."""
    spans = []
    for quote in quotes:
        for part in quote.parts:
            if len(text[part.start : part.end].split()) < _COMPRESS_MIN_WORDS:
                continue
            line_start = text.rfind("\n", 0, part.open) + 1
            prefix = text[line_start : part.open].rstrip()
            tail = prefix[-1:] if prefix else ""
            if not prefix or tail in ".!?:,;—–-([“\"":
                spans.append((part.start, part.end))
    return sorted(spans)


def _plan(article: RawArticle, limits: ExtractionLimits = DEFAULT_LIMITS) -> _Plan:
    text = cut_text(article.text, limits.max_chars)
    pars = paragraphs(text)
    quotes = find_quotes(text, pars)
    quoted = _quoted_ranges(quotes)
    posts = find_embedded_posts(text, pars)
    post_ranges = sorted(
        (min(p.lines[0].start, p.signature.start), p.signature.end) for p in posts
    )
    compressible = _compressible_parts(text, quotes)
    sentences: list[_Sentence] = []
    quoted_index = _Ranges(quoted)
    compressible_starts = [c[0] for c in compressible]
    posts_cover = _Cover(post_ranges)
    parse_budget = limits.max_parse_chars
    for index, par in enumerate(pars):
        in_post = posts_cover.covers(par.start)
        for span in split_sentences(text, par):
            outside = _blank_ranges(text, span, quoted_index.overlapping(span.start, span.end))
            sentence = _Sentence(span, index, outside, not in_post and has_speech_cue(outside))
            if sentence.parse:
                lo = bisect.bisect_left(compressible_starts, span.start)
                hi = bisect.bisect_left(compressible_starts, span.end)
                _parse_view(text, sentence, compressible[lo:hi])
                # the parser's cost grows with the sentence and with the article: an overlong
                # sentence, or one past the article's parse budget, is read by rule only
                size = len(sentence.parse_text)
                sentence.parse = size <= limits.max_sentence_chars and size <= parse_budget
                if sentence.parse:
                    parse_budget -= size
            sentences.append(sentence)
    quantities = []
    try:
        quantities = find_quantities(text)
    except Exception:  # a building block failing must not lose the article's quotes
        log.exception("quantity scan failed")
    return _Plan(
        article=article, text=text, pars=pars, sentences=sentences,
        starts=[s.span.start for s in sentences], quotes=quotes, quoted=quoted, posts=posts,
        post_ranges=post_ranges, quantities=quantities, limits=limits,
    )


# --------------------------------------------------------------------------- finishing


@dataclass(slots=True)
class _Draft:
    kind: ClaimKind
    text: str
    span: tuple[int, int]  # the claim's own span, for its id
    evidence: tuple[int, int]
    speaker: Speaker | None
    cue: str | None
    via: str | None
    quote: str | None = None
    carry: list[tuple[int, int]] = field(default_factory=list)  # ranges whose quantities it carries
    quantities: list[Quantity] = field(default_factory=list)
    date_text: str | None = None


def _bounded_mentions(mentions: list, limits: ExtractionLimits) -> list:  # type: ignore[type-arg]
    """The mentions of the first `max_names` distinct names, at most `max_mentions` in all, in
    reading order: matching a name costs a look at every name before it, so a text of thousands
    of distinct capitalised names is a list, not news, and the rest of it names no one."""
    if len(mentions) <= limits.max_mentions and len({m[1] for m in mentions}) <= limits.max_names:
        return mentions
    kept, names = [], set()
    for mention in mentions:
        if mention[1] not in names:
            if len(names) >= limits.max_names:
                continue
            names.add(mention[1])
        kept.append(mention)
        if len(kept) >= limits.max_mentions:
            break
    return kept


class _ArticleWalk:
    """Second pass over one planned, parsed article."""

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan
        self.text = plan.text
        self.resolver = AliasResolver()
        self._quote_starts = [lo for lo, _ in plan.quoted]
        self._quote_ends = sorted(hi for _, hi in plan.quoted)
        # running maximum of the ends, in order of the starts
        self._quote_reach = list(accumulate((hi for _, hi in plan.quoted), max))
        self._frozen = False
        self._canonical_memo: dict[str, str] = {}
        self._names_bounded = False  # the article names more than limits.max_names / max_mentions
        self.book = SpeakerBook(self._canonical)
        self.drafts: list[_Draft] = []
        self.attribution_cues: set[tuple[int, int]] = set()  # (sentence start, verb char) used by quotes
        self.spoken_pars: list[tuple[int, int]] = []  # (offset, paragraph) of notes, for continuation
        self.last_quote: tuple[Speaker, str | None, int] | None = None  # speaker, via, paragraph
        self.partial_quotes: list[Quote] = []
        self.unresolved_attribution = False  # a speech verb right after the quote named nobody
        self.answered: list[tuple[int, int]] = []  # interview answers, already claimed whole
        self.source_ranges: list[tuple[int, int]] = []  # who-said-it phrases: no numeric claims there

    def _canonical(self, surface: str) -> str:
        # once every mention is in, the resolver no longer changes: memoise its answers
        if self._frozen and surface in self._canonical_memo:
            return self._canonical_memo[surface]
        try:
            # past the bound on names, a name not fed in is not matched against them all
            result = self.resolver.canonical(surface, match=not self._names_bounded) or surface
        except Exception:
            result = surface
        if self._frozen:
            self._canonical_memo[surface] = result
        return result

    # ------------------------------------------------------------------ mentions
    def collect_mentions(self) -> None:
        """Feed the alias resolver every mention, in reading order (it expects the document's
        mentions in the order a reader meets them), then let the speaker book re-key its names."""
        plan = self.plan
        # (offset, surface, entity type for the resolver, speaker type, titles)
        mentions: list[tuple[int, str, EntityType | None, SpeakerType | None, set[str]]] = []
        for sentence in plan.sentences:
            # Named-entity recognition only sees where speakers are named; elsewhere capitalised
            # sequences feed the resolver (untyped) so short forms resolve to full names.
            chunk = self.text[sentence.span.start : sentence.span.end]
            # 'Ramon “Monching” dela Paz': a quoted nickname inside a name is not part of it
            chunk = _NICKNAME_RE.sub(lambda m: " " * len(m.group(0)), chunk)
            for match in _CAP_SEQUENCE_RE.finditer(chunk):
                words = match.group(0).split()
                if words[0] in SENTENCE_START_WORDS or words[0].lower() in TITLES_OPENING_A_SENTENCE:
                    words = words[1:]
                initials = _INITIALS_BEFORE_RE.search(chunk, max(0, match.start() - 12), match.start())
                if initials is not None and words == match.group(0).split():
                    words = initials.group(0).split() + words  # 'K. Venkata Raghunath', 'J.R. Adeyemi'
                if len(words) >= 3 and words[1] == "of" and (words[0].lower() in PARTITIVE_HEADS
                                                              or is_person_noun(words[0].lower().removesuffix("s"))):
                    words = words[2:]  # 'Shares of Halvard Therapeutics', 'Members of Parliament'
                owner = next((i for i, w in enumerate(words[:-1]) if w.endswith(("'s", "’s"))), None)
                if owner is not None:
                    words = words[owner + 1 :]  # "DA’s Nomvula Khumalo": the possessor is not in the name
                if len(words) >= 2:
                    # "Halvorsen Shipping’s quarterly profit": the name without the possessive
                    surface = clean_surface(" ".join(words))
                    # "Chief Executive Priya Raghunathan", "Conservative Simon Greaves": a title,
                    # occupation or party label before a person's name is not part of the name
                    person = strip_person_title(surface)
                    if person != surface and (has_given_name(person) or looks_like_person(person)):
                        surface = person
                    mentions.append((sentence.span.start + match.start(), surface,
                                     None, SpeakerType.unknown, set()))
            if sentence.doc is None:
                continue
            for surface, offset, label, titles in doc_mentions(sentence.doc, sentence.art):
                if label not in _ENTITY_LABELS_FOR_ALIASES:
                    continue
                type_ = {"PERSON": SpeakerType.person, "ORG": SpeakerType.organisation,
                         "GPE": SpeakerType.organisation}.get(label, SpeakerType.unknown)
                entity_type: EntityType | None = ENTITY_TYPES[label]
                if label == "ORG" and " " not in surface:
                    # a lone surname is often taken for an organisation: let the resolver decide
                    entity_type, type_ = None, SpeakerType.unknown
                mentions.append((offset, surface, entity_type, type_, titles))
        for post in plan.posts:
            mentions.append((post.signature.start, post.author, EntityType.person, SpeakerType.person, set()))
        for name, offset, titles in titled_names(self.text):
            mentions.append((offset, name, None, SpeakerType.person, titles))
        # names the scans above miss: "Russian troops", "Army’s 38th Air Assault Brigade"
        # (entities only: no speaker type, the speaker book does not see them)
        for offset, name in [*military_mentions(self.text), *numbered_unit_mentions(self.text),
                             *acronym_led_mentions(self.text)]:
            mentions.append((offset, name, EntityType.organisation, None, set()))
        mentions.sort(key=lambda m: m[0])
        bounded = _bounded_mentions(mentions, plan.limits)
        self._names_bounded = len(bounded) < len(mentions)
        mentions = bounded
        for _, surface, entity_type, _, _ in mentions:
            self._add(surface, entity_type)
        self._add_capital_actors()
        self._frozen = True
        for offset, surface, _, speaker_type, titles in mentions:
            if speaker_type is not None:
                self.book.add_mention(surface, offset, speaker_type, titles)
        self.book.finish_mentions()

    def _add(self, surface: str, type_: EntityType | None) -> None:
        try:
            self.resolver.register(surface, type_)  # canonical names are asked for once all are in
        except Exception:
            log.debug("alias resolver rejected %r", surface, exc_info=True)

    def _add_capital_actors(self) -> None:
        """A capital that says or does something stands for its country ("Minsk agreed")."""
        for sentence in self.plan.sentences:
            if sentence.doc is None:
                continue
            try:
                for _, surface, country in capital_actors(sentence.doc):
                    self.resolver.add_metonym(surface, country)
            except Exception:
                log.debug("capital metonymy failed", exc_info=True)

    # ------------------------------------------------------------------ helpers
    def sentence_at(self, offset: int) -> _Sentence | None:
        i = bisect.bisect_right(self.plan.starts, offset) - 1
        if i < 0:
            return None
        sentence = self.plan.sentences[i]
        return sentence if sentence.span.start <= offset < max(sentence.span.end, offset + 1) else None

    def _next_quote_open(self, offset: int) -> int:
        """Opening offset of the first quotation at or after `offset` (10**12 when none)."""
        at = bisect.bisect_left(self._quote_starts, offset)
        return self._quote_starts[at] if at < len(self._quote_starts) else 10**12

    def _quoted_overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quoted ranges that overlap [start, end), in order, found by bisection."""
        quoted = self.plan.quoted
        stop = bisect.bisect_left(self._quote_starts, end)
        first = bisect.bisect_left(self._quote_starts, start)
        # ranges opened before `start` overlap only when they reach past it: walk back while the
        # running maximum of their ends says one still might
        back = first
        while back > 0 and self._quote_reach[back - 1] > start:
            back -= 1
        return [r for r in quoted[back:first] if r[1] > start] + list(quoted[first:stop])

    def in_quote(self, offset: int) -> bool:
        quoted = self.plan.quoted  # sorted, non-overlapping
        i = bisect.bisect_right(self._quote_starts, offset) - 1
        return i >= 0 and quoted[i][0] <= offset < quoted[i][1]

    def note(self, speaker: Speaker, offset: int, via: str | None, par: int) -> None:
        self.book.note_spoken(speaker, offset, via)
        self.spoken_pars.append((offset, par))

    def _resolve(self, ref: SpeakerRef | None) -> Speaker | None:
        if ref is None:
            return None
        try:
            return self.book.resolve(ref)
        except Exception:
            log.debug("speaker resolution failed for %r", ref, exc_info=True)
            return None

    def _via_in(self, sentence: _Sentence, speaker: Speaker | None, verb_lemma: str | None) -> str | None:
        """Intermediary named in the attribution: 'according to BelTA', 'on Telegram', tweeted."""
        doc = sentence.doc
        if doc is not None:
            for token in doc:
                if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                    if self.in_quote(sentence.art(token.idx)):
                        continue
                    source = self._source_name(doc[token.i + 1])
                    if source and (speaker is None or self._canonical(source) != speaker.canonical):
                        return self._canonical(source)
                if lemma_of(token) == "tell" and not self.in_quote(sentence.art(token.idx)):
                    for child in token.children:
                        ent = entity_of(child)
                        if child.dep_ in {"dobj", "dative"} and ent is not None and ent.label_ == "ORG":
                            return self._canonical(ent_surface(ent))
        match = _PLATFORM_RE.search(sentence.outside)
        if match:
            return PLATFORMS_FOUND_IN_TEXT[match.group(1).lower()]
        if verb_lemma == "tweet":
            return "Twitter"
        return None

    @staticmethod
    def _source_name(to_token) -> str | None:  # type: ignore[no-untyped-def]
        for obj in to_token.children:
            if obj.dep_ != "pobj":
                continue
            for tok in obj.subtree:
                ent = entity_of(tok)
                if ent is not None and ent.label_ in {"ORG", "PERSON", "GPE"}:
                    return ent_surface(ent)
            if coarse_pos(obj) == "PROPN":
                return clean_surface(obj.text)
        return None

    # ------------------------------------------------------------------ direct quotes
    def quote_claim(self, quote: Quote) -> None:
        text = self.text
        s_open = self.sentence_at(quote.open)
        s_close = self.sentence_at(max(quote.close_end - 1, quote.open))
        if s_open is None or s_close is None:
            return
        at = bisect.bisect_right(self._quote_ends, quote.open)
        previous_close = self._quote_ends[at - 1] if at else -1  # the last quotation closed before
        prefix_start = max(s_open.span.start, previous_close)
        prefix = text[prefix_start : quote.open].rstrip()
        standalone = (not prefix or prefix[-1] in ".!?:,;—–-([" or prefix.endswith(("“", '"'))
                      or self._speech_verb_ends(prefix, prefix_start, s_open))
        if not standalone:
            # a partial quote woven into the reporter's sentence: it becomes a direct quote of
            # whoever the surrounding reported speech is attributed to (see sentence_claims)
            self.partial_quotes.append(quote)
            return
        self.unresolved_attribution = False
        attribution = self._attribution(quote, s_open, s_close)
        via: str | None
        if attribution is not None:
            speaker, cue, via, offset, sentence = attribution
        else:
            own_sentence = not prefix and re.match(r"\s*(?:$|[.!?]|[A-Z“\"‘'])", text[quote.close_end : quote.close_end + 3])
            if quote.word_count <= 3 and not own_sentence and not prefix.endswith(":"):
                return  # a scare quote, not speech (a colon introduces words said, however few)
            if self.unresolved_attribution:
                return  # '“…,” said <someone we could not name>': not the previous speaker
            continuation = self._continuation(quote, s_open)
            if continuation is None and own_sentence and self.last_quote is None:
                continuation = self._named_after_lede(quote)
            if continuation is None:
                return
            speaker, via = continuation
            pronoun = _PRONOUN_AFTER_QUOTE_RE.match(text, quote.close_end)
            if pronoun is not None and speaker is not None and speaker.type is not SpeakerType.organisation \
                    and not self.book.fits(pronoun.group(1).lower(), speaker.canonical):
                return  # '“…,” he said' after a woman spoke: someone the article never named
            cue = None
            offset = quote.open
            sentence = s_open
        # a quotation running over paragraphs is one claim per paragraph: each is a quoted span
        for index, part in enumerate(quote.parts):
            if part.end <= part.start:
                continue
            s_part = self.sentence_at(part.open) or s_open
            s_end = self.sentence_at(max(part.open, part.end - 1)) or s_close
            evidence_end = max(s_end.span.end, sentence.span.end if sentence.par == s_part.par else 0)
            evidence_start = min(s_part.span.start, sentence.span.start if sentence.par == s_part.par else s_part.span.start)
            words = text[part.start : part.end]
            self.drafts.append(_Draft(
                kind=ClaimKind.direct_quote, text=words, quote=words, span=(part.start, part.end),
                evidence=(evidence_start, evidence_end), speaker=speaker,
                cue=cue if index == 0 or sentence.par == s_part.par else None, via=via,
                carry=[(part.start, part.end)],
            ))
        self.note(speaker, offset, via, s_open.par)
        self.last_quote = (speaker, via, s_close.par)

    def _named_after_lede(self, quote: Quote) -> tuple[Speaker, None] | None:
        """'“I thought it was a joke.” Those were the first words out of Gary Lindholm’s mouth':
        a quotation opening the story on its own, before anyone has spoken, is the first person
        the same paragraph names after it."""
        par = next((p for p in self.plan.pars if p.start <= quote.open < p.end), None)
        if par is None or quote.open != par.start:
            return None
        end = min(par.end, quote.close_end + 250)
        next_open = self._next_quote_open(quote.close_end)
        if next_open < end:
            end = next_open
        person = self.book.first_person_between(quote.close_end, end)
        return (person, None) if person is not None else None

    def _introducer(self, intro: str, sentence: _Sentence) -> Speaker | None:
        """The name closest before a colon that introduces a quotation: 'Asked about a sale,
        chairman Derek Ollerton was emphatic:' -> Derek Ollerton."""
        names = [m.group(0).split() for m in _CAP_SEQUENCE_RE.finditer(intro)]
        for words in reversed(names):
            while words and (words[0] in SENTENCE_START_WORDS or words[0].lower() in TITLES_OPENING_A_SENTENCE):
                words = words[1:]
            if len(words) >= 2:
                name = strip_person_title(clean_surface(" ".join(words)))
                return self.book.speaker_for_name(name, SpeakerType.unknown)
        # live-blog and headline shorthand, the whole introduction one name: 'Kaur: “…”'
        shorthand = _SHORTHAND_NAME_RE.fullmatch(intro)
        if shorthand and shorthand.group(1) not in SENTENCE_START_WORDS \
                and shorthand.group(1).lower() not in TITLES_OPENING_A_SENTENCE | LINE_LABEL_WORDS:
            return self.book.speaker_for_name(shorthand.group(1), SpeakerType.unknown)
        # a description: 'Asked about the plan, the treasurer was blunt: “…”'
        described = list(_DESCRIBED_PERSON_RE.finditer(intro))
        for match in reversed(described):
            head = match.group("head").lower()
            if is_person_noun(head):
                offset = sentence.span.start + match.start()
                return self._resolve(SpeakerRef(match.group(0), "role", SpeakerType.person, head=head,
                                                offset=offset))
        return None

    @staticmethod
    def _platform(text: str) -> str | None:
        match = re.search(r"\b(" + "|".join(PLATFORMS_FOUND_IN_TEXT) + r")\b", text, re.IGNORECASE)
        return PLATFORMS_FOUND_IN_TEXT[match.group(1).lower()] if match else None

    def _speech_verb_ends(self, prefix: str, prefix_start: int, sentence: _Sentence) -> bool:
        """'X said (that) “…': the words before the quote end in a reporting verb used as a verb
        (not 'as alleged “…”', where the participle is an adjective)."""
        match = _SPEECH_VERB_BEFORE_RE.search(prefix)
        if match is None:
            return False
        if sentence.doc is None:
            return True
        verb_at = prefix_start + match.start()
        for token in sentence.doc:
            if sentence.art(token.idx) == verb_at:
                return is_reporting_verb(token)
        return True

    def _continuation(self, quote: Quote, s_open: _Sentence) -> tuple[Speaker, str | None] | None:
        """A quotation with no attribution of its own: introduced by a colon after a named
        subject ('chairman Derek Ollerton was emphatic: “…”'), or right after a sentence about
        someone new ('Her colleague Sunil Dharmapala agreed. “…”'), it is theirs; otherwise it
        continues the latest speaker's words, when that speaker spoke in this or one of the two
        previous paragraphs."""
        intro = self.text[s_open.span.start : quote.open].rstrip()
        if intro.endswith(":"):
            named = self._introducer(intro, s_open)
            if named is not None:
                return named, self._platform(intro)
        spoken = self.book.last_spoken(quote.open)
        fresh = self.book.subject_after(spoken.offset + 1 if spoken else 0, quote.open)
        if fresh is not None and quote.open - self.plan.pars[s_open.par].start < 400 and (
            spoken is None or fresh.canonical != spoken.speaker.canonical
        ):
            previous = self.sentence_at(quote.open - 1) if quote.open == s_open.span.start else s_open
            if previous is not None and previous.par == s_open.par:
                return fresh, None
        par = next((p for o, p in reversed(self.spoken_pars) if o <= quote.open), None)
        if spoken is None or par is None or s_open.par - par > 2:
            # nobody has spoken yet: a quotation paragraph right after one about a named
            # person ('Lydia Brandt was blunt when asked ...') is that person's
            if quote.open != s_open.span.start:
                return None
            focus = self.book.subject_before(quote.open, within=600)
            return (focus, None) if focus is not None else None
        via = spoken.via
        if self.last_quote is not None and self.last_quote[0].canonical == spoken.speaker.canonical:
            via = self.last_quote[1]
        return spoken.speaker, via

    def _attribution(self, quote: Quote, s_open: _Sentence, s_close: _Sentence):  # type: ignore[no-untyped-def]
        """(speaker, cue, via, offset, sentence) from a speech verb right after the quote
        ('…,” he said') or before it ('X said: “…'), in the parsed sentence."""
        candidates: list[tuple[_Sentence, object]] = []
        if s_close.doc is not None:
            next_open = self._next_quote_open(quote.close_end)
            for token in s_close.doc:
                char = s_close.art(token.idx)
                if char < quote.close_end or char >= next_open or self.in_quote(char):
                    continue
                gap = self.text[quote.close_end : char]  # within one sentence ("Sgt. Dale Morrow")
                if len(gap.split()) > 14:
                    break
                if is_reporting_verb(token):
                    candidates.append((s_close, token))
                    subject = subject_of(token)
                    after = []
                    for following in token.doc[token.i + 1 : token.i + 7]:
                        if (following.is_punct and following.text not in {"-", "‐"}) or following.dep_ == "prep":
                            break  # "said on Monday": a date is no speaker
                        after.append(following)
                    # a name with the quote's own speech verb ('said co-author Dr Ben Ito'): if it
                    # does not resolve, the quote is not the previous speaker's either
                    self.unresolved_attribution = any(
                        coarse_pos(t) == "PROPN" and t.text[:1].isupper()
                        for t in [*(subject.subtree if subject is not None else []), *after])
                    break
        if s_open.doc is not None:
            before_verbs = [t for t in s_open.doc
                            if s_open.art(t.idx) < quote.open and not self.in_quote(s_open.art(t.idx))
                            and is_reporting_verb(t)]
            if before_verbs:
                candidates.append((s_open, before_verbs[-1]))
        for sentence, verb in candidates:
            subject = subject_of(verb)  # type: ignore[arg-type]
            ref = speaker_ref(subject, sentence.art) if subject is not None else None
            if ref is None and subject is None and lemma_of(verb) != "tell":  # type: ignore[arg-type]
                # only an inverted attribution names the speaker after the verb; after 'told' and
                # after a subject that named nobody, it is the audience ('told the BBC')
                ref = self._speaker_after(verb, sentence)  # type: ignore[arg-type]
            speaker = self._resolve(ref)
            if speaker is None:
                continue
            cue, cue_start, _ = cue_text(verb)  # type: ignore[arg-type]
            self.attribution_cues.add((sentence.span.start, cue_start))
            if subject is not None:  # "said one woman": the count in a source is not a claim
                self.source_ranges.append((sentence.art(subject.left_edge.idx),
                                           sentence.art(subject.idx + len(subject.text))))
            via = self._via_in(sentence, speaker, lemma_of(verb))  # type: ignore[arg-type]
            self.unresolved_attribution = False
            return speaker, cue, via, sentence.art(cue_start), sentence
        return None

    def _speaker_after(self, verb, sentence: _Sentence) -> SpeakerRef | None:  # type: ignore[no-untyped-def]
        """Inverted attribution the parser missed: '“…,” said Gustav Gressel'."""
        for token in verb.doc[verb.i + 1 : verb.i + 4]:
            if token.is_punct:
                break
            ref = speaker_ref(token, sentence.art)
            if ref is not None and ref.kind in {"name", "role", "owned role", "pronoun"}:
                return ref
        return None

    def note_sentence_subject(self, sentence: _Sentence) -> None:
        """The name a sentence opens with ('Solberg rejected ...', 'Her neighbour, Jonas Berg, is
        ...') is the likeliest person for a 'he' or 'she' that follows; a group of people opening
        it ('Members of the tenants' association ...') for a 'they'."""
        group = _GROUP_SUBJECT_RE.match(self.text, sentence.span.start, sentence.span.end)
        if group is not None and is_person_noun(group.group("head").lower().removesuffix("s")):
            self.book.note_group(as_description(group.group(1)), sentence.span.start)
        described = _DESCRIBED_SUBJECT_RE.match(self.text, sentence.span.start, sentence.span.end)
        if described is not None and is_person_noun(described.group("head").lower()):
            # "The minister was defiant. “…,” she said.": the description is who 'she' is, unless
            # it refers back to someone named
            head = described.group("head").lower()
            speaker = self._resolve(SpeakerRef(described.group(1), "role", SpeakerType.person, head=head,
                                               offset=sentence.span.start))
            if speaker is not None:
                self.book.note_described_subject(speaker, sentence.span.start)
                return
        for pattern in (_SUBJECT_NAME_RE, _SUBJECT_APPOSITION_RE, _SUBJECT_TITLED_RE):
            match = pattern.match(self.text, sentence.span.start, sentence.span.end)
            if match is None or match.group(1).split()[0] in SENTENCE_START_WORDS:
                continue
            if pattern is _SUBJECT_TITLED_RE and _CLAUSE_BEFORE_NAME_RE.search(
                    self.text, match.start(), match.start(1)):
                continue  # "The officer who arrested Jane Smith said": the name is not the subject
            if pattern is _SUBJECT_NAME_RE:
                after = _ROLE_THEN_NAME_RE.match(self.text, match.end(), sentence.span.end)
                if after is not None and any(is_person_noun(w) for w in after.group(1).split()):
                    continue
            if self.book.note_subject(strip_person_title(clean_surface(match.group(1))), sentence.span.start):
                return

    # ------------------------------------------------------------------ reported speech
    def sentence_claims(self, sentence: _Sentence) -> None:
        doc = sentence.doc
        if doc is None:
            return
        base = sentence.span.start
        inside = [(sentence.doc_char(lo), sentence.doc_char(hi))
                  for lo, hi in self._quoted_overlapping(base, sentence.span.end)]
        for report in find_reported_speech(doc, inside):
            if (base, report.cue_start) in self.attribution_cues:
                continue
            if report.content_end - report.content_start <= 0:
                continue
            if self._content_is_quote(sentence.art(report.content_start), sentence.art(report.content_end)):
                continue
            ref = speaker_ref(report.speaker, sentence.art) if report.speaker is not None else None
            speaker = self._resolve(ref)
            if speaker is None:
                continue
            verb_lemma = None if report.according_to else lemma_of(doc.char_span(
                report.cue_start, report.cue_end, alignment_mode="expand").root)
            via = None if report.according_to else self._via_in(sentence, speaker, verb_lemma)
            start, end = sentence.art(report.content_start), sentence.art(report.content_end)
            if verb_lemma in LABELLING_LEMMAS and any(start <= q.open < end for q in self.partial_quotes) \
                    and (verb_lemma in {"call", "describe"} or re.search(r"\bas\s*[“\"‘']", self.text[start:end])):
                # "called the vote “a victory for competence”": a quoted label is the claim, the
                # quoted words the speaker's; the label with its object is not a statement too.
                # A name given ('call the bend “the Hairpin”') is no claim at all.
                if not (verb_lemma == "call" and any(start <= q.open < end and is_name_given(q.text)
                                                     for q in self.partial_quotes)):
                    self._partial_quotes_within(start, end, sentence, speaker, report.cue, via)
                continue
            if report.speaker is not None:
                left, right = report.speaker.left_edge, report.speaker.right_edge
                self.source_ranges.append((sentence.art(left.idx), sentence.art(right.idx + len(right.text))))
            if report.according_to:
                self.source_ranges.append((sentence.art(report.cue_start), sentence.art(report.cue_end)))
            self.drafts.append(_Draft(
                kind=ClaimKind.indirect_quote, text=self.text[start:end], span=(start, end),
                evidence=(sentence.span.start, sentence.span.end), speaker=speaker,
                cue=report.cue, via=via, carry=[(start, end)],
            ))
            self.note(speaker, sentence.art(report.cue_start), via, sentence.par)
            self._partial_quotes_within(start, end, sentence, speaker, report.cue, via)

    def _partial_quotes_within(self, start: int, end: int, sentence: _Sentence, speaker: Speaker,
                               cue: str, via: str | None) -> None:
        """Quoted words inside reported speech ('said the talks had been “constructive but
        incomplete”', 'dismissed the claims as “a lie”') are the speaker's own words; a term
        the quotation marks only name ('so-called “forever chemicals”', '“unlimited” storage')
        is not."""
        for quote in self.partial_quotes:
            if not (start <= quote.open < end) or quote.parts[-1].close is None:
                continue
            if is_term_quote(self.text, quote):
                continue
            self.drafts.append(_Draft(
                kind=ClaimKind.direct_quote, text=quote.text, quote=quote.text,
                span=(quote.start, quote.end), evidence=(sentence.span.start, sentence.span.end),
                speaker=speaker, cue=cue, via=via, carry=[],
            ))

    def _content_is_quote(self, start: int, end: int) -> bool:
        """Reported-speech content that is mostly a quotation already claimed as a direct quote."""
        length = max(1, end - start)
        for draft in self.drafts:
            if draft.kind is ClaimKind.direct_quote:
                covered = sum(max(0, min(end, hi) - max(start, lo)) for lo, hi in draft.carry)
                if covered >= 0.6 * length:
                    return True
        return False

    # ------------------------------------------------------------------ interviews
    def _answers(self) -> list[Span]:
        """In a Q&A interview ('Q: ...' / 'A: ...' paragraphs) every answer is the interviewee's
        own words, quoted or not; the spans are the answers' words without prefix or marks."""
        if not _QUESTION_RE.search(self.text):
            return []
        answers = []
        for par in self.plan.pars:
            match = _ANSWER_RE.match(self.text, par.start, par.end)
            if match is None:
                continue
            start, end = _without_marks(self.text, match.end(), par.end)
            if end > start:
                answers.append(Span(start, end))
        return answers

    def _transcript_lines(self) -> list[tuple[int, Span, str]]:
        """Transcript lines, 'OKAFOR: Because the money ran out.': the words after a speaker's
        label, quoted or not. A label counts when it names a person the article mentions or a
        role ('HOST:'), or when the article alternates two or more capitalised labels over three
        lines or more; a dateline ('NEW DELHI:') or a section label ('UPDATE:') opens one line
        and names nobody."""
        found: list[tuple[int, Span, str]] = []
        for par in self.plan.pars:
            match = _SPEAKER_LABEL_RE.match(self.text, par.start, par.end)
            if match is None or match.group(1).lower() in LINE_LABEL_WORDS:
                continue
            start, end = _without_marks(self.text, match.end(), par.end)
            if end > start and not _ANSWER_RE.match(match.group(0)):
                found.append((par.start, Span(start, end), match.group(1)))
        capitals = Counter(label for _, _, label in found if label.isupper())
        alternating = len(capitals) >= 2 and sum(capitals.values()) >= 3
        return [(at, span, label) for at, span, label in found
                # an interviewer's question asserts nothing, as in a Q&A
                if not self.text[span.start : span.end].endswith("?")
                and ((alternating and label.isupper()) or self.book.person_named(label) is not None
                     or is_person_noun(label.split()[-1].lower()))]

    def _handovers(self) -> list[tuple[_Sentence, Span]]:
        """A paragraph that ends by handing over to the next ('… has posted on Telegram:') and
        the unquoted paragraph it introduces."""
        found = []
        for intro, block in zip(self.plan.pars, self.plan.pars[1:]):
            if not _HANDOVER_RE.search(self.text, intro.start, intro.end) or self.text[block.start] in QUOTE_CHARS:
                continue
            if _SPEAKER_LABEL_RE.match(self.text, block.start, block.end) or _TIMESTAMP_RE.match(self.text, block.start):
                continue  # the next entry of a live blog, or a transcript line, not the post itself
            sentence = self.sentence_at(intro.end - 1)
            if sentence is not None:
                found.append((sentence, block))
        return found

    def handover_claim(self, intro: _Sentence, block: Span) -> None:
        speaker = self._introducer(self.text[intro.span.start : intro.span.end], intro)
        if speaker is None:
            return
        platform = self._platform(self.text[intro.span.start : intro.span.end])
        self.answer_claim(block, speaker)
        if platform is not None:
            self.drafts[-1].via = platform

    def transcript_claim(self, line: Span, label: str) -> None:
        role = label.split()[-1].lower()
        named = self.book.person_named(label)
        if named is not None:
            speaker = self.book.speaker_for_name(named, SpeakerType.person)
        elif is_person_noun(role) and " " not in label:
            speaker = self._resolve(SpeakerRef(f"the {role}", "owned role", SpeakerType.person, head=role,
                                               offset=line.start))
        else:
            speaker = self.book.speaker_for_name(_name_case(label), SpeakerType.person)
        if speaker is not None:
            self.answer_claim(line, speaker.model_copy(update={"surface": label}))

    def answer_claim(self, answer: Span, speaker: Speaker | None = None) -> None:
        """The interviewee: whoever last spoke, else the person the introduction names."""
        if speaker is None:
            speaker = self._resolve(SpeakerRef(SOMEONE, "pronoun", offset=answer.start))
            if speaker is None:
                return
            speaker = speaker.model_copy(update={"surface": speaker.canonical})
        sentence = self.sentence_at(answer.start)
        par = sentence.par if sentence is not None else 0
        par_span = self.plan.pars[par]
        self.drafts.append(_Draft(
            kind=ClaimKind.direct_quote, text=self.text[answer.start : answer.end],
            quote=self.text[answer.start : answer.end], span=(answer.start, answer.end),
            evidence=(par_span.start, par_span.end), speaker=speaker, cue=None, via=None,
            carry=[(answer.start, answer.end)],
        ))
        self.answered.append((par_span.start, par_span.end))
        self.note(speaker, answer.start, None, par)

    # ------------------------------------------------------------------ embedded posts
    def post_claims(self, post: EmbeddedPost) -> None:
        speaker = self.book.speaker_for_name(post.author, SpeakerType.person)
        par = next((i for i, p in enumerate(self.plan.pars) if p.start == post.signature.start), 0)
        for line in post.lines:
            self.drafts.append(_Draft(
                kind=ClaimKind.direct_quote, text=self.text[line.start : line.end],
                quote=self.text[line.start : line.end], span=(line.start, line.end),
                evidence=(line.start, line.end), speaker=speaker, cue=None, via=post.platform,
                carry=[(line.start, line.end)], date_text=post.date,
            ))
        self.note(speaker, post.signature.start, post.platform, par)

    # ------------------------------------------------------------------ numbers and events
    def numeric_and_event_claims(self) -> None:
        claimed_sentences = {d.evidence[0] for d in self.drafts if d.kind is not ClaimKind.direct_quote}
        loose: dict[int, list[FoundQuantity]] = {}
        for found in self.plan.quantities:
            carrier = next((d for d in self.drafts if any(lo <= found.start < hi for lo, hi in d.carry)), None)
            if carrier is not None:
                carrier.quantities.append(found.quantity)
                continue
            if self.in_quote(found.start) or any(lo <= found.start < hi for lo, hi in self.plan.post_ranges):
                continue
            if any(lo <= found.start < hi for lo, hi in self.source_ranges):
                continue  # "according to two diplomats": the count of sources is not a claim
            if _AGE_AFTER_NAME_RE.search(self.text, max(0, found.start - 40), found.start) and \
                    _AGE_RE.match(self.text, found.start):
                continue  # "said Marjorie Platt, 71,": a person's age, not a claim
            sentence = self.sentence_at(found.start)
            if sentence is not None:
                loose.setdefault(sentence.span.start, []).append(found)
        by_start = {s.span.start: s for s in self.plan.sentences}
        drafted = _Cover(d.evidence for d in self.drafts)  # sentences added below start after these
        in_post = _Cover(self.plan.post_ranges)
        for start, found_list in loose.items():
            sentence = by_start[start]
            span = (sentence.span.start, sentence.span.end)
            self.drafts.append(_Draft(
                kind=ClaimKind.numeric, text=self.text[span[0] : span[1]], span=span, evidence=span,
                speaker=None, cue=None, via=None, quantities=[f.quantity for f in found_list],
            ))
            claimed_sentences.add(start)
        for sentence in self.plan.sentences:
            start, end = sentence.span.start, sentence.span.end
            if start in claimed_sentences or in_post.covers(start):
                continue
            if len(sentence.outside.strip()) < 0.7 * (end - start):
                continue  # mostly quoted words: not the outlet's own assertion
            if drafted.covers(start):
                continue
            cue = reported_event_cue(self.text[start:end])
            if cue is None:
                continue
            self.drafts.append(_Draft(
                kind=ClaimKind.reported_event, text=self.text[start:end], span=(start, end),
                evidence=(start, end), speaker=None, cue=None, via=None,
            ))

    # ------------------------------------------------------------------ the walk
    def run(self) -> list[ClaimEvent]:
        self.collect_mentions()
        units: list[tuple[int, int, object]] = []
        for quote in self.plan.quotes:
            # before its sentence's reported speech, so 'X said: “…”' is known as an attribution
            home = self.sentence_at(quote.open)
            units.append((home.span.start if home is not None else quote.open, 0, quote))
        for sentence in self.plan.sentences:
            units.append((sentence.span.start, 1, sentence))
        for post in self.plan.posts:
            units.append((post.signature.start, 2, post))
        for answer in self._answers():
            units.append((answer.start, 0, answer))
        for par_start, line, label in self._transcript_lines():
            # keyed by the line's start, before any quotation in it: the line is claimed once, whole
            units.append((par_start, 0, (line, label)))
        for intro, block in self._handovers():
            units.append((block.start, 0, (intro, block)))
        units.sort(key=lambda u: (u[0], u[1], getattr(u[2], "open", 0)))
        for _, _, unit in units:
            try:
                if isinstance(unit, Quote):
                    skip = self.plan.post_ranges + self.answered
                    if not any(lo <= unit.open < hi for lo, hi in skip):
                        self.quote_claim(unit)
                elif isinstance(unit, Span):
                    self.answer_claim(unit)
                elif isinstance(unit, tuple) and isinstance(unit[0], _Sentence):
                    self.handover_claim(*unit)
                elif isinstance(unit, tuple):
                    self.transcript_claim(*unit)
                elif isinstance(unit, _Sentence):
                    self.note_sentence_subject(unit)
                    self.sentence_claims(unit)
                else:
                    self.post_claims(unit)  # type: ignore[arg-type]
            except Exception:  # one bad sentence must not lose the article's other claims
                log.exception("claim extraction failed at offset %s", _)
        try:
            self.numeric_and_event_claims()
        except Exception:
            log.exception("numeric/event pass failed")
        self.name_described_speakers()
        return self.events()

    def name_described_speakers(self) -> None:
        """'…, a WHO spokesman said. “…,” the spokesman, Mehdi Benslimane, told reporters': an
        unnamed source the article names a little later is that person."""
        for draft in self.drafts:
            speaker = draft.speaker
            if speaker is None or not speaker.canonical.startswith(("a ", "an ")):
                continue
            named = self.book.named_after(description_head(speaker.canonical), draft.span[0])
            if named is not None:
                draft.speaker = speaker.model_copy(update={"canonical": named, "type": SpeakerType.person})

    def events(self) -> list[ClaimEvent]:
        article = self.plan.article
        entity_index = _EntityIndex(self._entities())
        events: dict[str, ClaimEvent] = {}
        # several claims share an evidence sentence (a split quote, a quote and its paraphrase)
        hedges_of: dict[str, list[str]] = {}
        date_of: dict[str, EventDate | None] = {}
        for draft in sorted(self.drafts, key=lambda d: (d.span[0], d.span[1], d.kind.value)):
            try:
                start, end = draft.evidence
                sentence = self.text[start:end]
                if sentence not in hedges_of:
                    hedges_of[sentence] = find_hedges(sentence)
                hedges = list(hedges_of[sentence])
                date_source = draft.date_text or sentence
                if date_source not in date_of:
                    date_of[date_source] = self._event_date(date_source)
                event_date = date_of[date_source]
                claim_id = claim_id_for(article.article_id, draft.kind, draft.span[0], draft.span[1])
                if claim_id in events:
                    continue
                events[claim_id] = ClaimEvent(
                    claim_id=claim_id, article_id=article.article_id, kind=draft.kind,
                    text=draft.text, quote=draft.quote, speaker=draft.speaker, cue=draft.cue,
                    via=draft.via, quantities=_unique(draft.quantities)[: self.plan.limits.max_quantities],
                    hedged=bool(hedges),
                    hedges=hedges, event_date=event_date,
                    entities=_with_speaker(entity_index.within(sentence), draft.speaker),
                    evidence=Evidence(start=start, end=end, sentence=sentence),
                    outlet=article.outlet, url=article.url, published=article.published,
                    extractor_version=EXTRACTOR_VERSION,
                )
            except Exception:
                log.exception("could not build claim at %s", draft.span)
        return list(events.values())

    def _event_date(self, text: str) -> EventDate | None:
        try:
            return event_date_for(text, self.plan.article.published)
        except Exception:
            log.debug("date resolution failed", exc_info=True)
            return None

    def _entities(self) -> list[Entity]:
        try:
            return self.resolver.entities()
        except Exception:
            log.exception("alias resolver could not list entities")
            return []


class _Cover:
    """Is an offset inside any of some [start, end) ranges: merged once, then bisection."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for lo, hi in sorted(r for r in ranges if r[1] > r[0]):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        self._starts = [lo for lo, _ in merged]
        self._ends = [hi for _, hi in merged]

    def covers(self, offset: int) -> bool:
        at = bisect.bisect_right(self._starts, offset) - 1
        return at >= 0 and offset < self._ends[at]


def _with_speaker(entities: list[Entity], speaker: Speaker | None) -> list[Entity]:
    """The claim's entities include its speaker; an unnamed source keeps its description as alias
    ('a senior US defense official'), pronouns and roles do not become aliases."""
    if speaker is None or any(e.canonical == speaker.canonical for e in entities):
        return entities
    type_ = {SpeakerType.person: EntityType.person,
             SpeakerType.organisation: EntityType.organisation}.get(speaker.type, EntityType.other)
    aliases = [speaker.canonical]
    if speaker.canonical.startswith("unnamed ") and speaker.surface != speaker.canonical:
        aliases.append(speaker.surface)
    return [*entities, Entity(canonical=speaker.canonical, type=type_, aliases=sorted(set(aliases)))]


def _without_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A line's words without the quotation marks (and spaces) around them."""
    while start < end and text[start] in "\"“'‘ ":
        start += 1
    while end > start and text[end - 1] in "\"”'’ ":
        end -= 1
    return start, end


def _name_case(label: str) -> str:
    """'MARY O'NEILL' -> 'Mary O'Neill': a capitals-only label written as a name."""
    if not label.isupper():
        return label
    return re.sub(r"[A-Z]+", lambda m: m.group(0).capitalize(), label)


def _unique(quantities: list[Quantity]) -> list[Quantity]:
    seen: dict[str, Quantity] = {}
    for quantity in quantities:
        seen.setdefault(quantity.model_dump_json(), quantity)
    return list(seen.values())


class _EntityIndex:
    """Finds the article's canonical entities in a sentence by any of their surface forms."""

    def __init__(self, entities: list[Entity]) -> None:
        self.by_surface: dict[str, Entity] = {}
        for entity in entities:
            for surface in {entity.canonical, *entity.aliases}:
                if len(surface) >= 2:
                    self.by_surface.setdefault(surface.lower(), entity)
        surfaces = sorted(self.by_surface, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, surfaces)) + r")(?!\w)", re.IGNORECASE)
            if surfaces else None
        )

    def within(self, sentence: str) -> list[Entity]:
        if self.pattern is None:
            return []
        found: dict[str, Entity] = {}
        for match in self.pattern.finditer(sentence):
            entity = self.by_surface.get(match.group(0).lower())
            if entity is not None:
                found.setdefault(entity.canonical, entity)
        return list(found.values())


# --------------------------------------------------------------------------- public API


def _batched(items: Iterable[RawArticle], size: int) -> Iterator[list[RawArticle]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


_NAME_WINDOW_MAX_TOKENS = 16
_NAME_WINDOW_CONTEXT = 1


# Capitalised words that are never names: 'He said', 'The union says', 'Critics say'.
_NEVER_NAME_TAGS = frozenset("PRP PRP$ DT PDT WDT WP WP$ WRB IN CC RB MD EX TO UH VBD VBZ VBP".split())


def _may_be_name(token) -> bool:  # type: ignore[no-untyped-def]
    """Worth the recogniser: a proper noun, or a capitalised word that is not a closed-class word
    ('He', 'The') or a plural common noun opening the sentence ('Officials said')."""
    if token.tag_ in {"NNP", "NNPS"}:
        return True
    if not token.text[:1].isupper() or token.tag_ in _NEVER_NAME_TAGS:
        return False
    return not (token.tag_ == "NNS" and (token.i == 0 or token.nbor(-1).is_punct))


def _speaker_windows(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges where a speaker or source can be named: the subject (with its apposition) of
    each reporting verb, its agent, the words right after it ('said Gustav Gressel'), and the
    object of 'according to'."""
    windows: list[tuple[int, int]] = []

    def name_end(head) -> int:  # type: ignore[no-untyped-def]
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

    def add(start: int, end: int) -> None:
        if end - start > _NAME_WINDOW_MAX_TOKENS:
            start = max(start, end - _NAME_WINDOW_MAX_TOKENS)
        if any(_may_be_name(t) for t in doc[start:end]):
            # a little context either side: the recogniser labels a bare name less reliably
            windows.append((max(0, start - _NAME_WINDOW_CONTEXT), min(len(doc), end + _NAME_WINDOW_CONTEXT)))

    for token in cue_words(doc):  # no other word can start an attribution
        if token.lower_ == "according" and token.i + 1 < len(doc):
            to = doc[token.i + 1]
            for obj in to.children:
                add(obj.left_edge.i, name_end(obj))
                for inner in obj.subtree:  # "another article from Belta", "a report by X"
                    if inner.dep_ == "pobj" and inner is not obj:
                        add(inner.left_edge.i, name_end(inner))
            continue
        if not is_reporting_verb(token):
            continue
        subject = subject_of(token)
        if subject is not None:
            # the noun phrase up to its head, and any apposition naming it ("the chief, Josep
            # Borrell,"): not relative clauses or prepositional tails
            add(subject.left_edge.i, name_end(subject))
            for child in subject.children:
                if child.dep_ in {"appos", "compound"} and child.i > subject.i:
                    add(child.left_edge.i, name_end(child))
        if subject is None or subject.i > token.i:
            add(token.i + 1, min(len(doc), token.i + 5))  # '“…,” said Gustav Gressel
        for child in token.children:
            if child.dep_ in {"dobj", "dative"} and lemma_of(token) == "tell":
                add(child.left_edge.i, child.right_edge.i + 1)
    windows.sort()
    merged: list[tuple[int, int]] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _recognise_speaker_names(nlp, docs: list[Doc]) -> None:  # type: ignore[no-untyped-def]
    """Named-entity recognition is most of the model's cost; run it only over the few tokens
    where a speaker or source is named and copy the entities back onto the sentence."""
    if not docs or "ner" not in nlp.pipe_names:
        return
    jobs: list[tuple[Doc, int]] = []
    pieces: list[Doc] = []
    for doc in docs:
        for start, end in _speaker_windows(doc):
            jobs.append((doc, start))
            window = doc[start:end]
            # a bare token copy: the recogniser reads only the words (as_doc copies every array)
            pieces.append(Doc(doc.vocab, words=[t.text for t in window],
                              spaces=[bool(t.whitespace_) for t in window]))
    found: dict[int, list[tuple[int, int, str]]] = {}
    for (doc, offset), piece in zip(jobs, nlp.get_pipe("ner").pipe(pieces, batch_size=256)):
        for ent in piece.ents:
            found.setdefault(id(doc), []).append((offset + ent.start, offset + ent.end, ent.label_))
    for doc in docs:
        entities = found.get(id(doc))
        if not entities:
            continue
        spans, last_end = [], -1
        for start, end, label in sorted(entities):
            if start >= last_end:
                spans.append(SpacySpan(doc, start, end, label=label))
                last_end = end
        try:
            doc.set_ents(spans, default="unmodified")
        except ValueError:
            log.debug("could not set recognised names", exc_info=True)


def _parse(nlp, texts: list[str]) -> list[Doc]:  # type: ignore[no-untyped-def]
    """Tagger and parser over the texts, returned in input order. The texts go to the parser
    shortest first: a batch of similar lengths wastes less work on finished sentences."""
    if not texts:
        return []
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    docs: list[Doc | None] = [None] * len(texts)
    for index, doc in zip(order, nlp.pipe((texts[i] for i in order), batch_size=_PARSE_BATCH, disable=["ner"])):
        docs[index] = doc
    return docs  # type: ignore[return-value]


def extract_many(articles: Iterable[RawArticle], registry: EntityRegistry | None = None, *,
                 batch_articles: int = _BATCH_ARTICLES,
                 limits: ExtractionLimits | None = None) -> Iterator[list[ClaimEvent]]:
    """Claims per article, in input order; the parser sees the pre-filtered sentences of several
    articles in one batched ``nlp.pipe`` call. With a `registry`, speaker and entity names are
    the corpus' canonical names (learnt in input order), else each article's own. `limits` bound
    the work per article (services.extract.limits; defaults when None)."""
    limits = DEFAULT_LIMITS if limits is None else limits
    nlp = get_nlp()
    for chunk in _batched(articles, batch_articles):
        plans = [_plan(article, limits) for article in chunk]
        texts = [t for plan in plans for t in plan.parse_texts]
        parsed = _parse(nlp, texts)
        _recognise_speaker_names(nlp, parsed)
        docs = iter(parsed)
        for plan in plans:
            for sentence in plan.sentences:
                if sentence.parse:
                    sentence.doc = next(docs)
            walk = _ArticleWalk(plan)
            claims = walk.run()[: limits.max_claims]
            yield claims if registry is None else registry.rename_claims(claims, walk._entities())


def extract_claims(article: RawArticle, registry: EntityRegistry | None = None,
                   limits: ExtractionLimits | None = None) -> list[ClaimEvent]:
    """Every attributed claim, numeric claim and reported event in one article, in text order;
    names are corpus-canonical when a `registry` is given (it learns the article). At most
    `limits.max_claims` claims, from the first `limits.max_chars` characters."""
    return next(extract_many([article], registry, limits=limits))
