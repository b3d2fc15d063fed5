"""Opening the database safely: refuse what we must not touch, back up, migrate, then connect.

A file that is not a database, is damaged, is in use by another running CyberDesk or was written
by a newer version is refused with a message naming it, and is left exactly as it was. Before any
migration the current file is copied with SQLite's backup API into `backups/`.

Opening needs only the standard library: SQLAlchemy (and alembic) take a quarter of a second to
import, so they load when a migration or the first write needs them, not before the first window.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cyberdesk.i18n import _
from cyberdesk.store.lock import AlreadyLocked, FileLock

SQLITE_MAGIC = b"SQLite format 3\x00"
# Every schema revision this version knows, oldest first; the last is the one it writes.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004")
HEAD = KNOWN_REVISIONS[-1]
BUSY_TIMEOUT_S = 5.0  # another connection's write in progress is waited for, not an error
COMMAND_WAIT_S = 30.0  # a command waits this long for another's migration before giving up

if TYPE_CHECKING:
    from sqlalchemy import Engine


class StoreError(Exception):
    """The database cannot be used; the message says which file and why, in the user's words."""


def _refuse_strange(path: Path) -> bool:
    """True when a database file is there; StoreError for what must never be opened as one
    (a folder, a dangling link, a special file, an empty file, a file that cannot be written)."""
    if not os.path.lexists(path):
        return False
    if not path.exists():
        raise StoreError(_("{file} is a link to a file that does not exist. Restore the file "
                           "or remove the link.").format(file=path))
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise StoreError(_("{file} is a folder, not a database. Move it away and start again.")
                         .format(file=path))
    if not stat.S_ISREG(mode):
        raise StoreError(_("{file} is not a CyberDesk database.").format(file=path))
    if path.stat().st_size == 0:
        raise StoreError(_("{file} is empty (0 bytes). Restore it from backups/, or delete it "
                           "if nothing was ever stored.").format(file=path))
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StoreError(_("{file} cannot be written (read-only file, folder or disk). Check "
                           "the permissions.").format(file=path))
    return True


def _inspect(path: Path) -> str | None:
    """Schema revision of an existing file, without changing it."""
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
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


@contextlib.contextmanager
def _explained_errors(path: Path) -> Iterator[None]:
    """SQLAlchemy's errors carry the SQL and its parameters: the user gets `explain` instead."""
    try:
        yield
    except Exception as error:
        original = getattr(error, "orig", None)
        if isinstance(original, sqlite3.Error):
            raise StoreError(explain(original, path)) from None
        raise


def _migrate(path: Path) -> None:
    """Upgrade to HEAD on an engine of its own with foreign keys off (batch migrations need it)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    try:
        with _explained_errors(path), engine.begin() as connection:
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

    engine = create_engine(f"sqlite:///{path}", isolation_level=None, hide_parameters=True)

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

    @event.listens_for(engine, "handle_error")
    def _explained(context) -> None:
        error = context.original_exception
        if isinstance(error, sqlite3.Error):
            raise StoreError(explain(error, path)) from None

    return engine


def explain(error: BaseException, path: Path) -> str:
    """What a failure of the database means to the user, naming the file and never the SQL or
    its parameters (which hold customer data)."""
    text = str(error.args[0] if error.args else error).lower()
    code = getattr(error, "errno", None)
    if "locked" in text or "busy" in text:
        return _("{file} is busy: another program has kept it for more than {seconds} seconds. "
                 "Try again in a moment.").format(file=path, seconds=int(BUSY_TIMEOUT_S))
    if "full" in text or code in (errno.ENOSPC, errno.EDQUOT):
        return _("The disk holding {file} is full. Free some space and try again; nothing was "
                 "changed.").format(file=path)
    if "readonly" in text or "read-only" in text or code in (errno.EROFS, errno.EACCES,
                                                               errno.EPERM):
        return _("{file} cannot be written (read-only file, folder or disk). Check the "
                 "permissions.").format(file=path)
    if "disk i/o" in text or code == errno.EIO:
        return _("{file} could not be read or written (disk I/O error). Close CyberDesk, check "
                 "the disk and start again.").format(file=path)
    if "unable to open" in text:
        return _("{file} cannot be created or opened: check that its folder exists and can be "
                 "written.").format(file=path)
    if "not a database" in text or "malformed" in text:
        return _("{file} is damaged ({reason}). Restore it from backups/.").format(
            file=path, reason=text)
    return _("{file} cannot be used ({reason}).").format(
        file=path, reason=getattr(error, "strerror", None) or text)


def reader(path: Path) -> sqlite3.Connection:
    """A read-only connection of the standard library, for reads that must not wait for
    SQLAlchemy to load; rows are read by column name."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as error:
        raise StoreError(explain(error, path)) from None
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


def _prepare(path: Path, backups: Path, lock: FileLock, wait: float) -> None:
    """Check the file; migrate it (under the exclusive lock, waiting for the others to finish)
    when its schema is older; set WAL. The shared lock is held on return."""
    existed = _refuse_strange(path)
    revision = _inspect(path) if existed else None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StoreError(
            _("{file} was written by a newer version of CyberDesk. Update CyberDesk to open it.")
            .format(file=path)
        )
    if revision != HEAD:
        lock.acquire(shared=False, timeout=wait)
        existed = _refuse_strange(path)  # another process may have migrated it meanwhile
        revision = _inspect(path) if existed else None
        if revision != HEAD:
            if revision is not None:
                stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
                backup(path, backups / f"{path.stem}-{stamp}-schema{revision}.sqlite3")
            _migrate(path)
            if not existed:
                os.chmod(path, 0o600)  # personal data: a new file is the user's alone
        lock.acquire(shared=True)
    _use_wal(path)


def open_database(path: Path, backups: Path, app: bool = True) -> list[FileLock]:
    """Check, back up and migrate; the locks are held until the caller releases them.

    `app`: refuse at once when another app has the database open. A command (`app=False`) runs
    beside the app and other commands, waiting up to COMMAND_WAIT_S for a migration."""
    path = Path(path).absolute()  # a relative CYBERDESK_HOME has no file URI
    locks = []
    try:
        if app:
            locks.append(FileLock(path.with_name(path.name + ".app.lock")))
            try:
                locks[-1].acquire()
            except AlreadyLocked:
                raise StoreError(_("{file} is in use by another CyberDesk that is running. Close "
                                   "it and try again.").format(file=path)) from None
        locks.append(FileLock(path.with_name(path.name + ".lock")))
        wait = BUSY_TIMEOUT_S if app else COMMAND_WAIT_S
        try:
            locks[-1].acquire(shared=True, timeout=wait)
            _prepare(path, backups, locks[-1], wait)
        except AlreadyLocked:
            raise StoreError(_("{file} is being upgraded by another CyberDesk; waited {seconds} "
                               "seconds. Try again once it is done.")
                             .format(file=path, seconds=int(wait))) from None
        except (sqlite3.Error, OSError) as error:
            raise StoreError(explain(error, path)) from None
        return locks
    except BaseException:
        for lock in reversed(locks):
            lock.release()
        raise
