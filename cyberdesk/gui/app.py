"""Starting the app: font, database, language, main window — and the crash resume.

Only what the first window needs is imported here; the wizard, PDF and printing load when first
used. `--smoke` starts exactly as a user would, waits until the event loop is idle, reports how
long that took and quits: the start-up check for CI and for the benchmark.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cyberdesk.gui import dialogs
from cyberdesk.gui.qt_setup import apply_language, install_font
from cyberdesk.i18n import _
from cyberdesk.paths import APP_NAME
from cyberdesk.store.database import StoreError
from cyberdesk.store.store import LANGUAGE, Store


def run_app(smoke: bool = False) -> int:
    """Run the app until its window is closed; returns the process exit code."""
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    install_font(app)
    try:
        store = Store.open()
    except StoreError as error:
        if smoke:
            raise  # the command line prints it and exits 1
        dialogs.warn(None, APP_NAME, str(error))
        return 1
    try:
        apply_language(app, store.setting(LANGUAGE))
        from cyberdesk.gui.main_window import MainWindow

        window = MainWindow(store)
        window.show()
        window.resume_open_interview()

        def started_up() -> None:
            """The window is shown and the event loop idle: the start-up is over."""
            if smoke:
                elapsed = (time.perf_counter() - started) * 1000
                print(_("Started in {ms:.0f} ms with {count} interviews listed.")
                      .format(ms=elapsed, count=window.model.rowCount()))
                app.quit()
            else:  # nobody waits now: load the ORM so the first save does not pay for it
                store.prepare_writes()

        QTimer.singleShot(0, started_up)
        return app.exec()
    finally:
        store.close()
