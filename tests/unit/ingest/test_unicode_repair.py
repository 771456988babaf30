"""Unicode repair: mojibake, odd spaces and look-alike letters."""

from __future__ import annotations

from services.ingest.unicode_repair import normalise_text, repair_homoglyphs, repair_unicode


def test_mojibake_is_repaired_and_reported_but_curly_quotes_stay() -> None:
    text, mojibake = repair_unicode("The mayor said it â€œwonâ€™t happenâ€\x9d again.")
    assert text == "The mayor said it “won’t happen” again."
    assert mojibake
    assert repair_unicode("“Already fine” — she said.") == ("“Already fine” — she said.", False)


def test_normalise_text_line_endings_and_odd_spaces() -> None:
    raw = "A\u00a0line\u2009with  odd\tspaces \r\nsecond\u200b line\rthird\u2028fourth  "
    assert normalise_text(raw) == "A line with odd spaces\nsecond line\nthird\nfourth"


# --------------------------------------------------------------------------- homoglyphs


def test_mixed_script_words_are_latinised_and_each_word_recorded_once() -> None:
    text = "The grоup creаted а new plаn and the plаn wаs approved."  # Cyrillic о and а
    repaired, fixes = repair_homoglyphs(text)
    assert repaired == "The group created a new plan and the plan was approved."
    assert [(f.original, f.repaired) for f in fixes] == [
        ("grоup", "group"),
        ("creаted", "created"),
        ("а", "a"),
        ("plаn", "plan"),
        ("wаs", "was"),
    ]


def test_greek_lookalikes_in_latin_words_are_repaired() -> None:
    repaired, fixes = repair_homoglyphs("Τhe ΑΡΙ is οnline")  # Greek capital tau/alpha/rho/iota, small omicron
    assert repaired == "The API is online"
    assert fixes


def test_real_cyrillic_and_greek_text_is_left_alone() -> None:
    for text in [
        "Президент заявил, что армия готова, а министр добавил детали.",
        "Ο πρωθυπουργός είπε ότι η κυβέρνηση θα απαντήσει.",
        "The slogan «Жыве Беларусь» was chanted, a witness said.",
    ]:
        assert repair_homoglyphs(text) == (text, [])


def test_lone_lookalike_word_needs_latin_neighbours_on_the_same_line() -> None:
    assert repair_homoglyphs("with а group")[0] == "with a group"
    assert repair_homoglyphs("Иван и а Петр")[0] == "Иван и а Петр"
    assert repair_homoglyphs("end\nа")[0] == "end\nа"
