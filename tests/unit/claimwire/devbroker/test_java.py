"""Finding a Java 17+ runtime for the broker."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimwire.devbroker import DevBrokerError, KafkaBroker
from claimwire.devbroker.java import check_java, java_executable, java_major_version


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    broker = KafkaBroker(cache_dir=tmp_path / "cache")
    with pytest.raises(DevBrokerError, match=r"`java` was not found.*Java 17"):
        broker.start()
    assert not broker.is_running() and broker.work_dir is None


def fake_jdk(root: Path, version_line: str) -> Path:
    java = root / "jdk" / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n")
    java.chmod(0o755)
    return java


@pytest.mark.parametrize(
    ("version_line", "major"),
    [('openjdk version "17.0.15" 2025-04-15', 17), ('java version "1.8.0_402"', 8), ("no version here", None)],
)
def test_java_home_wins_and_its_version_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, version_line: str, major: int | None
) -> None:
    java = fake_jdk(tmp_path, version_line)
    monkeypatch.setenv("JAVA_HOME", str(java.parent.parent))
    assert java_executable() == str(java)
    assert java_major_version(str(java)) == major


def test_an_old_java_is_refused(tmp_path: Path) -> None:
    java = fake_jdk(tmp_path, 'java version "1.8.0_402"')
    with pytest.raises(DevBrokerError, match="Java 8; Kafka 4.x needs Java 17"):
        check_java(str(java))
