"""The word lists ingest cleaning judges lines by, one list per fact.

Ingest keeps its own lists: services never import each other, and the extractor's lexicon
(``services/extract/lexicon/``) answers different questions (who speaks, not what is site chrome).
Each regex that needs one of these lists builds its alternation from it, so a word is added in one place.
"""

from __future__ import annotations

__all__ = [
    "BYLINE_NAME_PARTICLES",
    "NAVIGATION_LABELS",
    "PHOTO_AGENCIES",
    "PLACE_NAME_PARTICLES",
    "REPORTING_VERBS",
    "SHARE_WIDGET_WORDS",
    "SOCIAL_PLATFORMS",
    "alternation",
]

# Verbs (and one phrase) that report speech: a line carrying one is somebody's words, not chrome.
REPORTING_VERBS = (
    "said", "says", "say", "told", "tells", "added", "stated", "according to", "wrote", "tweeted", "announced",
    "claimed",
)

# Social platforms whose names make up share-button rows ("Facebook Twitter WhatsApp").
SOCIAL_PLATFORMS = frozenset(
    "facebook twitter x linkedin whatsapp telegram reddit pinterest messenger flipboard vk viber threads bluesky "
    "instagram youtube tiktok".split()
)

# The other words of a share-button row: the actions and the glue between them ("Share this article on").
SHARE_WIDGET_WORDS = frozenset(
    "share shares sharing tweet email e-mail print copy link comments comment comments: mail sms save this article "
    "on via and or the".split()
)

# Whole lines (casefolded, trimmed) that are site navigation, consent buttons or page furniture.
NAVIGATION_LABELS = frozenset(
    {
        "home", "menu", "search", "close", "login", "log in", "sign in", "sign up", "subscribe", "register",
        "back to top", "skip to content", "skip to main content", "toggle navigation", "next", "previous",
        "next article", "previous article", "comments", "leave a comment", "post a comment",
        "listen", "listen to this article", "watch", "play", "play video", "watch video", "all rights reserved",
        "accept", "accept all", "reject all", "manage preferences", "cookie settings", "got it", "ok", "loading",
        "loading...", "more", "top", "sections", "contact us", "about us", "privacy policy", "terms of use",
    }
)

# Picture agencies credited at the end of a caption ("... / Getty Images"), as regex alternatives.
PHOTO_AGENCIES = (
    "getty images", "afp", "ap", "reuters", "epa(?:-efe)?", "shutterstock", "alamy", "bloomberg", "anadolu",
)

# Lower-case particles inside a person's name in a byline ("By Ana de la Cruz").
BYLINE_NAME_PARTICLES = ("de", "van", "von", "der", "da", "di", "le", "la", "bin", "al")

# Lower-case particles inside a title-case place name opening a wire story ("Rio de Janeiro (AFP) - ").
PLACE_NAME_PARTICLES = ("de", "da", "do", "del", "la", "el")


def alternation(words: tuple[str, ...]) -> str:
    """``words`` as the inside of a regex group, in order (the words are written as regex already)."""
    return "|".join(words)
