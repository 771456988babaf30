"""Who is speaking, as one import: the names the extractor and the tests use, re-exported.

The work is done in these modules, read in this order:

- `speaker_rules`: the ordered table of rules (`SPEAKER_RULES`) that turns a subject token into a
  `SpeakerRef`, the firing rule's name in `ref.rule`; the document rules in `speaker_document_rules`;
- `speaker_types`: `SpeakerRef`, and what a rule reads (`Subject`) and may answer (`NO_SPEAKER`);
- `speaker_book`: `SpeakerBook`, the per-article memory that resolves a ref to a `Speaker` by kind,
  with ordered steps for pronouns, bodies and roles; `speaker_mentions` what it holds;
- `speaker_phrases`: reading the parse (entities, noun phrases, descriptions, titles);
- `speaker_names`: names and descriptions as text (cleaning, person or body, titles).
"""

from __future__ import annotations

from services.extract.speaker_book import CanonicalFn, SpeakerBook
from services.extract.speaker_names import (
    CAPITAL,
    NAME_JOIN,
    as_description,
    clean_surface,
    description_head,
    ent_surface,
    has_given_name,
    is_person_noun,
    looks_like_person,
    strip_person_title,
    titled_names,
)
from services.extract.speaker_phrases import ENTITY_TYPES, doc_mentions, entity_of, titles_of_entity
from services.extract.speaker_rules import first_answer, speaker_ref
from services.extract.speaker_types import SOMEONE, NoSpeaker, SpeakerRef

__all__ = [
    "CAPITAL",
    "ENTITY_TYPES",
    "NAME_JOIN",
    "SOMEONE",
    "NoSpeaker",
    "CanonicalFn",
    "SpeakerBook",
    "SpeakerRef",
    "as_description",
    "clean_surface",
    "description_head",
    "doc_mentions",
    "first_answer",
    "ent_surface",
    "entity_of",
    "has_given_name",
    "is_person_noun",
    "looks_like_person",
    "speaker_ref",
    "strip_person_title",
    "titled_names",
    "titles_of_entity",
]
