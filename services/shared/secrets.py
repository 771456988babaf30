"""Secrets from the environment, or from a mounted file: never printed.

`NAME` holds the value itself; `NAME_FILE` names a file holding it (a Kubernetes or Docker secret
mount), read once, its trailing newline dropped. A `Secret` prints as `Secret('***')` in any repr,
log line, error or traceback; only `reveal()` gives the value, at the one place it is used.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path


class Secret:
    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value  # empty: not configured (``bool(secret)`` is False)

    def __bool__(self) -> bool:
        return bool(self._value)

    def reveal(self) -> str:
        return self._value

    def matches(self, offered: str) -> bool:
        """Compared in constant time, so response times tell an attacker nothing about the secret."""
        return hmac.compare_digest(offered.encode("utf-8"), self._value.encode("utf-8"))

    def __repr__(self) -> str:
        return "Secret('***')" if self._value else "Secret('')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and self.matches(other._value)

    def __hash__(self) -> int:
        return hash(Secret)


class SecretFileError(ValueError):
    """A `_FILE` variable names a file that cannot be read, or both forms are set."""


def value_or_file(name: str, value: str, path: str) -> str:
    """The value of NAME, or the content of the file NAME_FILE names (its trailing newline dropped);
    "" when neither is set. Errors name the variables, never a value or a byte of the file."""
    if value and path:
        raise SecretFileError(f"both {name} and {name}_FILE are set: give one")
    if not path:
        return value
    try:
        value = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as error:
        # The reason only (strerror): a decode error's text would quote the file's bytes.
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise SecretFileError(f"{name}_FILE={path} cannot be read: {reason}") from None
    if not value:
        raise SecretFileError(f"{name}_FILE={path} is empty")
    return value


def secret_from_env(name: str) -> Secret | None:
    """`NAME`, else the contents of the file `NAME_FILE` names, else None (not configured)."""
    value = value_or_file(name, os.environ.get(name, ""), os.environ.get(f"{name}_FILE", "").strip())
    return Secret(value) if value else None
