"""The one place that decides what a command may write over.

An output path given by the user must never replace the user's data: the database (and its
write-ahead log, shared memory, journal and lock), its backups, the outbox of bundles waiting
for head office, anything else in the data folder, or a file the same command reads (`render
f.json -o f.json`). Paths are compared after resolving links, and hard links are caught by
comparing the files themselves.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from cyberdesk.files import paths
from cyberdesk.i18n import N_, _


class OutputRefused(ValueError):
    """Writing there would destroy something; the message names the path and says why."""


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(target: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse (OutputRefused) to write `target` over the data folder or over an input."""
    real = _real(target)
    if _inside(real, _real(paths.location())):
        raise OutputRefused(_("{file}: is in CyberDesk's data folder (the database, its backups "
                              "and the outbox live there); choose another place.")
                            .format(file=target))
    for source in inputs:
        if _real(source) == real or _same_file(source, target):
            raise OutputRefused(_("{file}: is the file being read; choose another name.")
                                .format(file=target))


def check_folder(folder: Path) -> None:
    """Refuse a folder to deliver bundles into that is (or is inside) the data folder: copying
    the outbox onto itself would mark bundles delivered that never left the laptop."""
    real, data = _real(folder), _real(paths.location())
    if _inside(real, data) or _inside(data, real):
        raise OutputRefused(_("{folder}: is CyberDesk's data folder or holds it; bundles must go "
                              "to the folder synced with head office.").format(folder=folder))


# What head office's files begin with: an output is never written over one of them, wherever it is.
_PRECIOUS_HEADS = (
    (b"SQLite format 3\x00", N_("a database")),
    (b"age-encryption.org/", N_("an encrypted bundle")),
    (b"PK\x03\x04", N_("a zip file (a bundle?)")),
)
_KEY_MARKS = (b"AGE-SECRET-KEY-1", b"CYBERDESK-OFFICE-SIGNING-KEY-1")
SNIFF_BYTES = 4096


def _precious(target: Path) -> str | None:
    """What the file at `target` is, when it must not be overwritten (None: nothing precious)."""
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return _("not a regular file")
        head = os.read(fd, SNIFF_BYTES)
    finally:
        os.close(fd)
    if any(mark in head for mark in _KEY_MARKS):
        return _("a key file")
    return next((_(what) for start, what in _PRECIOUS_HEADS if head.startswith(start)), None)


def check_office_output(target: Path, protected: Iterable[Path] = ()) -> None:
    """Refuse (OutputRefused) an output of a head-office command onto the data folder, onto one
    of `protected` (the database and its log files, key files, the quarantine folder) or inside
    it, or over any existing database, key file or bundle, wherever it is."""
    check_output(target)
    real = _real(target)
    for path in protected:
        if _inside(real, _real(path)) or _same_file(path, target):
            raise OutputRefused(_("{file}: is (or is inside) {path}, which head office keeps; "
                                  "choose another name.").format(file=target, path=path))
    what = _precious(target)
    if what is not None:
        raise OutputRefused(_("{file}: is {what}; an output never replaces it, choose another "
                              "name.").format(file=target, what=what))
