"""Fixtures of the ingest tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.unit.ingest.feed_site import Site, serving


@pytest.fixture()
def site() -> Iterator[Site]:
    """A web server on 127.0.0.1 serving the routes a test puts in ``site.routes``."""
    with serving() as site:
        yield site
