"""services.extract.split_quotes: a quotation the reporter splits around its attribution is one
claim with its parts; two quotations with something else between them stay two."""

from __future__ import annotations

from paragraphs import claims_of

from schemas.models import ClaimKind
from services.extract.split_quotes import JOINER


def _quotes(text: str) -> list[tuple[str, list[str]]]:
    [claims] = claims_of(text, prefix="split")
    return [(c.speaker.canonical, [p.text.strip(" ,.") for p in c.parts])
            for c in claims if c.kind is ClaimKind.direct_quote]


def test_a_quotation_split_around_its_attribution_is_one_claim() -> None:
    [(speaker, parts)] = _quotes("“We are ready,” Mayor Ana Ruiz said, “and we will win.”")
    assert (speaker, parts) == ("Ana Ruiz", ["We are ready", "and we will win"])
    [claims] = claims_of("“We are ready,” Mayor Ana Ruiz said, “and we will win.”", prefix="split")
    assert JOINER in claims[0].text


def test_an_attribution_with_a_long_apposition_still_joins_the_parts() -> None:
    quotes = _quotes(
        "“The levy was never about the pier,” added Councillor Omar Haddad (Green), the deputy leader of "
        "the harbour committee. “It was about who pays for the ferry.”")
    assert quotes == [("Omar Haddad", ["The levy was never about the pier", "It was about who pays for the ferry"])]


def test_quotations_with_no_attribution_between_them_stay_apart() -> None:
    quotes = _quotes("“We are ready,” Mayor Ana Ruiz said. The crowd cheered for a minute. “We will win.”")
    assert [parts for _, parts in quotes] == [["We are ready"], ["We will win"]]
