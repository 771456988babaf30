"""The foreground runner, ``python -m claimwire.devbroker``."""

from __future__ import annotations

import pytest

from claimwire import devbroker
from claimwire.devbroker.cli import main


def test_foreground_runner_documents_data_dir(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--data-dir DIR" in help_text and "formatted once" in help_text and "same ports" in help_text
    assert "--data-dir" in (devbroker.__doc__ or "")
