"""Chrome line rules: each category, body lines that stay, and the rule table itself."""

from __future__ import annotations

import re

import pytest

from services.ingest.boilerplate import CHROME_RULES, ChromeRule, chrome_category, chrome_verdict


def docstring_example(rule: ChromeRule) -> str | None:
    """The example line a rule's docstring gives (``Example: "..."``), None when it gives none."""
    match = re.search(r'Example: "(.*?)"', rule.__doc__ or "")
    return match.group(1) if match else None


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


# --------------------------------------------------------------------------- the rule table


def test_every_rule_is_a_named_documented_function_listed_once() -> None:
    names = [rule.__name__ for rule in CHROME_RULES]
    assert len(names) == len(set(names))
    assert all(rule.__doc__ for rule in CHROME_RULES)
    assert names[0] == "empty_or_long"  # the guard runs before any pattern sees a line


@pytest.mark.parametrize("rule", [r for r in CHROME_RULES if docstring_example(r)], ids=lambda r: r.__name__)
def test_each_rule_fires_on_its_own_docstring_example(rule: ChromeRule) -> None:
    example = docstring_example(rule)
    assert example is not None
    category, fired = chrome_verdict(example)
    assert fired is rule and category is not None


def test_the_verdict_names_the_rule_that_kept_a_line_in_the_body() -> None:
    assert chrome_verdict("")[1] is CHROME_RULES[0]
    assert chrome_verdict("x " * 400) == (None, CHROME_RULES[0])
    assert chrome_verdict("The ferry left at noon, the harbour master said.") == (None, None)
