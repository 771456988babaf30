"""Words that tell whether a clause looks ahead of the time of writing or back from it.

A bare weekday or a month without a year ("by Friday", "in May") names a day on one side of the
publication date; these words, in the clause around it, tell which side.
"""

from __future__ import annotations

# Auxiliaries of a future event: "will vote", "must decide", "may strike". Contractions ("we'll")
# are told by their ending.
FUTURE_AUXILIARIES = frozenset("will shall won't shan't gonna may might must should".split())

# Words before a noun that put the event ahead: "the next meeting on Friday", "the upcoming vote".
FORWARD_WORDS = frozenset({"next", "upcoming"})

# Verbs that point their to-infinitive ahead: "expected to resume", "urged both sides to return",
# "plans to vote". A word of this list counts only with a "to" a few words after it.
PROSPECTIVE_VERBS = frozenset(
    """
    expect expects expected expecting plan plans planned planning aim aims aimed aiming
    intend intends intended intending hope hopes hoped hoping promise promises promised promising
    vow vows vowed vowing pledge pledges pledged pledging threaten threatens threatened threatening
    urge urges urged urging ask asks asked asking order orders ordered ordering want wants wanted
    wanting prepare prepares prepared preparing agree agrees agreed agreeing decide decides decided
    deciding tell tells told telling seek seeks sought seeking scheduled slated poised likely
    """.split()
)

# Words that point a to-infinitive ahead only after a form of "be": "is due to vote", "is set to
# open", "is going to strike", "is about to sign" (not "due to rain", "set to work").
PROSPECTIVE_AFTER_BE = frozenset({"due", "set", "going", "about"})

# Words that put a date after "for" ahead: "scheduled for March 20", "set for Friday".
SCHEDULING_WORDS = frozenset("scheduled slated planned set due expected".split())

# Forms of "be": before a participle ("is closed until Friday") they, not the participle, carry
# the tense.
BE_FORMS = frozenset("is are was were be been being am isn't aren't wasn't weren't".split())

# Verbs that, like "be", take a participle that says nothing of the time ("stays closed until
# Tuesday", "remained shut until Monday"): the verb itself carries the tense.
COPULAR_VERBS = frozenset("remain remains remained stay stays stayed".split())

# Modals of a future seen from the past or of a condition ("said it would reply", "could reach"):
# they do not say which side of the publication date the event lies on.
OPEN_MODALS = frozenset("would could wouldn't couldn't".split())

# Auxiliaries of the simple past: "had crossed", "did not vote", "was held".
PAST_AUXILIARIES = frozenset("was were had did wasn't weren't hadn't didn't".split())

# Auxiliaries of the present perfect ("has voted"); "has until Friday" and "have to" are not.
# Contractions ("they've") are told by their ending.
PERFECT_AUXILIARIES = frozenset("has have hasn't haven't".split())

# Common past-tense forms not made with -ed, and not also present forms ("hit", "cut", "set" are
# left out); "agreed" and "freed" end in -eed, which the -ed rule leaves to "need" and "proceed".
IRREGULAR_PAST_FORMS = frozenset(
    """
    said told found agreed freed went came made took gave met began held left saw got sold bought
    brought thought knew rose fell struck won lost ran spoke wrote sent spent kept fought broke drove
    flew became stood paid led meant shot caught threw chose grew drew ate fled sank swore hid tore
    woke froze rang dealt lent slid felt heard understood withdrew arose swept sprang forgot
    """.split()
)
