"""Where the laptop's secrets (the database key, the signing key) are kept, and the rules that
keep the agent from losing them.

The OS keychain through `keyring` (Windows Credential Manager, macOS Keychain, the Secret
Service; on Linux the Secret Service is spoken to directly, in keyring's own entries:
`secretservice`) is the place. A file readable by the user only, in a folder of its own outside the data
folder (so a copy of the data folder never carries the key that opens it), is used instead only
when someone chose it:

- IT: `CYBERDESK_KEYS` names the folder (tests, kiosks), or the deployment file says
  `key_store = "file"`;
- the agent: `cyberdesk key --use-file` (or the start-up dialog) leaves a `use-file` mark in
  `<user config folder>/CyberDesk-keys`.

A key is never made while an older one may exist somewhere the app knows: not when the keychain
cannot be reached (the agent is told, and may retry; nothing is generated), and not when the
database already exists (its key must be somewhere: made anew, it would lock the data away). Key
files of earlier versions in the fallback folder are still read. Key files are read with a size
limit, never through a FIFO or a device, and checked; each failure is one line naming the file.
Creation runs under a lock beside the data folder, so two processes starting together make one
key, not two.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cyberdesk.files import atomic, paths
from cyberdesk.files.errors import os_reason
from cyberdesk.files.inputs import InputFileError, read_bounded
from cyberdesk.files.lock import FileLock
from cyberdesk.i18n import _
from cyberdesk.trust import deployment, secretservice


class KeyringBackend(Protocol):
    """What is used of a keychain: keyring's backends, or the Secret Service spoken to directly."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

SERVICE = "CyberDesk"  # the keychain entry's service; each secret is one user name under it
KEYCHAIN = "keychain"
FILE = "file"
LOCK_WAIT_S = 30.0
CHOSEN_MARK = "use-file"  # in the fallback folder: the agent chose files over the keychain
MAX_KEY_FILE_BYTES = 1024
KEY_TEXT = re.compile(r"[0-9a-f]{64}")


class SecretError(Exception):
    """A secret cannot be read or stored; the message says where and why, in the user's words."""


class KeychainUnavailable(SecretError):
    """The keychain cannot be reached and no file store was chosen: nothing is made; retry."""


@dataclass(frozen=True)
class Place:
    """Where secrets are kept: the keychain (with its backend's name) or a folder."""

    kind: str
    where: str


def keys_dir() -> Path:
    """The fallback folder (it may not exist yet); SecretError when `CYBERDESK_KEYS` puts it in
    the data folder, where a copy of the data would carry the key that opens it."""
    override = os.environ.get("CYBERDESK_KEYS")
    if override:
        folder = Path(override).expanduser()
        real, data = Path(os.path.realpath(folder)), Path(os.path.realpath(paths.location()))
        if real == data or data in real.parents:
            raise SecretError(_("CYBERDESK_KEYS ({folder}) is inside the data folder {data}: a "
                                "copy of the data would carry its key. Choose a folder outside "
                                "it.").format(folder=folder, data=paths.location()))
        return folder
    # lazy: platformdirs (~10 ms) only when CYBERDESK_KEYS does not say where
    from platformdirs import user_config_dir

    # A folder of its own: on Windows and macOS the user configuration folder is the data folder's.
    return Path(user_config_dir(f"{paths.APP_NAME}-keys", appauthor=False, roaming=False))


def _file(name: str) -> Path:
    return keys_dir() / f"{name}.key"


def files_chosen() -> bool:
    """Whether secrets go to files: IT's variable or deployment file, or the agent's choice."""
    if os.environ.get("CYBERDESK_KEYS") or os.path.lexists(keys_dir() / CHOSEN_MARK):
        return True
    try:
        fixed = deployment.load()
    except deployment.DeploymentError:
        return False
    return fixed is not None and fixed.key_store == FILE


def choose_files() -> Path:
    """The agent's choice: keep the keys in the fallback folder from now on (the mark)."""
    folder = paths.ensure_private_dir(keys_dir())
    atomic.write_bytes_atomic(folder / CHOSEN_MARK, b"chosen by the user\n")
    return folder


def _keychain() -> KeyringBackend | None:
    """The keyring backend, or None where the machine has no usable keychain."""
    if os.environ.get("CYBERDESK_KEYS"):
        return None
    if secretservice.applies():  # Linux: what keyring would pick, without its ~0.3 s of loading
        direct = secretservice.SecretServiceKeychain()
        return direct if direct.reachable() else None
    try:
        # lazy: keyring (~0.3 s with its backends) off the window's path, where it is needed
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration: no keychain now
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend


def place() -> Place:
    """Where this machine keeps secrets (what Settings shows)."""
    if files_chosen() or any(keys_dir().glob("*.key")):
        return Place(FILE, str(keys_dir()))
    backend = _keychain()
    if backend is None:
        return Place(KEYCHAIN, _("not reachable"))
    return Place(KEYCHAIN, type(backend).__module__.rsplit(".", 1)[-1])


def _read_file(name: str) -> str | None:
    """The key in its file (None: no file); SecretError naming the file when it cannot be read
    or is not a key (a folder, a FIFO, a link to /dev/zero, a damaged file)."""
    path = _file(name)
    if not os.path.lexists(path):
        return None
    try:
        text = read_bounded(path, MAX_KEY_FILE_BYTES).decode("ascii").strip()
    except InputFileError as error:
        raise SecretError(_("The key file {file} cannot be read ({reason}).")
                          .format(file=path, reason=error)) from None
    except UnicodeDecodeError:
        text = ""
    if not KEY_TEXT.fullmatch(text):
        raise SecretError(_("The key file {file} is damaged (it does not hold a key). Restore it "
                            "from a backup; see docs/security.md.").format(file=path))
    return text


def _write_file(name: str, value: str) -> None:
    try:
        paths.ensure_private_dir(keys_dir())
        atomic.write_bytes_atomic(_file(name), value.encode("ascii") + b"\n", mode=0o600)
    except OSError as error:
        raise SecretError(_("The key file {file} cannot be written ({reason}).")
                          .format(file=_file(name), reason=os_reason(error))) from None


def _keychain_get(backend: KeyringBackend, name: str) -> str | None:
    try:
        value = backend.get_password(SERVICE, name)
    except Exception:
        raise KeychainUnavailable(_("The keychain ({backend}) cannot be read: unlock it and try "
                                    "again.").format(backend=type(backend).__module__)) from None
    if value is not None and not KEY_TEXT.fullmatch(value):
        raise SecretError(_("The keychain entry {service}/{name} is damaged (it does not hold a "
                            "key).").format(service=SERVICE, name=name))
    return value


def _keychain_set(backend: KeyringBackend, name: str, value: str) -> None:
    try:
        backend.set_password(SERVICE, name, value)
    except Exception:
        raise KeychainUnavailable(_("The keychain ({backend}) cannot be written: unlock it and "
                                    "try again.").format(backend=type(backend).__module__)) from None
    if _keychain_get(backend, name) != value:
        raise SecretError(_("The keychain ({backend}) did not keep the key it was given.")
                          .format(backend=type(backend).__module__))


def _unreachable() -> KeychainUnavailable:
    return KeychainUnavailable(_(
        "This computer's keychain cannot be reached, so CyberDesk's keys cannot be read; no new "
        "key was made. Unlock or start the keychain and try again. (Without a keychain, IT can "
        "set key_store = \"file\" in the deployment file, or choose files with cyberdesk key "
        "--use-file.)"))


def _existing(name: str) -> tuple[str | None, KeyringBackend | None]:
    """The stored value and the keychain backend to store a new one in (None: a file).
    KeychainUnavailable when the keychain is where it would be and cannot be reached."""
    value = _read_file(name)  # a file of an earlier version, or the chosen store
    if value is not None:
        return value, None
    chosen = files_chosen()
    backend = _keychain()
    if backend is None:
        if chosen:
            return None, None
        raise _unreachable()
    value = _keychain_get(backend, name)
    return value, (None if chosen and value is None else backend)


def load(name: str) -> str | None:
    """The secret `name`, or None when it was never created."""
    return _existing(name)[0]


def _encrypted_database_exists() -> bool:
    """Whether the data folder holds a database that needs a key (an earlier version's plain
    database is converted with a key made now)."""
    try:
        with open(paths.location() / paths.DATABASE_FILE, "rb") as handle:
            return handle.read(16) not in (b"SQLite format 3\x00", b"")
    except FileNotFoundError:
        return False
    except OSError:
        return True  # there, but unreadable: certainly not to be replaced


def load_or_create(name: str, make: Callable[[], str]) -> str:
    """The secret `name`; made with `make()` and stored on first use only: never while the
    database it would open exists already (its key must be somewhere)."""
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
            if _encrypted_database_exists():
                raise SecretError(_(
                    "The key {name} was not found ({place}), but the database {file} exists: no "
                    "new key is made, it could not open it. Put the key back (a restored "
                    "keychain or key folder) and start again; see docs/security.md.").format(
                    name=name, place=place().where, file=paths.location() / paths.DATABASE_FILE))
            value = make()
            if backend is None:
                _write_file(name, value)
            else:
                _keychain_set(backend, name, value)
        return value
    finally:
        lock.release()
