"""The README's main job, as a user runs it: the `claimwire` command in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from schemas import AttributionType, ClaimEvent, DeadLetter
from tests.conftest import EXAMPLES_DIR

pytestmark = pytest.mark.e2e


def claimwire(*args: str, data_dir: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "claimwire.cli", *args],
        input=stdin, capture_output=True, timeout=600,
        env={"CLAIMWIRE_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )


def search(data_dir: Path, *args: str) -> list[ClaimEvent]:
    result = claimwire("search", *args, "--json", "--limit", "200", data_dir=data_dir)
    assert result.returncode == 0, result.stderr.decode()
    return [ClaimEvent.model_validate_json(line) for line in result.stdout.decode().splitlines()]


@pytest.fixture(scope="module")
def seeded(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("data")
    result = claimwire("run", str(seeds_dir), data_dir=data_dir)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    assert "Run summary" in result.stdout.decode()
    return data_dir


def test_examples_run_prints_claims(tmp_path: Path) -> None:
    result = claimwire("run", str(EXAMPLES_DIR), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    out = result.stdout.decode()
    assert "direct_quote" in out and "indirect_quote" in out
    claims = search(tmp_path, "")
    assert len(claims) >= 10
    outlets = sorted({c.outlet for c in claims if c.outlet})
    assert len(outlets) >= 2
    assert {c.outlet for c in search(tmp_path, "", "--outlet", outlets[0])} == {outlets[0]}


def test_troops_search_finds_claims_from_most_seed_articles(seeded: Path) -> None:
    hits = search(seeded, "troops")
    assert len({c.article_id for c in hits}) >= 4
    speakers = {c.speaker.canonical for c in hits if c.speaker}
    assert "Alexander Lukashenko" in speakers
    # one corpus name for the ministry in every article (the first article's spelling)
    ministries = {c.speaker.canonical for c in search(seeded, "", "--speaker", "ministry")
                  if c.speaker and "Defense" in c.speaker.canonical}
    assert len(ministries) == 1 and ministries <= {"Belarusian Ministry of Defense", "Belarus Ministry of Defense"}


def test_gold_file_is_a_dead_letter_with_a_reason_not_a_crash(seeded: Path) -> None:
    letters = [DeadLetter.model_validate_json(line)
               for line in (seeded / "deadletters.jsonl").read_text(encoding="utf-8").splitlines()]
    [gold] = [letter for letter in letters if (letter.source_uri or "").endswith("gold.json")]
    assert "no article text" in gold.error


def test_running_again_upserts_instead_of_doubling(seeded: Path, seeds_dir: Path) -> None:
    before = {c.claim_id for c in search(seeded, "")}
    result = claimwire("run", str(seeds_dir), "--show", "0", data_dir=seeded)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    assert {c.claim_id for c in search(seeded, "")} == before


def test_search_filters_by_kind(seeded: Path) -> None:
    quotes = search(seeded, "", "--kind", "direct_quote")
    assert quotes and all(c.kind == "direct_quote" and c.quote for c in quotes)


def test_garbage_inputs_become_dead_letters_and_the_run_goes_on(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "latin1.txt").write_bytes("Caf\xe9 owners said on Monday that \xabprices\xbb rose.".encode("latin-1"))
    (inputs / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    (inputs / "mixed.jsonl").write_text(
        '{"id": "a", "text": "The mayor said that 300 homes were flooded."}\nnot json\n'
        '{"id": "b", "text": "“We will rebuild every house in this valley,” Governor Ana Ruiz said."}\n',
        encoding="utf-8")
    data_dir = tmp_path / "data"
    result = claimwire("run", str(inputs), "--show", "0", data_dir=data_dir)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    letters = [DeadLetter.model_validate_json(line)
               for line in (data_dir / "deadletters.jsonl").read_text(encoding="utf-8").splitlines()]
    failed = {Path(letter.source_uri or "").name for letter in letters}
    assert {"binary.txt", "empty.txt", "broken.json", "mixed.jsonl"} <= failed
    assert all(letter.error for letter in letters)
    assert {c.article_id for c in search(data_dir, "")} >= {"a", "b"}


def test_extract_reads_jsonl_on_stdin_and_writes_claim_events(tmp_path: Path) -> None:
    lines = [
        {"id": "wire-1", "text": "“We are not going back to work until the pay offer changes,” union leader Mara "
                                 "Holm told reporters on Tuesday.", "published": "2025-03-05"},
        {"id": "wire-2", "text": "The company said in a statement that more than 2,000 orders were delayed."},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines).encode() + b"\nthis line is broken\n"
    result = claimwire("extract", data_dir=tmp_path, stdin=stdin)
    assert result.returncode == 0, result.stderr.decode()
    claims = [ClaimEvent.model_validate_json(line) for line in result.stdout.decode().splitlines()]
    by_article = {c.article_id: c for c in claims}
    assert set(by_article) == {"wire-1", "wire-2"}
    quote = next(c for c in claims if c.kind == "direct_quote")
    assert quote.quote == "We are not going back to work until the pay offer changes"
    assert quote.speaker and quote.speaker.canonical == "Mara Holm"
    assert any(q.value == 2000 and q.qualifier == "more than" for c in claims for q in c.quantities)
    assert b"this line is broken" not in result.stdout
    assert b"dead_letter_id" in result.stderr


def test_run_keeps_the_entity_registry_in_the_data_dir(seeded: Path) -> None:
    from services.extract.registry import EntityRegistry

    registry = EntityRegistry.load(seeded / "entities.json")
    assert registry.lookup("Mr Lukashenko") == "Alexander Lukashenko"
    assert registry.lookup("Zelenskiy") == registry.lookup("Volodymyr Zelensky") == "Volodymyr Zelensky"


def test_extract_keeps_records_independent_unless_asked_to_link_names(tmp_path: Path) -> None:
    stdin = (json.dumps({"id": "1", "text": "“We will appeal the ruling,” Gerhard Pohl said."}) + "\n"
             + json.dumps({"id": "2", "text": "“Not today, not ever,” Pohl said."}) + "\n").encode()

    def speakers(*flags: str) -> dict[str, str]:
        result = claimwire("extract", *flags, data_dir=tmp_path, stdin=stdin)
        assert result.returncode == 0, result.stderr.decode()
        claims = [ClaimEvent.model_validate_json(line) for line in result.stdout.decode().splitlines()]
        return {c.article_id: c.speaker.canonical for c in claims if c.speaker}

    assert speakers() == {"1": "Gerhard Pohl", "2": "Pohl"}
    assert speakers("--link-names") == {"1": "Gerhard Pohl", "2": "Gerhard Pohl"}


def test_kafka_commands_report_an_unreachable_broker_in_one_clear_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "claimwire.cli", "topics"], capture_output=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", "CLAIMWIRE_LOG_LEVEL": "CRITICAL",
             "COLUMNS": "300", "CLAIMWIRE_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 3
    assert b"Traceback" not in result.stderr
    assert b"Kafka at 127.0.0.1:1 failed" in result.stderr


def test_search_filters_by_attribution_type_and_refuses_an_unknown_one(seeded: Path) -> None:
    every = search(seeded)
    held = {c.attribution_type for c in every if c.attribution_type is not None}
    assert AttributionType.speech in held
    for type_ in held:
        found = search(seeded, "--type", type_.value)
        assert found and {c.attribution_type for c in found} == {type_}
    result = claimwire("search", "--type", "rumour", data_dir=seeded)
    assert result.returncode == 2 and b"rumour" in result.stderr


@pytest.mark.parametrize("args", [("search", "harbour"), ("run", "examples"), ("serve", "store")])
def test_an_index_of_another_version_is_one_clear_error_and_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("claim_id", stored=True)
    (tmp_path / "index").mkdir()
    tantivy.Index(builder.build(), path=str(tmp_path / "index"))
    argv = [str(EXAMPLES_DIR) if a == "examples" else a for a in args]
    result = subprocess.run(
        [sys.executable, "-m", "claimwire.cli", *argv], capture_output=True, timeout=120,
        env={"CLAIMWIRE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "COLUMNS": "200",
             "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"},  # nothing listens: the index must fail first
    )
    assert result.returncode == 2
    assert b"older claimwire" in result.stderr and b"Traceback" not in result.stderr


def test_an_index_url_of_no_known_form_is_one_clear_error_and_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "claimwire.cli", "search", "harbour"], capture_output=True, timeout=120,
        env={"CLAIMWIRE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "COLUMNS": "200",
             "CLAIMWIRE_INDEX": "elastic://127.0.0.1:9200"},
    )
    assert result.returncode == 2
    assert b"CLAIMWIRE_INDEX" in result.stderr and b"Traceback" not in result.stderr


def test_search_pages_with_a_cursor_and_counts_facets(seeded: Path) -> None:
    everything = {c.claim_id for c in search(seeded)}
    seen: list[str] = []
    cursor: list[str] = []
    for _ in range(100):  # bounded: the seeds hold well under 100 pages of 5
        result = claimwire("search", "--json", "--limit", "5", *cursor, data_dir=seeded)
        assert result.returncode == 0, result.stderr.decode()
        seen += [ClaimEvent.model_validate_json(line).claim_id for line in result.stdout.decode().splitlines()]
        more = [line for line in result.stderr.decode().splitlines() if line.startswith("more: --cursor ")]
        if not more:
            break
        cursor = ["--cursor", more[0].removeprefix("more: --cursor ").strip()]
    assert len(seen) == len(set(seen)) and set(seen) == everything
    counted = claimwire("search", "--json", "--facets", "--limit", "1", data_dir=seeded)
    facets = json.loads(counted.stderr.decode().splitlines()[0])
    assert sum(f["count"] for f in facets["kind"]) == len(everything)
    assert facets["speaker"] and all(f["count"] >= 1 for f in facets["speaker"])
    assert claimwire("search", "--cursor", "nonsense", data_dir=seeded).returncode == 2


README = Path(__file__).resolve().parents[2] / "README.md"


def readme_searches() -> list[list[str]]:
    """The `claimwire search` lines of the README's CLI block, as argument lists."""
    import shlex

    lines = [line.split("  #")[0].strip() for line in README.read_text(encoding="utf-8").splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("claimwire search ")]


@pytest.fixture(scope="module")
def examples_indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("examples")
    assert claimwire("run", str(EXAMPLES_DIR), data_dir=data_dir).returncode == 0
    harbour = claimwire("run", str(EXAMPLES_DIR / "harbour_gazette_strike.txt"), "--outlet", "Harbour Gazette",
                        data_dir=data_dir)
    assert harbour.returncode == 0, harbour.stderr.decode()[-2000:]
    return data_dir


@pytest.mark.parametrize("args", readme_searches(), ids=" ".join)
def test_every_search_the_readme_shows_finds_what_it_promises(examples_indexed: Path, args: list[str]) -> None:
    result = claimwire(*args, *([] if "--json" in args else ["--json"]), data_dir=examples_indexed)
    assert result.returncode == 0, result.stderr.decode()
    claims = [ClaimEvent.model_validate_json(line) for line in result.stdout.decode().splitlines()]
    assert claims, f"the README's `claimwire {' '.join(args)}` finds nothing on the bundled examples"
    options = {name: args[at + 1] for at, name in enumerate(args[:-1]) if name in ("--outlet", "--speaker", "--kind")}
    for claim in claims:
        if "--outlet" in options:
            assert (claim.outlet or "").lower() == options["--outlet"].lower()
        if "--speaker" in options:
            assert options["--speaker"].lower() in claim.speaker.canonical.lower()  # type: ignore[union-attr]
        if "--kind" in options:
            assert claim.kind.value == options["--kind"]
    assert len(readme_searches()) >= 4


def test_an_unreachable_opensearch_is_one_clear_line_and_exit_3(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "claimwire.cli", "search", "harbour"], capture_output=True, timeout=120,
        env={"CLAIMWIRE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "COLUMNS": "200",
             "CLAIMWIRE_INDEX": "opensearch://127.0.0.1:9"},  # nothing listens on port 9
    )
    assert result.returncode == 3
    assert b"OpenSearch failed" in result.stderr and b"Traceback" not in result.stderr
