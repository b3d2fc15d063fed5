"""Starting the desk: the laptop app's font and language, head office's database, the window."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from cyberdesk.office.store import OfficeStore

if TYPE_CHECKING:
    from cyberdesk.services.messages import OfficeKey


def run(url: str | None, key: OfficeKey | None = None) -> int:
    """Run the desk until its window is closed; the database errors reach the command line."""
    # lazy: Qt only when the desk opens
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    # lazy: Qt only when the desk opens
    from cyberdesk.gui.qt_setup import apply_language, install_font
    from cyberdesk.i18n import current_language
    from cyberdesk.resources import resource

    store = OfficeStore.open(url)  # before any window: a bad URL is one line, exit 2
    try:
        existing = QApplication.instance()
        app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
        app.setWindowIcon(QIcon(str(resource("icons", "cyberdesk.png"))))
        install_font(app)
        apply_language(app, current_language())  # the command line set it from the environment
        # lazy: Qt only when the desk opens
        from cyberdesk.office.desk.window import DeskWindow

        window = DeskWindow(store, key)
        window.show()
        return app.exec()
    finally:
        store.close()
