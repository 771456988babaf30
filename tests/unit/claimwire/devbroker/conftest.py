from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from claimwire.devbroker import DevBrokerError, KafkaBroker
from claimwire.devbroker.errors import PortTaken
from claimwire.devbroker.jars import KAFKA_POM
from claimwire.devbroker.ports import port_accepts_connections
from tests.unit.claimwire.devbroker.fakes import FAKE_JAVA, fill_lib


@pytest.fixture
def fake_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """JAVA_HOME with a Python `java`, a complete fake jar cache, and readiness = the port accepts."""
    java_home = tmp_path / "fake-jdk"
    (java_home / "bin").mkdir(parents=True)
    java = java_home / "bin" / "java"
    java.write_text(f"#!{sys.executable}\n{FAKE_JAVA}")
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(java_home))
    formats = tmp_path / "formats.log"
    formats.touch()
    monkeypatch.setenv("FAKE_JAVA_FORMATS", str(formats))
    fill_lib(tmp_path / "jar-cache", KAFKA_POM, ["kafka_2.13-4.4.0.jar"])

    def wait_until_ready(self: KafkaBroker) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self._process is not None and self._port is not None
            if self._process.poll() is not None:
                if "BindException" in self.log_tail():
                    raise PortTaken(str(self._port))
                raise DevBrokerError(f"fake broker exited\n{self.log_tail()}")
            if port_accepts_connections(self._host, self._port):
                return
            time.sleep(0.05)
        raise DevBrokerError("fake broker never listened")

    monkeypatch.setattr(KafkaBroker, "_wait_until_ready", wait_until_ready)
    return tmp_path
