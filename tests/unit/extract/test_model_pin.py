import shutil
from pathlib import Path

import pytest

from services.extract import model_pin


def test_installed_model_matches_the_pinned_content_hash() -> None:
    directory = model_pin.verify_model()
    assert (directory / "config.cfg").exists()


def test_any_changed_byte_changes_the_digest(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(model_pin.model_data_dir(), copy)
    assert model_pin.model_digest(copy) == model_pin.MODEL_SHA256
    meta = copy / "meta.json"
    meta.write_bytes(meta.read_bytes() + b" ")
    assert model_pin.model_digest(copy) != model_pin.MODEL_SHA256


def test_a_tampered_model_is_refused_with_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "model"
    shutil.copytree(model_pin.model_data_dir(), copy)
    (copy / "meta.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(model_pin, "model_data_dir", lambda: copy)
    with pytest.raises(model_pin.ModelIntegrityError, match="content sha256"):
        model_pin.verify_model()
