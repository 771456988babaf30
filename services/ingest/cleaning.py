"""Turn a messy article body into clean paragraphs plus metadata (pure, no I/O).

Pipeline, in order:

1. ``repair_unicode`` (ftfy mojibake repair; curly quotes and dashes are kept on purpose, claims
   quote them verbatim) and ``normalise_text`` (line endings, odd and zero-width spaces).
2. ``repair_homoglyphs``: words that are mostly Latin but carry Cyrillic/Greek look-alike letters
   ("creаted" with U+0430) are mapped to Latin using Unicode's confusables data; genuine
   Cyrillic/Greek words are left alone. Steps 1-2 repeat until nothing changes (at most 4 rounds).
3. Line classification: site chrome (banners, teasers, share/newsletter footers, captions, author
   bios, bylines ...) is dropped, a dateline is moved into ``published`` and the title is detected
   and taken out of the body. Rules describe *categories* of chrome, and every rule is guarded so
   that a real paragraph that happens to mention "newsletter" or "follow" stays.

The cleaned body keeps one paragraph per line, paragraphs separated by a blank line. Cleaning is
idempotent: cleaning a cleaned body changes nothing (the rules that look at layout only fire on
patterns that cleaning itself never produces).

Work is linear in the length of the text whatever it holds (runs of spaces, thousands of chrome
lines, floods of marks): every layout scan visits each line a bounded number of times, and at most
``_MAX_DATELINE_PARSES`` date-only lines per pass go to dateparser (the rest are judged by the
pattern alone). The report is bounded as ``CleaningReport`` documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import dateparser
import ftfy
from confusable_homoglyphs import categories, confusables

from schemas.models import (
    MAX_REPORTED_FIX_CHARS,
    MAX_REPORTED_FIXES,
    MAX_REPORTED_LINE_CHARS,
    MAX_REPORTED_LINES,
    CleaningReport,
    HomoglyphFix,
)

__all__ = [
    "CleanedText",
    "chrome_category",
    "clean_article_text",
    "normalise_text",
    "parse_dateline",
    "repair_homoglyphs",
    "repair_unicode",
    "truncate_body",
]


@dataclass(frozen=True)
class CleanedText:
    """The cleaned body plus what was taken out of it. ``report.removed_lines`` lists every line
    dropped from the body, the title and dateline included (they also have their own fields)."""

    text: str
    title: str | None
    dateline: str | None
    published: datetime | None
    report: CleaningReport


# --------------------------------------------------------------------------- unicode repair

_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, explain=True)
_MOJIBAKE_STEPS = {"encode", "decode", "transcode"}
_MOJIBAKE_FIXERS = {"decode_inconsistent_utf8", "replace_lossy_sequences", "restore_byte_a0"}

# Spaces that render like a space but break word matching; zero-width characters that hide inside
# words (soft hyphen, zero-width space, word joiner, BOM). ZWJ/ZWNJ are kept: emoji and some
# scripts need them.
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLES = re.compile(r"[\u00ad\u200b\u2060\ufeff\u180e]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACE_RUNS = re.compile(r" {2,}")


def repair_unicode(text: str) -> tuple[str, bool]:
    """ftfy repair with quotes kept curly; returns (text, whether mojibake was repaired)."""
    fixed, explanation = ftfy.fix_and_explain(text, config=_FTFY_CONFIG)
    mojibake = any(
        action in _MOJIBAKE_STEPS or parameter in _MOJIBAKE_FIXERS for action, parameter in explanation or []
    )
    return fixed, mojibake


def normalise_text(text: str) -> str:
    """Line endings to ``\\n``, odd spaces to plain spaces, runs of spaces collapsed, lines stripped."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLES.sub("", text)
    text = _CONTROL_CHARS.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    return "\n".join(_SPACE_RUNS.sub(" ", line).strip() for line in text.split("\n"))


# --------------------------------------------------------------------------- homoglyphs

_LOOKALIKE_SCRIPTS = frozenset({"CYRILLIC", "GREEK"})
_FOREIGN_LETTERS = re.compile(r"[\u0370-\u03ff\u0400-\u052f\u1f00-\u1fff]")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _latin_lookalikes() -> dict[str, str]:
    """Cyrillic/Greek letter -> the Latin letter it is confusable with, from Unicode's confusables."""
    table: dict[str, str] = {}
    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1 or categories.alias(char) not in _LOOKALIKE_SCRIPTS:
            continue
        for glyph in homoglyphs:
            candidate = glyph["c"]
            if len(candidate) == 1 and candidate.isascii() and candidate.isalpha():
                # The confusables skeleton folds capital I into "l"; a capital look-alike is an I.
                table[char] = "I" if candidate == "l" and not char.islower() else candidate
                break
    return table


@lru_cache(maxsize=65536)
def _script(char: str) -> str:
    try:
        return categories.alias(char)
    except Exception:  # characters outside the library's tables
        return "UNKNOWN"


@lru_cache(maxsize=65536)
def _word_profile(word: str) -> tuple[int, int, bool]:
    """(Latin letters, look-alike-script letters, every look-alike letter has a Latin twin)."""
    table = _latin_lookalikes()
    latin = foreign = 0
    mappable = True
    for char in word:
        script = _script(char)
        if script == "LATIN":
            latin += 1
        elif script in _LOOKALIKE_SCRIPTS:
            foreign += 1
            mappable = mappable and char in table
    return latin, foreign, mappable


def _latinised(word: str) -> str:
    table = _latin_lookalikes()
    return "".join(table.get(char, char) for char in word)


def _is_latin_word(word: str) -> bool:
    latin, foreign, _ = _word_profile(word)
    return latin > 0 and latin >= foreign


def repair_homoglyphs(text: str) -> tuple[str, list[HomoglyphFix]]:
    """Map look-alike letters inside mostly-Latin words to Latin; one fix recorded per distinct word.

    A word made only of look-alike letters (the Cyrillic "а" used as the English article) is
    repaired only when its neighbouring words on both sides are Latin, so real Russian or Greek
    text, whose neighbours are Cyrillic/Greek too, is left alone.
    """
    if not _FOREIGN_LETTERS.search(text):
        return text, []
    matches = list(_WORD.finditer(text))
    pieces: list[str] = []
    fixes: dict[str, str] = {}
    position = 0
    for index, match in enumerate(matches):
        word = match.group()
        latin, foreign, mappable = _word_profile(word)
        if not foreign or not mappable:
            continue
        if latin:
            repair = latin >= foreign
        else:
            # Only neighbours on the same line count: a line break ends the sentence context.
            neighbours = []
            if index > 0 and "\n" not in text[matches[index - 1].end() : match.start()]:
                neighbours.append(matches[index - 1].group())
            if index + 1 < len(matches) and "\n" not in text[match.end() : matches[index + 1].start()]:
                neighbours.append(matches[index + 1].group())
            repair = bool(neighbours) and all(_is_latin_word(w) for w in neighbours)
        if repair:
            repaired = _latinised(word)
            pieces.append(text[position : match.start()])
            pieces.append(repaired)
            position = match.end()
            fixes.setdefault(word, repaired)
    if not fixes:
        return text, []
    pieces.append(text[position:])
    return "".join(pieces), [HomoglyphFix(original=o, repaired=r) for o, r in fixes.items()]


def _repaired(text: str, max_rounds: int = 4) -> tuple[str, bool, list[HomoglyphFix]]:
    """Unicode repair, whitespace normalisation and homoglyph repair, repeated until nothing
    changes: on garbled input one repair can expose another (a homoglyph fix can complete a
    mojibake sequence), and cleaning must be idempotent."""
    mojibake = False
    fixes: dict[str, str] = {}
    for _ in range(max_rounds):
        repaired, layer = repair_unicode(text)
        repaired, round_fixes = repair_homoglyphs(normalise_text(repaired))
        mojibake = mojibake or layer
        for fix in round_fixes:
            fixes.setdefault(fix.original, fix.repaired)
        if repaired == text:
            break
        text = repaired
    return text, mojibake, [HomoglyphFix(original=o, repaired=r) for o, r in fixes.items()]


# --------------------------------------------------------------------------- line features

_CLOSERS = r"\"'”’»)\]"  # inside a character class
_SENTENCE_END = re.compile(rf"(?:[.!?…]|\.\.\.)[{_CLOSERS}]*$")
_ELLIPSIS_END = re.compile(rf"(?:…|\.\.\.)[{_CLOSERS}]*$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]*\s+[\"“‘(]*[A-Z]")
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|added|stated|according to|wrote|tweeted|announced|claimed)\b", re.I
)
_QUOTE_MARKS = re.compile(r"[\"“”«»]")
# A line that quotes someone: it opens with a quotation ('“It’s over”', '‘We will not be priced
# out’: tenants march'), or a name and a colon introduce one ('Ruiz: “We will win”'). A scare quote
# inside a headline ('Ready to Deploy “Task Force”') is not a quotation of anyone.
_QUOTATION = re.compile(r"^\W{0,3}[“\"«‘']\w|^[^:“”\"]{2,60}:\s*[“\"«‘']\w")
_TOKEN = re.compile(r"\S+")
_MAX_CHROME_CHARS = 600  # longer lines are body text; also bounds regex work on hostile input
_TITLE_MAX_WORDS = 25


def _word_count(line: str) -> int:
    return len(_TOKEN.findall(line))


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _body_like(line: str) -> bool:
    """A line that reads as running prose rather than a heading, label or widget."""
    return _ends_sentence(line) or _word_count(line) > _TITLE_MAX_WORDS


def _headline_like(line: str) -> bool:
    return not _body_like(line) and not re.search(r"[:;,\-–—]$", line) and _word_count(line) >= 1


def _short_fragment(line: str, max_words: int = 6) -> bool:
    """A short line that is no sentence: a widget name, a label, a heading."""
    return not _ends_sentence(line) and _word_count(line) <= max_words


# --------------------------------------------------------------------------- chrome patterns

_I = re.I


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


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
    r"\b(?:you|your|yours|us|our|we)\b|(?:^|[.!?]\s+)(?:please|click|tap|join|become|support|subscribe|sign up|donate)\b"
)
_FUNDRAISING = [
    _rx(r"\bbecome an? (?:member|patron|supporter|subscriber|investor|donor)\b"),
    _rx(r"\b(?:click|tap) (?:here|the link|the button|below|this link)\b"),
    _rx(r"\b(?:make|give) a (?:donation|contribution|gift)\b.*\b(?:you|your|us|our|today)\b"),
    _rx(r"\b(?:support|fund|help fund|protect) (?:independent|quality|fearless|our|free) (?:journalism|media|press|reporting)\b"),
    _rx(r"\b(?:subscribe|sign up|register) (?:now|today|for free|here)\b"),
    _rx(r"\b(?:your|a) (?:donation|contribution|subscription) (?:helps|keeps|supports|makes)\b"),
]
_SPONSOR = [
    _rx(r"^[-–—•*|\s]*(?:sponsor(?:ed)?|advertisement|advertising|advert|ad|ads|promoted|paid (?:content|post|partnership)"
        r"|partner content|sponsored content|sponsored post)[-–—•*|\s]*(?:-?\s*spot_im[gi])?[-–—•*|\s]*$"),
    _rx(r"\bspot_im[gi]?\b"),
    _rx(r"^(?:story|article) continues below(?: the)? (?:advert(?:isement)?|ad|this ad)\W*$"),
    _rx(r"^(?:skip|close|hide) (?:advertisement|ad)\W*$"),
    _rx(r"^scroll (?:down )?to continue(?: with content)?\W*$"),
    _rx(r"^continue reading(?: the main story| below| the story)?\W*$"),
    _rx(r"^(?:sponsored|advertisement|promoted) by\b.{0,80}$"),
]
_TEASER_HEADING = _rx(
    r"^(?:(?:the )?(?:week|day|month)'?’?s? (?:top|best|most read) (?:stories|news|articles|posts)|top (?:stories|news|headlines)"
    r"|more (?:in|from) (?:this|the|our) (?:category|section|series|author)|more (?:stories|news|articles|headlines|coverage)"
    r"|more from [\w .’'&-]{1,40}|related(?: stories| articles| news| content| posts| coverage| reading| links| topics)?"
    r"|read (?:more|also|next)|also read|see also|you (?:may|might) (?:also )?(?:like|enjoy|be interested in|have missed)"
    r"|recommended(?: for you| stories| articles| reading| videos)?|most (?:read|popular|viewed|shared|commented)"
    r"|trending(?: now| stories| news| topics)?|latest(?: news| stories| articles| headlines| videos)?|editor'?’?s? picks"
    r"|don'?’?t miss|popular (?:now|stories|posts|articles)|in other news|what to read next|more on this (?:story|topic)"
    r"|further reading|keep reading|recent posts|featured(?: stories| articles)?)\s*:?$"
)
_INLINE_TEASER = _rx(
    r"^(?:related|read more|read also|also read|see also|more|recommended|read next|also on [\w .]{1,30})\s*[:|»>]\s*\S"
)
_SOCIAL_WORDS = frozenset(
    "share shares sharing tweet email e-mail print copy link facebook twitter x linkedin whatsapp telegram reddit "
    "pinterest messenger flipboard comments comment comments: mail sms vk viber threads bluesky instagram youtube "
    "tiktok save this article on via and or the".split()
)
_SOCIAL = [
    _rx(r"^(?:follow|like|find|join|connect with|subscribe to|catch) us (?:on|at|via|in)\b"),
    _rx(r"^(?:share|tweet|email|print|pin|save)(?: this| the)?(?: article| story| page| post| link)?"
        r"(?:\s+(?:on|via|with|to)\s+[\w ,&]{1,40})?\W*$"),
    _rx(r"^click to (?:share|email|print|tweet)\b"),
    _rx(r"^(?:copy(?: article)? link|link copied|copied to clipboard)\W*$"),
]
_NEWSLETTER = _rx(r"\bnewsletters?\b")
_NEWSLETTER_PITCH = _rx(
    r"\b(?:sign up|subscribe|delivered|straight to your inbox|your inbox|in your inbox|get (?:the|our)|receive (?:the|our))\b"
)
_SCHEDULE = _rx(
    r"^(?:daily|weekly|monthly|weekdays|every (?:day|week|weekday|morning|evening|(?:mon|tues|wednes|thurs|fri|satur|sun)day))"
    r"(?: at \d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?: [a-z]{2,4})?)?\W*$"
)
_MORE_LINKS = _rx(r"^(?:show|load|see|view|browse|read|get) (?:more|all|the latest)(?: [\w’']+){0,3}\W*$")
_NAV_WORDS = frozenset(
    {
        "home", "menu", "search", "close", "login", "log in", "sign in", "sign up", "subscribe", "register",
        "back to top", "skip to content", "skip to main content", "toggle navigation", "next", "previous",
        "next article", "previous article", "comments", "leave a comment", "post a comment",
        "listen", "listen to this article", "watch", "play", "play video", "watch video", "all rights reserved",
        "accept", "accept all", "reject all", "manage preferences", "cookie settings", "got it", "ok", "loading",
        "loading...", "more", "top", "sections", "contact us", "about us", "privacy policy", "terms of use",
    }
)
_COOKIES = _rx(r"\bcookies?\b")
_COOKIE_CONTEXT = _rx(
    r"\b(?:we use|this (?:web)?site uses|we and our partners|accept|consent|preferences|privacy (?:policy|settings)|by continuing)\b"
)
_CAPTION = [
    # "... (Photo: Ministry ...)", "(AP Photo/Jane Doe)", "(Image credit: ...)"
    _rx(r"\((?:[\w ]{0,20} )?(?:photos?|image|picture|pic|photograph|video|credit|illustration|file photo|photo credit)"
        r"\s*(?:by\b|:|/|credit|courtesy)[^)]{0,200}\)\W*$"),
    _rx(r"^(?:photos?|image|picture|credit|file photo|illustration|photograph|image source|image caption|media caption)"
        r"\s*(?:by\b|:|,)"),
    _rx(r"(?:/|\|)\s*(?:getty images|afp|ap|reuters|epa(?:-efe)?|shutterstock|alamy|bloomberg|anadolu)(?: via getty images)?\W*$"),
    _rx(r"\b(?:getty images|ap photo|afp photo|reuters photo)\W*$"),
]
_WIDGET = [
    _rx(r"^(?:video|photo|picture|image|quote|chart|number|word|tweet|map|graphic|question|podcast|stat)s? of (?:the )?"
        r"(?:day|week|month)\W*$"),
    _rx(r"^(?:watch|listen|play)(?: (?:video|now|live|the video|here|on \w+))?\s*:?\s*$"),
    _rx(r"^(?:watch|listen)\s*:\s*.{1,150}$"),
    _rx(r"^(?:listen to (?:this|the) (?:article|story)|\d+\s*min(?:ute)?s? (?:read|listen)|reading time\s*:?.{0,20})\W*$"),
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
    r"[A-Z\u00c0-\u024f][\w.'’-]*(?:\s+(?:[A-Z\u00c0-\u024f][\w.'’-]*|de|van|von|der|da|di|le|la|bin|al|and|&|,))*"
    r"(?:\s*[|,•–—-]\s*.{0,60})?$"
)
_CREDITS = re.compile(
    r"^\(?\s*(?i:reporting|additional reporting|writing|editing|edited|compiled|produced) (?i:by)\s+[A-Z].{0,200}$"
)
_BIO_ROLE = _rx(
    r"\b(?:editor[- ]in[- ]chief|managing editor|executive editor|senior editor|staff (?:writer|reporter)"
    r"|contributing (?:writer|editor)|freelance (?:writer|journalist|reporter)|correspondent|columnist|reporter|journalist"
    r"|writer|editor|founder|news reporting)\b"
)
_BIO_CUE = _rx(
    r"(?:^|[.!?]\s+)(?:covering|covers|writes about|writes for|reporting on|has (?:covered|reported|written)|based in)\b"
    r"|\b(?:is an? (?:[\w-]+ ){0,3}(?:reporter|journalist|writer|correspondent|editor|columnist|contributor))\b"
    r"|\b(?:editor[- ]in[- ]chief|founder|managing editor) (?:of|at)\b[^.]{0,60}\.?$"
    r"|\bnews reporting for \d+\+? years\b"
)


def chrome_category(line: str) -> str | None:
    """Which kind of site chrome a single (normalised) line is, judged on the line alone; None for body.

    Layout-dependent chrome (teaser blocks, section labels, footer widget names) is decided by
    ``clean_article_text``, which sees the neighbours.
    """
    if not line or len(line) > _MAX_CHROME_CHARS:
        return None
    words = _word_count(line)
    lowered = line.casefold().strip(" .:!|•-–—")
    reported = bool(_REPORTING.search(line))
    quoted = bool(_QUOTE_MARKS.search(line))
    if lowered in _NAV_WORDS:
        return "navigation"
    if words <= 12 and any(p.search(line) for p in _SPONSOR):
        return "sponsor"
    if words <= 60 and not reported and not quoted:
        if any(p.search(line) for p in _FUNDRAISING_STRONG) or (
            _ADDRESSES_READER.search(line) and any(p.search(line) for p in _FUNDRAISING)
        ):
            return "fundraising"
    if _TEASER_HEADING.match(line):
        return "teaser"
    if words <= 25 and not _ends_sentence(line.rstrip("…. ")) and _INLINE_TEASER.match(line) and not reported:
        return "teaser"
    if words <= 30 and not reported and any(p.search(line) for p in _SOCIAL):
        return "social"
    if words <= 8 and all(w.strip(".,:|•-–—()") in _SOCIAL_WORDS for w in line.casefold().split()):
        return "social"
    if _NEWSLETTER.search(line) and not reported and not quoted:
        if (words <= 20 and not _ends_sentence(line)) or (words <= 40 and _NEWSLETTER_PITCH.search(line)):
            return "newsletter"
    if _SCHEDULE.match(line) or (words <= 6 and _MORE_LINKS.match(line)):
        return "newsletter"
    if words <= 60 and _COOKIES.search(line) and _COOKIE_CONTEXT.search(line) and not reported:
        return "cookies"
    if words <= 50 and not reported and any(p.search(line) for p in _CAPTION):
        return "caption"
    # 'Watch: “I am not going anywhere,” Ruiz said.' is a quotation introduced by a label, not a
    # video widget: reported speech in quotation marks keeps a labelled line in the body
    if words <= 30 and any(p.search(line) for p in _WIDGET) and not (reported and quoted):
        return "widget"
    if words <= 12 and _BREADCRUMB.match(line) and not _ends_sentence(line):
        return "breadcrumb"
    if words <= 12 and _BYLINE.match(line) and not re.search(r"\b(?:the|a|an)\b", line.split(" ", 1)[-1]):
        return "byline"
    if _CREDITS.match(line) and not quoted:
        return "credits"
    return None


def _bio_candidate(line: str) -> bool:
    """An author/site blurb: a role phrase plus a bio cue, with no quotes and no reporting verb."""
    if len(line) > _MAX_CHROME_CHARS or _REPORTING.search(line) or _QUOTE_MARKS.search(line):
        return False
    return bool(_BIO_ROLE.search(line) and _BIO_CUE.search(line))


# --------------------------------------------------------------------------- datelines

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
_TIME = (
    r"\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?\s?m\.?)?(?:\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}|GMT[+-]\d{1,2}))?"
    r"|\d{1,2}\s*[ap]\.?\s?m\.?(?:\s*[A-Z]{2,5})?"
)
_DATE = (
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"
)
_SEP = r"\s*(?:[,|•–—-]|\bat\b|\bon\b)?\s*"
_DATELINE = re.compile(
    rf"^(?:(?:published|updated|posted|last updated|first published|date|dated|created)\s*(?:on|at)?\s*:?\s*)?"
    rf"(?:(?:{_TIME}){_SEP})?(?:{_WEEKDAY}{_SEP})?(?:{_DATE})(?:{_SEP}(?:{_TIME}))?"
    rf"(?:\s*[|,•]\s*(?:updated|last updated)\s*:?\s*.{{0,40}})?\W*$",
    re.I,
)
_DATELINE_PREFIX = re.compile(
    r"^(?:published|updated|posted|last updated|first published|date|dated|created)\s*(?:on|at)?\s*:?\s*", re.I
)
# "DOHA (AFP) - ", "LONDON, Sept 18 (Reuters) - ", "BEIRUT, Lebanon (AP) — ", "WASHINGTON — ",
# "SAN DIEGO--(BUSINESS WIRE)--", "NEW YORK, March 3, 2024 /PRNewswire/ --": a place in capitals, optionally a region or country and a date,
# then an agency or a dash
_WIRE_DATELINE = re.compile(
    # 'Paris (AFP) - ' in title case, with the agency; or the place in capitals
    r"(?:[A-Z][a-z]+(?:[ -](?:(?:de|da|do|del|la|el) )?[A-Z][a-z]+){0,2}"
    r"(?=(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?\s*\([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?\)\s*[-–—])"
    r"|[A-Z][A-Z.'’]{2,}(?:[ -][A-Z][A-Z.'’]+){0,3})(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?"
    rf"(?:,\s*(?i:{_MONTH})\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
    r"(?:\s*[-–—]{0,2}\s*\([A-Z][\w .&/-]{0,30}\)\s*(?:[-–—]{1,2}|:)\s*|\s*/[A-Z][\w .-]{0,30}/\s*[-–—]{1,2}\s*"
    r"|\s+[-–—]{1,2}\s+)(?=\S)"
)
_DOTTED_TIME = re.compile(r"\b(\d{1,2})\.(\d{2})\b(?=\s*(?:[ap]\.?\s?m\b|[A-Z]{2,5}\b|$))", re.I)
_DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}


_MAX_DATELINE_PARSES = 32  # dateparser calls per cleaning pass (~1-2 ms each); real articles use 1-3


def _dateline_shaped(line: str) -> bool:
    return len(line) <= 120 and bool(_DATELINE.match(line))


def parse_dateline(line: str) -> datetime | None:
    """Parse a line that is only a date/time ("24 October 2022, 10:18 AM", "Oct. 24, 2022",
    "Monday 24 October 2022 10.18 BST"); None for anything else, including lines that merely
    contain a date among other words."""
    if not _dateline_shaped(line):
        return None
    return _parse_dateline_cached(line)


@lru_cache(maxsize=1024)
def _parse_dateline_cached(line: str) -> datetime | None:
    candidate = _DATELINE_PREFIX.sub("", line)
    candidate = re.split(r"\s*[|•]\s*(?:updated|last updated)", candidate, flags=re.I)[0]
    candidate = _DOTTED_TIME.sub(r"\1:\2", candidate.replace("|", " ").replace("•", " "))
    candidate = re.sub(r"\b([ap])\.\s?m\.", r"\1m", candidate, flags=re.I).strip(" ,-–—")
    try:
        return dateparser.parse(candidate, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input; a non-date is simply not a dateline
        return None


# --------------------------------------------------------------------------- the cleaner


def _line_key(line: str) -> str:
    return line.casefold().strip(" .")


def _same_line(a: str, b: str) -> bool:
    return _line_key(a) == _line_key(b)


def _is_period_title(lines: list[str], index: int) -> bool:
    """A one-sentence line ending in a period, set apart by a wider gap (two or more blank lines)
    than the paragraphs: a headline that a converter or rewriter gave a full stop."""
    line = lines[index]
    words = _word_count(line)
    if words < 2 or words > _TITLE_MAX_WORDS or _SENTENCE_BREAK.search(line) or _REPORTING.search(line):
        return False
    if not line.endswith("."):
        return False
    following = lines[index + 1 : index + 3]
    return len(following) == 2 and following[0] == "" and following[1] == ""


def _teaser_item(line: str) -> bool:
    return bool(_ELLIPSIS_END.search(line)) or (not _ends_sentence(line) and _word_count(line) <= _TITLE_MAX_WORDS)


def clean_article_text(text: str, known_title: str | None = None, max_rounds: int = 3) -> CleanedText:
    """Clean one article body. ``known_title`` (from HTML metadata or a JSON record) is removed from
    the body wherever it appears as a line; otherwise the title is detected from the layout.

    Cleaning is repeated until it changes nothing (at most `max_rounds`): removing chrome changes
    what the Unicode repair sees ("¬Ä." beside a stray "\x80" is only unambiguous mojibake once
    alone), and a repaired line can turn out to be chrome ("SHARE€."). Clean text must stay put."""
    result = _clean_once(text, known_title)
    for _ in range(max_rounds - 1):
        again = _clean_once(result.text, known_title)
        if again.text == result.text:
            break
        result = _merged(result, again)
    return result


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bounded_report(
    mojibake: bool, fixes: list[HomoglyphFix], removed_lines: list[str], dateline: str | None
) -> CleaningReport:
    """The report with its lists cut to the documented bounds (schemas.models.MAX_REPORTED_*)."""
    if len(fixes) > MAX_REPORTED_FIXES or any(
        len(f.original) > MAX_REPORTED_FIX_CHARS or len(f.repaired) > MAX_REPORTED_FIX_CHARS for f in fixes
    ):
        fixes = [
            HomoglyphFix(original=_clip(f.original, MAX_REPORTED_FIX_CHARS),
                         repaired=_clip(f.repaired, MAX_REPORTED_FIX_CHARS))
            for f in fixes[:MAX_REPORTED_FIXES]
        ]
    return CleaningReport(
        mojibake_repaired=mojibake,
        homoglyph_fixes=fixes,
        removed_lines=[_clip(line, MAX_REPORTED_LINE_CHARS) for line in removed_lines[:MAX_REPORTED_LINES]],
        dateline=None if dateline is None else _clip(dateline, MAX_REPORTED_LINE_CHARS),
    )


def _merged(first: CleanedText, later: CleanedText) -> CleanedText:
    known = {fix.original for fix in first.report.homoglyph_fixes}
    report = _bounded_report(
        first.report.mojibake_repaired or later.report.mojibake_repaired,
        [*first.report.homoglyph_fixes, *(f for f in later.report.homoglyph_fixes if f.original not in known)],
        [*first.report.removed_lines, *later.report.removed_lines],
        first.report.dateline or later.report.dateline,
    )
    return CleanedText(
        text=later.text,
        title=first.title or later.title,
        dateline=first.dateline or later.dateline,
        published=first.published or later.published,
        report=report,
    )


def _clean_once(text: str, known_title: str | None) -> CleanedText:
    normalised, mojibake, fixes = _repaired(text)
    lines = normalised.split("\n")
    count = len(lines)
    removed = [False] * count
    chrome = [False] * count  # removed because it is chrome (as opposed to title/dateline metadata)
    categories_seen = [chrome_category(line) for line in lines]

    for i, category in enumerate(categories_seen):
        if category:
            removed[i] = chrome[i] = True

    # Teaser blocks: after a teaser heading, headlines and "..." snippets up to the next prose line.
    # A heading inside a block already scanned would rescan the same lines to the same stop, so the
    # scan resumes where the last one stopped (linear however many headings there are).
    scanned_to = -1
    for i, category in enumerate(categories_seen):
        if category != "teaser" or i < scanned_to or not _TEASER_HEADING.match(lines[i]):
            continue
        scanned_to = count
        for j in range(i + 1, count):
            line = lines[j]
            if not line or removed[j]:
                continue
            if not _teaser_item(line):
                scanned_to = j
                break
            removed[j] = chrome[j] = True

    # Datelines: lines that are only a date. The first one gives the publication time. Past the
    # parse budget a date-shaped line is taken on its shape alone (only floods get that far).
    dateline: str | None = None
    published: datetime | None = None
    parses = 0
    for i, line in enumerate(lines):
        if removed[i] or not line or not _dateline_shaped(line):
            continue
        if parses >= _MAX_DATELINE_PARSES:
            removed[i] = True
            continue
        parses += 1
        when = _parse_dateline_cached(line)
        if when is not None:
            removed[i] = True
            if dateline is None:
                dateline, published = line, when

    # Footer residue: scanning up from the end, short widget names and site blurbs between chrome
    # lines ("Ukraine Today" above a newsletter pitch) go with the chrome below them.
    seen_chrome = False
    for i in range(count - 1, -1, -1):
        line = lines[i]
        if not line:
            continue
        if removed[i]:
            seen_chrome = seen_chrome or chrome[i]
            continue
        if seen_chrome and (_short_fragment(line) or _bio_candidate(line)):
            removed[i] = chrome[i] = True
            continue
        break

    # A short fragment sandwiched between chrome lines anywhere is part of the same widget.
    for i, line in enumerate(lines):
        if not line or removed[i] or not _short_fragment(line):
            continue
        before = next((j for j in range(i - 1, -1, -1) if lines[j]), None)
        after = next((j for j in range(i + 1, count) if lines[j]), None)
        if before is not None and after is not None and chrome[before] and chrome[after]:
            removed[i] = chrome[i] = True

    title = _detect_title(lines, removed, known_title)
    # A detected (not given) title that quotes someone stays in the body as well: a record without
    # a title field may open with a short quoted line ('“It’s over”', 'Ruiz: “We will win”'), and
    # those words are a claim the extractor must see.
    if title is not None and not (known_title is None and _QUOTATION.search(title)):
        for i, line in enumerate(lines):
            if line and not removed[i] and _same_line(line, title):
                removed[i] = True

    kept = [line for i, line in enumerate(lines) if line and not removed[i]]
    removed_lines = [line for i, line in enumerate(lines) if line and removed[i]]
    if kept:
        # a wire dateline opening the story ('DOHA (AFP) - ', 'LONDON, Sept 18 (Reuters) - ') is
        # metadata: a capitalised place at the head of the first sentence would pass for its actor.
        # Matched at a moving position, so a line of many datelines is not copied once per dateline.
        first, start = kept[0], 0
        wire = _WIRE_DATELINE.match(first)
        while wire is not None and wire.end() < len(first):
            removed_lines.append(wire.group(0).strip())
            dateline = dateline or wire.group(0).strip(" -–—")
            start = wire.end()
            wire = _WIRE_DATELINE.match(first, start)
        kept[0] = first[start:]
    report = _bounded_report(mojibake, fixes, removed_lines, dateline)
    return CleanedText(
        text="\n\n".join(kept),
        title=title,
        dateline=dateline,
        published=published,
        report=report,
    )


def _section_label(line: str) -> bool:
    """"International", "World News", "City Hall Watch": a short capitalised heading above the title
    (a section or a blog's name); a three-word line in sentence case is more likely a headline."""
    words = line.split()
    if len(words) > 3 or not _headline_like(line) or any(char.isdigit() for char in line):
        return False
    if not any(char.isalpha() for char in line):
        return False
    return len(words) <= 2 or all(word[0].isupper() or word in {"&", "and", "of", "the"} for word in words)


def _detect_title(lines: list[str], removed: list[bool], known_title: str | None) -> str | None:
    """The title is the headline-like line right before the first prose line, at the top.

    Only section labels (see ``_section_label``) and copies of the title may precede it; if anything
    else sits in the header, no title is taken (the header stays in the body rather than risk
    dropping a real line). Labels are removed along with a detected title.
    """
    header: list[int] = []
    # The header lines that are not section labels, compared as _same_line compares: a full-stop
    # headline may follow only labels and copies of itself (kept as a set, so the check is O(1)).
    unlabelled: set[str] = set()
    for i, line in enumerate(lines):
        if not line or removed[i]:
            continue
        if known_title and _same_line(line, known_title):
            header.append(i)
            if not _section_label(line):
                unlabelled.add(_line_key(line))
            continue
        # A full-stop headline counts only as the first header line: after some other heading
        # it is prose (and must stay so when the cleaned body is cleaned again).
        period_title = _is_period_title(lines, i) and unlabelled <= {_line_key(line)}
        if _body_like(line) and not period_title:
            break  # the first prose line
        header.append(i)
        if not _section_label(line):
            unlabelled.add(_line_key(line))
    else:
        return known_title.strip() if known_title else None  # no prose: nothing to set a title apart from

    if known_title:
        title = known_title.strip()
        if header and all(
            _same_line(lines[i], title) or _section_label(lines[i]) for i in header
        ):
            for i in header:
                removed[i] = True
        return title
    if not header:
        return None
    title_index = header[-1]
    title = lines[title_index]
    earlier = [i for i in header if not _same_line(lines[i], title)]
    if not all(_section_label(lines[i]) for i in earlier):
        return None
    if _word_count(title) < 2 or not (_headline_like(title) or _is_period_title(lines, title_index)):
        # A lone one-word line above the prose is a section label, not a title.
        if not earlier and _word_count(title) == 1 and _section_label(title):
            for i in header:  # the label and any repeats of it
                removed[i] = True
        return None
    for i in earlier:
        removed[i] = True
    return title


# --------------------------------------------------------------------------- size bound

_SENTENCE_CUT = re.compile(rf"[.!?…][{_CLOSERS}]*(?=\s)")


def truncate_body(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters at the last paragraph break in the final
    tenth before the limit, else the last sentence end there, else the last space in the final
    half, else exactly at the limit. Text within the limit is returned unchanged."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    paragraph = head.rfind("\n\n")
    if paragraph >= max_chars * 0.9:
        return head[:paragraph].rstrip()
    window_start = int(max_chars * 0.9)
    ends = [match.end() for match in _SENTENCE_CUT.finditer(head, window_start)]
    if ends:
        return head[: ends[-1]]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space >= max_chars // 2:
        return head[:space].rstrip()
    return head
