"""Site chrome judged one line at a time: an ordered table of small named rules (pure).

A line of an article body can be site chrome (a share row, a newsletter pitch, a caption, a
byline ...) rather than the story. ``CHROME_RULES`` lists the rules in the order they are tried;
each looks at one line and answers a category, ``NOT_CHROME`` (the line is body, stop) or
``NEXT`` (no opinion, try the next rule). The first answer wins, and ``chrome_verdict`` says which
rule gave it. Every rule is guarded so that a real paragraph that happens to mention "newsletter"
or "follow" stays: reported speech and quotation marks keep most lines in the body.

Chrome that depends on the neighbouring lines (teaser blocks, footer widget names) is decided in
``services.ingest.chrome_blocks``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from functools import cached_property

from services.ingest.lexicon import (
    BYLINE_NAME_PARTICLES,
    NAVIGATION_LABELS,
    PHOTO_AGENCIES,
    SHARE_WIDGET_WORDS,
    SOCIAL_PLATFORMS,
    alternation,
)
from services.ingest.line_shapes import MAX_CHROME_CHARS, QUOTE_MARKS, REPORTING, ends_sentence, word_count

__all__ = [
    "CHROME_RULES",
    "NEXT",
    "NOT_CHROME",
    "TEASER_HEADING",
    "ChromeLine",
    "ChromeRule",
    "Pass",
    "bio_candidate",
    "chrome_category",
    "chrome_verdict",
]

_AGENCIES = alternation(PHOTO_AGENCIES)
_PARTICLES = alternation(BYLINE_NAME_PARTICLES)

def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# Calls to action addressed to the reader: money, membership, sign-ups. The first group is
# unambiguous; the second also occurs in news prose ("victims were told to click the link") and
# counts only when the line speaks to the reader.
_FUNDRAISING_STRONG = [
    _rx(r"\bwe(?:'re|’re| are) (?:fundraising|raising funds|crowdfunding|running a fundraiser)\b"),
    _rx(r"^(?:please )?(?:donate|chip in|support us|support our (?:work|journalism|reporting|newsroom|mission))\b"),
    _rx(r"^(?:subscribe|subscribe now|donate now|support us|join us|join now)\W*$"),
    _rx(r"^(?:click|tap) (?:here|the link|the button|below|this link)\b"),
    _rx(r"^(?:download|get) (?:our|the) (?:free )?(?:\w+ )?(?:app|mobile app)\b"),
    _rx(r"^subscribe (?:to|for) (?:continue|keep) reading\b"),
]
_ADDRESSES_READER = _rx(
    r"\b(?:you|your|yours|us|our|we)\b|(?:^|[.!?]\s+)(?:please|click|tap|join|become|support|subscribe|sign up"
    r"|donate)\b"
)
_FUNDRAISING = [
    _rx(r"\bbecome an? (?:member|patron|supporter|subscriber|investor|donor)\b"),
    _rx(r"\b(?:click|tap) (?:here|the link|the button|below|this link)\b"),
    _rx(r"\b(?:make|give) a (?:donation|contribution|gift)\b.*\b(?:you|your|us|our|today)\b"),
    _rx(r"\b(?:support|fund|help fund|protect) (?:independent|quality|fearless|our|free) (?:journalism|media|press"
        r"|reporting)\b"),
    _rx(r"\b(?:subscribe|sign up|register) (?:now|today|for free|here)\b"),
    _rx(r"\b(?:your|a) (?:donation|contribution|subscription) (?:helps|keeps|supports|makes)\b"),
]
_SPONSOR = [
    _rx(r"^[-–—•*|\s]*(?:sponsor(?:ed)?|advertisement|advertising|advert|ad|ads|promoted"
        r"|paid (?:content|post|partnership)"
        r"|partner content|sponsored content|sponsored post)[-–—•*|\s]*(?:-?\s*spot_im[gi])?[-–—•*|\s]*$"),
    _rx(r"\bspot_im[gi]?\b"),
    _rx(r"^(?:story|article) continues below(?: the)? (?:advert(?:isement)?|ad|this ad)\W*$"),
    _rx(r"^(?:skip|close|hide) (?:advertisement|ad)\W*$"),
    _rx(r"^scroll (?:down )?to continue(?: with content)?\W*$"),
    _rx(r"^continue reading(?: the main story| below| the story)?\W*$"),
    _rx(r"^(?:sponsored|advertisement|promoted) by\b.{0,80}$"),
]
TEASER_HEADING = _rx(
    r"^(?:(?:the )?(?:week|day|month)'?’?s? (?:top|best|most read) (?:stories|news|articles|posts)"
    r"|top (?:stories|news|headlines)"
    r"|more (?:in|from) (?:this|the|our) (?:category|section|series|author)"
    r"|more (?:stories|news|articles|headlines|coverage)"
    r"|more from [\w .’'&-]{1,40}"
    r"|related(?: stories| articles| news| content| posts| coverage| reading| links| topics)?"
    r"|read (?:more|also|next)|also read|see also"
    r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in|have missed)"
    r"|recommended(?: for you| stories| articles| reading| videos)?|most (?:read|popular|viewed|shared|commented)"
    r"|trending(?: now| stories| news| topics)?|latest(?: news| stories| articles| headlines| videos)?"
    r"|editor'?’?s? picks"
    r"|don'?’?t miss|popular (?:now|stories|posts|articles)|in other news|what to read next"
    r"|more on this (?:story|topic)"
    r"|further reading|keep reading|recent posts|featured(?: stories| articles)?)\s*:?$"
)
_INLINE_TEASER = _rx(
    r"^(?:related|read more|read also|also read|see also|more|recommended|read next|also on [\w .]{1,30})\s*[:|»>]\s*\S"
)
_SHARE_ROW_WORDS = SOCIAL_PLATFORMS | SHARE_WIDGET_WORDS
_SOCIAL = [
    _rx(r"^(?:follow|like|find|join|connect with|subscribe to|catch) us (?:on|at|via|in)\b"),
    _rx(r"^(?:share|tweet|email|print|pin|save)(?: this| the)?(?: article| story| page| post| link)?"
        r"(?:\s+(?:on|via|with|to)\s+[\w ,&]{1,40})?\W*$"),
    _rx(r"^click to (?:share|email|print|tweet)\b"),
    _rx(r"^(?:copy(?: article)? link|link copied|copied to clipboard)\W*$"),
]
_NEWSLETTER = _rx(r"\bnewsletters?\b")
_NEWSLETTER_PITCH = _rx(
    r"\b(?:sign up|subscribe|delivered|straight to your inbox|your inbox|in your inbox|get (?:the|our)|receive (?:the"
    r"|our))\b"
)
_SCHEDULE = _rx(
    r"^(?:daily|weekly|monthly|weekdays|every (?:day|week|weekday|morning|evening|(?:mon|tues|wednes|thurs|fri|satur"
    r"|sun)day))"
    r"(?: at \d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?: [a-z]{2,4})?)?\W*$"
)
_MORE_LINKS = _rx(r"^(?:show|load|see|view|browse|read|get) (?:more|all|the latest)(?: [\w’']+){0,3}\W*$")
_COOKIES = _rx(r"\bcookies?\b")
_COOKIE_CONTEXT = _rx(
    r"\b(?:we use|this (?:web)?site uses|we and our partners|accept|consent|preferences|privacy (?:policy|settings)"
    r"|by continuing)\b"
)
_CAPTION = [
    # "... (Photo: Ministry ...)", "(AP Photo/Jane Doe)", "(Image credit: ...)"
    _rx(r"\((?:[\w ]{0,20} )?(?:photos?|image|picture|pic|photograph|video|credit|illustration|file photo|photo credit)"
        r"\s*(?:by\b|:|/|credit|courtesy)[^)]{0,200}\)\W*$"),
    _rx(r"^(?:photos?|image|picture|credit|file photo|illustration|photograph|image source|image caption|media caption)"
        r"\s*(?:by\b|:|,)"),
    _rx(rf"(?:/|\|)\s*(?:{_AGENCIES})(?: via getty images)?\W*$"),
    _rx(r"\b(?:getty images|ap photo|afp photo|reuters photo)\W*$"),
]
_WIDGET = [
    _rx(r"^(?:video|photo|picture|image|quote|chart|number|word|tweet|map|graphic|question|podcast|stat)s? of (?:the )?"
        r"(?:day|week|month)\W*$"),
    _rx(r"^(?:watch|listen|play)(?: (?:video|now|live|the video|here|on \w+))?\s*:?\s*$"),
    _rx(r"^(?:watch|listen)\s*:\s*.{1,150}$"),
    _rx(r"^(?:listen to (?:this|the) (?:article|story)|\d+\s*min(?:ute)?s? (?:read|listen)"
        r"|reading time\s*:?.{0,20})\W*$"),
    _rx(r"^(?:tags?|topics?|filed under|categories|category)\s*:.{0,200}$"),
    _rx(r"^\d+\s*comments?\W*$"),
    # live-blog furniture: event filters and bare post timestamps
    _rx(r"^(?:key events|show key events(?: only)?|pinned post|live updates?|live coverage|as it happened"
        r"|auto-?refresh(?: on| off)?|refresh)\W*$"),
    _rx(r"^(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)(?:\s*[A-Z]{2,5}|\s*GMT[+-]\d{1,2})?$"),
    _rx(r"^(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*(?:\d{4}|©)).{0,200}$"),
    _rx(r"^all rights reserved\b.{0,100}$"),
    _rx(r"^(?:https?://|www\.)\S+$"),
]
_BREADCRUMB = re.compile(r"^(?:[^\s>»›|/][^>»›|/]{0,30}\s*[>»›|]\s*){1,6}[^>»›|/]{1,40}$")
_BYLINE = re.compile(
    r"^(?i:by|words by|written by|reporting by|story by|posted by)\s+"
    rf"[A-Z\u00c0-\u024f][\w.'’-]*(?:\s+(?:[A-Z\u00c0-\u024f][\w.'’-]*|{_PARTICLES}|and|&|,))*"
    r"(?:\s*[|,•–—-]\s*.{0,60})?$"
)
_CREDITS = re.compile(
    r"^\(?\s*(?i:reporting|additional reporting|writing|editing|edited|compiled|produced) (?i:by)\s+[A-Z].{0,200}$"
)
_BIO_ROLE = _rx(
    r"\b(?:editor[- ]in[- ]chief|managing editor|executive editor|senior editor|staff (?:writer|reporter)"
    r"|contributing (?:writer|editor)|freelance (?:writer|journalist|reporter)|correspondent|columnist|reporter"
    r"|journalist"
    r"|writer|editor|founder|news reporting)\b"
)
_BIO_CUE = _rx(
    r"(?:^|[.!?]\s+)(?:covering|covers|writes about|writes for|reporting on|has (?:covered|reported|written)"
    r"|based in)\b"
    r"|\b(?:is an? (?:[\w-]+ ){0,3}(?:reporter|journalist|writer|correspondent|editor|columnist|contributor))\b"
    r"|\b(?:editor[- ]in[- ]chief|founder|managing editor) (?:of|at)\b[^.]{0,60}\.?$"
    r"|\bnews reporting for \d+\+? years\b"
)


# --------------------------------------------------------------------------- the rules


class Pass(Enum):
    """A rule's answer when it names no category."""

    NOT_CHROME = "not chrome"  # the line is body text: stop, no later rule may call it chrome
    NEXT = "try the next rule"


NOT_CHROME = Pass.NOT_CHROME
NEXT = Pass.NEXT


class ChromeLine:
    """One normalised line and the facts the rules share, each computed once, when first asked."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def words(self) -> int:
        return word_count(self.text)

    @cached_property
    def reported(self) -> bool:
        """It carries a reporting verb ("said", "told"): somebody's words, not the site's."""
        return bool(REPORTING.search(self.text))

    @cached_property
    def quoted(self) -> bool:
        return bool(QUOTE_MARKS.search(self.text))


ChromeRule = Callable[[ChromeLine], "str | Pass"]


def empty_or_long(line: ChromeLine) -> str | Pass:
    """An empty line, or one longer than any chrome (600 characters), is body: no rule may see it."""
    return NOT_CHROME if not line.text or len(line.text) > MAX_CHROME_CHARS else NEXT


def navigation_label(line: ChromeLine) -> str | Pass:
    """Example: "Skip to main content"."""
    return "navigation" if line.text.casefold().strip(" .:!|•-–—") in NAVIGATION_LABELS else NEXT


def sponsor_slot(line: ChromeLine) -> str | Pass:
    """Example: "Story continues below advertisement"."""
    return "sponsor" if line.words <= 12 and any(p.search(line.text) for p in _SPONSOR) else NEXT


def fundraising_appeal(line: ChromeLine) -> str | Pass:
    """Example: "Become a member today and keep the Tidewater Post free for everyone"."""
    if line.words > 60 or line.reported or line.quoted:
        return NEXT
    text = line.text
    if any(p.search(text) for p in _FUNDRAISING_STRONG) or (
        _ADDRESSES_READER.search(text) and any(p.search(text) for p in _FUNDRAISING)
    ):
        return "fundraising"
    return NEXT


def teaser_heading(line: ChromeLine) -> str | Pass:
    """Example: "More from the Valley section"."""
    return "teaser" if TEASER_HEADING.match(line.text) else NEXT


def inline_teaser(line: ChromeLine) -> str | Pass:
    """Example: "Read more: Ferry timetable changes for the winter"."""
    text = line.text
    if line.words <= 25 and not ends_sentence(text.rstrip("…. ")) and _INLINE_TEASER.match(text) and not line.reported:
        return "teaser"
    return NEXT


def share_prompt(line: ChromeLine) -> str | Pass:
    """Example: "Follow us on Mastodon for more updates"."""
    return "social" if line.words <= 30 and not line.reported and any(p.search(line.text) for p in _SOCIAL) else NEXT


def share_button_row(line: ChromeLine) -> str | Pass:
    """Example: "Facebook Bluesky WhatsApp Email"."""
    if line.words <= 8 and all(w.strip(".,:|•-–—()") in _SHARE_ROW_WORDS for w in line.text.casefold().split()):
        return "social"
    return NEXT


def newsletter_pitch(line: ChromeLine) -> str | Pass:
    """Example: "Get the Orchard Weekly newsletter straight to your inbox"."""
    text = line.text
    if not _NEWSLETTER.search(text) or line.reported or line.quoted:
        return NEXT
    if (line.words <= 20 and not ends_sentence(text)) or (line.words <= 40 and _NEWSLETTER_PITCH.search(text)):
        return "newsletter"
    return NEXT


def delivery_schedule(line: ChromeLine) -> str | Pass:
    """Example: "Every Thursday at 7am"."""
    return "newsletter" if _SCHEDULE.match(line.text) else NEXT


def more_links(line: ChromeLine) -> str | Pass:
    """Example: "Show more harbour stories"."""
    return "newsletter" if line.words <= 6 and _MORE_LINKS.match(line.text) else NEXT


def cookie_notice(line: ChromeLine) -> str | Pass:
    """Example: "This site uses cookies to remember your reading preferences"."""
    text = line.text
    if line.words <= 60 and _COOKIES.search(text) and _COOKIE_CONTEXT.search(text) and not line.reported:
        return "cookies"
    return NEXT


def photo_caption(line: ChromeLine) -> str | Pass:
    """Example: "Lanterns float over the canal at dusk (Photo: Ida Brandt)"."""
    return "caption" if line.words <= 50 and not line.reported and any(p.search(line.text) for p in _CAPTION) else NEXT


def page_widget(line: ChromeLine) -> str | Pass:
    """Example: "Tags: rowing, regatta, river".

    'Watch: “I am not going anywhere,” Ruiz said.' is a quotation introduced by a label, not a
    video widget: reported speech in quotation marks keeps a labelled line in the body."""
    if line.words <= 30 and any(p.search(line.text) for p in _WIDGET) and not (line.reported and line.quoted):
        return "widget"
    return NEXT


def breadcrumb_trail(line: ChromeLine) -> str | Pass:
    """Example: "Home > Science > Oceans"."""
    text = line.text
    return "breadcrumb" if line.words <= 12 and _BREADCRUMB.match(text) and not ends_sentence(text) else NEXT


def byline(line: ChromeLine) -> str | Pass:
    """Example: "By Tomas van Rijn, Harbour Desk".

    The name after "By" has no article in it: "By the end of the week ..." is prose."""
    text = line.text
    if line.words <= 12 and _BYLINE.match(text) and not _ARTICLE_WORD.search(text.split(" ", 1)[-1]):
        return "byline"
    return NEXT


def reporting_credits(line: ChromeLine) -> str | Pass:
    """Example: "Additional reporting by Noor Haddad in Amman"."""
    return "credits" if _CREDITS.match(line.text) and not line.quoted else NEXT


_ARTICLE_WORD = re.compile(r"\b(?:the|a|an)\b")

# In order: the first rule that answers decides.
CHROME_RULES: tuple[ChromeRule, ...] = (
    empty_or_long,
    navigation_label,
    sponsor_slot,
    fundraising_appeal,
    teaser_heading,
    inline_teaser,
    share_prompt,
    share_button_row,
    newsletter_pitch,
    delivery_schedule,
    more_links,
    cookie_notice,
    photo_caption,
    page_widget,
    breadcrumb_trail,
    byline,
    reporting_credits,
)


def chrome_verdict(text: str) -> tuple[str | None, ChromeRule | None]:
    """The chrome category of one (normalised) line, None for body, and the rule that decided
    (None when no rule answered)."""
    line = ChromeLine(text)
    for rule in CHROME_RULES:
        answer = rule(line)
        if answer is NEXT:
            continue
        return (None if answer is NOT_CHROME else str(answer)), rule
    return None, None


def chrome_category(line: str) -> str | None:
    """Which kind of site chrome a single (normalised) line is, judged on the line alone; None for body.

    Layout-dependent chrome (teaser blocks, section labels, footer widget names) is decided by
    ``services.ingest.chrome_blocks``, which sees the neighbours.
    """
    return chrome_verdict(line)[0]


def bio_candidate(line: str) -> bool:
    """An author/site blurb: a role phrase plus a bio cue, with no quotes and no reporting verb."""
    if len(line) > MAX_CHROME_CHARS or REPORTING.search(line) or QUOTE_MARKS.search(line):
        return False
    return bool(_BIO_ROLE.search(line) and _BIO_CUE.search(line))
