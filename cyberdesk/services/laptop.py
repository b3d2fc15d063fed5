"""Opening this laptop's store: the key comes from cyberdesk.trust and is handed to the store,
which never looks for keys itself (the store sits below trust's keychain access)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from cyberdesk.files import paths
from cyberdesk.store.database import StoreError, explain
from cyberdesk.store.store import Store
from cyberdesk.trust import keys
from cyberdesk.trust.secretstore import SecretError


def database_key() -> bytes:
    """This installation's database key, made on its first use. A key that cannot be read or
    kept is a StoreError: the store cannot be opened without it."""
    with _explained():
        return keys.database_key()


def ensure_keys() -> bytes:
    """Make both of this installation's keys on its first run; the database key."""
    with _explained():
        return keys.ensure()


@contextlib.contextmanager
def _explained() -> Iterator[None]:
    try:
        yield
    except OSError as error:
        raise StoreError(explain(error, paths.location())) from None
    except SecretError as error:
        raise StoreError(str(error)) from None


def open_store(path: Path | None = None, app: bool = True) -> Store:
    """The laptop's store (see Store.open), opened with this installation's key."""
    return Store.open(ensure_keys(), path, app=app)
