"""Where the bundled data lives: in a source checkout, an installed wheel or a PyInstaller build.

The data folders (`resources/`, `i18n/`) sit at the top of the repository so that designers and
translators find them; a wheel carries them inside the package under `_data/`, and a frozen build
unpacks them next to the executable.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder `name` (`resources` or `i18n`) wherever this copy of the app keeps it."""
    candidates = [_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"CyberDesk data folder {name!r} is missing from this installation")


def resource(*parts: str) -> Path:
    """Path of a file under `resources/`."""
    return data_dir("resources").joinpath(*parts)


def notice_file(name: str) -> Path | None:
    """`LICENSE` or `THIRD-PARTY-NOTICES.txt`: in a frozen build beside its data (the build makes
    the notices), in a checkout at the top of the repository (the notices only once
    scripts/third_party_notices.py has written them there); None where there is none."""
    candidates = [_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / name)
    return next((candidate for candidate in candidates if candidate.is_file()), None)
