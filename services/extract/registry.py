"""Corpus-level canonical names: one name per real-world entity across every article read.

An article's extraction resolves its own names (`services.extract.aliases.AliasResolver`): within
one article "Mr Lukashenko" is "Alexander Lukashenko". Across articles that is not enough: an
article that only says "Alyaksandra Lukashenko" would name the speaker differently from one that
says "Alexander Lukashenko". `EntityRegistry` remembers the canonical names of the articles read
so far and maps each new article's canonical names onto them, learning as it goes:

    registry = EntityRegistry.load(path)          # empty when the file does not exist yet
                                                  # (EntityRegistry.open: also survives a bad file)
    mapping = registry.canonicalise(entities)     # {article canonical -> corpus canonical}
    registry.save(path)                           # atomic

Matching is the alias resolver's, in its corpus mode (no second matcher here): spellings and
transliterations, titles, word order, demonyms, acronyms and case merge; a bare surname joins the
only known person with that surname and stays apart when two or more are known; two people with
different known first names never merge.

The corpus canonical of an entity is the first name it was seen under and then stays, so claims
keep one name over time. Two exceptions: a bare surname ("Lukashenko", "Mr Lukashenko") is
replaced by the first full name of the same person seen later ("Alexander Lukashenko"), and the
name made up for a country's troops ("Ukrainian Armed Forces", from "Ukraine's armed forces") by
the body's own name when an article writes it ("Armed Forces of Ukraine"). Such an upgrade only
affects claims extracted afterwards; claims already emitted keep the earlier name.

Descriptions rather than names (a lowercase first word: "unnamed senior US defense official",
alias "a senior US defense official") keep their name but are remembered as entities of their own,
found again by their words only, articles and "unnamed" aside (`lookup`): never matched to a name,
never merged by a similar description. The same words from two articles share one entry: the
claims already carry the same name, and nothing more is claimed about who the source is.

Memory is bounded: past `max_aliases` names, the entities seen longest ago are forgotten. Not
thread-safe: one registry per worker, fed one article at a time.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from schemas.models import ClaimEvent, Entity
from services.extract.aliases import AliasResolver, is_better_name
from services.extract.lexicon.names import NAME_PARTICLES
from services.shared.files import write_atomically

__all__ = ["EntityRegistry", "RegistryError"]

log = logging.getLogger(__name__)

_FORMAT_VERSION = 1
_MAX_NAME_CHARS = 200  # longer "names" are sentences or junk: not worth a corpus entry


class RegistryError(ValueError):
    """A registry file or JSON document that cannot be read back."""


def _is_name(text: str) -> bool:
    """Proper names only: "Belta", "al-Assad", "de Gaulle"; not "a senior official"."""
    text = text.strip()
    if not text or len(text) > _MAX_NAME_CHARS or not any(c.isalnum() for c in text):
        return False
    words = text.split()
    if len(words) > 1 and words[0].lower() == "the":  # "the Ministry of Defense"
        words = words[1:]
    first = words[0]
    if first[:1].isupper() or first[:1].isdigit() or first.startswith("@"):
        return True
    return first.split("-")[0].lower() in NAME_PARTICLES


class EntityRegistry:
    """Corpus canonical names, learnt article by article (see the module docstring)."""

    def __init__(self, max_aliases: int = 200_000) -> None:
        if max_aliases < 1:
            raise ValueError("max_aliases must be positive")
        self.max_aliases = max_aliases
        self._resolver = AliasResolver(corpus=True)
        self._canonical: dict[int, str] = {}  # cluster -> corpus canonical, stable once chosen

    def __len__(self) -> int:
        """How many corpus entities are known."""
        return len(self._canonical)

    @property
    def alias_count(self) -> int:
        return self._resolver.alias_count

    # ------------------------------------------------------------------ learning
    def canonicalise(self, entities: list[Entity]) -> dict[str, str]:
        """Map one article's canonical names to corpus canonical names, learning the article.

        Every entity's `canonical` is a key of the result; a description or junk maps to
        itself. Feeding the result's names back maps them to
        themselves."""
        joined: dict[str, int] = {}
        mapping: dict[str, str] = {}
        for entity in entities:
            name = entity.canonical
            mapping[name] = name
            try:
                if _is_name(name):
                    key = self._resolver.learn_entity(entity)
                elif len(name) <= _MAX_NAME_CHARS:
                    key = self._resolver.learn_description(entity)
                else:
                    continue
            except Exception:  # a name the matcher chokes on stays as the article named it
                log.exception("entity registry could not learn %r", name[:80])
                continue
            if key is None:
                continue
            current = self._canonical.get(key)
            if current is None or (current != name and is_better_name(name, current)):
                self._canonical[key] = name
            joined[name] = key
        # names are read after the whole article is in, so an upgrade made by a later entity of
        # the same article applies to all of its claims
        for name, key in joined.items():
            mapping[name] = self._canonical.get(key, name)
        self._bound_memory(keep=set(joined.values()))
        return mapping

    def rename_claims(self, claims: list[ClaimEvent], article_entities: Iterable[Entity] = ()) -> list[ClaimEvent]:
        """One article's claims with corpus canonical names, learning the article's entities
        (`article_entities`: every entity the article's resolver found, so names outside the
        claims teach the registry too; the claims' own entities and speakers are always fed).

        Speakers keep their surface; entities keep their aliases, and two entities of a claim
        that turn out to be one corpus entity become one with both alias lists. Claim ids do
        not depend on names and stay unchanged."""
        entities: dict[str, Entity] = {}
        for entity in [*article_entities, *(e for claim in claims for e in claim.entities)]:
            entities.setdefault(entity.canonical, entity)
        for claim in claims:
            if claim.speaker is not None and claim.speaker.canonical not in entities:
                entities[claim.speaker.canonical] = Entity(canonical=claim.speaker.canonical)
        mapping = self.canonicalise(list(entities.values()))
        if all(old == new for old, new in mapping.items()):
            return claims
        return [_renamed(claim, mapping) for claim in claims]

    def lookup(self, name: str) -> str | None:
        """The corpus canonical `name` (a canonical or any alias seen) resolves to, without
        learning it; None when no known entity matches."""
        try:
            key = self._resolver.key_of(name) if _is_name(name) else self._resolver.description_of(name)
        except Exception:
            log.exception("entity registry could not look up %r", name[:80])
            return None
        return self._canonical.get(key) if key is not None else None

    def _bound_memory(self, keep: set[int]) -> None:
        if self._resolver.alias_count <= self.max_aliases:
            return
        target = int(self.max_aliases * 0.9)
        while self._resolver.alias_count > target and len(self._canonical) > len(keep):
            batch = max(1, len(self._canonical) // 10)
            victims = [k for k in self._resolver.least_recent(batch + len(keep)) if k not in keep][:batch]
            if not victims:
                break
            for key in victims:
                self._resolver.forget(key)
                self._canonical.pop(key, None)
        log.info("entity registry trimmed to %d entities (%d names)", len(self._canonical),
                 self._resolver.alias_count)

    # ------------------------------------------------------------------ persistence
    def to_json(self) -> str:
        return json.dumps({
            "format": _FORMAT_VERSION,
            "max_aliases": self.max_aliases,
            "canonical": {str(k): v for k, v in self._canonical.items()},
            "resolver": self._resolver.to_state(),
        }, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> EntityRegistry:
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != _FORMAT_VERSION:
                raise RegistryError(f"not an entity registry (format {_FORMAT_VERSION} expected)")
            registry = cls(max_aliases=int(data["max_aliases"]))
            registry._resolver = AliasResolver.from_state(data["resolver"])
            registry._canonical = {int(k): str(v) for k, v in data["canonical"].items()}
        except RegistryError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise RegistryError(f"not an entity registry: {error}") from error
        if any(k not in registry._resolver for k in registry._canonical):
            raise RegistryError("not an entity registry: a canonical name points at no entity")
        return registry

    @classmethod
    def load(cls, path: str | os.PathLike[str], max_aliases: int | None = None) -> EntityRegistry:
        """The registry saved at `path`; an empty one when the file does not exist yet.
        Raises RegistryError for a file that is not a registry."""
        path = Path(path)
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            return cls() if max_aliases is None else cls(max_aliases)
        except OSError as error:
            raise RegistryError(f"cannot read {path}: {error}") from error
        registry = cls.from_json(text)
        if max_aliases is not None:
            registry.max_aliases = max_aliases
        return registry

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> EntityRegistry:
        """`load` for a service starting up: a file that is not a registry is moved aside to
        `<name>.corrupt` (kept for inspection, never overwritten by the next save) and an empty
        registry is returned, so one bad file cannot crash-loop a worker."""
        path = Path(path)
        try:
            return cls.load(path)
        except RegistryError as error:
            aside = path.with_name(path.name + ".corrupt")
            log.error("entity registry %s unreadable (%s): moved to %s, starting empty", path, error, aside)
            try:
                os.replace(path, aside)
            except OSError:
                log.exception("could not move %s aside", path)
            return cls()

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write atomically: a crash mid-save leaves the previous file, never half of one."""
        write_atomically(Path(path), self.to_json().encode("utf-8"))


def _renamed(claim: ClaimEvent, mapping: dict[str, str]) -> ClaimEvent:
    update: dict[str, object] = {}
    speaker = claim.speaker
    if speaker is not None and mapping.get(speaker.canonical, speaker.canonical) != speaker.canonical:
        update["speaker"] = speaker.model_copy(update={"canonical": mapping[speaker.canonical]})
    merged: dict[str, Entity] = {}
    for entity in claim.entities:
        canonical = mapping.get(entity.canonical, entity.canonical)
        earlier = merged.get(canonical)
        if earlier is None:
            merged[canonical] = entity.model_copy(update={"canonical": canonical})
        else:
            aliases = sorted({*earlier.aliases, *entity.aliases})
            merged[canonical] = earlier.model_copy(update={"aliases": aliases})
    entities = list(merged.values())
    if entities != claim.entities:
        update["entities"] = entities
    return claim.model_copy(update=update) if update else claim
