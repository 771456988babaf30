"""Ingest word lists: one list per fact, no word in two lists that mean different things."""

from __future__ import annotations

from services.ingest import lexicon


def test_platforms_and_share_words_are_separate_facts() -> None:
    assert {"facebook", "bluesky", "whatsapp"} <= lexicon.SOCIAL_PLATFORMS
    assert not lexicon.SOCIAL_PLATFORMS & lexicon.SHARE_WIDGET_WORDS


def test_every_list_is_lower_case_without_repeats() -> None:
    for name in lexicon.__all__:
        words = getattr(lexicon, name)
        if callable(words):
            continue
        assert all(word == word.lower() for word in words), name
        assert len(list(words)) == len(set(words)), name


def test_alternation_keeps_the_order() -> None:
    assert lexicon.alternation(("de", "van", "von")) == "de|van|von"
