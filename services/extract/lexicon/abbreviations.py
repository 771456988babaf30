"""Words written with a full stop that does not end the sentence ('Dr.', 'Sept.', 'e.g.')."""

from __future__ import annotations

# The sentence splitter reads these (case-blind) as no sentence end.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen col lt maj sgt capt cmdr adm gov sen rep rev st jr sr messrs mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    no nos vs etc inc ltd co corp dept est approx fig vol pp al u.s u.k u.n e.g i.e a.m p.m
    """.split()
)
