"""Words around clock times and years: a number followed or preceded by one is a time or a year."""

from __future__ import annotations

# After a number: "5 pm", "0800 GMT", "1700 hours".
CLOCK_SUFFIXES = frozenset({
    "am", "pm", "a", "p", "gmt", "utc", "bst", "cet", "cest", "est", "edt", "pst", "pdt", "msk",
    "eet", "eest", "hours", "hrs", "hr", "h", "o'clock", "local",
})  # fmt: skip
# Before a four-digit clock time: "at 1700", "until 0600".
CLOCK_PREPOSITIONS = frozenset({"at", "by", "until", "till", "from", "before", "after", "around"})
# Before a year: "in 1998", "since 2004".
YEAR_PREPOSITIONS = frozenset({"in", "by", "since", "until", "till", "during", "before", "after",
                               "through", "from", "circa", "to", "of", "between", "and"})
# Words that open a date and point it ahead of publication unless its clause is in the past:
# "will vote by Friday", "closed until Monday", "before Tuesday", "this Friday".
DATE_WORDS_AHEAD = frozenset({"by", "until", "till", "before", "this"})
