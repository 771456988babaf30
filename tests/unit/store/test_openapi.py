"""The store's OpenAPI schema is checked in, and a change to the routes must come with it."""

from __future__ import annotations

import json

from services.store.openapi import drifted, rendered


def test_the_checked_in_schema_matches_the_app() -> None:
    assert not drifted(), "run `python -m services.store.openapi` and commit services/store/openapi.json"


def test_search_documents_its_query_and_answers_a_page() -> None:
    schema = json.loads(rendered())
    search = schema["paths"]["/search"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert {"q", "speaker", "outlet", "kind", "attribution_type", "entity", "hedged", "since", "until",
            "event_since", "event_until", "sort", "cursor", "facets", "limit"} <= names
    answer = search["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["$ref"].endswith("/SearchPage")
