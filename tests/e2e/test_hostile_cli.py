"""Every hostile-input kind (tests/hostile_inputs.py) through the CLI, as a user runs it.

One ``claimwire run DIR`` over the whole corpus (spaCy loads once): exit 0, no traceback, every
input indexed or a dead letter with a reason. One ``claimwire extract`` over a JSONL stream of the
JSON kinds among good lines, and ``claimwire extract -`` with a document over the input limit on stdin:
a clear refusal and memory bounded by the limit, not by the input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from schemas import ClaimEvent, DeadLetter
from schemas.models import SourceKind
from services.ingest.articles import build_articles
from services.ingest.readers import MAX_INPUT_BYTES, BadInput, document_from_bytes, read_path
from services.shared.deadletters import original_bytes
from tests.hostile_inputs import JSON, KINDS, XXE_SENTINEL, build_corpus, build_kind, make_xxe_target, write_corpus

pytestmark = pytest.mark.e2e


def _env(data_dir: Path) -> dict[str, str]:
    return {"CLAIMWIRE_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "COLUMNS": "200",
            "CLAIMWIRE_LOG_LEVEL": "WARNING"}


def _claimwire(*args: str, data_dir: Path, stdin=None) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    return subprocess.Popen([sys.executable, "-m", "claimwire.cli", *args], stdin=stdin or subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(data_dir))


def _finish(process: subprocess.Popen[bytes]) -> tuple[int, bytes, bytes]:
    try:
        out, err = process.communicate(timeout=200)
    except BaseException:
        process.kill()
        process.communicate()
        raise
    return process.returncode, out, err


def _run_with_rusage(args: list[str], data_dir: Path, stdin_path: Path) -> tuple[int, bytes, bytes, int]:
    """Exit code, stdout, stderr and the child's own peak RSS in KiB (os.wait4: this child only)."""
    out_path, err_path = data_dir / "out.bin", data_dir / "err.bin"
    data_dir.mkdir(parents=True, exist_ok=True)
    with stdin_path.open("rb") as stdin, out_path.open("wb") as out, err_path.open("wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "claimwire.cli", *args], stdin=stdin, stdout=out,
                                   stderr=err, env=_env(data_dir))
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, out_path.read_bytes(), err_path.read_bytes(), usage.ru_maxrss


def _dead_letters(stderr: bytes) -> list[DeadLetter]:
    letters = []
    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("{") and '"dead_letter_id"' in line:
            letters.append(DeadLetter.model_validate_json(line))
    return letters


def _no_traceback(stderr: bytes) -> None:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback (most recent call last)" not in text, text[-4000:]


def _summary(stdout: str, row: str) -> int:
    match = re.search(rf"{row}\s*[│|]\s*(\d+)", stdout)
    assert match, f"no {row!r} row in the run summary:\n{stdout[-3000:]}"
    return int(match.group(1))


@pytest.mark.timeout(240)
def test_run_over_the_whole_corpus_indexes_or_dead_letters_every_input(tmp_path: Path) -> None:
    make_xxe_target()
    corpus_dir, data_dir = tmp_path / "corpus", tmp_path / "data"
    files = write_corpus(corpus_dir)
    assert len(files) == len(KINDS) >= 45
    process = _claimwire("run", str(corpus_dir), "--data-dir", str(data_dir), "--show", "0", data_dir=data_dir)
    # While the run works (spaCy loading, extracting), work out here what each file must become.
    expected_articles: dict[str, list[str]] = {}
    expected_refusals: dict[str, int] = {}
    for name, path in files.items():
        if path.stat().st_size > MAX_INPUT_BYTES:
            expected_articles[name], expected_refusals[name] = [], 1
            continue
        results = build_articles(read_path(path))
        expected_articles[name] = [r.article_id for r in results if not isinstance(r, BadInput)]
        expected_refusals[name] = sum(isinstance(r, BadInput) for r in results)
    code, out, err = _finish(process)

    _no_traceback(err)
    assert code == 0, err.decode("utf-8", "replace")[-4000:]
    stdout = out.decode("utf-8", "replace")
    letters = [DeadLetter.model_validate_json(line) for line in
               (data_dir / "deadletters.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    by_source: dict[str, list[DeadLetter]] = {}
    for letter in letters:
        assert letter.error.strip() and letter.source_uri, letter
        by_source.setdefault(letter.source_uri, []).append(letter)

    unaccounted = [name for name in files if not expected_articles[name] and not by_source.get(str(files[name]))]
    assert not unaccounted, f"neither an article nor a dead letter: {unaccounted}"
    for name, path in files.items():
        got = by_source.get(str(path), [])
        read_or_clean = [letter for letter in got if letter.stage in {"read", "clean"}]
        assert len(read_or_clean) == expected_refusals[name], (name, [letter.error[:100] for letter in got])
    # Every article was indexed, skipped as a duplicate, or is an extract/index dead letter.
    total = sum(len(ids) for ids in expected_articles.values())
    extract_letters = sum(letter.stage == "extract" for letter in letters)
    assert _summary(stdout, "articles indexed") + _summary(stdout, "duplicates skipped") + extract_letters == total
    assert _summary(stdout, "dead letters") == len(letters)

    # The reasons are the readers' own sentences, per kind.
    over = by_source[str(files["over_input_limit"])]
    assert [letter.stage for letter in over] == ["read"] and f"{MAX_INPUT_BYTES}-byte limit" in over[0].error
    assert "NUL" in by_source[str(files["jsonl_nul_line"])][0].error
    assert "digits" in by_source[str(files["json_huge_int"])][0].error
    assert "levels deep" in by_source[str(files["json_nested_text"])][0].error
    assert "nested too deeply" in by_source[str(files["json_bracket_flood"])][0].error

    # Good records among bad ones were indexed; the XXE target was never read.
    index_dump = subprocess.run(
        [sys.executable, "-m", "claimwire.cli", "search", "", "--json", "--limit", "1000", "--data-dir", str(data_dir)],
        capture_output=True, timeout=120, env=_env(data_dir))
    assert index_dump.returncode == 0, index_dump.stderr.decode()[-2000:]
    claims = [ClaimEvent.model_validate_json(line) for line in index_dump.stdout.decode().splitlines()]
    assert {f"hostile-good-{i}" for i in (200, 201, 203)} <= {claim.article_id for claim in claims}
    everything = index_dump.stdout + out + err + (data_dir / "deadletters.jsonl").read_bytes()
    assert XXE_SENTINEL.encode() not in everything


def _jsonl_stream() -> list[bytes]:
    """Good lines with every JSON kind between them, one line each (JSON kinds are single-line)."""
    lines = [json.dumps({"id": "stdin-good-0", "text": json.loads(build_kind("date_1650").content)["text"]}).encode()]
    for index, kind in enumerate(k for k in build_corpus() if k.content_type == JSON):
        assert b"\n" not in kind.content, kind
        lines.append(kind.content)
        lines.append(json.dumps({"id": f"stdin-good-{index + 1}", "title": f"Good {index + 1}",
                                 "text": f"Line {index + 1}. " + json.loads(build_kind("date_9999").content)["text"]})
                     .encode())
    lines.insert(3, build_kind("jsonl_nul_line").content.split(b"\n")[4])  # the NUL line itself
    return lines


@pytest.mark.timeout(300)
def test_extract_streams_json_kinds_and_refuses_an_oversized_stdin_with_bounded_memory(tmp_path: Path) -> None:
    lines = _jsonl_stream()
    stream = tmp_path / "stream.jsonl"
    stream.write_bytes(b"\n".join(lines) + b"\n")
    code, out, err, baseline_kib = _run_with_rusage(["extract"], tmp_path / "a", stream)
    _no_traceback(err)
    assert code == 0, err.decode("utf-8", "replace")[-3000:]
    claims = [ClaimEvent.model_validate_json(line) for line in out.decode().splitlines()]
    letters = {letter.source_uri: letter for letter in _dead_letters(err)}
    for number, line in enumerate(lines, start=1):
        name = f"stdin:{number}"
        results = build_articles(document_from_bytes(line, name, SourceKind.stdin, "application/x-ndjson"))
        if any(isinstance(r, BadInput) for r in results):
            assert name in letters and letters[name].error.strip(), (name, line[:80])
        else:
            assert name not in letters, letters.get(name)
    good = {f"stdin-good-{i}" for i in range(len(lines) // 2)}
    assert good <= {claim.article_id for claim in claims}, good - {claim.article_id for claim in claims}
    assert "NUL" in letters["stdin:4"].error

    oversized = tmp_path / "over.txt"
    oversized.write_bytes(build_kind("over_input_limit").content)
    code, out, err, over_kib = _run_with_rusage(["extract", "-"], tmp_path / "b", oversized)
    _no_traceback(err)
    # nothing could be extracted: exit 1 with its reason (#13), the dead letter above it
    assert code == 1 and out == b"", err.decode("utf-8", "replace")[-3000:]
    assert "Nothing was extracted" in err.decode()
    [letter] = _dead_letters(err)
    assert letter.source_uri == "stdin" and f"more than the {MAX_INPUT_BYTES}-byte limit" in letter.error
    assert "could not be read" in err.decode()
    # Reading stops at the limit: the child holds at most about one limit's worth more than a run
    # over a small stream (same imports, same model), never the whole input.
    assert over_kib - baseline_kib < 2 * MAX_INPUT_BYTES // 1024, (over_kib, baseline_kib)


@pytest.mark.timeout(120)
def test_dead_letters_of_one_input_are_bounded_by_the_input(tmp_path: Path) -> None:
    """Each refused entry has its letter, and the input's bytes are kept once (OneCopyOfInput)."""
    kind = build_kind("feed_not_a_feed")
    corpus_dir, data_dir = tmp_path / "corpus", tmp_path / "data"
    corpus_dir.mkdir()
    (corpus_dir / kind.filename).write_bytes(kind.content)
    code, _, err = _finish(_claimwire("run", str(corpus_dir), "--data-dir", str(data_dir), "--show", "0",
                                      data_dir=data_dir))
    assert code == 1, err.decode("utf-8", "replace")[-3000:]  # no entry held an article: nothing indexed (#13)
    letters = [DeadLetter.model_validate_json(line) for line in
               (data_dir / "deadletters.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(letters) >= 500 and all(letter.error for letter in letters)
    kept = sum(len(original_bytes(letter)) for letter in letters)
    assert kept <= 2 * kind.size, f"{len(letters)} letters keep {kept} bytes of a {kind.size}-byte input"
