"""The wire contract: every message on every claimwire topic is one of these models.

Models are frozen and reject unknown fields, so a producer that drifts from the contract fails
loudly at the producer, not silently at some downstream consumer. Bump ``SCHEMA_VERSION`` (and
the versioned topic names in ``schemas.topics``) on any incompatible change.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION: Final = "1.0"


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


def stable_id(*parts: object, length: int = 24) -> str:
    """Deterministic identifier: the same parts always give the same id, on any machine."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


# --------------------------------------------------------------------------- storable dates

# Every date on the wire must be one every index engine can store. Tantivy (the embedded engine,
# tantivy-py 0.27) keeps a date as signed 64-bit nanoseconds since the epoch, so it holds only
# 1677-09-21T00:12:43.145225Z .. 2262-04-11T23:47:16.854775Z (UTC, after converting the offset) and
# raises inside the index write for anything else. OpenSearch `date` fields (milliseconds) hold far
# more; its `date_nanos` type holds 1970..2262, so an OpenSearch mapping must use `date`. The bound
# below sits 60+ years inside Tantivy's range on both sides (122 before, 61 after): no offset (+-24 h)
# and no shift of a day or a few years can carry a contract date out of what the engines store, and
# it still covers digitised 19th-century newspapers and any real future-dated embargo.
STORABLE_FROM = datetime(1800, 1, 1, tzinfo=UTC)
STORABLE_UNTIL = datetime(2200, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
STORABLE_RANGE_TEXT = "1800-01-01T00:00:00Z to 2200-12-31T23:59:59Z (UTC)"
# Local times this far outside the bound are outside it in any offset (offsets are under 24 h):
# they are refused without converting, since converting year 1 at +14:00 overflows in Python.
_FAR_BEFORE = datetime(1799, 12, 30)
_FAR_AFTER = datetime(2201, 1, 2)


def storable_date_problem(moment: date | datetime | None) -> str | None:
    """Why ``moment`` cannot be stored (a sentence), or None when it can (and for None).

    A datetime is compared in UTC after applying its offset (a naive one counts as UTC, as the
    store reads it); a date is its midnight UTC. Never raises, whatever the year and offset."""
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        inside = STORABLE_FROM.date() <= moment <= STORABLE_UNTIL.date()
    else:
        naive = moment.replace(tzinfo=None)
        inside = _FAR_BEFORE <= naive <= _FAR_AFTER
        if inside:
            offset = moment.utcoffset()  # under 24 h, so the subtraction cannot overflow here
            utc = naive - offset if offset is not None else naive
            inside = STORABLE_FROM <= utc.replace(tzinfo=UTC) <= STORABLE_UNTIL
    if inside:
        return None
    try:
        shown = moment.isoformat()
    except Exception:
        shown = repr(moment)
    return f"{shown} is outside the dates the index can store ({STORABLE_RANGE_TEXT})"


def _storable(moment: Any) -> Any:
    problem = storable_date_problem(moment)
    if problem is not None:
        raise ValueError(problem)
    return moment


StorableDatetime = Annotated[datetime, AfterValidator(_storable)]
StorableDate = Annotated[date, AfterValidator(_storable)]


def _unset(value: Any) -> bool:
    return value is None


# Bounds on the cleaning report, so a message stays small whatever the input (see CleaningReport).
MAX_REPORTED_LINES = 100
MAX_REPORTED_LINE_CHARS = 300
MAX_REPORTED_FIXES = 200
MAX_REPORTED_FIX_CHARS = 64


# --------------------------------------------------------------------------- raw articles


class SourceKind(StrEnum):
    file = "file"
    stdin = "stdin"
    http = "http"
    feed = "feed"


class ArticleSource(_Contract):
    kind: SourceKind
    uri: str | None = Field(None, description="File path, feed entry URL or HTTP client hint.")
    content_type: str | None = Field(None, description="text/plain, text/html, application/json ...")


class HomoglyphFix(_Contract):
    original: str
    repaired: str


class CleaningReport(_Contract):
    """What cleaning changed, so an analyst can audit the body that claims point into.

    The producer bounds the lists (see their descriptions) so that a report stays small whatever
    the input; the contract does not refuse longer lists, so messages written before the bounds
    still validate. The optional fields are left out of the JSON when unset, so a consumer built
    before they existed reads every article that does not use them."""

    mojibake_repaired: bool = False
    homoglyph_fixes: list[HomoglyphFix] = Field(
        default_factory=list,
        description=f"Words repaired, one per distinct word; the first {MAX_REPORTED_FIXES} of at most "
        f"{MAX_REPORTED_FIX_CHARS} characters.",
    )
    removed_lines: list[str] = Field(
        default_factory=list,
        description=f"Site chrome dropped from the body: the first {MAX_REPORTED_LINES} lines, each cut to "
        f"{MAX_REPORTED_LINE_CHARS} characters (ending in '…' when cut).",
    )
    dateline: str | None = Field(None, description="Dateline moved from the body into `published`.")
    truncated_from_chars: int | None = Field(
        None,
        ge=1,
        exclude_if=_unset,
        description="Set when the body was longer than the article size limit and was cut at a paragraph, "
        "sentence or word boundary near it: the body's length in characters before the cut (of the cleaned "
        "body; of the body as received when it was too long to clean whole). Absent when nothing was cut.",
    )
    published_dropped: str | None = Field(
        None,
        exclude_if=_unset,
        description="A publication date the source stated but that was dropped, with the reason "
        f"(a date outside {STORABLE_RANGE_TEXT}); at most 400 characters. Absent when no date was dropped.",
    )


class RawArticle(_Contract):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    article_id: str = Field(description="Deterministic: normalised URL if present, else normalised content.")
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: StorableDatetime | None = Field(
        None, description=f"Publication time where the source states it, within {STORABLE_RANGE_TEXT}."
    )
    language: str = "en"
    text: str = Field(description="Cleaned body text; claim evidence offsets index into this string.")
    source: ArticleSource
    cleaning: CleaningReport = Field(default_factory=CleaningReport)


# --------------------------------------------------------------------------- claims


class ClaimKind(StrEnum):
    direct_quote = "direct_quote"
    indirect_quote = "indirect_quote"
    numeric = "numeric"
    reported_event = "reported_event"


class SpeakerType(StrEnum):
    person = "person"
    organisation = "organisation"
    document = "document"  # a report, a poll, data or filings, when no issuer is named
    unknown = "unknown"  # a description or pronoun the extractor could not resolve, kept as written


class AttributionType(StrEnum):
    """How the speaker holds the claim: analysts filter on it ('what do the polls show')."""

    speech = "speech"  # said, told, wrote, according to a person
    belief = "belief"  # believes, thinks, expects, wants, plans, fears, hopes
    evidence = "evidence"  # a poll, a report, data or documents show, find, suggest
    speech_act = "speech_act"  # accused, urged, denied, vowed, promised, warned, praised


class Speaker(_Contract):
    canonical: str = Field(description="One name per real-world speaker across spellings and titles.")
    surface: str = Field(description="The speaker as written near the claim ('he', 'Mr Lukashenko').")
    type: SpeakerType = SpeakerType.unknown


Qualifier = Literal["more than", "at least", "up to", "about", "less than", "exactly"]


class Quantity(_Contract):
    value: float | None = Field(description="None for vague amounts such as 'thousands'.")
    unit: str | None = None
    qualifier: Qualifier | None = None
    subject: str | None = None
    surface: str = Field(description="The amount as written: 'more than 1,000 troops'.")


class EventDate(_Contract):
    raw: str = Field(description="The expression as written: 'on Monday', 'Oct. 23'.")
    resolved: StorableDate | None = Field(
        None, description=f"Resolved against the publication date where known, within {STORABLE_RANGE_TEXT}."
    )


class EntityType(StrEnum):
    person = "person"
    organisation = "organisation"
    location = "location"
    other = "other"


class Entity(_Contract):
    canonical: str
    type: EntityType = EntityType.other
    aliases: list[str] = Field(default_factory=list, description="Surface forms merged into `canonical`.")


class QuotedPart(_Contract):
    start: int = Field(ge=0, description="Offset of the quoted words in RawArticle.text (inside the marks).")
    end: int = Field(ge=0)
    text: str = Field(description="Equals RawArticle.text[start:end].")

    @model_validator(mode="after")
    def _ordered(self) -> QuotedPart:
        if self.end < self.start or self.end - self.start != len(self.text):
            raise ValueError("quoted part end must be start + len(text)")
        return self


class Evidence(_Contract):
    start: int = Field(ge=0, description="Offset of the evidence sentence in RawArticle.text.")
    end: int = Field(ge=0)
    sentence: str = Field(description="Equals RawArticle.text[start:end].")
    rule: str | None = Field(
        None,
        description="Name of the extraction rule that produced the claim (e.g. 'direct_quote.said_after', "
        "'reported.speech_verb > <speaker rule>'), so a wrong claim can be traced to its rule.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        if self.end < self.start or self.end - self.start != len(self.sentence):
            raise ValueError("evidence end must be start + len(sentence)")
        return self


class ClaimEvent(_Contract):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    claim_id: str = Field(description="Deterministic: see `claim_id_for`.")
    article_id: str
    kind: ClaimKind
    text: str = Field(description="The claim: quoted words for direct quotes, the content span otherwise.")
    quote: str | None = Field(None, description="Verbatim quoted words, for direct quotes.")
    parts: list[QuotedPart] = Field(
        default_factory=list,
        description="The claim's verbatim quoted words with their offsets: each quoted span of a direct quote "
        "('“A,” he said, “B”' is one claim with two parts), and the quoted words inside reported speech "
        "('said the plan was “long overdue”'). Empty when nothing is quoted.")
    speaker: Speaker | None = Field(
        None, description="None where no source is named: the outlet asserts the claim itself, or a passive names "
        "no one ('is expected to win', 'was accused of fraud').")
    cue: str | None = Field(None, description="Reporting verb or phrase: 'said', 'according to'.")
    attribution_type: AttributionType | None = Field(
        None, description="Speech, belief, evidence or speech act; None for claims the outlet itself asserts.")
    via: str | None = Field(None, description="Intermediary source: BelTA, Telegram, a newspaper.")
    quantities: list[Quantity] = Field(default_factory=list)
    hedged: bool = False
    hedges: list[str] = Field(default_factory=list, description="The hedge expressions found.")
    event_date: EventDate | None = None
    entities: list[Entity] = Field(default_factory=list)
    evidence: Evidence
    outlet: str | None = None
    url: str | None = None
    published: StorableDatetime | None = Field(None, description=f"The article's, within {STORABLE_RANGE_TEXT}.")
    extractor_version: str


def claim_id_for(article_id: str, kind: ClaimKind | str, span_start: int, span_end: int) -> str:
    """A claim is identified by where it sits in which article, not by the extractor's wording,
    so a replay or a re-extraction upserts the same document instead of adding a twin."""
    return stable_id(article_id, str(kind), span_start, span_end)


# --------------------------------------------------------------------------- dead letters


class DeadLetter(_Contract):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    dead_letter_id: str
    service: str = Field(description="ingest, extract, store or the embedded pipeline.")
    stage: str = Field(description="read, clean, validate, extract, index, publish ...")
    error_type: str
    error: str
    source_uri: str | None = Field(None, description="File path or URL for input that never reached Kafka.")
    source_topic: str | None = None
    source_partition: int | None = None
    source_offset: int | None = None
    key: str | None = None
    original_base64: str = Field(description="The original bytes, base64, so a replay can re-send them.")
    article_id: str | None = None
    occurred_at: datetime
