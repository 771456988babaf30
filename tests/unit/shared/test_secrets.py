"""Secrets come from the variable or a mounted file, and never print."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.shared.config import Settings
from services.shared.secrets import Secret, SecretFileError, secret_from_env

VALUE = "s3cr3t-value-91f2"


def test_a_secret_never_prints_and_compares_by_value() -> None:
    secret = Secret(VALUE)
    assert VALUE not in repr(secret) and VALUE not in str(secret) and VALUE not in f"{secret!r} {secret}"
    assert secret.reveal() == VALUE
    assert secret.matches(VALUE) and not secret.matches(VALUE + "x") and not secret.matches("")


def test_settings_never_print_their_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMWIRE_API_TOKEN", VALUE)
    settings = Settings()
    assert settings.api_token is not None and settings.api_token.reveal() == VALUE
    assert VALUE not in repr(settings)


def test_the_file_form_reads_a_mounted_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mounted = tmp_path / "token"
    mounted.write_text(VALUE + "\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMWIRE_READ_TOKEN_FILE", str(mounted))
    secret = secret_from_env("CLAIMWIRE_READ_TOKEN")
    assert secret is not None and secret.reveal() == VALUE  # without the file's line break


def test_unset_is_none_and_both_forms_or_an_unreadable_file_are_errors(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    assert secret_from_env("CLAIMWIRE_NO_SUCH_TOKEN") is None
    monkeypatch.setenv("CLAIMWIRE_X_TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(SecretFileError, match="cannot be read") as refused:
        secret_from_env("CLAIMWIRE_X_TOKEN")
    monkeypatch.setenv("CLAIMWIRE_X_TOKEN", VALUE)
    with pytest.raises(SecretFileError, match="both"):
        secret_from_env("CLAIMWIRE_X_TOKEN")
    assert VALUE not in str(refused.value)
