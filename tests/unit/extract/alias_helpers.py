"""Helpers shared by the alias tests (test_aliases.py and the test_alias_*.py files)."""

from services.extract.aliases import AliasResolver


def resolve_all(*surfaces: str) -> dict[str, str]:
    """Feed `surfaces` to one resolver, in order; each surface's canonical name at the end."""
    resolver = AliasResolver()
    for surface in surfaces:
        resolver.add(surface)
    return {s: resolver.canonical(s) for s in surfaces}
