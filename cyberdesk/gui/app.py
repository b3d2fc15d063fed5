"""Starting the app: font, database, language, main window — and the crash resume.

The database key is looked up on a thread of its own from the first instant (a keychain answers
over D-Bus while Qt starts). Meanwhile the window's modules and what 新規 needs of the wizard
(where the agent saves) are imported, so that 新規 answers at once when the window is up; the
other steps' pages load once the window is shown, in small pieces between its events
(WizardLoader); sending, the settings, PDF and printing load when first used. `--smoke` starts
exactly as a user would and quits once the app can save, reporting how long the window took,
how long until it could save, and the longest stretch the GUI thread was busy in between: the
start-up check for CI and for the benchmark.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from cyberdesk.catalogue import installed
from cyberdesk.files.paths import APP_NAME
from cyberdesk.gui import dialogs
from cyberdesk.gui.qt_setup import apply_language, install_font
from cyberdesk.i18n import _, app_language
from cyberdesk.japanese.phrases import keep_phrases
from cyberdesk.resources import resource
from cyberdesk.services.laptop import KeysUnreachable, database_key, ensure_keys
from cyberdesk.store.database import StoreError
from cyberdesk.store.store import LANGUAGE, Store
from cyberdesk.trust import secretstore

STALL_TICK_MS = 2


class KeyLookup:
    """The database key, looked up on a thread started at once: the keychain's answer (and
    importing `keyring`) overlaps Qt's start instead of coming before it. The signing key (made
    on the first run, not needed to open the window) is looked up after it."""

    def __init__(self) -> None:
        self._key: bytes | None = None
        self._error: StoreError | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._look_up, name="cyberdesk-key", daemon=True)
        self._thread.start()

    def _look_up(self) -> None:
        try:
            self._key = database_key()
        except StoreError as error:
            self._error = error
        finally:
            self._ready.set()
        with contextlib.suppress(StoreError):  # said again when the signing key is used
            ensure_keys()

    def key(self) -> bytes:
        """The key, once the thread has it; the StoreError it met otherwise."""
        self._ready.wait()
        if self._error is not None:
            raise self._error
        assert self._key is not None  # set whenever no error was
        return self._key


# What opening the wizard would otherwise load on the GUI thread when 新規 is clicked, each piece
# a module (or a first use) that takes at most ~25 ms. What 新規 needs is loaded before the window
# is shown, while the key is looked up (~70 ms: clicked the moment the window is up, 新規 answered
# in 198 ms at median without it, 134 ms with it, the window ~0-60 ms later); the other steps'
# pages between the window's events after it is shown, so that it never pauses longer than one.
NEW_INTERVIEW_PIECES: tuple[str, ...] = (
    "cyberdesk.services.session",
    "cyberdesk.gui.wizard",  # the wizard itself and what every step's page shares
    "cyberdesk.gui.wizard.customer",  # step 1, which 新規 shows
    "phrases",
    "catalogue",
)
WIZARD_PIECES: tuple[str, ...] = tuple(f"cyberdesk.gui.wizard.{module}" for module in (
    "intent_page", "business", "insured", "plan", "confirmation", "output"))


def warm(piece: str) -> None:
    """Load one of the pieces above: a module, BudouX's model (the labels wrap between phrases)
    or today's catalogue."""
    if piece == "phrases":
        keep_phrases("新規")
    elif piece == "catalogue":
        installed().current()
    else:
        importlib.import_module(piece)


class WizardLoader(QObject):
    """Loads WIZARD_PIECES on the GUI thread, one per pass of the event loop, then calls `done`.

    On the GUI thread rather than a thread of its own: an import on another thread holds the
    interpreter's lock through whole C calls (PySide making its types), which the window felt
    as pauses of 40-80 ms; here the window answers between pieces (a click on 新規 meanwhile
    loads what is left of what it needs at once). Collections are paused while it runs (a full
    one takes tens of milliseconds) and what it made is frozen after, so the next collections do
    not walk it either."""

    def __init__(self, done: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._left = list(WIZARD_PIECES)
        self._done = done
        gc.freeze()
        gc.disable()
        QTimer.singleShot(0, self._next)

    def _next(self) -> None:
        if self._left:
            warm(self._left.pop(0))
            QTimer.singleShot(0, self._next)
            return
        gc.freeze()
        gc.enable()
        self._done()


def load_wizard(done: Callable[[], None]) -> WizardLoader:
    """Start loading the wizard between the window's events; `done` once it can be opened."""
    return WizardLoader(done, QApplication.instance())


class StallMeter(QObject):
    """The longest gap between ticks of a fast timer: how long the GUI thread could not react,
    and how much CPU the process's other threads used meanwhile (the gap's likely cause: a
    thread holding the GIL; none at all points at the machine instead)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.longest_ms = 0.0
        self.others_cpu_ms = 0.0  # CPU of the other threads during the longest gap
        self._last = self._clocks()
        self._timer = QTimer(self, interval=STALL_TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    @staticmethod
    def _clocks() -> tuple[float, float, float]:
        """Wall time, the process's CPU time and this (the GUI) thread's CPU time."""
        return time.perf_counter(), time.process_time(), time.thread_time()

    def _tick(self) -> None:
        now = self._clocks()
        gap_ms = (now[0] - self._last[0]) * 1000 - STALL_TICK_MS
        if gap_ms > self.longest_ms:
            self.longest_ms = gap_ms
            self.others_cpu_ms = ((now[1] - self._last[1]) - (now[2] - self._last[2])) * 1000
        self._last = now

    def stop(self) -> float:
        self._timer.stop()
        self._tick()
        return self.longest_ms


def try_keys_again(text: str) -> bool:
    """The keychain was out of reach (nothing was made): say so and offer to try again, or, on a
    computer without a keychain, to keep the keys in a file. False: the agent chose to quit."""
    choice = dialogs.ask(None, APP_NAME, text, [
        _("Try again"), _("Keep the keys in a file on this computer"), _("Quit")])
    if choice == 1:
        secretstore.choose_files()
    return choice in (0, 1)


def run_app(smoke: bool = False) -> int:
    """Run the app until its window is closed; returns the process exit code."""
    started = time.perf_counter()
    lookup = KeyLookup()
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resource("icons", "cyberdesk.png"))))
    install_font(app)
    # lazy: after QApplication and the font, while the key lookup may still run
    from cyberdesk.gui.main_window import MainWindow

    for piece in NEW_INTERVIEW_PIECES:  # while the key thread may still wait for the keychain
        warm(piece)
    while True:
        try:
            store = Store.open(lookup.key())
            break
        except KeysUnreachable as error:
            if smoke:
                raise  # the command line prints it and exits 1
            if not try_keys_again(str(error)):
                return 1
            lookup = KeyLookup()  # looked up again: the same keys, never new ones
        except StoreError as error:
            if smoke:
                raise  # the command line prints it and exits 1
            dialogs.warn(None, APP_NAME, str(error))
            return 1
    try:
        apply_language(app, app_language(os.environ, store.setting(LANGUAGE)))
        window = MainWindow(store)
        window.show()
        window.resume_open_interview()
        meter: StallMeter | None = None
        loader: WizardLoader | None = None

        def elapsed_ms() -> float:
            return (time.perf_counter() - started) * 1000

        def started_up() -> None:
            """The window is shown and the event loop idle: the user sees the app."""
            nonlocal meter, loader
            if smoke:  # printed at once: the benchmark times the line's arrival from outside
                print(_("Window shown in {ms:.0f} ms with {count} interviews listed.")
                      .format(ms=elapsed_ms(), count=window.model.rowCount()), flush=True)
                meter = StallMeter(app)
            loader = load_wizard(done=can_save)

        def can_save() -> None:
            if meter is None:
                window.app_ready()
                return
            stall = meter.stop()
            print(_("Ready to save in {ms:.0f} ms; the longest pause of the window before that "
                    "was {stall:.0f} ms, while other threads used {cpu:.0f} ms of CPU.")
                  .format(ms=elapsed_ms(), stall=stall, cpu=max(meter.others_cpu_ms, 0.0)),
                  flush=True)
            app.quit()

        QTimer.singleShot(0, started_up)
        return app.exec()
    finally:
        store.close()
