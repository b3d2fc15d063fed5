"""Reading a file named by the user or found in a folder, without trusting what it is.

`open()` on a FIFO blocks forever and `read_bytes()` of a 2 GB file takes 2 GB: here the file is
opened without blocking, must be a regular file, and is read only up to a limit that is checked
before anything is parsed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import _


class InputFileError(OSError):
    """The file cannot be used; the message (without the file's name) is the user's, `code` is
    one of "unreadable", "not_a_file", "too_large" for programs."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def open_regular(path: Path) -> int:
    """A descriptor of `path`, which must be a regular file (never blocks on a FIFO)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise InputFileError("unreadable", _("cannot be read ({reason})").format(
            reason=os_reason(error))) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InputFileError("not_a_file", _("is not a regular file"))
    return fd


def _too_large(max_bytes: int) -> InputFileError:
    return InputFileError("too_large", _("larger than {limit} KiB").format(limit=max_bytes // 1024))


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The whole file, or InputFileError when it is larger than `max_bytes` (checked first)."""
    fd = open_regular(path)
    try:
        if os.fstat(fd).st_size > max_bytes:
            raise _too_large(max_bytes)
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:  # grew while being read
                raise _too_large(max_bytes)
        return b"".join(chunks)
    except InputFileError:
        raise
    except OSError as error:
        raise InputFileError("unreadable", _("cannot be read ({reason})").format(
            reason=os_reason(error))) from None
    finally:
        os.close(fd)
