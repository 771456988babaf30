"""A speaker as found in one sentence, before the article's memory resolves it."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.models import SpeakerType

# Stands for 'this person' when the extractor itself asks who is in focus (an interviewee, 'the
# former world champion'): a person, of either gender.
SOMEONE = "someone"


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """A speaker as found in one sentence, before resolution."""

    surface: str
    kind: str  # name | pronoun | role | body | unnamed | document | phrase
    type: SpeakerType = SpeakerType.unknown
    head: str = ""  # lower-case head noun for roles and documents
    offset: int = 0  # article offset of the mention
    rule: str | None = None  # name of the rule that found this speaker (see SPEAKER_RULES)
