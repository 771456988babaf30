"""Qualifiers of an amount ("more than 300", "500 or more"), by the qualifier they state."""

from __future__ import annotations

# Phrases right before an amount, grouped by the qualifier of the wire contract.
QUALIFIERS_BEFORE: dict[str, tuple[str, ...]] = {
    "more than": ("more than", "over", "above", "in excess of", "upwards of", "greater than",
                  "higher than", "exceeding", "just over", "well over", "well above"),
    "at least": ("at least", "no fewer than", "no less than", "a minimum of", "minimum of"),
    "up to": ("up to", "as many as", "as much as", "no more than", "not more than", "a maximum of",
              "maximum of", "at most"),
    "about": ("about", "around", "approximately", "approx", "roughly", "nearly", "almost", "some",
              "an estimated", "estimated", "close to", "circa", "~", "just about", "more or less",
              "an approximate", "roughly about"),
    "less than": ("less than", "fewer than", "under", "below", "lower than", "just under",
                  "well under", "well below"),
    "exactly": ("exactly", "precisely", "a precise"),
}  # fmt: skip

# Phrases right after an amount, in the order they are tried, with the qualifier each states.
QUALIFIERS_AFTER = {
    "plus": "more than", "+": "more than", "or more": "at least",
    "or so": "about", "or fewer": "up to", "or less": "up to",
}  # fmt: skip

# "won't be just a thousand troops": a negated "just N" means more than N.
NEGATIONS = frozenset({"not", "never", "no"})
MERELY_WORDS = frozenset({"just", "only", "merely", "simply"})
