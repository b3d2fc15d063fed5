"""The Secret Service (GNOME Keyring, KeePassXC…) spoken to directly through `secretstorage`, as
`keyring` would, without `keyring` itself: importing `keyring` and letting it pick its backend
(entry points, every backend module, urllib/email pulled in by its helpers) cost ~0.3 s of CPU
at every start, on the thread that competes with the window for the GIL; this costs ~0.05 s.

Entries are those `keyring`'s SecretService backend reads and writes (attributes `service` and
`username`, the same label and application), so keys kept by earlier versions are found and keys
kept now stay readable through `keyring`. Used only where `keyring` would choose the Secret
Service anyway: on Linux, with no backend named by `PYTHON_KEYRING_BACKEND` or keyring's
configuration file, and no backend set in this process.
"""

from __future__ import annotations

import os
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

APPLICATION = "Python keyring library"  # what keyring's SecretService backend records


def applies() -> bool:
    """Whether `keyring` would be left to pick the Secret Service here (so we may go direct)."""
    if not sys.platform.startswith("linux") or os.environ.get("PYTHON_KEYRING_BACKEND"):
        return False
    keyring_core = sys.modules.get("keyring.core")
    if keyring_core is not None and getattr(keyring_core, "_keyring_backend", None) is not None:
        return False  # someone in this process chose or loaded a backend: keyring decides
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return not (config / "python_keyring" / "keyringrc.cfg").exists()


class SecretServiceKeychain:
    """get_password / set_password over the Secret Service's default collection."""

    @staticmethod
    def reachable() -> bool:
        """The service runs or can be started on the session bus."""
        try:
            # lazy: secretstorage and jeepney only on the key thread, only on Linux
            import secretstorage

            with closing(secretstorage.dbus_init()) as connection:
                return bool(secretstorage.check_service_availability(connection))
        except Exception:  # no session bus, no service: no keychain now
            return False

    @staticmethod
    def _collection(connection: Any) -> Any:
        # lazy: see reachable()
        import secretstorage

        collection = secretstorage.get_default_collection(connection)
        if collection.is_locked():
            collection.unlock()
            if collection.is_locked():
                raise secretstorage.LockedException("the collection stays locked")
        return collection

    def get_password(self, service: str, username: str) -> str | None:
        # lazy: see reachable()
        import secretstorage

        with closing(secretstorage.dbus_init()) as connection:
            collection = self._collection(connection)
            for item in collection.search_items({"username": username, "service": service}):
                if item.is_locked():
                    item.unlock()
                    if item.is_locked():
                        raise secretstorage.LockedException("the entry stays locked")
                return str(item.get_secret().decode("utf-8"))
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        # lazy: see reachable()
        import secretstorage

        with closing(secretstorage.dbus_init()) as connection:
            collection = self._collection(connection)
            attributes = {"username": username, "service": service, "application": APPLICATION}
            collection.create_item(f"Password for '{username}' on '{service}'", attributes,
                                   password.encode("utf-8"), replace=True)
