"""services.extract.alias_state: a cluster as JSON-able data and back."""

import json

import pytest

from services.extract.alias_state import cluster_from_state, cluster_to_state
from services.extract.aliases import AliasResolver


def test_every_cluster_survives_a_round_trip_through_json():
    resolver = AliasResolver(corpus=True)
    for name in ("Mayor Odile Varnsworth", "Irvale Mining Company", "Governor Ilse Brandvik’s office"):
        resolver.add(name)
    for raw in resolver.to_state()["clusters"]:
        back = cluster_from_state(json.loads(json.dumps(raw)))
        assert cluster_to_state(back) == raw


def test_a_malformed_cluster_raises():
    with pytest.raises(KeyError):
        cluster_from_state({"key": 1})
