"""Starting the app: font, database, language, main window — and the crash resume.

Only what the first window needs is imported here; the wizard, PDF and printing load when first
used, and the ORM that writes need is loaded on a thread of its own once the window is shown, so
the GUI thread never stalls on it. `--smoke` starts exactly as a user would and quits once the
app can save, reporting how long the window took, how long until it could save, and the longest
stretch the GUI thread was busy in between: the start-up check for CI and for the benchmark.
"""

from __future__ import annotations

import sys
import threading
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from cyberdesk.files.paths import APP_NAME
from cyberdesk.gui import dialogs
from cyberdesk.gui.qt_setup import apply_language, install_font
from cyberdesk.i18n import _
from cyberdesk.resources import resource
from cyberdesk.store.database import StoreError
from cyberdesk.store.store import LANGUAGE, Store

STALL_TICK_MS = 2


class WritesReady(QObject):
    """Tells the GUI thread that the store's ORM finished loading on its own thread."""

    ready = Signal()


class StallMeter(QObject):
    """The longest gap between ticks of a fast timer: how long the GUI thread could not react."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.longest_ms = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer(self, interval=STALL_TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest_ms = max(self.longest_ms, (now - self._last) * 1000 - STALL_TICK_MS)
        self._last = now

    def stop(self) -> float:
        self._timer.stop()
        self._tick()
        return self.longest_ms


def keys_reachable() -> bool:
    """With the keychain out of reach, say so and offer to try again (or, on a computer without
    a keychain, to keep the keys in a file): never start by making new keys. False: the agent
    chose to quit."""
    from cyberdesk.trust import keys, secretstore

    while True:
        try:
            keys.ensure()
            return True
        except secretstore.KeychainUnavailable as error:
            choice = dialogs.ask(None, APP_NAME, str(error), [
                _("Try again"), _("Keep the keys in a file on this computer"), _("Quit")])
            if choice == 1:
                secretstore.choose_files()
            elif choice != 0:
                return False
        except secretstore.SecretError:
            return True  # the store's own start-up reports it, in one line


def run_app(smoke: bool = False) -> int:
    """Run the app until its window is closed; returns the process exit code."""
    started = time.perf_counter()
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resource("icons", "cyberdesk.png"))))
    install_font(app)
    if not smoke and not keys_reachable():
        return 1
    try:
        store = Store.open()
    except StoreError as error:
        if smoke:
            raise  # the command line prints it and exits 1
        dialogs.warn(None, APP_NAME, str(error))
        return 1
    try:
        apply_language(app, store.setting(LANGUAGE))
        # lazy: the main window's modules after the start-up checks
        from cyberdesk.gui.main_window import MainWindow

        window = MainWindow(store)
        window.show()
        window.resume_open_interview()
        writes = WritesReady()
        meter: StallMeter | None = None
        loader: threading.Thread | None = None

        def elapsed_ms() -> float:
            return (time.perf_counter() - started) * 1000

        def started_up() -> None:
            """The window is shown and the event loop idle: the user sees the app."""
            nonlocal meter, loader
            if smoke:  # printed at once: the benchmark times the line's arrival from outside
                print(_("Window shown in {ms:.0f} ms with {count} interviews listed.")
                      .format(ms=elapsed_ms(), count=window.model.rowCount()), flush=True)
                meter = StallMeter(app)
            loader = store.prepare_writes(done=writes.ready.emit)

        def can_save() -> None:
            if meter is None:
                return
            stall = meter.stop()
            print(_("Ready to save in {ms:.0f} ms; the longest pause of the window before that "
                    "was {stall:.0f} ms.").format(ms=elapsed_ms(), stall=stall), flush=True)
            app.quit()

        writes.ready.connect(can_save, Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(0, started_up)
        code = app.exec()
        if loader is not None:  # a thread still running Python while the process ends can crash it
            loader.join()
        return code
    finally:
        store.close()
