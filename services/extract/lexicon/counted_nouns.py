"""The noun phrase an amount counts ("1,000 more Russian troops"): what opens, extends and ends it."""

from __future__ import annotations

from services.extract.lexicon.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from services.extract.lexicon.time_words import CLOCK_SUFFIXES

# Determiners before a number make it a label or a year, not an amount ("the 1990 law"). Not
# function_words.NOUN_MARKERS: that list adds prepositions and leaves out "that", "which", "whose".
DETERMINERS = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
                         "my", "your", "whose", "a", "an", "every", "each", "any", "no", "which"})

# Plurals without an -s, and collective nouns that count people.
IRREGULAR_PLURALS = frozenset({
    "people", "men", "women", "children", "police", "personnel", "staff", "cattle", "feet",
    "teeth", "mice", "geese", "data", "media", "crew", "livestock", "infantry", "militia",
    "aircraft", "sheep", "fish", "deer", "offspring", "youth", "clergy", "kin", "folk",
})  # fmt: skip

# Nouns ending in -ed or -ing: not the participle that ends a counted phrase ("300 buildings").
PARTICIPLE_LOOKALIKES = frozenset({"building", "buildings", "bed", "beds", "shed", "sheds", "sled", "ring",
                                   "rings", "king", "kings", "wing", "wings", "thing", "things", "evening",
                                   "morning", "spring", "string", "offspring", "sibling", "hundred"})

# Between an amount and what it counts: "thousands more troops", "1,000 additional soldiers".
ADDITIVE_WORDS = frozenset({"more", "additional", "extra", "further", "fewer", "other", "new", "less"})

# Words that open a place or group after the counted noun: "troops in the capital".
PREPOSITION_OPENERS = frozenset({"of", "in", "from", "at", "on", "near", "across", "inside", "within", "along",
                                 "for", "to", "into", "around", "outside", "under"})

# Function words, speech verbs, clock suffixes, months and weekdays end the counted noun phrase.
PHRASE_STOP_WORDS = frozenset(
    """
    a an the this that these those it its they them their there here he she his her him we us
    our you your i me my who whom whose which what when where why how than then
    and or but nor so yet if as because while although though whether unless since
    of in on at by for from to with without within into onto upon about above below under over
    near across along around after before during between among against through toward towards
    per via like unlike until till despite including according behind beyond inside outside
    is are was were be been being am has have had having do does did will would shall should
    can could may might must ought not no also already still just only even more most less
    least very too quite rather almost nearly some any all each every both either neither such
    said says say told tells tell added adds reported reports claimed claims warned
    other another others same own well much many few several
    """.split()
) | CLOCK_SUFFIXES - {"hours"} | frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS) | frozenset(WEEKDAYS)
