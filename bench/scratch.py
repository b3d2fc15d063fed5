"""Throw-away folders for the benches: made in the system's temporary folder and removed when
the bench exits, however it ends (an error, Ctrl-C), so that no run leaves its stores, keys and
bundles behind (they had piled up, 90 folders, on the development machine)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path


def scratch(prefix: str) -> Path:
    """A new empty folder, removed at exit."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, True)
    return path
