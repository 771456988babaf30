"""Verbs of events the outlet itself reports, and verbs of being somewhere."""

from __future__ import annotations

# Past-tense verbs of an act the outlet reports itself ("Russia launched strikes"), not speech.
EVENT_VERBS = frozenset("""
deployed launched killed attacked arrived sabotaged hosted arrested fired struck invaded withdrew
signed met visited sent imposed approved rejected voted banned seized captured destroyed shot
bombed shelled opened closed began started ended raised cut detained released evacuated expelled
sanctioned blocked stationed transferred joined collected gathered built allowed moved massed
amassed mobilised mobilized recruited trained crossed entered occupied retreated advanced
downed intercepted targeted hit damaged injured wounded died resigned appointed elected won lost
passed adopted suspended resumed halted stopped delivered supplied shipped received bought sold
agreed posted published shared held staged conducted carried completed increased reduced
sparked triggered prompted caused used served positioned relocated returned remained
""".split())

# Verbs whose subject is where something is or what happens to it, not who acts: a capital
# before them is the city ("Moscow lies on the river", "Paris saw snow").
PLACE_VERBS = frozenset(
    """be lie sit stand border host remain become look seem feel sprawl stretch experience
    suffer see get receive wake swelter freeze shiver shake tremble flood burn celebrate
    attract welcome boast rank count contain include house""".split()
)

# The forms of PLACE_VERBS that regular inflection misses.
IRREGULAR_PLACE_VERB_FORMS = {
    "be": "is are was were been being am 's 're", "lie": "lay lain lying", "sit": "sat sitting",
    "stand": "stood", "become": "became", "feel": "felt", "see": "saw seen", "get": "got gotten getting",
    "wake": "woke woken", "freeze": "froze frozen", "shake": "shook shaken", "burn": "burnt",
}
