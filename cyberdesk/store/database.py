"""Opening the database safely: refuse what we must not touch, back up, migrate, then connect.

A file that is not a database, is damaged, is in use by another running CyberDesk or was written
by a newer version is refused with a message naming it, and is left exactly as it was. Before any
migration the current file is copied with SQLite's backup API into `backups/`.

Opening needs only the standard library: SQLAlchemy (and alembic) take a quarter of a second to
import, so they load when a migration or the first write needs them, not before the first window.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cyberdesk.i18n import _
from cyberdesk.store.lock import AlreadyLocked, FileLock

SQLITE_MAGIC = b"SQLite format 3\x00"
# Every schema revision this version knows, oldest first; the last is the one it writes.
KNOWN_REVISIONS = ("0001", "0002", "0003")
HEAD = KNOWN_REVISIONS[-1]
BUSY_TIMEOUT_S = 5.0  # another connection's write in progress is waited for, not an error

if TYPE_CHECKING:
    from sqlalchemy import Engine


class StoreError(Exception):
    """The database cannot be used; the message says which file and why, in the user's words."""


def _inspect(path: Path) -> str | None:
    """Schema revision of an existing file (None for an empty one), without changing it."""
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if not header:
        return None
    if header != SQLITE_MAGIC:
        raise StoreError(_("{file} is not a CyberDesk database.").format(file=path))
    # Without a write-ahead log beside it the file is read as immutable: a read-only WAL
    # connection would otherwise leave -wal and -shm files next to a file we refuse.
    wal = path.with_name(path.name + "-wal")
    options = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?{options}", uri=True)
    except sqlite3.Error as error:
        raise StoreError(_("{file} cannot be opened: {reason}").format(file=path, reason=error)) from None
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(_("{file} is damaged ({reason}). Restore it from backups/.")
                             .format(file=path, reason=_first_line(check)))
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            if tables:
                raise StoreError(_("{file} is not a CyberDesk database.").format(file=path))
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreError(_("{file} is damaged ({reason}). Restore it from backups/.")
                         .format(file=path, reason=error)) from None
    finally:
        connection.close()
    return row[0] if row else None


def _first_line(report: str) -> str:
    """SQLite's integrity report runs to many lines; the user gets one, like every message."""
    lines = [line.strip(" *") for line in report.splitlines() if line.strip(" *")]
    return lines[1] if len(lines) > 1 and lines[0].startswith("in database") else lines[0]


def backup(path: Path, target: Path) -> Path:
    """A consistent copy of a live database through SQLite's backup API."""
    source = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    os.chmod(target, 0o600)
    return target


def _migrate(path: Path) -> None:
    """Upgrade to HEAD on an engine of its own with foreign keys off (batch migrations need it)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            config = Config()
            config.set_main_option(
                "script_location", str(Path(__file__).with_name("migrations"))
            )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise StoreError(_("{file}: the migration left broken links; nothing was changed.")
                                 .format(file=path))
    finally:
        engine.dispose()


def engine(path: Path) -> Engine:
    """The SQLAlchemy engine the store writes through; each transaction takes the write lock
    at its start (BEGIN IMMEDIATE), so two writers wait for each other instead of failing."""
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", isolation_level=None)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000:.0f}")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def reader(path: Path) -> sqlite3.Connection:
    """A read-only connection of the standard library, for reads that must not wait for
    SQLAlchemy to load; rows are read by column name."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    connection.row_factory = sqlite3.Row
    return connection


def _use_wal(path: Path) -> None:
    """Write-ahead logging is a property of the file: set once here, readers never block the
    writer (and a read-only reader could not set it)."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()


def open_database(path: Path, backups: Path) -> FileLock:
    """Check, back up and migrate; the lock is held until the caller releases it."""
    path = Path(path).absolute()  # a relative CYBERDESK_HOME has no file URI
    lock = FileLock(path.with_name(path.name + ".lock"))
    try:
        lock.acquire()
    except AlreadyLocked:
        raise StoreError(
            _("{file} is in use by another CyberDesk that is running. Close it and try again.")
            .format(file=path)
        ) from None
    try:
        revision = _inspect(path) if path.exists() else None
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise StoreError(
                _("{file} was written by a newer version of CyberDesk. Update CyberDesk to open it.")
                .format(file=path)
            )
        if revision != HEAD:
            if revision is not None:
                stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
                backup(path, backups / f"{path.stem}-{stamp}-schema{revision}.sqlite3")
            _migrate(path)
        _use_wal(path)
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
        return lock
    except BaseException:
        lock.release()
        raise
