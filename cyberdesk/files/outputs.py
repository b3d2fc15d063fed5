"""The one place that decides what a command may write over.

An output path given by the user must never replace the user's data: the database (and its
write-ahead log, shared memory, journal and lock), its backups, the outbox of bundles waiting
for head office, anything else in the data folder, or a file the same command reads (`render
f.json -o f.json`). Paths are compared after resolving links, and hard links are caught by
comparing the files themselves.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from cyberdesk.files import paths
from cyberdesk.i18n import _


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
