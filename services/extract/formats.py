"""Article formats whose words are claims without quotation marks: Q&A interviews ('Q: …' /
'A: …'), transcripts ('OKAFOR: …'), hand-overs ('… has posted on Telegram:' then the post) and
embedded social-media posts."""

from __future__ import annotations

import re
from collections import Counter

from schemas.models import ClaimKind, Speaker, SpeakerType
from services.extract import rules
from services.extract.attribution import introducer, platform_in
from services.extract.claims import Draft
from services.extract.lexicon.layout import LINE_LABEL_WORDS
from services.extract.nlp import QUOTE_CHARS, Span
from services.extract.plan import Sentence
from services.extract.quotes import EmbeddedPost
from services.extract.speakers import SOMEONE, SpeakerRef, is_person_noun
from services.extract.walk_state import WalkState

_TIMESTAMP_RE = re.compile(r"\d{1,2}[:.]\d{2}\b|\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
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


def without_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A line's words without the quotation marks (and spaces) around them."""
    while start < end and text[start] in "\"“'‘ ":
        start += 1
    while end > start and text[end - 1] in "\"”'’ ":
        end -= 1
    return start, end


def name_case(label: str) -> str:
    """'MARY O'NEILL' -> 'Mary O'Neill': a capitals-only label written as a name."""
    if not label.isupper():
        return label
    return re.sub(r"[A-Z]+", lambda m: m.group(0).capitalize(), label)


# ------------------------------------------------------------------ finding them


def answers(state: WalkState) -> list[Span]:
    """In a Q&A interview ('Q: ...' / 'A: ...' paragraphs) every answer is the interviewee's
    own words, quoted or not; the spans are the answers' words without prefix or marks."""
    text = state.text
    if not _QUESTION_RE.search(text):
        return []
    found = []
    for par in state.plan.pars:
        match = _ANSWER_RE.match(text, par.start, par.end)
        if match is None:
            continue
        start, end = without_marks(text, match.end(), par.end)
        if end > start:
            found.append(Span(start, end))
    return found


def in_question(state: WalkState, sentence: Sentence) -> bool:
    """The sentence is in an interviewer's question ('Q: Critics say rents will rise?'): it
    asserts nothing, and its words must not become the answer's speaker."""
    par = state.plan.pars[sentence.par]
    return _QUESTION_RE.match(state.text, par.start, par.end) is not None


def transcript_lines(state: WalkState) -> list[tuple[int, Span, str]]:
    """Transcript lines, 'OKAFOR: Because the money ran out.': the words after a speaker's
    label, quoted or not. A label counts when it names a person the article mentions or a
    role ('HOST:'), or when the article alternates two or more capitalised labels over three
    lines or more; a dateline ('NEW DELHI:') or a section label ('UPDATE:') opens one line
    and names nobody."""
    text = state.text
    found: list[tuple[int, Span, str]] = []
    for par in state.plan.pars:
        match = _SPEAKER_LABEL_RE.match(text, par.start, par.end)
        if match is None or match.group(1).lower() in LINE_LABEL_WORDS:
            continue
        start, end = without_marks(text, match.end(), par.end)
        if end > start and not _ANSWER_RE.match(match.group(0)):
            found.append((par.start, Span(start, end), match.group(1)))
    capitals = Counter(label for _, _, label in found if label.isupper())
    alternating = len(capitals) >= 2 and sum(capitals.values()) >= 3
    return [(at, span, label) for at, span, label in found
            # an interviewer's question asserts nothing, as in a Q&A
            if not text[span.start : span.end].endswith("?")
            and ((alternating and label.isupper()) or state.book.person_named(label) is not None
                 or is_person_noun(label.split()[-1].lower()))]


def handovers(state: WalkState) -> list[tuple[Sentence, Span]]:
    """A paragraph that ends by handing over to the next ('… has posted on Telegram:') and
    the unquoted paragraph it introduces."""
    text = state.text
    found = []
    for intro, block in zip(state.plan.pars, state.plan.pars[1:], strict=False):
        if not _HANDOVER_RE.search(text, intro.start, intro.end) or text[block.start] in QUOTE_CHARS:
            continue
        if _SPEAKER_LABEL_RE.match(text, block.start, block.end) or _TIMESTAMP_RE.match(text, block.start):
            continue  # the next entry of a live blog, or a transcript line, not the post itself
        sentence = state.sentence_at(intro.end - 1)
        if sentence is not None:
            found.append((sentence, block))
    return found


# ------------------------------------------------------------------ their claims


def answer_claim(state: WalkState, answer: Span, speaker: Speaker | None = None,
                 rule: str = rules.QA_ANSWER) -> None:
    """The interviewee: whoever last spoke, else the person the introduction names."""
    if speaker is None:
        speaker = state.resolve(SpeakerRef(SOMEONE, "pronoun", offset=answer.start))
        if speaker is None:
            return
        speaker = speaker.model_copy(update={"surface": speaker.canonical})
    sentence = state.sentence_at(answer.start)
    par = sentence.par if sentence is not None else 0
    par_span = state.plan.pars[par]
    words = state.text[answer.start : answer.end]
    state.drafts.append(Draft(
        kind=ClaimKind.direct_quote, text=words, quote=words, span=(answer.start, answer.end),
        evidence=(par_span.start, par_span.end), speaker=speaker, cue=None, via=None,
        carry=[(answer.start, answer.end)], rule=rule,
    ))
    state.answered.append((par_span.start, par_span.end))
    state.note(speaker, answer.start, None, par)


def handover_claim(state: WalkState, intro: Sentence, block: Span) -> None:
    """The post a hand-over introduces is its introducer's, on the platform it names."""
    intro_text = state.text[intro.span.start : intro.span.end]
    speaker = introducer(state, intro_text, intro)
    if speaker is None:
        return
    platform = platform_in(intro_text)
    answer_claim(state, block, speaker, rules.HANDOVER_POST)
    if platform is not None:
        state.drafts[-1].via = platform


def transcript_claim(state: WalkState, line: Span, label: str) -> None:
    """A transcript line is its label's: a person the article names, a role, or the label as a name."""
    role = label.split()[-1].lower()
    named = state.book.person_named(label)
    speaker: Speaker | None
    if named is not None:
        speaker = state.book.speaker_for_name(named, SpeakerType.person)
    elif is_person_noun(role) and " " not in label:
        speaker = state.resolve(SpeakerRef(f"the {role}", "owned role", SpeakerType.person, head=role,
                                           offset=line.start))
    else:
        speaker = state.book.speaker_for_name(name_case(label), SpeakerType.person)
    if speaker is not None:
        answer_claim(state, line, speaker.model_copy(update={"surface": label}), rules.TRANSCRIPT_LINE)


def post_claims(state: WalkState, post: EmbeddedPost) -> None:
    """Each line of an embedded post is its author's, on its platform, dated by the post."""
    speaker = state.book.speaker_for_name(post.author, SpeakerType.person)
    par = next((i for i, p in enumerate(state.plan.pars) if p.start == post.signature.start), 0)
    for line in post.lines:
        words = state.text[line.start : line.end]
        state.drafts.append(Draft(
            kind=ClaimKind.direct_quote, text=words, quote=words, span=(line.start, line.end),
            evidence=(line.start, line.end), speaker=speaker, cue=None, via=post.platform,
            carry=[(line.start, line.end)], date_text=post.date, rule=rules.EMBEDDED_POST,
        ))
    state.note(speaker, post.signature.start, post.platform, par)
