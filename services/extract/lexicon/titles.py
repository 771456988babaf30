"""Titles, ranks and offices: the words around a person's name that say what they are."""

from __future__ import annotations

# Heads of noun phrases that name a role a person holds ("the president", "Belarus' military chief").
ROLE_NOUNS = frozenset(
    """
    president minister chief dictator leader spokesman spokeswoman spokesperson secretary chancellor
    governor mayor general commander ambassador envoy official adviser advisor director head
    chairman chairwoman chair ceo premier senator lawmaker deputy aide diplomat analyst expert
    fellow researcher professor officer prosecutor judge mp congressman congresswoman representative
    king queen prince emperor monarch pope patriarch strongman ruler despot autocrat founder
    commissioner negotiator mediator colonel lieutenant captain admiral marshal sergeant
    brigadier commodore corporal major legislator cfo coo cto counsel cm cs pm dg
    """.split()
)

PERSON_TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady rev fr sen rep gov gen col capt lt sgt cllr
    president minister councillor constable detective inspector sergeant officer superintendent
    senator governor mayor judge justice coach bishop father sister rabbi imam chancellor premier
    commissioner chief secretary ambassador general colonel captain admiral economist professor
    brigadier commodore corporal marshal major
    doctor det insp supt ch dc pc ds di dci dcs acc
    datuk dato seri sri shri smt sardar engr alhaji alhaja hon barr cs cm
    """.split()
)

# Party labels written before a politician's name ('Conservative Simon Greaves'): not part of it.
PARTY_LABELS = frozenset(
    "conservative labour tory democrat democratic republican liberal green socialist nationalist "
    "unionist independent centrist".split()
)

# Forms of address only a person carries (a rank or office could head a body's name too).
HONORIFICS = frozenset("mr mrs ms miss mx dr prof sir dame lord lady rev councillor cllr senator sen rep gov "
                       "mayor sgt det insp supt lt col capt brigadier engr alhaji datuk".split())

# Letters written after a person's name: honours, degrees, the bar, seats in a legislature.
POST_NOMINALS = frozenset("mp msp mla mep td qc kc sc obe mbe cbe kbe dbe frs phd".split())

# Offices written as initials ('the CM said' in Indian, 'the CS' in Kenyan papers): the title word
# a name carries ('Chief Minister N. Reddy').
ROLE_ABBREVIATIONS = {"cm": "minister", "pm": "minister", "cs": "secretary", "dg": "director"}
