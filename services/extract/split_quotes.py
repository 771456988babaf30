"""One claim per statement: a quotation the reporter splits around its attribution ('“The pier
will reopen,” the mayor said, “but not this summer.”') is one direct quote with two parts, not two
claims. The parts keep the verbatim words and their offsets (ClaimEvent.parts)."""

from __future__ import annotations

import re
from dataclasses import replace

from schemas.models import ClaimKind
from services.extract.claims import Draft
from services.extract.lexicon.speech import CUE_FORMS

# An attribution set between the two parts is a few words, or a name with a long apposition
# ('," added Rep. Ada Ruiz (D-Ore.), the assistant leader of the caucus. "': 13 words). Measured on
# real news, where annotators mark such a paragraph as one attribution, a bound of 10 words left
# content precision at 0.805 and 20 gave 0.817.
MAX_GAP_WORDS = 20
JOINER = " … "
_WORD_RE = re.compile(r"[^\W\d_]+")
_QUOTE_MARK_RE = re.compile(r"[\"“”«»„]")


def joinable(first: Draft, second: Draft, text: str) -> bool:
    """Two direct quotes of one speaker in one paragraph, with only an attribution between them.

    Example: '“We are ready,” she said, “and we will win.”' -> joinable; '“We are ready.” The crowd
    cheered. “We will win.”' -> not (no cue between them), nor '“We are ready,” she said. The crowd
    cheered. “We will win.”' (a sentence of the reporter's between them).
    """
    if first.kind is not ClaimKind.direct_quote or second.kind is not ClaimKind.direct_quote:
        return False
    if first.speaker is None or second.speaker is None or first.speaker.canonical != second.speaker.canonical:
        return False
    gap = text[first.span[1] : second.span[0]]
    if "\n" in gap or len(_QUOTE_MARK_RE.findall(gap)) > 2:
        return False  # another paragraph, or another quotation between them
    words = [w.lower() for w in _WORD_RE.findall(gap)]
    if not 0 < len(words) <= MAX_GAP_WORDS or CUE_FORMS.isdisjoint(words):
        return False
    # the attribution ends the first part's sentence; a sentence of the reporter's after it parts them
    after_its_sentence = text[max(first.evidence[1], first.span[1]) : second.span[0]]
    return _WORD_RE.search(after_its_sentence) is None


def joined(first: Draft, second: Draft) -> Draft:
    return replace(
        first, text=first.text + JOINER + second.text,
        quote=(first.quote or first.text) + JOINER + (second.quote or second.text),
        span=(first.span[0], second.span[1]),
        evidence=(min(first.evidence[0], second.evidence[0]), max(first.evidence[1], second.evidence[1])),
        cue=first.cue or second.cue, carry=first.carry + second.carry,
        quantities=first.quantities + second.quantities,
        parts=(first.parts or [first.span]) + (second.parts or [second.span]),
    )


def join_split_quotes(drafts: list[Draft], text: str) -> list[Draft]:
    """The drafts with each run of split parts of one quotation joined, in text order; a draft lying
    between two parts keeps them apart."""
    result: list[Draft] = []
    for draft in sorted(drafts, key=lambda d: (d.span[0], d.span[1])):
        if result and joinable(result[-1], draft, text):
            result[-1] = joined(result[-1], draft)
        else:
            result.append(draft)
    return result
