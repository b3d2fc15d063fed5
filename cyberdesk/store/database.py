"""Opening the database safely: refuse what we must not touch, back up, migrate, then connect.

A file that is not a database, is damaged, is in use by another running CyberDesk or was written
by a newer version is refused with a message naming it, and is left exactly as it was. Before any
migration the current file is copied with SQLite's backup API into `backups/`.

Opening needs only the DB-API module, and so does everything after it
(cyberdesk.store.repository): SQLAlchemy and alembic take a quarter of a second to import, so
they load only when a migration is due (through SQLAlchemy's `sqlite+pysqlcipher` dialect),
never at a normal start.

The file is encrypted with SQLCipher (`sqlcipher3`) under the laptop's raw 256-bit key, which
the caller hands over (cyberdesk.trust.keys), and so are its backups. A plain database of an
earlier version is converted on first start: a backup first, an encrypted copy checked row for
row, then the plain file and every plain backup removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from cyberdesk import clock
from cyberdesk.files.atomic import fsync_dir, write_bytes_atomic
from cyberdesk.files.errors import os_reason
from cyberdesk.files.lock import AlreadyLocked, FileLock
from cyberdesk.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
# Every schema revision this version knows, oldest first; the last is the one it writes.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005")
HEAD = KNOWN_REVISIONS[-1]
BUSY_TIMEOUT_S = 5.0  # another connection's write in progress is waited for, not an error
COMMAND_WAIT_S = 15.0  # a command waits its turn this long (a migration, another's write)
COMMAND_WAIT_LIMITS = (1.0, 600.0)  # what CYBERDESK_COMMAND_WAIT may set
DB_ERRORS = (sqlite3.Error, sqlcipher3.Error)  # the plain file's (conversion) and the encrypted's

if TYPE_CHECKING:
    from sqlalchemy import URL


class StoreError(Exception):
    """The database cannot be used; the message says which file and why, in the user's words."""


def _key_literal(key: bytes) -> str:
    """The key as SQLCipher takes it raw (x'…'), skipping the passphrase derivation."""
    return f"x'{key.hex()}'"


def connect(target: Path | str, key: bytes, uri: bool = False, timeout: float = BUSY_TIMEOUT_S,
            check_same_thread: bool = True) -> sqlcipher3.Connection:
    """A DB-API connection to the encrypted database (or its backup), keyed with `key` (the
    laptop's, cyberdesk.trust.keys.database_key(): a store keeps the one it was opened with)."""
    connection = sqlcipher3.connect(str(target), uri=uri, timeout=timeout,
                                    check_same_thread=check_same_thread)
    # SQLCipher would write its own error lines to stderr (a wrong key): the user gets ours.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f'PRAGMA key = "{_key_literal(key)}"')
    return connection


def is_plain(path: Path) -> bool:
    """True for a database SQLite can read without a key (an earlier version's, or a backup)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


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


def _clean_record(path: Path) -> Path:
    return path.with_name(path.name + ".clean")


def _digest(path: Path) -> str | None:
    """Size and CRC-32 of a database file with no write-ahead log beside it (None otherwise):
    what changes whenever anything changes the file. Reading 24 MB for it takes milliseconds;
    SQLite's quick_check of the same file decrypts and walks every page (0.2 s and more)."""
    if path.with_name(path.name + "-wal").exists():
        return None
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return f"{path.stat().st_size} {crc:08x}"


def record_clean_close(path: Path) -> None:
    """Note the file as CyberDesk left it on closing it cleanly (nothing else open on it): the
    next start skips the integrity check when the file is still byte for byte what was left. A
    crash, another program or damage changes it, and the check runs. The CRC is for accidents;
    deliberate tampering is SQLCipher's HMAC's to find, page by page, on every read."""
    with contextlib.suppress(OSError):  # without the note the next start just checks again
        digest = _digest(path)
        if digest is not None:
            write_bytes_atomic(_clean_record(path), digest.encode("ascii"), durable=False)


def _closed_cleanly(path: Path) -> bool:
    try:
        return _clean_record(path).read_text(encoding="ascii") == _digest(path)
    except (OSError, UnicodeError):
        return False


def _inspect(path: Path, key: bytes, check: bool = True) -> str | None:
    """Schema revision of an existing file (plain or encrypted), without changing it; with
    `check`, SQLite's quick_check first (damage is refused before anything is written)."""
    plain = is_plain(path)
    # Without a write-ahead log beside it the file is read as immutable: a read-only WAL
    # connection would otherwise leave -wal and -shm files next to a file we refuse.
    wal = path.with_name(path.name + "-wal")
    uri = f"{path.as_uri()}?{'mode=ro' if wal.exists() else 'mode=ro&immutable=1'}"
    try:
        connection = sqlite3.connect(uri, uri=True) if plain else connect(uri, key, uri=True)
    except DB_ERRORS as error:
        raise StoreError(_("{file} cannot be opened: {reason}").format(file=path, reason=error)) from None
    try:
        report = connection.execute("PRAGMA quick_check").fetchone()[0] if check else "ok"
        if report != "ok":
            raise StoreError(_("{file} is damaged ({reason}). Restore it from backups/.")
                             .format(file=path, reason=_first_line(report)))
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            if tables:
                raise StoreError(_("{file} is not a CyberDesk database.").format(file=path))
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except DB_ERRORS as error:
        if not plain and "not a database" in str(error):
            raise StoreError(_("{file} cannot be read with this laptop's database key: it is "
                               "damaged, not a CyberDesk database, or its key was lost. Restore "
                               "it from backups/ (docs/security.md, recovery).").format(file=path)
                             ) from None
        raise StoreError(_("{file} is damaged ({reason}). Restore it from backups/.")
                         .format(file=path, reason=error)) from None
    finally:
        connection.close()
    return row[0] if row else None


def _first_line(report: str) -> str:
    """SQLite's integrity report runs to many lines; the user gets one, like every message."""
    lines = [line.strip(" *") for line in report.splitlines() if line.strip(" *")]
    return lines[1] if len(lines) > 1 and lines[0].startswith("in database") else lines[0]


def backup(path: Path, target: Path, key: bytes) -> Path:
    """A consistent copy of a live database through SQLite's backup API, encrypted like it."""
    source = connect(f"{Path(path).absolute().as_uri()}?mode=ro", key, uri=True)
    try:
        destination = connect(target, key)
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
        if isinstance(original, DB_ERRORS):
            raise StoreError(explain(original, path)) from None
        raise


def _url(path: Path, key: bytes) -> URL:
    """SQLAlchemy's URL of the encrypted file; the dialect sends `PRAGMA key="<password>"`."""
    from sqlalchemy import URL

    return URL.create("sqlite+pysqlcipher", password=_key_literal(key), database=str(path))


def _migrate(path: Path, key: bytes) -> None:
    """Upgrade to HEAD on an engine of its own with foreign keys off (batch migrations need it)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(_url(path, key), hide_parameters=True, poolclass=NullPool)
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



def explain(error: BaseException, path: Path) -> str:
    """What a failure of the database means to the user, naming the file and never the SQL or
    its parameters (which hold customer data)."""
    text = str(error.args[0] if error.args else error).lower()
    code = getattr(error, "errno", None)
    if "locked" in text or "busy" in text:
        return _("{file} is busy: another program kept it longer than CyberDesk waits. Try "
                 "again in a moment.").format(file=path)
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
        file=path, reason=os_reason(error) if getattr(error, "strerror", None) else text)



def _use_wal(path: Path, key: bytes, busy_s: float) -> None:
    """Write-ahead logging is a property of the file: set once here, readers never block the
    writer (and a read-only reader could not set it)."""
    connection = connect(path, key, timeout=busy_s)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()


def _rows_digest(connection: sqlcipher3.Connection) -> tuple[tuple[str, int], ...]:
    """Every table's name and a hash of all its rows: equal for a faithful copy."""
    tables = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    digests = []
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        rows = connection.execute(f"SELECT * FROM {quoted} ORDER BY rowid").fetchall()
        digests.append((table, hash(tuple(rows))))
    return tuple(digests)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def remove_plain_backups(backups: Path) -> None:
    """Plain copies of customer data do not outlive the conversion (nor a crash right after it)."""
    with contextlib.suppress(FileNotFoundError):
        for candidate in backups.iterdir():
            if candidate.is_file() and is_plain(candidate):
                _remove(candidate)


def _encrypt(path: Path, backups: Path, key: bytes) -> None:
    """Convert a plain database in place (the exclusive lock is held): back it up, write an
    encrypted copy beside it, check the copy row for row, rename it over the plain file, then
    remove the plain backups. A crash before the rename leaves the plain file as it was."""
    plain = sqlite3.connect(path, isolation_level=None)
    try:
        plain.execute("PRAGMA journal_mode = DELETE")  # folds the -wal in and removes it
    finally:
        plain.close()
    stamp = clock.stamp()
    target = backups / f"{path.stem}-{stamp}-plain.sqlite3"
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # the user's alone
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    encrypted = path.with_name(f".{path.name}.encrypting.tmp")
    _remove(encrypted)
    exporter = sqlcipher3.connect(str(path), isolation_level=None)  # no key: reads the plain file
    try:
        exporter.execute(f'ATTACH DATABASE ? AS encrypted KEY "{_key_literal(key)}"', (str(encrypted),))
        exporter.execute("SELECT sqlcipher_export('encrypted')")
        exporter.execute("DETACH DATABASE encrypted")
        expected = _rows_digest(exporter)
    finally:
        exporter.close()
    check = connect(encrypted, key)
    try:
        faithful = (check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                    and _rows_digest(check) == expected)
    finally:
        check.close()
    if not faithful:
        _remove(encrypted)
        raise StoreError(_("{file} could not be encrypted: the encrypted copy did not match. "
                           "Nothing was changed.").format(file=path))
    os.chmod(encrypted, 0o600)
    with open(encrypted, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(encrypted, path)
    fsync_dir(path.parent)
    for leftover in ("-journal", "-wal", "-shm"):
        _remove(path.with_name(path.name + leftover))
    remove_plain_backups(backups)


def _prepare(path: Path, backups: Path, key: bytes, lock: FileLock, wait: float) -> None:
    """Check the file; encrypt a plain one and migrate an older schema (under the exclusive
    lock, waiting for the others to finish); set WAL. The shared lock is held on return."""
    existed = _refuse_strange(path)
    revision = _inspect(path, key, check=not _closed_cleanly(path)) if existed else None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StoreError(
            _("{file} was written by a newer version of CyberDesk. Update CyberDesk to open it.")
            .format(file=path)
        )
    if revision != HEAD or (existed and is_plain(path)):
        lock.acquire(shared=False, timeout=wait)
        existed = _refuse_strange(path)  # another process may have done it meanwhile
        if existed and is_plain(path):
            _encrypt(path, backups, key)
        revision = _inspect(path, key) if existed else None
        if revision != HEAD:
            if revision is not None:
                stamp = clock.stamp()
                backup(path, backups / f"{path.stem}-{stamp}-schema{revision}.sqlite3", key)
            _migrate(path, key)
            if not existed:
                os.chmod(path, 0o600)  # personal data: a new file is the user's alone
        lock.acquire(shared=True)
    remove_plain_backups(backups)  # also those a crash right after a conversion left
    _use_wal(path, key, wait)


def command_wait() -> float:
    """How long a command waits its turn: COMMAND_WAIT_S, or CYBERDESK_COMMAND_WAIT seconds
    (IT's setting for slow disks; the tests' for a short wait) when it is a number in range."""
    low, high = COMMAND_WAIT_LIMITS
    try:
        seconds = float(os.environ.get("CYBERDESK_COMMAND_WAIT", COMMAND_WAIT_S))
    except ValueError:
        return COMMAND_WAIT_S
    return seconds if low <= seconds <= high else COMMAND_WAIT_S


def open_database(path: Path, backups: Path, key: bytes, app: bool = True) -> list[FileLock]:
    """Check, back up and migrate; the locks are held until the caller releases them.

    `app`: refuse at once when another app has the database open. A command (`app=False`) runs
    beside the app and other commands, waiting up to command_wait() for a migration (and, in
    Store, for other writers)."""
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
        wait = BUSY_TIMEOUT_S if app else command_wait()
        try:
            locks[-1].acquire(shared=True, timeout=wait)
            _prepare(path, backups, key, locks[-1], wait)
        except AlreadyLocked:
            raise StoreError(_("{file} is being upgraded by another CyberDesk; waited {seconds} "
                               "seconds. Try again once it is done.")
                             .format(file=path, seconds=int(wait))) from None
        except (*DB_ERRORS, OSError) as error:
            raise StoreError(explain(error, path)) from None
        return locks
    except BaseException:
        for lock in reversed(locks):
            lock.release()
        raise
