"""Help ▸ About: the version, CyberDesk's own licence, and the notices of the third-party software
every build ships (made at build time by scripts/third_party_notices.py; docs/licences.md)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cyberdesk import __version__
from cyberdesk.i18n import _
from cyberdesk.japanese.phrases import keep_phrases
from cyberdesk.resources import notice_file

LICENCE = "LICENSE"
NOTICES = "THIRD-PARTY-NOTICES.txt"
SIZE = (760, 560)


def _text_of(path: Path | None, missing: str) -> str:
    if path is None:
        return missing
    return path.read_text(encoding="utf-8", errors="replace")


class AboutDialog(QDialog):
    """`AboutDialog(parent)`: read-only; the texts are those shipped with this copy of the app."""

    def __init__(self, parent: QWidget | None = None, licence: Path | None = None,
                 notices: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About CyberDesk"))
        layout = QVBoxLayout(self)
        heading = QLabel(_("CyberDesk {version}").format(version=__version__))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        summary = QLabel(keep_phrases(_("Proprietary software: its licence is below. It ships third-party "
                           "software under their own licences, listed with their texts under "
                           "“Third-party notices”; the Qt libraries (LGPL-3.0) can be replaced "
                           "by the user (docs/licences.md).")))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.tabs = QTabWidget()
        self.licence_text = self._page(_text_of(licence or notice_file(LICENCE), _(
            "The licence file is missing from this installation.")))
        self.notices_text = self._page(_text_of(notices or notice_file(NOTICES), _(
            "The third-party notices are made when the app is built "
            "(scripts/third_party_notices.py); this copy runs from the source code without them.")))
        self.tabs.addTab(self.licence_text, _("Licence"))
        self.tabs.addTab(self.notices_text, _("Third-party notices"))
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(*SIZE)

    def _page(self, text: str) -> QPlainTextEdit:
        view = QPlainTextEdit(text)
        view.setReadOnly(True)
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        return view
