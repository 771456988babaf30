"""Reported speech -> indirect quotes, and the quoted words inside them (services.extract.indirect)."""

from __future__ import annotations

from claim_helpers import article, direct, indirect

from schemas.models import ClaimEvent, ClaimKind
from services.extract.extractor import extract_claims


def test_live_blog_reported_speech_verbs(claims_by_sample: dict[str, list[ClaimEvent]]) -> None:
    reported = indirect(claims_by_sample["live_blog"])
    assert ("Lena Hoffmann", "accused", "the opposition of spreading false figures about the negotiations") in reported
    assert any(s == "Daniel Ortiz" and cue == "told" and text.startswith("he was") for s, cue, text in reported)
    assert any(s == "Tomas Weber" and cue == "denied" for s, cue, _ in reported)


def test_scare_quotes_and_partial_quotes_are_not_direct_quotes(claims_by_sample: dict[str, list[ClaimEvent]]) -> None:
    quotes = direct(claims_by_sample["tricky"])
    # a label pinned with 'as' is the speaker's own words (every blind dev-set batch annotates it so)
    assert quotes["a fairy tale"] == "the minister"
    assert "the decade that changed everything." not in quotes
    partial = next(c for c in claims_by_sample["tricky"] if "the 1960s were" in c.text)
    assert partial.kind is ClaimKind.indirect_quote and partial.speaker.canonical == "Ole Nygaard"


def test_colon_attribution_is_not_also_an_indirect_claim(claims_by_sample: dict[str, list[ClaimEvent]]) -> None:
    claims = claims_by_sample["tricky"]
    quoted = "I never said 'we surrender', I said we would 'pause' the campaign."
    assert quoted in direct(claims)
    assert not any(c.kind is ClaimKind.indirect_quote and "we surrender" in c.text for c in claims)


def test_partial_quote_inside_reported_speech_is_the_speakers_words() -> None:
    text = "Judge Miriam Castell said the defendant had shown “no remorse whatsoever” during the trial."
    claims = extract_claims(article(text))
    [claim] = claims  # one attribution: the reported speech, its quoted words a part of it
    assert claim.kind is ClaimKind.indirect_quote and claim.speaker.canonical == "Miriam Castell"
    assert claim.text == "the defendant had shown “no remorse whatsoever” during the trial"
    assert [(part.text, claim.evidence.sentence[part.start : part.end]) for part in claim.parts] == [
        ("no remorse whatsoever", "no remorse whatsoever")]


def test_relative_clause_reporter_is_the_antecedent() -> None:
    text = "“It is a saving,” replied council leader Beatrice Owusu, who said the library would reopen as a hub."
    reported = indirect(extract_claims(article(text)))
    assert any(s == "Beatrice Owusu" and "library would reopen" in t for s, _, t in reported)


def test_unnamed_sources_are_named_by_their_description(claims_by_sample: dict[str, list[ClaimEvent]]) -> None:
    speakers = {c.speaker.canonical for c in claims_by_sample["live_blog"] if c.speaker}
    assert "two diplomats" in speakers  # not the participle clause "briefed on the talks"
    assert "police" in speakers
    text = "A spokesperson for the Ministry of Transport, who declined to be named, said the tunnel would reopen."
    claim = next(c for c in extract_claims(article(text)) if c.kind is ClaimKind.indirect_quote)
    assert claim.speaker.canonical == "a spokesperson for the Ministry of Transport"
