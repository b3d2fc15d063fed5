"""A write the database itself refuses, as a full disk would: a SQLite trigger on the real file
that aborts storing an interview whose document contains a given text (no mock of the store)."""

from __future__ import annotations

from contextlib import closing

from cyberdesk.store import database
from cyberdesk.store.store import Store

DISK_FULL = "database or disk is full"  # SQLite's own words, as the trigger raises them
DISK_FULL_SAID = "ディスクがいっぱい"  # how the store tells the agent (its StoreError, in Japanese)


def refuse_writes(store: Store, containing: str) -> None:
    """From now on SQLite refuses to store an interview whose document contains `containing`."""
    with closing(database.connect(store.path, store.key)) as connection, connection:
        connection.execute(
            "CREATE TRIGGER refuse BEFORE UPDATE ON interviews "
            f"WHEN NEW.document LIKE '%{containing}%' "
            f"BEGIN SELECT RAISE(ABORT, '{DISK_FULL}'); END")


def allow_writes(store: Store) -> None:
    with closing(database.connect(store.path, store.key)) as connection, connection:
        connection.execute("DROP TRIGGER refuse")
