"""What the deploy files are checked against: the environment variables claimwire reads, the metric
names it exports, and the port each `claimwire serve` command listens on, all taken from the code."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from claimwire.healthcheck import service_port
from services.shared.config import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
_CODE_DIRS = ("claimwire", "services", "schemas")

_ENV_CALL = re.compile(r"""\b(?:_env\(|_number\(\s*(?:int|float),)\s*["']([A-Z][A-Z0-9_]*)["']""")
_SECRET_CALL = re.compile(r"""\bsecret_from_env\(\s*["']([A-Z][A-Z0-9_]*)["']""")
_ENVIRON_GET = re.compile(r"""\bos\.environ(?:\.get)?[(\[]\s*["']((?:CLAIMWIRE|KAFKA)_[A-Z0-9_]*)["']""")

_METRIC_CALL = re.compile(r"""\b(Counter|Gauge|Histogram|Summary)\(\s*["'](claimwire_[a-z0-9_]+)["']""")


def _sources() -> list[str]:
    return [path.read_text() for folder in _CODE_DIRS for path in sorted((REPO_ROOT / folder).rglob("*.py"))]


def env_names_read() -> frozenset[str]:
    """Every variable name the code reads: `_env("X"`, `secret_from_env("X"` (and its X_FILE),
    `os.environ.get("CLAIMWIRE_..."`."""
    names: set[str] = set()
    for text in _sources():
        names.update(_ENV_CALL.findall(text))
        names.update(_ENVIRON_GET.findall(text))
        for secret in _SECRET_CALL.findall(text):
            names.update({secret, f"{secret}_FILE"})
    return frozenset(names)


def settings_field_env_names() -> dict[str, str | None]:
    """Each Settings field and the variable its default factory names (None: a factory naming none)."""
    import inspect

    found = {}
    for item in fields(Settings):
        source = inspect.getsource(item.default_factory) if callable(item.default_factory) else ""
        match = _ENV_CALL.search(source) or _SECRET_CALL.search(source)
        found[item.name] = match.group(1) if match else None
    return found


def exported_metric_names() -> frozenset[str]:
    """The series names Prometheus sees: a Histogram `x` is `x_bucket`, `x_sum`, `x_count`."""
    names: set[str] = set()
    for text in _sources():
        for kind, name in _METRIC_CALL.findall(text):
            if kind in ("Histogram", "Summary"):
                names.update({f"{name}_bucket", f"{name}_sum", f"{name}_count"})
            elif kind == "Counter" and not name.endswith("_total"):
                names.add(f"{name}_total")
            else:
                names.add(name)
    return frozenset(names)


def listening_port(command: list[str], environment: dict[str, str], monkeypatch) -> int:
    """The port `claimwire <command>` listens on under this environment, as the service computes it."""
    for name in list(environment) + ["CLAIMWIRE_HTTP_PORT", "CLAIMWIRE_EXTRACT_WEB_PORT"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        if not name.endswith("_FILE"):  # secret files exist only in the pod, and no port depends on them
            monkeypatch.setenv(name, str(value))
    port = service_port(["claimwire", *command], Settings())
    assert port is not None, f"{command} runs no claimwire service"
    return port
