"""Locks on files beside the database, released by the OS even on a crash.

Everyone using the database holds its gate lock shared; a schema migration takes it exclusive
(waiting, bounded, for the others to finish). The app also holds its own lock exclusive, so
that a second window on the same database is refused while command-line writes still go
through (SQLite serialises those). Windows' msvcrt has no shared locks: there the gate is
exclusive, and a command waits for the app to close.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import IO

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

POLL_S = 0.05


class AlreadyLocked(OSError):
    pass


def _try_lock(handle: IO[bytes], shared: bool) -> bool:
    try:
        if sys.platform == "win32":
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(handle.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self, shared: bool = False, timeout: float = 0.0) -> None:
        """Take the lock (or change a held one to `shared` or exclusive), waiting up to
        `timeout` seconds; AlreadyLocked when another process keeps it longer."""
        if os.name == "nt" and self._handle is not None:
            return  # msvcrt's lock is always exclusive: already held
        handle = self._handle or open(self.path, "a+b")  # noqa: SIM115 - held for the lock's life
        deadline = time.monotonic() + timeout
        while not _try_lock(handle, shared):
            if time.monotonic() >= deadline:
                if handle is not self._handle:
                    handle.close()
                raise AlreadyLocked(str(self.path))
            time.sleep(POLL_S)
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        if sys.platform == "win32":
            self._handle.seek(0)
            msvcrt.locking(self._handle.fileno(), msvcrt.LK_UNLCK, 1)
        self._handle.close()
        self._handle = None
