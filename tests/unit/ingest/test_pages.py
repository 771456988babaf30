"""Invented site pages with chrome of kinds the seeds do not show: every chrome line goes, every
body line stays."""

from __future__ import annotations

from datetime import datetime

from services.ingest.cleaning import clean_article_text

WIRE_STORY = ("""Home > World > Europe

Ferry operator halts crossings as strike spreads

By Helena Marsh

Updated 2023-09-14 06:40

Listen to this article
4 min read

HALDEN, Norway (Nordwire) - A strike by ferry crews spread to three more ports on Thursday, stranding more than"""
""" 1,200 passengers, the operator said.

"We regret the disruption," said Jonas Vik, a spokesman for Fjordline Shipping. "We are ready to talk at any time."

The union has said that crews will stay out until the company withdraws a plan to cut up to 300 jobs.
Related: Fjordline posts record summer profit
Related: Union leader Sigrun Aas re-elected

Vik said talks could resume "as early as next week".

Reporting by Helena Marsh; Editing by Paul Granger

Read More
Dock workers vote on new pay offer
A vote on the offer is expected...
Fjordline shares fall after strike call
Shares in the operator slid 3% in early trading...
""")

WIRE_BODY = [
    # the wire dateline is metadata: its capitalised place would pass for the sentence's actor
    "A strike by ferry crews spread to three more ports on Thursday, "
    "stranding more than 1,200 passengers, the operator said.",
    '"We regret the disruption," said Jonas Vik, a spokesman for Fjordline Shipping. '
    '"We are ready to talk at any time."',
    "The union has said that crews will stay out until the company withdraws a plan to cut up to 300 jobs.",
    'Vik said talks could resume "as early as next week".',
]


def test_wire_story_with_related_teasers() -> None:
    result = clean_article_text(WIRE_STORY)
    assert result.title == "Ferry operator halts crossings as strike spreads"
    assert result.published == datetime(2023, 9, 14, 6, 40)
    assert result.text.split("\n\n") == WIRE_BODY
    removed = set(result.report.removed_lines)
    for chrome in [
        "Home > World > Europe",
        "By Helena Marsh",
        "Listen to this article",
        "4 min read",
        "Related: Fjordline posts record summer profit",
        "Reporting by Helena Marsh; Editing by Paul Granger",
        "Read More",
        "Dock workers vote on new pay offer",
        "Shares in the operator slid 3% in early trading...",
        "HALDEN, Norway (Nordwire) -",
    ]:
        assert chrome in removed, chrome


BLOG_POST = ("""We use cookies to personalise content and ads. By continuing to browse, you accept our use of cookies.
Accept all
Manage preferences

City Hall Watch

Council quietly moves $2 million from library budget

Share
Tweet
Email

Councillor Dana Whitfield allegedly asked staff to move the money before the public hearing, according to emails"""
""" seen by this blog.

Whitfield told the Ledger on Tuesday that the transfer was "routine housekeeping, nothing more."

Her colleague, Councillor Ray Osei, said he learned about it "from a resident, not from the council."

If you follow city finances, you will know the library budget has been cut three years running.

Share this article
Facebook Twitter LinkedIn

Leave a comment

Priya Natarajan is a freelance journalist who covers city politics in Marlow.
Like this post? Become a supporter for $5 a month and keep City Hall Watch independent.
""")

BLOG_BODY = [
    "Councillor Dana Whitfield allegedly asked staff to move the money before the public hearing, "
    "according to emails seen by this blog.",
    'Whitfield told the Ledger on Tuesday that the transfer was "routine housekeeping, nothing more."',
    'Her colleague, Councillor Ray Osei, said he learned about it "from a resident, not from the council."',
    "If you follow city finances, you will know the library budget has been cut three years running.",
]


def test_blog_with_cookie_banner_share_buttons_and_bio() -> None:
    result = clean_article_text(BLOG_POST)
    assert result.title == "Council quietly moves $2 million from library budget"
    assert result.text.split("\n\n") == BLOG_BODY
    assert "City Hall Watch" in result.report.removed_lines
    bio = "Priya Natarajan is a freelance journalist who covers city politics in Marlow."
    assert bio in result.report.removed_lines


LIVE_BLOG = """Storm Edda live: thousands without power

Key events
Show key events only

08:15 BST
Tuesday 13 February 2024 08.15 GMT

Power company Wessgrid says more than 40,000 homes are still without electricity this morning.

A reader in Port Wendell writes: "The whole street is dark and the water is still rising."

Tuesday 13 February 2024 07.50 GMT

The Met Office has issued an amber warning for wind of up to 90mph along the coast.

Most viewed
"""


def test_live_blog_timestamps_go_and_posts_stay() -> None:
    result = clean_article_text(LIVE_BLOG)
    assert result.published is not None and (result.published.date().isoformat() == "2024-02-13")
    assert result.title == "Storm Edda live: thousands without power"
    body = result.text.split("\n\n")
    assert len(body) == 3
    assert "Power company Wessgrid says more than 40,000 homes are still without electricity this morning." in body
    assert "The Met Office has issued an amber warning for wind of up to 90mph along the coast." in body
    assert 'A reader in Port Wendell writes: "The whole street is dark and the water is still rising."' in body
    assert {"Key events", "Show key events only", "08:15 BST", "Most viewed"} <= set(result.report.removed_lines)


INTERVIEW = """Interview: The mediator who wants the port open by Friday

Ingrid Solheim has settled eleven strikes in twenty years. We asked her about Kessler.

What is different this time?

Nobody trusts the numbers. The union says 2%, the port says 5%, and both are partly right.

Will there be a deal?

"I think so," she said. "But not this week."

The sticking points
- Shift allowances
- Night pay

Solheim said she would meet both sides on Thursday.

Follow
Newsletter
"""


def test_interview_questions_subheadings_and_lists_stay() -> None:
    result = clean_article_text(INTERVIEW)
    assert result.title == "Interview: The mediator who wants the port open by Friday"
    body = result.text.split("\n\n")
    assert body[0] == "Ingrid Solheim has settled eleven strikes in twenty years. We asked her about Kessler."
    for line in ["What is different this time?", "Will there be a deal?", "The sticking points", "- Night pay",
                 "Solheim said she would meet both sides on Thursday."]:
        assert line in body
    assert body[-1] == "Solheim said she would meet both sides on Thursday."
    assert result.report.removed_lines[-2:] == ["Follow", "Newsletter"]
