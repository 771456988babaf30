"""Page documents: a fetched body plus the transport's metadata as one JSON record."""

from __future__ import annotations

import json

import pytest

from schemas.models import SourceKind
from services.ingest.documents import BadInput
from services.ingest.page_documents import document_with_metadata


def test_text_bodies_become_a_record_with_the_given_metadata() -> None:
    document = document_with_metadata(b"The ferry left at noon.", uri="u", source_kind=SourceKind.http,
                                      content_type="text/plain", title="Ferry", outlet="Harbour Times")
    assert json.loads(document.content) == {"text": "The ferry left at noon.", "title": "Ferry",
                                            "outlet": "Harbour Times"}


def test_html_without_text_is_bad_input() -> None:
    with pytest.raises(BadInput):
        document_with_metadata(b"<html><body><script>x()</script></body></html>", uri="u",
                               source_kind=SourceKind.http, content_type="text/html")
