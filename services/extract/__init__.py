"""The extract service: raw articles in, attributed claims out.

Public entry points (imported lazily so that using one building block, e.g. the hedge finder,
does not load spaCy):

    from services.extract import extract_claims, extract_many, EXTRACTOR_VERSION
"""

from __future__ import annotations

from typing import Any

__all__ = ["EXTRACTOR_VERSION", "extract_claims", "extract_many"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from services.extract import extractor

        return getattr(extractor, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
