"""services.shared.config: where the claims are indexed (CLAIMWIRE_INDEX), which private networks the
feed poller may fetch from (CLAIMWIRE_FETCH_ALLOW)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from services.shared.config import (
    FetchAllowError,
    IndexTarget,
    IndexUrlError,
    Settings,
    parse_fetch_allow,
    parse_index_url,
)


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


def test_fetch_allow_is_a_list_of_cidr_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_fetch_allow("") == ()
    assert parse_fetch_allow(" 10.0.0.0/8 ,127.0.0.1/32,, fd00::/8, 192.168.1.7") == (
        ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("fd00::/8"),
        ipaddress.ip_network("192.168.1.7/32"))
    monkeypatch.setenv("CLAIMWIRE_FETCH_ALLOW", "10.0.0.0/8")
    assert Settings().fetch_allow_networks == (ipaddress.ip_network("10.0.0.0/8"),)
    monkeypatch.delenv("CLAIMWIRE_FETCH_ALLOW")
    assert Settings().fetch_allow_networks == ()  # the default allows nothing private


@pytest.mark.parametrize("value", ["10.0.0.0/33", "10.0.0.1/8", "localhost", "10.0.0.0/8;127.0.0.1", "*"])
def test_a_bad_fetch_allow_entry_is_a_clear_error(value: str) -> None:
    expected = r"CLAIMWIRE_FETCH_ALLOW: .* is not a CIDR network .*e\.g\. 10\.0\.0\.0/8"
    with pytest.raises(FetchAllowError, match=expected):
        parse_fetch_allow(f"127.0.0.1/32,{value}")
