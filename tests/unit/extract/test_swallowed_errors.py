"""The safety net of conftest.py: an exception the walk swallows (so an article keeps its other
claims) still fails the test that caused it."""

from __future__ import annotations

import logging

import pytest
from claim_helpers import article
from conftest import _EXTRACT_ERRORS

from services.extract import indirect
from services.extract.extractor import extract_claims


@pytest.mark.allow_extraction_errors
def test_a_sentence_that_raises_is_logged_and_the_rest_of_the_article_kept(monkeypatch) -> None:
    def broken(state, sentence):
        if "ferry" in state.text[sentence.span.start : sentence.span.end]:
            raise RuntimeError("a rule broke")
        return real(state, sentence)

    real = indirect.sentence_claims
    monkeypatch.setattr("services.extract.walk.sentence_claims", broken)
    before = len(_EXTRACT_ERRORS.records)
    claims = extract_claims(article("The mayor said the ferry would run. The council said the bridge would open."))
    assert [c.text for c in claims] == ["the bridge would open"]
    logged = _EXTRACT_ERRORS.records[before:]
    assert logged and logged[0].levelno == logging.ERROR and "claim extraction failed" in logged[0].getMessage()
