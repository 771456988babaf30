"""The jar cache: where it is, and when it is complete enough to skip Maven."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimwire.devbroker import DevBrokerError
from claimwire.devbroker.jars import (
    CACHE_ENV_VAR,
    COMPLETE_MARKER,
    KAFKA_POM,
    REPO_ROOT,
    default_cache_dir,
    ensure_kafka_classpath,
)
from tests.unit.claimwire.devbroker.fakes import fill_lib


def test_cache_dir_comes_from_env_or_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(CACHE_ENV_VAR, raising=False)
    assert default_cache_dir() == REPO_ROOT / ".cache" / "kafka"
    assert (REPO_ROOT / "deploy" / "kafka" / "pom.xml").is_file()  # REPO_ROOT is the repository, not a package
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "jars"))
    assert default_cache_dir() == (tmp_path / "jars").resolve()


def test_complete_cache_is_used_without_maven(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # Maven unreachable: must not be needed
    lib = fill_lib(tmp_path / "cache", KAFKA_POM, ["kafka_2.13-4.4.0.jar", "kafka-clients-4.4.0.jar"])
    assert ensure_kafka_classpath(tmp_path / "cache") == lib


@pytest.mark.parametrize("damage", ["stale-pom", "missing-jar", "no-marker"])
def test_incomplete_cache_needs_maven(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, damage: str) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    lib = fill_lib(
        tmp_path / "cache",
        KAFKA_POM,
        ["kafka_2.13-4.4.0.jar"],
        digest="0" * 64 if damage == "stale-pom" else None,
    )
    if damage == "missing-jar":
        (lib / "kafka_2.13-4.4.0.jar").unlink()
    if damage == "no-marker":
        (lib / COMPLETE_MARKER).unlink()
    with pytest.raises(DevBrokerError, match=r"`mvn` was not found.*apt-get install maven"):
        ensure_kafka_classpath(tmp_path / "cache")
