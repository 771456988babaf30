"""The names one article uses (services.extract.article_names): what a capitalised sequence names,
and the bound on names. Sentences invented for this file."""

from __future__ import annotations

import dataclasses

from claim_helpers import article

from schemas.models import SpeakerType
from services.extract.article_names import (
    CAP_SEQUENCE_RE,
    ArticleNames,
    Mention,
    article_mentions,
    bounded_mentions,
    capitalised_name,
)
from services.extract.limits import DEFAULT_LIMITS
from services.extract.plan import plan_article
from services.extract.speakers import SpeakerBook


def _name(chunk: str) -> str | None:
    match = CAP_SEQUENCE_RE.search(chunk)
    assert match is not None
    return capitalised_name(chunk, match)


def test_capitalised_name_drops_what_is_not_the_name() -> None:
    assert _name("The Halden Ferry Company said") == "Halden Ferry Company"
    assert _name("Shares of Brenner Shipping fell") == "Brenner Shipping"
    assert _name("Here Marten spoke") is None  # one word left


def test_bounded_mentions_keeps_the_first_names() -> None:
    limits = dataclasses.replace(DEFAULT_LIMITS, max_names=2, max_mentions=10)
    mentions: list[Mention] = [(i, name, None, SpeakerType.unknown, set()) for i, name in enumerate("ABACD")]
    assert [m[1] for m in bounded_mentions(mentions, limits)] == ["A", "B", "A"]


def test_mentions_are_in_reading_order_and_short_forms_resolve() -> None:
    plan = plan_article(article("Ilse Marten runs the ferry. Later Marten said the pier would reopen."))
    offsets = [m[0] for m in article_mentions(plan)]
    assert offsets == sorted(offsets)
    names = ArticleNames()
    names.collect(plan, SpeakerBook(names.canonical))  # type: ignore[arg-type]
    assert names.canonical("Ilse Marten") == "Ilse Marten"
