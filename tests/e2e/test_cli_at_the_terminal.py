"""What a new user meets at the terminal (#13): exit codes that state the outcome, each skipped or
refused input named once, no library noise, line numbers of stdin, help that shows its hints, and a
run that shows its own claims. Each runs the real `claimwire` command in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

GOOD = "The harbour master said on Tuesday that the new pier would open in June.\n"
OTHER = "The ferry company said its crews would strike next week.\n"


def claimwire(*args: str, data_dir: Path, stdin: bytes | None = None, columns: int = 200,
              **env: str) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "claimwire.cli", *args], input=stdin, capture_output=True, timeout=600,
        env={"CLAIMWIRE_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "COLUMNS": str(columns), **env},
    )
    return result.returncode, result.stdout.decode(), result.stderr.decode()


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """One readable article, and one input of each kind that is not."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "garbage.xml").write_text("<<<not a feed at all", encoding="utf-8")
    (folder / "README").write_text(OTHER, encoding="utf-8")  # no suffix: not read, but named
    return folder


def test_run_names_each_skipped_and_refused_input_once_without_library_noise(mixed: Path, tmp_path: Path) -> None:
    code, out, err = claimwire("run", str(mixed), "--show", "5", data_dir=tmp_path / "data")
    assert code == 0, err
    assert err.count("README") == 1 and "skipped" in err and "not a supported type" in err
    assert err.count("broken.json") == 1 and err.count("garbage.xml") == 1  # a dead letter each, once
    assert "not an RSS/Atom feed" in err  # garbage XML is refused, not indexed as an article
    assert "trafilatura" not in err and "ERROR" not in err and "[warning" not in err
    assert "articles indexed   │ 1 " in out


def test_run_shows_the_claims_of_this_run_not_of_earlier_ones(tmp_path: Path) -> None:
    (tmp_path / "first.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "second.txt").write_text(GOOD, encoding="utf-8")
    assert claimwire("run", str(tmp_path / "first.txt"), data_dir=tmp_path / "data")[0] == 0
    code, out, err = claimwire("run", str(tmp_path / "second.txt"), data_dir=tmp_path / "data")
    assert code == 0, err
    assert "claims of this run" in out and "new pier" in out and "strike" not in out


def test_the_progress_line_keeps_its_bar_at_80_columns(mixed: Path, tmp_path: Path) -> None:
    code, _, err = claimwire("run", str(mixed), "--show", "0", data_dir=tmp_path / "data", columns=80)
    assert code == 0, err
    [progress] = [line for line in err.splitlines() if "ingest → extract → index" in line]
    assert "3/3" in progress and "━" * 20 in progress and "1 articles" in progress
    assert all(len(line) <= 80 for line in err.splitlines())


@pytest.mark.parametrize("command", ["run", "extract"])
def test_run_and_extract_agree_on_exit_codes(command: str, tmp_path: Path) -> None:
    empty, blank, good = tmp_path / "empty", tmp_path / "blank.txt", tmp_path / "good.txt"
    empty.mkdir()
    blank.write_text("   \n", encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    data = tmp_path / "data"
    missing = claimwire(command, str(tmp_path / "no-such-file.txt"), data_dir=data)
    assert missing[0] == 2 and "No such file or directory" in missing[2]
    nothing = claimwire(command, str(empty), data_dir=data)
    assert nothing[0] == 1 and "No supported input files" in nothing[2]
    unreadable = claimwire(command, str(blank), data_dir=data)
    assert unreadable[0] == 1 and "Nothing was" in unreadable[2]
    assert claimwire(command, str(good), data_dir=data)[0] == 0


def test_a_bad_line_on_stdin_is_named_by_its_own_number(tmp_path: Path) -> None:
    lines = [json.dumps({"text": GOOD}), json.dumps({"text": OTHER}), "{broken", json.dumps({"text": GOOD})]
    code, out, err = claimwire("extract", data_dir=tmp_path, stdin="\n".join(lines).encode())
    assert code == 0 and out.strip()
    [letter] = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert letter["error"].startswith("line 3:") and letter["source_uri"] == "stdin:3"


def test_help_shows_environment_hints_and_flags_without_a_type(tmp_path: Path) -> None:
    code, out, _ = claimwire("search", "--help", data_dir=tmp_path)
    assert code == 0
    assert "env: CLAIMWIRE_DATA_DIR" in out
    assert "<bool>" not in out and "--json" in out and "--hedged" in out


@pytest.mark.parametrize(("variable", "value", "says"), [
    ("CLAIMWIRE_HTTP_WRITE_RATE", "fast", "CLAIMWIRE_HTTP_WRITE_RATE='fast' is not a number"),
    ("CLAIMWIRE_TOPIC_PARTITIONS", "3.5", "CLAIMWIRE_TOPIC_PARTITIONS='3.5' is not a whole number"),
    ("CLAIMWIRE_READ_TOKEN_FILE", "/no/such/token", "CLAIMWIRE_READ_TOKEN_FILE=/no/such/token cannot be read"),
])
def test_a_setting_that_cannot_be_read_is_one_line_and_exit_2(variable: str, value: str, says: str,
                                                                tmp_path: Path) -> None:
    code, _, err = claimwire("search", "ferry", data_dir=tmp_path, **{variable: value})
    assert code == 2, err
    assert err.strip().startswith(says) and "\n" not in err.strip(), err  # one line, no traceback
