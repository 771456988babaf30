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

# Titles and ranks written before a person's name and dropped from it ("Councillor Ray Dunn",
# "Det Insp Kaur", "Datuk Seri Anwar"), as the speaker rules read a name.
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

# What the alias resolver drops in front of a person's name before it compares names: titles,
# offices and their qualifiers ('former', 'acting', 'foreign', 'state'), and sport positions.
# Not PERSON_TITLES: the resolver folds case and drops these words anywhere before the name,
# and merging the two lists changes claims (tried: the fingerprint differs).
TITLES_AND_QUALIFIERS = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady madame mme monsieur herr frau senor
    senora signor signora president vice prime minister
    chancellor premier gen general lt col colonel maj major capt captain sgt adm admiral cmdr
    commander chief sen senator rep representative gov governor mayor king queen prince princess
    pope sheikh rev reverend secretary ambassador judge justice dictator leader spokesman
    spokeswoman spokesperson deputy acting former late opposition foreign defense defence interior
    finance economy health state minister's president-elect ceo chairman chairwoman chair director
    head envoy officer official coach manager striker midfielder defender goalkeeper st saint
    """.split()
)

# Words that open a sentence before the name of its subject ("Economist Mira Holt said"): the
# roles, and the titles and occupations the sentence-start rules have needed. A separate list
# because a wider one (adding PERSON_TITLES and PERSON_NOUNS) changes claims.
TITLES_OPENING_A_SENTENCE = ROLE_NOUNS | frozenset(
    "economist analyst author lawyer attorney doctor dr mr mrs ms miss sir lord lady dame "
    "skipper farmer teacher journalist reporter writer activist actor singer coach chairman "
    "chairwoman officer operator campaigner councillor constable detective".split())

# Titles that give a person's gender.
FEMALE_TITLES = frozenset("mrs ms miss dame lady madam madame mme sister queen princess duchess".split())
MALE_TITLES = frozenset("mr sir lord father king prince duke monsieur".split())

# Titles a post's signature line may open with ('— Sen. Laura Beckett (@lbeckett)'), as written.
# Kept short: the signature is stripped of these at its start, and a longer list would take the
# first word of names such as 'Major Lazer' or 'Chief Keef'.
SIGNATURE_TITLES = ("Mayor", "Sen", "Senator", "Rep", "Gov", "Governor", "President", "Minister", "Dr", "Prof",
                    "Mr", "Mrs", "Ms", "Sir", "Dame", "Lord", "Lady", "Councillor", "Cllr", "Rev", "Gen", "Col",
                    "Capt")
