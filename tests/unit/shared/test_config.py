"""services.shared.config: where the claims are indexed, from CLAIMWIRE_INDEX."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.shared.config import IndexTarget, IndexUrlError, Settings, parse_index_url


@pytest.mark.parametrize(("value", "target"), [
    ("", IndexTarget("tantivy", "/data/index")),
    ("tantivy:///srv/claims", IndexTarget("tantivy", "/srv/claims")),
    ("opensearch://search.internal:9200", IndexTarget("opensearch", "http://search.internal:9200")),
    ("opensearchs://search.internal:9200/", IndexTarget("opensearch", "https://search.internal:9200")),
    ("opensearch://127.0.0.1:9201/newsroom", IndexTarget("opensearch", "http://127.0.0.1:9201", "newsroom")),
])
def test_each_form_names_an_engine_and_where(value: str, target: IndexTarget) -> None:
    assert parse_index_url(value, Path("/data/index")) == target


@pytest.mark.parametrize("value", ["elastic://host:9200", "tantivy://relative/path", "opensearch://", "/just/a/path",
                                   "opensearch://host:9200/Upper Case"])
def test_an_unknown_form_is_a_clear_error(value: str) -> None:
    with pytest.raises(IndexUrlError, match="CLAIMWIRE_INDEX=.*tantivy:///PATH"):
        parse_index_url(value, Path("/data/index"))


def test_settings_read_it_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAIMWIRE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CLAIMWIRE_INDEX", raising=False)
    assert Settings().index_target == IndexTarget("tantivy", str(tmp_path / "index"))
    monkeypatch.setenv("CLAIMWIRE_INDEX", "opensearch://127.0.0.1:9201")
    settings = Settings()
    assert settings.index_target.engine == "opensearch" and settings.index_dir == tmp_path / "index"
