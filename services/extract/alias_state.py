"""A cluster as plain JSON-able data and back (the persistence of `AliasResolver.to_state`)."""

from __future__ import annotations

from typing import Any

from schemas.models import EntityType
from services.extract.alias_clusters import Cluster
from services.extract.alias_people import Person


def cluster_to_state(c: Cluster) -> dict[str, Any]:
    return {
        "key": c.key,
        "type": c.type.value if c.type is not None else None,
        "forms": [[form, count, c.form_seen.get(form, 0)] for form, count in c.forms.items()],
        "aliases": [[alias, count] for alias, count in c.aliases.items()],
        "persons": [[list(p.given), p.surname, p.display] for p in c.persons],
        "bags": sorted(sorted(bag) for bag in c.bags),
        "possessive": [c.possessive[0], sorted(c.possessive[1])] if c.possessive else None,
        "description": c.description,
        "first_seen": c.first_seen,
        "last_seen": c.last_seen,
    }


def cluster_from_state(raw: dict[str, Any]) -> Cluster:
    """The cluster `cluster_to_state` described; raises KeyError, TypeError or ValueError on
    malformed data."""
    cluster = Cluster(
        key=int(raw["key"]),
        type=EntityType(raw["type"]) if raw["type"] is not None else None,
        first_seen=int(raw["first_seen"]), last_seen=int(raw["last_seen"]),
        description=bool(raw.get("description", False)),
    )
    for form, count, seen in raw["forms"]:
        cluster.forms[str(form)] = int(count)
        cluster.form_seen[str(form)] = int(seen)
    for alias, count in raw["aliases"]:
        cluster.aliases[str(alias)] = int(count)
    cluster.persons = [Person(tuple(map(str, given)), str(surname), str(display))
                       for given, surname, display in raw["persons"]]
    cluster.bags = {frozenset(map(str, bag)) for bag in raw["bags"]}
    if raw["possessive"] is not None:
        owner, head = raw["possessive"]
        cluster.possessive = (str(owner), frozenset(map(str, head)))
    return cluster
