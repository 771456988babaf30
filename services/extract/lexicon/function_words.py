"""Function words: articles, determiners, prepositions, conjunctions; the glue between names."""

from __future__ import annotations

# Words that open a sentence without naming anyone; a capitalised word after one of them may be
# a name ("After Lindqvist left, ..."), the word itself never is.
FUNCTION_WORDS = frozenset(
    "the a an this that these those it its they their he she his her we our in on at for after "
    "before during while when since as by from with to of despite following prior however but and "
    "there here what which who".split()
)

# The same words as they are written at the start of a sentence or a transcript line.
SENTENCE_START_WORDS = frozenset(word.capitalize() for word in FUNCTION_WORDS)

# Conjunctions that open a clause of its own beside the one before them ("…, although some may
# disagree", "… and said the leaflets were wrong"); a hedge in that clause is not the other's.
CLAUSE_CONJUNCTIONS = frozenset("although though but whereas yet while and or because unless".split())

# Words left out when two names are compared ("Bank of England" ~ "England's bank").
NAME_STOP_WORDS = frozenset({"the", "of", "and", "for", "on", "in", "at", "to", "a", "an", "'s", "s", "&"})

# Words that open a description of someone unnamed ("an unnamed official").
DESCRIPTION_OPENERS = frozenset({"a", "an", "the", "one", "unnamed", "anonymous", "unidentified"})

# Determiners and prepositions: the word after one is a noun ("the report", "off the post"), or
# after a preposition a gerund ("by saying", "after warning").
NOUN_DETERMINERS = frozenset(
    "a an the this these those his her its their our my your no any some every each another such".split())
PREPOSITIONS_BEFORE_NOUNS = frozenset("of with for in on by from at into about".split())
NOUN_MARKERS = NOUN_DETERMINERS | PREPOSITIONS_BEFORE_NOUNS

# Quantifiers that head a phrase about part of a group ("some of the workers said"). Not
# PARTITIVE_HEADS: merging the two changes claims.
PARTITIVE_WORDS = frozenset("one two three four several some many most both none each".split())

# Nouns of a share of a group, whose "of" phrase names who the group is ('31 percent of respondents',
# 'a majority of voters', 'two-thirds of members'): the source is the share with its group.
SHARE_NOUNS = frozenset("percent per cent majority minority half third thirds quarter quarters fifth fifths "
                        "share proportion fraction number plurality".split())

# Nouns of a part of something, before "of" at the start of a sentence ("Shares of Halvard fell",
# "Members of the union voted"): the phrase is not a name.
PARTITIVE_HEADS = frozenset("shares stock stocks members parts part most some many half all workers staff".split())
