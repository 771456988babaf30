"""How amounts are spelt in words: number words, magnitudes, their abbreviations, vague amounts."""

from __future__ import annotations

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
BIG_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SCALE_WORDS = {"hundred": 100.0, **BIG_SCALES, "dozen": 12.0}

# Abbreviated scales glued to or following digits: "$4.5bn", "20k". A bare "m" is metres unless
# money is being counted (MONEY_ONLY_ABBREVIATIONS).
SCALE_ABBREVIATIONS = {"bn": 1e9, "b": 1e9, "mn": 1e6, "mln": 1e6, "m": 1e6, "k": 1e3, "tn": 1e12}
MONEY_ONLY_ABBREVIATIONS = frozenset({"m", "b", "mn"})
# The abbreviations that scale digits even when a space parts them: "$4.5 bn".
SPACED_SCALE_ABBREVIATIONS = frozenset({"bn", "mn", "mln", "tn"})

# Plural magnitude words that name a vague amount ("thousands", "tens of thousands").
VAGUE_MAGNITUDES = frozenset({"dozens", "scores", "hundreds", "thousands", "millions", "billions", "tens"})
# Words before a scale word that make it vague: "several thousand", "a few hundred".
VAGUE_PREFIXES = frozenset({"several", "few", "many"})

# Verbs that state an amount as a multiple: "exports doubled" is two times.
MULTIPLIER_VERBS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0,
                    "halved": 0.5, "doubling": 2.0, "tripling": 3.0}

# Shares after a hyphen: "two-thirds" is a share, not a count.
FRACTION_WORDS = frozenset({"half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths",
                            "sixth", "sixths", "eighth", "eighths", "tenth", "tenths"})
