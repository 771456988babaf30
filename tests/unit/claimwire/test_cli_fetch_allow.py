"""`claimwire serve ingest` with a bad CLAIMWIRE_FETCH_ALLOW: one clear line and exit 2, before it
connects to anything (the bootstrap is never reached)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from claimwire import bootstrap, cli
from claimwire.cli import app


def test_a_bad_fetch_allow_stops_serve_ingest_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    # The command configures logging onto the runner's stream, which is closed afterwards: later
    # tests would log into a closed file.
    monkeypatch.setattr(cli, "configure_logging", lambda *args: None)
    monkeypatch.setattr(bootstrap, "serve_ingest", lambda *args, **kwargs: started.append(args))
    monkeypatch.setenv("CLAIMWIRE_FETCH_ALLOW", "10.0.0.0/8,10.0.0.1/33")
    result = CliRunner().invoke(app, ["serve", "ingest", "--feed", "https://news.example.org/rss"])
    assert result.exit_code == 2, result.output
    assert "CLAIMWIRE_FETCH_ALLOW: '10.0.0.1/33' is not a CIDR network" in result.output
    assert "Traceback" not in result.output and started == []
    monkeypatch.setenv("CLAIMWIRE_FETCH_ALLOW", "10.0.0.0/8")
    assert CliRunner().invoke(app, ["serve", "ingest"]).exit_code == 0 and len(started) == 1
