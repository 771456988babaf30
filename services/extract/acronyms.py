"""What an acronym stands for, by library data: "EU" is the words of "European Union", "US" the
United States; and which written forms an acronym spells.
"""

from __future__ import annotations

from services.extract import places
from services.extract.alias_keys import country_token, initials, org_bag


def acronym_of(name: str) -> str | None:
    """`name` itself when it is written as an acronym: "NATO", "EU"; not "Nato" or "G7"."""
    return name if name.isupper() and 2 <= len(name) <= 6 and name.isalpha() else None


def name_bag(name: str, acronym: str | None) -> frozenset[str]:
    """The word bag a name is compared by. By library data a union's acronym is its expansion's
    words ("EU" = "European Union") and a country's is the country ("US" = "United States",
    never "Union State")."""
    expansion = places.acronym_expansion(acronym) if acronym is not None else None
    country = places.country_of_acronym(acronym) if acronym is not None else None
    if country is not None:
        return frozenset({country_token(country)})
    return org_bag(expansion if expansion is not None else name)


def spells(acronym: str, form: str) -> bool:
    """A form of two words or more whose initials are `acronym`: "IMC" spells "Irvale Mining
    Company"."""
    return " " in form and initials(form) == acronym


def is_own_acronym(form: str) -> bool:
    """A form written as capitals that is no country's acronym: "IMC", not "UK"."""
    return form.isupper() and places.country_of_acronym(form) is None
