"""speakers.py is the façade: every name the extractor and the tests import from it is there."""

from __future__ import annotations

import ast
from pathlib import Path

import services.extract.speakers as speakers

ROOT = Path(__file__).resolve().parents[3]


def test_every_exported_name_exists() -> None:
    assert all(hasattr(speakers, name) for name in speakers.__all__)


def test_every_name_imported_from_the_facade_is_exported() -> None:
    imported: set[str] = set()
    for folder in ("services", "tests", "bench", "claimwire"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == "services.extract.speakers":
                    imported.update(alias.name for alias in node.names)
    assert imported, "the extractor imports from the façade"
    assert imported <= set(speakers.__all__)
