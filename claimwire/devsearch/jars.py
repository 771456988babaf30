"""The OpenSearch jars: fetched from Maven Central once (``deploy/opensearch/pom.xml``) into a cache folder.

The cache is ``$CLAIMWIRE_OPENSEARCH_CACHE`` or ``<repo>/.cache/opensearch``; it is filled and checked the
way the Kafka cache is (``claimwire.devbroker.jars``): complete only when its marker names the pom's hash
and every jar.
"""

from __future__ import annotations

import os
from pathlib import Path

from claimwire.devbroker.errors import DevBrokerError
from claimwire.devbroker.jars import REPO_ROOT, ensure_classpath

OPENSEARCH_POM = REPO_ROOT / "deploy" / "opensearch" / "pom.xml"
CACHE_ENV_VAR = "CLAIMWIRE_OPENSEARCH_CACHE"


class DevSearchError(RuntimeError):
    """The development OpenSearch node could not be prepared, started or stopped."""


def default_cache_dir() -> Path:
    """Where the OpenSearch jars are cached: $CLAIMWIRE_OPENSEARCH_CACHE, else <repo>/.cache/opensearch."""
    override = os.environ.get(CACHE_ENV_VAR, "").strip()
    return Path(override).expanduser().resolve() if override else REPO_ROOT / ".cache" / "opensearch"


def ensure_opensearch_classpath(cache_dir: Path | None = None, *, pom: Path = OPENSEARCH_POM) -> Path:
    """A folder holding the node's jars, running Maven only when the cache is missing or stale."""
    try:
        return ensure_classpath(cache_dir or default_cache_dir(), pom=pom, what="OpenSearch")
    except DevBrokerError as exc:  # the shared cache code speaks of the broker's error type
        raise DevSearchError(str(exc)) from exc
