"""The Windows version resource of the executables, from the package metadata in pyproject.toml,
so that Explorer's Properties ▸ Details shows the same name, version and description as
`cyberdesk --version` and the wheel.

build.spec writes it as the version file PyInstaller reads (a `VSVersionInfo(...)` expression);
PyInstaller embeds it on Windows only, but the file is made, and tested, on every OS (PyInstaller's
own version-info classes import Windows-only modules, so the text is written here)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PRODUCT = "CyberDesk"
LANGUAGE_CP = "041104B0"  # Japanese (0x0411), Unicode (1200): the agents' Windows
TRANSLATION = (0x0411, 1200)


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'1.2.3' → (1, 2, 3, 0): Windows wants four 16-bit numbers; suffixes (rc1, .dev2) are dropped."""
    parts = [int(part) for part in re.findall(r"\d+", version.split("+")[0])[:4]]
    if not parts or any(part > 0xFFFF for part in parts):
        raise ValueError(f"version {version!r} cannot be written as four numbers of 0-65535")
    return (*parts, 0, 0, 0)[:4]  # type: ignore[return-value]


def version_strings(pyproject: Path, executable: str) -> dict[str, str]:
    """The StringFileInfo entries for `executable` (its file name) from `pyproject`'s [project]."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    authors = ", ".join(author.get("name", "") for author in project.get("authors", [])) or PRODUCT
    return {
        "CompanyName": authors,
        "FileDescription": project["description"],
        "FileVersion": project["version"],
        "InternalName": executable,
        "LegalCopyright": f"© {authors}",
        "OriginalFilename": executable,
        "ProductName": PRODUCT,
        "ProductVersion": project["version"],
    }


def version_file_text(pyproject: Path, executable: str) -> str:
    """The text of PyInstaller's version file (`EXE(version=PATH)`)."""
    strings = version_strings(pyproject, executable)
    numbers = version_numbers(strings["FileVersion"])
    entries = ",\n".join(f"          StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return (
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,\n"
        "                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        "  kids=[\n"
        f"    StringFileInfo([StringTable({LANGUAGE_CP!r}, [\n{entries}])]),\n"
        f"    VarFileInfo([VarStruct('Translation', {list(TRANSLATION)})]),\n"
        "  ]\n"
        ")\n"
    )


def write_version_file(pyproject: Path, executable: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"version-{executable}.txt"
    path.write_text(version_file_text(pyproject, executable), encoding="utf-8")
    return path
