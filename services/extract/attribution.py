"""Direct quotations -> speakers: a speech verb right after the quote ('…,” he said') or before it
('X said: “…'), an introducing colon ('chairman Derek Ollerton was emphatic: “…”'), or a
continuation of the latest speaker's words; and the intermediary (`via`) the attribution names."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Token

from schemas.models import ClaimKind, Speaker, SpeakerType
from services.extract import rules
from services.extract.article_names import CAP_SEQUENCE_RE
from services.extract.claims import Draft
from services.extract.lexicon.function_words import SENTENCE_START_WORDS
from services.extract.lexicon.layout import LINE_LABEL_WORDS
from services.extract.lexicon.platforms import PLATFORMS_FOUND_IN_TEXT
from services.extract.lexicon.speech import SPEECH_FORMS
from services.extract.lexicon.titles import TITLES_OPENING_A_SENTENCE
from services.extract.nlp import coarse_pos, cue_words, ends_a_name, lemma_of, word_before
from services.extract.plan import Sentence
from services.extract.quotes import Quote
from services.extract.reported import cue_text, is_reporting_verb, subject_of
from services.extract.reporting_verbs import reporting_verbs
from services.extract.source_refs import source_ref, unresolved
from services.extract.speakers import (
    SpeakerRef,
    clean_surface,
    description_head,
    ent_surface,
    entity_of,
    is_person_noun,
    speaker_ref,
    strip_person_title,
)
from services.extract.walk_state import WalkState


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said a quotation, by which cue and intermediary, and the rule that found them."""

    speaker: Speaker
    cue: str | None
    via: str | None
    offset: int  # where the speaker spoke: the cue, or the quotation's opening
    sentence: Sentence  # the sentence of the cue (or of the quotation)
    rule: str


def with_ref_rule(path_rule: str, ref: SpeakerRef | None) -> str:
    """'direct_quote.said_after > <speaker rule>': the path's rule, and the speaker rule that
    built the ref when speakers.py names one."""
    ref_rule = getattr(ref, "rule", None)
    return f"{path_rule} > {ref_rule}" if ref_rule else path_rule

_PLATFORM_RE = re.compile(r"\b(?:on|via|in a post on|in a \w+ post)\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?"
                          r"(" + "|".join(PLATFORMS_FOUND_IN_TEXT) + r")\b", re.IGNORECASE)
_ANY_PLATFORM_RE = re.compile(r"\b(" + "|".join(PLATFORMS_FOUND_IN_TEXT) + r")\b", re.IGNORECASE)
# '“…,” he said': the pronoun of an attribution that follows a quotation on its line (a paragraph
# that opens 'He said:' is about what comes next)
_PRONOUN_AFTER_QUOTE_RE = re.compile(r"[ \t\u00a0,]*(he|she|He|She)\s+[a-z]")
# "14:05 Kaur:", "— Kaur:": one name, after an optional timestamp or bullet, then the colon
_SHORTHAND_NAME_RE = re.compile(r"(?:[\d:.]+\s*(?:[ap]\.?m\.?)?\s*|[-—–•*]\s*)*([A-Z][\w’'-]+)\s*:")
_DESCRIBED_PERSON_RE = re.compile(
    r"\b(?:[Tt]he|[Oo]ur|[Tt]heir|[Hh]is|[Hh]er|[Ii]ts)\s+(?:[a-z][\w-]*\s+){0,3}?(?P<head>[a-z][\w-]*)"
    r"(?=\s+(?:was|is|were|are|had|has|remained|sounded|seemed|looked)\b)")
_SPEECH_VERB_BEFORE_RE = re.compile(
    r"\b(?P<verb>" + "|".join(sorted(map(re.escape, SPEECH_FORMS), key=len, reverse=True)) + r")"
    r"(?:\s+(?:that|this|these words|the following|as follows))?\s*[,:]?\s*$",
    re.IGNORECASE,
)
# A match of _SPEECH_VERB_BEFORE_RE runs over at most this many whitespace-separated chunks: the
# verb, a two-word phrase ("the following"), a comma or colon standing apart.
_SPEECH_VERB_BEFORE_CHUNKS = 4
_OWN_SENTENCE_RE = re.compile(r"\s*(?:$|[.!?]|[A-Z“\"‘'])")


# ------------------------------------------------------------------ via


def source_name(to_token: Token) -> str | None:
    """The source 'according to' names: an entity in its object, or a proper noun."""
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


def via_in(state: WalkState, sentence: Sentence, speaker: Speaker | None, verb_lemma: str | None) -> str | None:
    """Intermediary named in the attribution: 'according to BelTA', 'on Telegram', tweeted."""
    doc = sentence.doc
    if doc is not None:
        for token in cue_words(doc):  # 'according' and every form of 'tell' are cue words
            if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                if state.in_quote(sentence.art(token.idx)):
                    continue
                source = source_name(doc[token.i + 1])
                if source and (speaker is None or state.canonical(source) != speaker.canonical):
                    return state.canonical(source)
            if lemma_of(token) == "tell" and not state.in_quote(sentence.art(token.idx)):
                for child in token.children:
                    ent = entity_of(child)
                    if child.dep_ in {"dobj", "dative"} and ent is not None and ent.label_ == "ORG":
                        return state.canonical(ent_surface(ent))
    match = _PLATFORM_RE.search(sentence.outside)
    if match:
        return PLATFORMS_FOUND_IN_TEXT[match.group(1).lower()]
    if verb_lemma == "tweet":
        return "Twitter"
    return None


def platform_in(text: str) -> str | None:
    """The platform a text names anywhere ('has posted on Telegram:' -> Telegram)."""
    match = _ANY_PLATFORM_RE.search(text)
    return PLATFORMS_FOUND_IN_TEXT[match.group(1).lower()] if match else None


# ------------------------------------------------------------------ who introduces a quotation


def introducer(state: WalkState, intro: str, sentence: Sentence) -> Speaker | None:
    """The name closest before a colon that introduces a quotation: 'Asked about a sale,
    chairman Derek Ollerton was emphatic:' -> Derek Ollerton."""
    names = [m.group(0).split() for m in CAP_SEQUENCE_RE.finditer(intro)]
    for words in reversed(names):
        while words and (words[0] in SENTENCE_START_WORDS or words[0].lower() in TITLES_OPENING_A_SENTENCE):
            words = words[1:]
        if len(words) >= 2:
            name = strip_person_title(clean_surface(" ".join(words)))
            return state.book.speaker_for_name(name, SpeakerType.unknown)
    # live-blog and headline shorthand, the whole introduction one name: 'Kaur: “…”'
    shorthand = _SHORTHAND_NAME_RE.fullmatch(intro)
    if shorthand and shorthand.group(1) not in SENTENCE_START_WORDS \
            and shorthand.group(1).lower() not in TITLES_OPENING_A_SENTENCE | LINE_LABEL_WORDS:
        return state.book.speaker_for_name(shorthand.group(1), SpeakerType.unknown)
    # a description: 'Asked about the plan, the treasurer was blunt: “…”'
    described = list(_DESCRIBED_PERSON_RE.finditer(intro))
    for match in reversed(described):
        head = match.group("head").lower()
        if is_person_noun(head):
            offset = sentence.span.start + match.start()
            return state.resolve(SpeakerRef(match.group(0), "role", SpeakerType.person, head=head, offset=offset))
    return None


def _last_chunks_start(text: str, count: int) -> int:
    """An offset at or before the start of the last `count` whitespace-separated chunks of `text`
    (0 when it has no more than that). A pattern anchored at the end that spans no more chunks
    matches from there as from the start, without trying its alternatives at every character."""
    head = text.rsplit(maxsplit=count)
    return len(head[0]) if len(head) > count else 0


def speech_verb_ends(prefix: str, prefix_start: int, sentence: Sentence) -> bool:
    """'X said (that) “…': the words before the quote end in a reporting verb used as a verb
    (not 'as alleged “…”', where the participle is an adjective)."""
    match = _SPEECH_VERB_BEFORE_RE.search(prefix, _last_chunks_start(prefix, _SPEECH_VERB_BEFORE_CHUNKS))
    if match is None:
        return False
    if sentence.doc is None:
        # read by rule only: a verb, unless it is a name's last word ('the United States “…”'),
        # which the pre-filter does not send to the parser for it
        return not ends_a_name(word_before(prefix, match.start()), match.group("verb").lower())
    verb_at = prefix_start + match.start()
    for token in sentence.doc:
        if sentence.art(token.idx) == verb_at:
            return is_reporting_verb(token)
    return True


def introducing_sentence(state: WalkState, quote: Quote, s_open: Sentence) -> Sentence | None:
    """'He said:' or 'The Times reports:' ending the paragraph right before a quotation that opens
    its own: the sentence that introduces it."""
    if quote.open != s_open.span.start:
        return None
    at = bisect.bisect_right(state.plan.starts, s_open.span.start) - 1
    if at <= 0:
        return None
    previous = state.plan.sentences[at - 1]
    if previous.par != s_open.par - 1 or not state.text[previous.span.start : previous.span.end].rstrip().endswith(":"):
        return None
    return previous


# ------------------------------------------------------------------ a quotation with no verb of its own


# A dash and a name right after a quotation, ending its line: a vox pop or a pull quote signed
# ('“We need the ferry.” ― Ilse Marten, Halden').
_SIGNATURE_RE = re.compile(
    r"[ \t\u00a0]*[―—–][ \t\u00a0]*"  # the dash
    r"((?:[A-Z][\w.'’-]*[ \u00a0]?){1,4})"  # the name: one to four capitalised words
    r"(?=,[^\n]{0,80}(?:\n|$)|[ \t\u00a0]*(?:\n|$))"  # then a short description, or the line ends
)


def signed(state: WalkState, quote: Quote, s_open: Sentence) -> Attribution | None:
    """'“The ferry must stay.” ― Ilse Marten': a quotation signed with a dash and a name at the end of
    its line is that person's."""
    match = _SIGNATURE_RE.match(state.text, quote.close_end)
    if match is None:
        return None
    name = match.group(1).strip()
    speaker = state.book.speaker_for_name(name, SpeakerType.unknown)
    return Attribution(speaker, None, None, quote.open, s_open, rules.QUOTE_SIGNED)


def named_after_lede(state: WalkState, quote: Quote) -> tuple[Speaker, None, str] | None:
    """'“I thought it was a joke.” Those were the first words out of Gary Lindholm’s mouth':
    a quotation opening the story on its own, before anyone has spoken, is the first person
    the same paragraph names after it."""
    par = next((p for p in state.plan.pars if p.start <= quote.open < p.end), None)
    if par is None or quote.open != par.start:
        return None
    end = min(par.end, quote.close_end + 250)
    next_open = state.next_quote_open(quote.close_end)
    if next_open < end:
        end = next_open
    person = state.book.first_person_between(quote.close_end, end)
    return (person, None, rules.QUOTE_NAMED_AFTER_LEDE) if person is not None else None


def continuation(state: WalkState, quote: Quote, s_open: Sentence) -> tuple[Speaker, str | None, str] | None:
    """A quotation with no attribution of its own: introduced by a colon after a named
    subject ('chairman Derek Ollerton was emphatic: “…”'), or right after a sentence about
    someone new ('Her colleague Sunil Dharmapala agreed. “…”'), it is theirs; otherwise it
    continues the latest speaker's words, when that speaker spoke in this or one of the two
    previous paragraphs."""
    intro = state.text[s_open.span.start : quote.open].rstrip()
    introducing = introducing_sentence(state, quote, s_open) if not intro else None
    if introducing is not None:  # 'Asked about the plan, Mayor Ana Ruiz was blunt:' ending the paragraph before
        s_open, intro = introducing, state.text[introducing.span.start : introducing.span.end].rstrip()
    if intro.endswith(":"):
        named = introducer(state, intro, s_open)
        if named is not None:
            return named, platform_in(intro), rules.QUOTE_INTRODUCED
    spoken = state.book.last_spoken(quote.open)
    fresh = state.book.subject_after(spoken.offset + 1 if spoken else 0, quote.open)
    if fresh is not None and quote.open - state.plan.pars[s_open.par].start < 400 and (
        spoken is None or fresh.canonical != spoken.speaker.canonical
    ):
        previous = state.sentence_at(quote.open - 1) if quote.open == s_open.span.start else s_open
        if previous is not None and previous.par == s_open.par:
            return fresh, None, rules.QUOTE_NEW_SUBJECT
    par = next((p for o, p in reversed(state.spoken_pars) if o <= quote.open), None)
    if spoken is None or par is None or s_open.par - par > 2:
        # nobody has spoken yet: a quotation paragraph right after one about a named
        # person ('Lydia Brandt was blunt when asked ...') is that person's
        if quote.open != s_open.span.start:
            return None
        focus = state.book.subject_before(quote.open, within=600)
        return (focus, None, rules.QUOTE_SUBJECT_BEFORE) if focus is not None else None
    via = spoken.via
    if state.last_quote is not None and state.last_quote[0].canonical == spoken.speaker.canonical:
        via = state.last_quote[1]
    return spoken.speaker, via, rules.QUOTE_CONTINUES


# ------------------------------------------------------------------ a speech verb around the quotation


def speaker_after(verb: Token, sentence: Sentence) -> SpeakerRef | None:
    """Inverted attribution the parser missed: '“…,” said Gustav Gressel'."""
    for token in verb.doc[verb.i + 1 : verb.i + 4]:
        if token.is_punct:
            break
        ref = speaker_ref(token, sentence.art)
        if ref is not None and ref.kind in {"name", "role", "owned role", "pronoun"}:
            return ref
    return None


def _verb_after(state: WalkState, quote: Quote, s_close: Sentence) -> Token | None:
    """The speech verb right after the quotation in its closing sentence ('…,” he said'); notes
    whether a name beside that verb went unresolved."""
    if s_close.doc is None:
        return None
    next_open = state.next_quote_open(quote.close_end)
    # Only reporting verbs can answer; the gap grows with each later token, so a verb past a gap
    # that is too long meets that gap, and the loop stops there as it would at any other word.
    for token in reporting_verbs(s_close.doc):
        char = s_close.art(token.idx)
        if char < quote.close_end or char >= next_open or state.in_quote(char):
            continue
        gap = state.text[quote.close_end : char]  # within one sentence ("Sgt. Dale Morrow")
        if len(gap.split()) > 14:
            break
        subject = subject_of(token)
        after = []
        for following in token.doc[token.i + 1 : token.i + 7]:
            if (following.is_punct and following.text not in {"-", "‐"}) or following.dep_ == "prep":
                break  # "said on Monday": a date is no speaker
            after.append(following)
        # a name with the quote's own speech verb ('said co-author Dr Ben Ito'): if it
        # does not resolve, the quote is not the previous speaker's either
        state.unresolved_attribution = any(
            coarse_pos(t) == "PROPN" and t.text[:1].isupper()
            for t in [*(subject.subtree if subject is not None else []), *after])
        return token
    return None


def attribution(state: WalkState, quote: Quote, s_open: Sentence, s_close: Sentence) -> Attribution | None:
    """(speaker, cue, via, offset, sentence) from a speech verb right after the quote
    ('…,” he said') or before it ('X said: “…'), in the parsed sentence."""
    candidates: list[tuple[Sentence, Token, str]] = []
    verb = _verb_after(state, quote, s_close)
    if verb is not None:
        candidates.append((s_close, verb, rules.QUOTE_SAID_AFTER))
    if s_open.doc is not None:
        before_verbs = [t for t in reporting_verbs(s_open.doc)
                        if s_open.art(t.idx) < quote.open and not state.in_quote(s_open.art(t.idx))]
        if before_verbs:
            candidates.append((s_open, before_verbs[-1], rules.QUOTE_SAID_BEFORE))
    intro = introducing_sentence(state, quote, s_open)
    if not candidates and intro is not None and intro.doc is not None:
        intro_verbs = [t for t in reporting_verbs(intro.doc) if not state.in_quote(intro.art(t.idx))]
        if intro_verbs:  # 'The Times reports:' ending the paragraph before
            candidates.append((intro, intro_verbs[-1], rules.QUOTE_SAID_BEFORE))
    for sentence, verb, path_rule in candidates:
        subject = subject_of(verb)
        # the subject of the quotation's own speech verb is its speaker, kept as written when no
        # rule names it ('“…,” Ruiz's former campaign manager said', '“…?” a narrator asks')
        ref = source_ref(subject, sentence) if subject is not None else None
        if ref is None and subject is None and lemma_of(verb) != "tell":
            # only an inverted attribution names the speaker after the verb; after 'told' and
            # after a subject that named nobody, it is the audience ('told the BBC')
            ref = speaker_after(verb, sentence)
            path_rule = rules.INVERTED[path_rule]
        speaker = state.resolve(ref) or unresolved(ref)
        if speaker is None:
            continue
        cue, cue_start, _ = cue_text(verb)
        state.attribution_cues.add((sentence.span.start, cue_start))
        if subject is not None:  # "said one woman": the count in a source is not a claim
            state.source_ranges.append((sentence.art(subject.left_edge.idx),
                                        sentence.art(subject.idx + len(subject.text))))
        via = via_in(state, sentence, speaker, lemma_of(verb))
        state.unresolved_attribution = False
        return Attribution(speaker, cue, via, sentence.art(cue_start), sentence, with_ref_rule(path_rule, ref))
    return None


# ------------------------------------------------------------------ the quotation's claim


def _continues_a_woven_list(state: WalkState, previous_close: int, prefix: str) -> bool:
    """'called him a “nasty guy,” an “anchor baby,” “unstable” and “sick”': a quotation right after
    a quoted word woven into the same sentence (nothing but a comma or 'and' between) is one more
    item of it, not a quotation of its own."""
    if previous_close < 0 or prefix.strip(" ,") not in {"", "and", "or"}:
        return False
    return any(q.close_end == previous_close for q in state.partial_quotes)


def _is_standalone(state: WalkState, quote: Quote, s_open: Sentence) -> tuple[bool, str]:
    """Whether the quotation stands on its own (not woven into the reporter's sentence), and
    the words before it in its sentence, since the last quotation closed."""
    at = bisect.bisect_right(state.quote_ends, quote.open)
    previous_close = state.quote_ends[at - 1] if at else -1  # the last quotation closed before
    prefix_start = max(s_open.span.start, previous_close)
    prefix = state.text[prefix_start : quote.open].rstrip()
    standalone = (not prefix or prefix[-1] in ".!?:,;—–-([" or prefix.endswith(("“", '"'))
                  or speech_verb_ends(prefix, prefix_start, s_open))
    if standalone and previous_close > s_open.span.start and _continues_a_woven_list(state, previous_close, prefix):
        standalone = False
    return standalone, prefix


def _unattributed(state: WalkState, quote: Quote, s_open: Sentence, prefix: str) -> Attribution | None:
    """The speaker of a quotation no speech verb attributes, or None when it is no one's."""
    text = state.text
    own_sentence = not prefix and _OWN_SENTENCE_RE.match(text[quote.close_end : quote.close_end + 3])
    if quote.word_count <= 3 and not own_sentence and not prefix.endswith(":"):
        return None  # a scare quote, not speech (a colon introduces words said, however few)
    if state.unresolved_attribution:
        return None  # '“…,” said <someone we could not name>': not the previous speaker
    found = continuation(state, quote, s_open)
    if found is None and own_sentence and state.last_quote is None:
        found = named_after_lede(state, quote)
    if found is None:
        return None
    speaker, via, rule = found
    pronoun = _PRONOUN_AFTER_QUOTE_RE.match(text, quote.close_end)
    if pronoun is not None and speaker is not None and speaker.type is not SpeakerType.organisation \
            and not state.book.fits(pronoun.group(1).lower(), speaker.canonical):
        return None  # '“…,” he said' after a woman spoke: someone the article never named
    return Attribution(speaker, None, via, quote.open, s_open, rule)


def quote_claim(state: WalkState, quote: Quote) -> None:
    """A standalone quotation's claims, one per paragraph it runs over; a quotation woven into
    the reporter's sentence waits for the reported speech around it (see services.extract.indirect)."""
    s_open = state.sentence_at(quote.open)
    s_close = state.sentence_at(max(quote.close_end - 1, quote.open))
    if s_open is None or s_close is None:
        return
    standalone, prefix = _is_standalone(state, quote, s_open)
    if not standalone:
        state.partial_quotes.append(quote)
        return
    state.unresolved_attribution = False
    found = signed(state, quote, s_open) or attribution(state, quote, s_open, s_close)
    if found is None:
        found = _unattributed(state, quote, s_open, prefix)
        if found is None:
            return
    speaker, cue, via, sentence = found.speaker, found.cue, found.via, found.sentence
    # a quotation running over paragraphs is one claim per paragraph: each is a quoted span
    for index, part in enumerate(quote.parts):
        if part.end <= part.start:
            continue
        s_part = state.sentence_at(part.open) or s_open
        s_end = state.sentence_at(max(part.open, part.end - 1)) or s_close
        same_par = sentence.par == s_part.par
        evidence_end = max(s_end.span.end, sentence.span.end if same_par else 0)
        evidence_start = min(s_part.span.start, sentence.span.start if same_par else s_part.span.start)
        words = state.text[part.start : part.end]
        state.drafts.append(Draft(
            kind=ClaimKind.direct_quote, text=words, quote=words, span=(part.start, part.end),
            evidence=(evidence_start, evidence_end), speaker=speaker,
            cue=cue if index == 0 or same_par else None, via=via,
            carry=[(part.start, part.end)], rule=found.rule,
        ))
    state.note(speaker, found.offset, via, s_open.par)
    state.last_quote = (speaker, via, s_close.par)


def name_described_speakers(state: WalkState) -> None:
    """'…, a WHO spokesman said. “…,” the spokesman, Mehdi Benslimane, told reporters': an
    unnamed source the article names a little later is that person."""
    for draft in state.drafts:
        speaker = draft.speaker
        if speaker is None or not speaker.canonical.startswith(("a ", "an ")):
            continue
        named = state.book.named_after(description_head(speaker.canonical), draft.span[0])
        if named is not None:
            draft.speaker = speaker.model_copy(update={"canonical": named, "type": SpeakerType.person})
