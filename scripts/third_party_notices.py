"""THIRD-PARTY-NOTICES.txt: every distribution a build ships, with its version, licence, home page
and licence texts, made from the installed distributions' own metadata (importlib.metadata) and
licence files (`*.dist-info/licenses/`, or LICENSE/COPYING/NOTICE beside the metadata).

build.spec runs it with the top-level modules PyInstaller collected, so the notices list what the
frozen app really holds; without modules (`python scripts/third_party_notices.py OUT`) it lists
what `cyberdesk` needs at run time (its requirements, followed). Python itself and PyInstaller's
start-up code (in every executable) are listed too. A distribution without any licence text
stops the build: shipping it without its notice is not an option.

Qt for Python's wheels carry no licence file: they are used under LGPL-3.0-only, whose text (and
the GPL-3.0 it builds on) the repository keeps in licences/ (docs/licences.md).
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import re
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
APP = "cyberdesk"
LICENCES = ROOT / "licences"
# Distributions whose wheels hold no licence file, the licence we use them under, and its texts.
ELECTED = {
    name: ("LGPL-3.0-only", ("LGPL-3.0.txt", "GPL-3.0.txt"))
    for name in ("pyside6-essentials", "pyside6-pdf", "shiboken6")
}
LICENCE_FILE = re.compile(r"\.dist-info/(licenses/.+|(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*)$",
                          re.IGNORECASE)
RULE = "=" * 78


@dataclass(frozen=True)
class Notice:
    name: str
    version: str
    licence: str
    home_page: str
    texts: tuple[tuple[str, str], ...]  # (file name, text)


def key(name: str) -> str:
    """PEP 503's normal form: `PySide6_Essentials` and `pyside6-essentials` are one name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements_closure(root: str = APP) -> list[metadata.Distribution]:
    """`root`'s run-time requirements and theirs, markers evaluated for this machine (no extras)."""
    found: dict[str, metadata.Distribution] = {}
    waiting = [root]
    while waiting:
        name = waiting.pop()
        if key(name) in found:
            continue
        distribution = metadata.distribution(name)
        found[key(name)] = distribution
        for text in distribution.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                waiting.append(requirement.name)
    return [d for k, d in sorted(found.items()) if k != key(root)]


def for_modules(modules: Iterable[str]) -> list[metadata.Distribution]:
    """The distributions that installed these top-level modules (the standard library and the
    app's own code have none)."""
    owners = metadata.packages_distributions()
    names = {key(name) for module in modules for name in owners.get(module, ())}
    names.discard(key(APP))
    return [metadata.distribution(name) for name in sorted(names)]


def licence_of(distribution: metadata.Distribution) -> str:
    info = distribution.metadata
    expression = info.get("License-Expression")
    if expression:
        return expression
    classifiers = [c.split(" :: ")[-1] for c in info.get_all("Classifier") or []
                   if c.startswith("License ::")]
    field = (info.get("License") or "").strip()
    if field and "\n" not in field and len(field) < 200:
        classifiers.insert(0, field)
    return "; ".join(dict.fromkeys(classifiers)) or "(see the licence text below)"


def home_page_of(distribution: metadata.Distribution) -> str:
    info = distribution.metadata
    if info.get("Home-page"):
        return info["Home-page"]
    urls = [url.split(",", 1) for url in info.get_all("Project-URL") or []]
    by_label = {label.strip().lower(): link.strip() for label, link in urls if link}
    for label in ("homepage", "home", "source", "source code", "repository", "documentation"):
        if label in by_label:
            return by_label[label]
    return next(iter(by_label.values()), "")


def notice(distribution: metadata.Distribution) -> Notice:
    name = distribution.metadata["Name"]
    texts = tuple((Path(str(f)).name, f.locate().read_bytes().decode("utf-8", errors="replace"))
                  for f in distribution.files or [] if LICENCE_FILE.search(str(f).replace("\\", "/")))
    licence = licence_of(distribution)
    if key(name) in ELECTED:
        elected, files = ELECTED[key(name)]
        licence = f"{licence} — used under {elected}"
        texts += tuple((file, (LICENCES / file).read_text(encoding="utf-8")) for file in files)
    if not texts:
        raise SystemExit(f"{name} {distribution.version}: no licence text found; add it to "
                         f"ELECTED in {Path(__file__).name} with the licence it is used under")
    return Notice(name, distribution.version, licence, home_page_of(distribution), texts)


def python_notice() -> Notice:
    """The interpreter and standard library every build carries."""
    text = Path(sysconfig.get_path("stdlib"), "LICENSE.txt")
    return Notice("Python", sys.version.split()[0], "PSF-2.0", "https://www.python.org",
                  (("LICENSE.txt", text.read_text(encoding="utf-8")),))


def notices(distributions: Iterable[metadata.Distribution], bootloader: bool = False) -> list[Notice]:
    """One notice per distribution (by name), Python first; PyInstaller's when `bootloader`."""
    chosen = {key(d.metadata["Name"]): d for d in distributions}
    if bootloader:
        chosen[key("pyinstaller")] = metadata.distribution("pyinstaller")
    return [python_notice(), *(notice(chosen[name]) for name in sorted(chosen))]


def render(items: list[Notice], version: str) -> str:
    lines = [f"CyberDesk {version} — third-party software notices", "",
             "CyberDesk itself is proprietary (see LICENSE). It ships the following software, each",
             "under its own licence, listed here from the metadata and licence files of the",
             "distributions in this build. How the Qt libraries (LGPL-3.0) can be replaced, and",
             "where their sources are: docs/licences.md, also summarised at the end.", "",
             "Contents:"]
    lines += [f"  {item.name} {item.version} — {item.licence}" for item in items]
    for item in items:
        lines += ["", RULE, f"{item.name} {item.version}", f"Licence: {item.licence}"]
        if item.home_page:
            lines.append(f"Home page: {item.home_page}")
        for file, text in item.texts:
            lines += ["", f"--- {file} ---", text.rstrip()]
    lines += ["", RULE, QT_NOTE]
    return "\n".join(lines) + "\n"


QT_NOTE = """Qt and Qt for Python (PySide6, shiboken6) under the LGPL-3.0

They are shipped unmodified, as the shared libraries and Python extension modules of the
PySide6-Essentials, PySide6-Pdf and shiboken6 wheels, in the _internal/PySide6 and
_internal/shiboken6 folders of this build. CyberDesk links them dynamically: replacing those files
with another build of the same Qt and PySide6 version (for example one made from modified
sources) is all it takes to run CyberDesk with them. The sources of this exact version are
published by The Qt Company: https://download.qt.io/official_releases/qt/ (Qt) and
https://download.qt.io/official_releases/QtForPython/ (PySide6, shiboken6); on request, the
supplier of this build provides them for three years from its release."""


def write(target: Path, modules: Iterable[str] | None = None, bootloader: bool = False) -> Path:
    """Write the notices for `modules` (None: cyberdesk's requirements) to `target`."""
    distributions = requirements_closure() if modules is None else for_modules(modules)
    version = metadata.version(APP)
    target.write_text(render(notices(distributions, bootloader), version), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    print(write(args.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
