"""Reading a database file from a test as another program would: a plain one (an earlier
version's fixture) with sqlite3, the app's encrypted one with the laptop's key."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cyberdesk.store import database
from cyberdesk.trust.keys import database_key


def open_db(path: Path, timeout: float = 5.0):
    """A DB-API connection to `path`, keyed when the file is encrypted (or new)."""
    if database.is_plain(path):
        return sqlite3.connect(path, timeout=timeout)
    return database.connect(path, database_key(), timeout=timeout)
