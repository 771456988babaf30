"""Cleaning: unicode and homoglyph repair, chrome categories, datelines, titles."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from services.ingest.cleaning import (
    chrome_category,
    clean_article_text,
    normalise_text,
    parse_dateline,
    repair_homoglyphs,
    repair_unicode,
)

BODY = (
    "Dock workers at the Port of Kessler walked off the job on Tuesday, halting cargo traffic.\n\n"
    "“We are not going back until the contract is signed,” said union chair Mara Lindqvist.\n\n"
    "The port authority said that losses could reach up to $3 million a day."
)


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


# --------------------------------------------------------------------------- unicode


def test_mojibake_is_repaired_and_reported_but_curly_quotes_stay() -> None:
    text, mojibake = repair_unicode("The mayor said it â€œwonâ€™t happenâ€\x9d again.")
    assert text == "The mayor said it “won’t happen” again."
    assert mojibake
    assert repair_unicode("“Already fine” — she said.") == ("“Already fine” — she said.", False)


def test_normalise_text_line_endings_and_odd_spaces() -> None:
    raw = "A\u00a0line\u2009with  odd\tspaces \r\nsecond\u200b line\rthird\u2028fourth  "
    assert normalise_text(raw) == "A line with odd spaces\nsecond line\nthird\nfourth"


def test_clean_reports_mojibake() -> None:
    result = clean_article_text("Officials said the cafÃ© would reopen on Monday after repairs were made.")
    assert result.text == "Officials said the café would reopen on Monday after repairs were made."
    assert result.report.mojibake_repaired


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


# --------------------------------------------------------------------------- chrome lines


@pytest.mark.parametrize(
    ("line", "category"),
    [
        ("We're fundraising! Help us reach our goal before Friday.", "fundraising"),
        ("Support independent journalism: become a member today", "fundraising"),
        ("Please donate to keep our reporting free for everyone.", "fundraising"),
        ("ADVERTISEMENT", "sponsor"),
        ("- Advertisement -spot_img", "sponsor"),
        ("Story continues below advertisement", "sponsor"),
        ("Related Stories", "teaser"),
        ("Read more: Council delays vote on harbour plan", "teaser"),
        ("You might also like", "teaser"),
        ("Most Read", "teaser"),
        ("Follow us on Instagram and TikTok for the latest", "social"),
        ("Share on Facebook", "social"),
        ("Facebook Twitter WhatsApp Email", "social"),
        ("Morning Briefing newsletter: the day's news in five minutes", "newsletter"),
        ("Sign up for our newsletter to get the top stories in your inbox.", "newsletter"),
        ("Weekdays at 7am ET", "newsletter"),
        ("Load more stories", "newsletter"),
        ("We use cookies to improve your experience. By continuing you accept our privacy policy.", "cookies"),
        ("Flooded streets in Port Wendell on Sunday (Photo: Coastline Courier/R. Ames)", "caption"),
        ("Rescue crews at work. Photograph: Lena Ortiz/Reuters", "caption"),
        ("Image caption, Residents wade through water", "caption"),
        ("Photo of the week", "widget"),
        ("Watch: Drone footage shows the flooded harbour", "widget"),
        ("Tags: storm, flooding, Port Wendell", "widget"),
        ("© 2024 Valley Ledger Media", "widget"),
        ("Home > News > Local", "breadcrumb"),
        ("By Priya Natarajan and Owen Kell", "byline"),
        ("Reporting by Ana Silva; Editing by Mark Heron", "credits"),
        ("Click here to read the full report", "fundraising"),
        ("Download our free news app", "fundraising"),
        ("Continue reading the main story", "sponsor"),
        ("Copyright 2025 Harbour Gazette", "widget"),
        ("Posted by Rolf Dahl", "byline"),
    ],
)
def test_chrome_categories(line: str, category: str) -> None:
    assert chrome_category(line) == category


@pytest.mark.parametrize(
    "line",
    [
        "The union said its newsletter had reached more than 5,000 members this year.",
        "Residents were told to follow the evacuation routes marked in orange.",
        "The charity said donations had fallen by a fifth since the storm.",
        "Lindqvist, who has followed the talks closely, said the offer was an insult.",
        "Read the full statement, the union urged its members on Tuesday.",
        "By Tuesday evening the water had receded from most streets.",
        "“Follow the money,” the auditor told reporters.",
        "Share prices of the shipping firm fell 4% after the announcement.",
        "The photo, taken by a resident, shows the flooded harbour.",
        "Mara Lindqvist, editor-in-chief of the union newsletter, said members were angry.",
        "International",
        "Victims were told to click the link to claim a refund.",
        "Copyright lawyers for the union filed the complaint on Monday.",
        "Editing by hand took the archivists three weeks.",
        "Analysis: Why the Kessler strike matters",
    ],
)
def test_body_lines_are_not_chrome(line: str) -> None:
    assert chrome_category(line) is None


def test_body_paragraph_mentioning_newsletter_survives_cleaning() -> None:
    text = (
        "Port strike widens\n\n"
        + BODY
        + "\n\nThe union's weekly newsletter urged members to follow the picket rota and share updates."
    )
    result = clean_article_text(text)
    assert paragraphs(result.text)[-1].startswith("The union's weekly newsletter")
    assert result.title == "Port strike widens"


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("24 October 2022, 10:18 AM", datetime(2022, 10, 24, 10, 18)),
        ("Oct. 24, 2022", datetime(2022, 10, 24)),
        ("Monday 24 October 2022 10.18 BST", datetime(2022, 10, 24, 10, 18, tzinfo=timezone(timedelta(hours=1)))),
        ("Published: March 5, 2024 at 3:45 p.m.", datetime(2024, 3, 5, 15, 45)),
        ("Updated 2024-03-05 08:00", datetime(2024, 3, 5, 8, 0)),
        ("Tuesday, 5 March 2024", datetime(2024, 3, 5)),
    ],
)
def test_parse_dateline(line: str, expected: datetime) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "— Anna Myroniuk (@AnnaMyroniuk) March 1, 2022",
        "The strike began on March 5, 2024 and lasted a week.",
        "March 5",
        "5 hours ago",
        "2024",
        "",
    ],
)
def test_not_a_dateline(line: str) -> None:
    assert parse_dateline(line) is None


def test_dateline_leaves_the_body_and_sets_published() -> None:
    result = clean_article_text("Port strike widens\n\nPublished: March 5, 2024 at 3:45 p.m.\n\n" + BODY)
    assert result.published == datetime(2024, 3, 5, 15, 45)
    assert result.dateline == "Published: March 5, 2024 at 3:45 p.m."
    assert paragraphs(result.text) == paragraphs(BODY)
    assert "Published: March 5, 2024 at 3:45 p.m." in result.report.removed_lines


# --------------------------------------------------------------------------- titles and labels


def test_title_detected_and_removed_with_section_label_and_repeats() -> None:
    text = "Business\n\nPort strike widens\n\nPort strike widens\n\n" + BODY
    result = clean_article_text(text)
    assert result.title == "Port strike widens"
    assert paragraphs(result.text) == paragraphs(BODY)
    assert result.report.removed_lines == ["Business", "Port strike widens", "Port strike widens"]


def test_no_title_when_text_starts_with_prose() -> None:
    result = clean_article_text(BODY)
    assert result.title is None
    assert result.text == BODY


def test_period_title_needs_a_wider_gap() -> None:
    title = "Dockers walk out as talks collapse."
    assert clean_article_text(f"{title}\n\n\n{BODY}").title == title
    assert clean_article_text(f"{title}\n{BODY}").title is None
    assert paragraphs(clean_article_text(f"{title}\n{BODY}").text)[0] == title


def test_header_with_unexplained_lines_keeps_them() -> None:
    text = "Port strike widens\nA standfirst without a full stop\n\n" + BODY
    result = clean_article_text(text)
    assert result.title is None
    assert paragraphs(result.text)[:2] == ["Port strike widens", "A standfirst without a full stop"]


def test_known_title_is_removed_even_if_it_ends_in_a_period() -> None:
    result = clean_article_text("Dockers walk out.\n" + BODY, known_title="Dockers walk out.")
    assert result.title == "Dockers walk out."
    assert paragraphs(result.text) == paragraphs(BODY)


def test_paragraphs_are_separated_by_blank_lines() -> None:
    result = clean_article_text("First paragraph here.\nSecond paragraph here.\n\n\n\nThird one here.")
    assert result.text == "First paragraph here.\n\nSecond paragraph here.\n\nThird one here."


def test_empty_and_whitespace_inputs_clean_to_empty() -> None:
    for text in ["", "   ", "\n\n\u200b\n"]:
        result = clean_article_text(text)
        assert result.text == "" and result.title is None


@pytest.mark.parametrize("dateline, rest", [
    ("TALLVIK (Nordwire) - ", "The port reopened on Monday, officials said."),
    ("KESSLER, Sept 18 (Reuters) - ", "Dock workers voted to strike."),
    ("PORT ALMA, Veldra (AP) — ", "Protesters gathered outside the ministry."),
    ("WASHINGTON — ", "The Senate passed the bill."),
    ("PORT ALMA--(BUSINESS WIRE)--", "Veldra Biologics today announced results."),
    ("TALLVIK, March 3, 2024 /PRNewswire/ -- ", "Keldan Logistics today announced a merger."),
    ("Port Alma (AFP) - ", "Veldra said no piece of the collection was for sale."),
    ("Rio de Janeiro, Brazil (Reuters) - ", "Dock workers voted to strike."),
])
def test_a_wire_dateline_opening_the_story_leaves_the_body(dateline: str, rest: str) -> None:
    result = clean_article_text(dateline + rest + "\n\nA second paragraph follows here.")
    assert paragraphs(result.text)[0] == rest
    assert dateline.strip() in result.report.removed_lines


@pytest.mark.parametrize("opening", [
    "OKAFOR: We had no money left.",  # a transcript's speaker label
    "NATO said on Monday it would meet.",
    "The UN (in Geneva) - said nothing.",
])
def test_capitals_that_are_not_a_wire_dateline_stay(opening: str) -> None:
    assert paragraphs(clean_article_text(opening).text)[0] == opening
