"""Write a file so that it is either wholly there under its final name or not there at all.

A crash, a kill or a full disk may leave a stray temporary file (named `.NAME.*.tmp`), never a
half-written file under the final name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, writer: Callable[[BinaryIO], None], mode: int = 0o600,
                 durable: bool = True) -> None:
    """Call `writer` on a temporary file beside `path`, flush it to disk, then rename it into place.
    `durable=False` skips the flushes, for files that are made again when a crash loses them
    (still never half-written under their name)."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(path.parent)


def write_bytes_atomic(path: Path, data: bytes, mode: int = 0o600, durable: bool = True) -> None:
    def write(handle: BinaryIO) -> None:
        handle.write(data)

    write_atomic(path, write, mode, durable)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to flush."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
