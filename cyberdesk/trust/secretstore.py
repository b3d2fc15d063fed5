"""Where the laptop's secrets (the database key, the signing key) are kept.

The OS keychain through `keyring` (Windows Credential Manager, macOS Keychain, the Secret
Service) when the machine has one. Where none exists (a headless Linux, CI) the fallback is a
file readable by the user only, in a folder of its own outside the data folder — so a copy of
the data folder (a backup, a synced profile) never carries the key that opens it:

- `CYBERDESK_KEYS` names that folder and forces the file store (tests, IT's choice);
- otherwise `<user config folder>/CyberDesk-keys` (Linux: ~/.config/CyberDesk-keys).

A secret once created stays where it was put: an existing key file is used before the keychain
is even loaded (keyring takes ~0.2 s to import, which the start-up would otherwise pay).
Creation runs under a lock beside the data folder, so two processes starting together make one
key, not two.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cyberdesk.files import atomic, paths
from cyberdesk.files.errors import os_reason
from cyberdesk.files.lock import FileLock
from cyberdesk.i18n import _

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "CyberDesk"  # the keychain entry's service; each secret is one user name under it
KEYCHAIN = "keychain"
FILE = "file"
LOCK_WAIT_S = 30.0


class SecretError(Exception):
    """A secret cannot be read or stored; the message says where and why, in the user's words."""


@dataclass(frozen=True)
class Place:
    """Where secrets are kept: the keychain (with its backend's name) or a folder."""

    kind: str
    where: str


def keys_dir() -> Path:
    """The fallback folder (it may not exist yet)."""
    override = os.environ.get("CYBERDESK_KEYS")
    if override:
        return Path(override).expanduser()
    # lazy: platformdirs (~10 ms) only when CYBERDESK_KEYS does not say where
    from platformdirs import user_config_dir

    # A folder of its own: on Windows and macOS the user configuration folder is the data folder's.
    return Path(user_config_dir(f"{paths.APP_NAME}-keys", appauthor=False, roaming=False))


def _file(name: str) -> Path:
    return keys_dir() / f"{name}.key"


def _keychain() -> KeyringBackend | None:
    """The keyring backend, or None where the machine has no usable keychain."""
    if os.environ.get("CYBERDESK_KEYS"):
        return None
    try:
        # lazy: keyring (~70 ms) off the window's path
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration is the same as none: use the fallback
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend


def place() -> Place:
    """Where this machine keeps secrets (what Settings shows)."""
    backend = None if any(keys_dir().glob("*.key")) else _keychain()
    if backend is None:
        return Place(FILE, str(keys_dir()))
    return Place(KEYCHAIN, type(backend).__module__.rsplit(".", 1)[-1])


def _read_file(name: str) -> str | None:
    try:
        return _file(name).read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        return None
    except (OSError, UnicodeError) as error:
        raise SecretError(_("The key file {file} cannot be read ({reason}).")
                          .format(file=_file(name), reason=getattr(error, "strerror", None) or error)
                          ) from None


def _write_file(name: str, value: str) -> None:
    try:
        paths.ensure_private_dir(keys_dir())
        atomic.write_bytes_atomic(_file(name), value.encode("ascii") + b"\n", mode=0o600)
    except OSError as error:
        raise SecretError(_("The key file {file} cannot be written ({reason}).")
                          .format(file=_file(name), reason=os_reason(error))) from None


def _keychain_get(backend: KeyringBackend, name: str) -> str | None:
    try:
        return backend.get_password(SERVICE, name)
    except Exception:
        raise SecretError(_("The keychain ({backend}) cannot be read: unlock it and start again.")
                          .format(backend=type(backend).__module__)) from None


def _keychain_set(backend: KeyringBackend, name: str, value: str) -> None:
    try:
        backend.set_password(SERVICE, name, value)
    except Exception:
        raise SecretError(_("The keychain ({backend}) cannot be written: unlock it and start "
                            "again.").format(backend=type(backend).__module__)) from None
    if _keychain_get(backend, name) != value:
        raise SecretError(_("The keychain ({backend}) did not keep the key it was given.")
                          .format(backend=type(backend).__module__))


def _existing(name: str) -> tuple[str | None, KeyringBackend | None]:
    """The stored value (file first, then keychain) and the keychain backend, if any."""
    value = _read_file(name)
    if value is not None:
        return value, None
    backend = _keychain()
    if backend is None:
        return None, None
    return _keychain_get(backend, name), backend


def load(name: str) -> str | None:
    """The secret `name`, or None when it was never created."""
    return _existing(name)[0]


def load_or_create(name: str, make: Callable[[], str]) -> str:
    """The secret `name`; made with `make()` and stored on first use."""
    value = load(name)
    if value is not None:
        return value
    lock = FileLock(paths.home() / "keys.lock")
    try:
        lock.acquire(timeout=LOCK_WAIT_S)
    except OSError as error:
        raise SecretError(_("The key lock {file} cannot be taken ({reason}).")
                          .format(file=lock.path, reason=getattr(error, "strerror", None) or error)
                          ) from None
    try:
        value, backend = _existing(name)  # another process may have made it meanwhile
        if value is None:
            value = make()
            if backend is None:
                _write_file(name, value)
            else:
                _keychain_set(backend, name, value)
        return value
    finally:
        lock.release()

