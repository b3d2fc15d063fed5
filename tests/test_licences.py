"""Licences: the project's LICENSE (pyproject points at it), THIRD-PARTY-NOTICES.txt made from the
installed distributions' own metadata and licence files, and Help ▸ About showing both."""

from __future__ import annotations

import importlib.metadata as metadata
import re
import sys
import tomllib

import pytest
from conftest import ROOT
from PySide6.QtWidgets import QLabel

from cyberdesk import __version__
from cyberdesk.gui import about_dialog
from cyberdesk.gui.about_dialog import AboutDialog
from cyberdesk.gui.main_window import MainWindow

sys.path.insert(0, str(ROOT / "scripts"))
import third_party_notices as generator


@pytest.fixture(scope="module")
def notices(tmp_path_factory) -> str:
    target = tmp_path_factory.mktemp("notices") / "THIRD-PARTY-NOTICES.txt"
    return generator.write(target).read_text(encoding="utf-8")


def sections(text: str) -> dict[str, str]:
    """Each distribution's section, by its name and version line."""
    parts = text.split(generator.RULE)
    return {part.strip().splitlines()[0]: part for part in parts[1:]}


def test_pyproject_names_the_licence_file_and_it_is_proprietary():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == {"file": "LICENSE"}
    text = (ROOT / project["license"]["file"]).read_text(encoding="utf-8")
    assert "Proprietary" in text and "All rights reserved" in text and "THIRD-PARTY-NOTICES" in text


def test_every_distribution_the_app_runs_on_is_listed_with_its_licence_text(notices):
    by_heading = sections(notices)
    shipped = generator.requirements_closure()
    assert {metadata.distribution(n).metadata["Name"] for n in ("PySide6-Essentials", "reportlab",
                                                                 "sqlcipher3", "pyrage")} <= {
        d.metadata["Name"] for d in shipped}
    for distribution in shipped:
        heading = f"{distribution.metadata['Name']} {distribution.version}"
        assert heading in by_heading, heading
        section = by_heading[heading]
        assert re.search(r"^Licence: .+", section, re.MULTILINE), heading
        texts = re.split(r"^--- .+ ---$", section, flags=re.MULTILINE)[1:]
        assert texts and max(len(text.strip()) for text in texts) > 500, heading  # a real text
    python = by_heading[f"Python {sys.version.split()[0]}"]
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in python
    qt = by_heading[f"PySide6_Essentials {metadata.version('PySide6-Essentials')}"]
    assert "used under LGPL-3.0-only" in qt
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt and "GNU GENERAL PUBLIC LICENSE" in qt
    assert "cyberdesk " not in by_heading and "download.qt.io" in notices


def test_the_build_lists_the_owners_of_the_modules_it_collected():
    names = {d.metadata["Name"] for d in generator.for_modules(["PySide6", "PIL", "cyberdesk", "json"])}
    assert {"PySide6_Essentials", "pillow"} <= names and "cyberdesk" not in names
    assert all(n.lower().startswith(("pyside6", "pillow")) for n in names)


def test_a_distribution_without_any_licence_text_stops_the_build(tmp_path):
    info = tmp_path / "mystery-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mystery\nVersion: 1.0\n")
    (info / "RECORD").write_text("mystery-1.0.dist-info/METADATA,,\n")
    with pytest.raises(SystemExit, match=r"mystery 1\.0: no licence text"):
        generator.notice(metadata.PathDistribution(info))


def test_help_about_shows_the_version_the_licence_and_the_notices(
        qtbot, store, tmp_path, monkeypatch):
    made = generator.write(tmp_path / about_dialog.NOTICES)
    found = {about_dialog.NOTICES: made, about_dialog.LICENCE: ROOT / "LICENSE"}
    monkeypatch.setattr(about_dialog, "notice_file", found.get)
    window = MainWindow(store)
    qtbot.addWidget(window)
    assert window.ui.actionAbout in window.ui.helpMenu.actions()
    window.ui.actionAbout.trigger()
    dialog = window.findChild(AboutDialog)
    qtbot.waitExposed(dialog)
    assert any(__version__ in label.text() for label in dialog.findChildren(QLabel))
    assert dialog.licence_text.toPlainText() == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "PySide6_Essentials" in dialog.notices_text.toPlainText()
    tabs = [dialog.tabs.tabText(index) for index in range(dialog.tabs.count())]
    assert tabs == ["使用許諾", "第三者のソフトウェア"]
    dialog.reject()


def test_without_notices_about_says_where_they_come_from(qtbot, monkeypatch):
    monkeypatch.setattr(about_dialog, "notice_file", lambda _name: None)
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert "third_party_notices.py" in dialog.notices_text.toPlainText()
