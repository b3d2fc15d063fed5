"""What waits to be sent and where it goes: the two questions the main window's send row asks as
it opens, apart from export and sync (bundling, sealing, copying, head office's answers), which
the window loads only when it first sends or reads those answers."""

from __future__ import annotations

from pathlib import Path

from cyberdesk.store.store import SYNC_FOLDER, Store
from cyberdesk.trust.deployment import DeploymentError, load


def waiting_count(store: Store) -> int:
    """What the main window shows as waiting to be sent."""
    return len(store.waiting_bundles()) + len(store.unexported())


def configured_folder(store: Store) -> Path | None:
    """The deployment file's folder (IT's, read-only in Settings), else the one in the settings.
    A broken deployment file is reported by Settings and refused by export, not here."""
    try:
        fixed = load()
    except DeploymentError:
        fixed = None
    if fixed is not None and fixed.sync_folder is not None:
        return fixed.sync_folder
    value = store.setting(SYNC_FOLDER)
    return Path(value).expanduser() if value else None
