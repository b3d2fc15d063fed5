"""The user's data folder: the database, backups, outbox and extra catalogues live here.

`CYBERDESK_HOME` replaces the platform's folder (tests and head-office scripts use it). Every
folder is created readable by the user only, because it holds personal data (個人情報保護法).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "CyberDesk"
DATABASE_FILE = "cyberdesk.sqlite3"


def location() -> Path:
    """Where the data folder is (it may not exist yet)."""
    override = os.environ.get("CYBERDESK_HOME")
    if override:
        return Path(override).expanduser()
    # lazy: platformdirs (~10 ms) only when CYBERDESK_HOME does not say where
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def home() -> Path:
    """The data folder, created (mode 0700) if missing."""
    return ensure_private_dir(location())


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed; the folder itself is made readable by the user only
    (0700), even when it existed before with wider rights (an earlier version's 0755). Only the
    others' rights are taken away: a folder the user made read-only stays read-only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix" and not path.is_symlink():
        mode = path.stat().st_mode
        if mode & 0o077:
            path.chmod(mode & 0o700)
    return path


def database_path() -> Path:
    return home() / DATABASE_FILE


def backups_dir() -> Path:
    return ensure_private_dir(home() / "backups")


def outbox_dir() -> Path:
    return ensure_private_dir(home() / "outbox")


def user_catalogue_dir() -> Path:
    """Catalogue versions head office distributes after release: dropped here, used with no update."""
    return home() / "catalogues"
