"""How a speaker holds a claim: speech, belief, evidence or speech act (schemas.AttributionType).

Read from the cue and the source, in this order, first answer wins:

1. a claim the outlet itself asserts (no speaker, no cue) has none;
2. a document, poll or data as the source is evidence: 'polls show', 'according to court filings';
3. the cue's verb or noun names the type: a speech act ('accused', 'vowed', 'her call for'), a belief
   ('expects', 'wants', 'voiced fears'), evidence ('the audit found', 'the finding that');
4. anything else said, written or quoted is speech.
"""

from __future__ import annotations

import re

from schemas.models import AttributionType, ClaimKind, Speaker, SpeakerType
from services.extract.lexicon.speech import (
    SPEECH_ACT_LEMMAS,
    SPEECH_ACT_NOUNS,
    SPEECH_NOUNS,
    noun_forms,
    speech_verb_forms,
)
from services.extract.lexicon.stance import (
    BELIEF_LEMMAS,
    BELIEF_NOUNS,
    EVIDENCE_LEMMAS,
    EVIDENCE_NOUNS,
    STANCE_ADJECTIVES,
)

_TYPE_OF_FORM: dict[str, AttributionType] = {
    form: type_
    for type_, lemmas in ((AttributionType.evidence, EVIDENCE_LEMMAS), (AttributionType.belief, BELIEF_LEMMAS),
                          (AttributionType.speech_act, SPEECH_ACT_LEMMAS))
    for lemma in lemmas for form in speech_verb_forms(lemma)
}
# the cue nouns' forms ('claims', 'fears', 'warnings'), where no verb form of the same spelling
# already names a type
_TYPE_OF_FORM.update({
    form: type_
    for type_, nouns in ((AttributionType.speech, SPEECH_NOUNS), (AttributionType.speech_act, SPEECH_ACT_NOUNS),
                         (AttributionType.belief, BELIEF_NOUNS), (AttributionType.evidence, EVIDENCE_NOUNS))
    for noun in nouns for form in noun_forms(noun) if form not in _TYPE_OF_FORM
})
_TYPE_OF_FORM.update({adjective: AttributionType.belief for adjective in STANCE_ADJECTIVES})  # 'was convinced'
_WORD_RE = re.compile(r"[a-z]+")


def attribution_type_of(kind: ClaimKind, cue: str | None, speaker: Speaker | None) -> AttributionType | None:
    """The attribution type of a claim with this kind, cue and speaker.

    Example: (indirect_quote, 'has vowed', Ana Ruiz) -> speech_act; (indirect_quote, 'show', 'polls'
    as a document) -> evidence; (numeric, None, None) -> None.
    """
    if speaker is None and cue is None:
        return None
    if speaker is not None and speaker.type is SpeakerType.document:
        return AttributionType.evidence
    if kind is ClaimKind.reported_event and speaker is None:
        return None  # the outlet's own report of an event ('Russia launched …'): the cue is its verb
    for word in _WORD_RE.findall((cue or "").lower()):
        found = _TYPE_OF_FORM.get(word)
        if found is not None:
            return found
    return AttributionType.speech
