"""The development OpenSearch node's pieces that need no JVM: its cache folder, its command line, its port."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimwire.devbroker.jars import REPO_ROOT
from claimwire.devsearch.jars import CACHE_ENV_VAR, OPENSEARCH_POM, default_cache_dir
from claimwire.devsearch.node import HTTP_PORTS, RUNNER_MAIN, free_http_port, runner_command


def test_cache_dir_comes_from_env_or_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(CACHE_ENV_VAR, raising=False)
    assert default_cache_dir() == REPO_ROOT / ".cache" / "opensearch"
    assert OPENSEARCH_POM.is_file()
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "jars"))
    assert default_cache_dir() == (tmp_path / "jars").resolve()


def test_the_runner_gets_the_port_below_the_one_it_serves_and_a_bounded_heap(tmp_path: Path) -> None:
    command = runner_command("java", tmp_path / "lib", base_path=tmp_path / "node", http_port=9215, heap="512m")
    assert command[:3] == ["java", "-Xms512m", "-Xmx512m"]
    assert command[command.index("-cp") + 1] == f"{tmp_path / 'lib'}/*"
    assert RUNNER_MAIN in command
    assert command[command.index("-baseHttpPort") + 1] == "9214"  # node 1 serves on base + 1
    assert command[command.index("-numOfNode") + 1] == "1"
    assert command[command.index("-clusterName") + 1] == "claimwire-dev-9215"  # one cluster per node


def test_a_free_port_is_one_the_runner_can_serve() -> None:
    assert free_http_port() in HTTP_PORTS
