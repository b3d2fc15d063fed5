"""The main window's 送付 (send) row: how many bundles wait, a button, a progress bar.

The sync itself is the service the command line uses (cyberdesk.services.sync), run on a worker
of the panel's own thread pool so the window keeps answering while a slow share is written. The
worker never touches a widget and emits nothing: it leaves its progress and outcome in plain
attributes, which a timer on the GUI thread reads (no cross-thread signals to get wrong).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget

from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import _
from cyberdesk.services.outbox import configured_folder, waiting_count
from cyberdesk.services.purge import Planned, retention_days, schedule
from cyberdesk.store.store import Store

if TYPE_CHECKING:
    from cyberdesk.services.sync import Progress, SyncResult

POLL_MS = 50
MESSAGES_MS = 5 * 60 * 1000  # head office's answers are looked for this often while open
STEPS = 1000  # progress bar resolution


class _Run:
    """One sync on the worker thread; the GUI thread reads `fraction`, `done` and the outcome."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.store = store
        self.folder = folder
        self.fraction = 0.0
        self.result: SyncResult | None = None
        self.error = ""
        self.done = False

    def progress(self, progress: Progress) -> None:
        self.fraction = progress.fraction

    def execute(self) -> None:
        # lazy: off the window's start-up path (bundling, sealing and copying load when first sent)
        from cyberdesk.services.sync import SyncError, sync

        try:
            self.result = sync(self.store, self.folder, progress=self.progress)
        except SyncError as error:
            self.error = str(error)
        except Exception as error:  # shown in the panel; the bundles stay waiting for a retry
            self.error = _("Sending stopped: {reason}").format(reason=error)
        finally:
            self.done = True


class SyncPanel(QWidget):
    """Sends the waiting bundles to the sync folder set in the settings."""

    synced = Signal()  # a run ended: statuses may have changed (refresh the interview list)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.count = 0
        self.planned: list[Planned] = []
        self._run: _Run | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.messages_timer = QTimer(self, interval=MESSAGES_MS)
        self.messages_timer.timeout.connect(self.check_messages)
        self.messages_timer.start()
        # The first check, on start whether or not something waits, is the main window's once the
        # app can save (MainWindow.app_ready): reading the answers loads services the window
        # does not need to be shown.

        self.waiting_label = QLabel(self)
        self.purge_label = QLabel(self)  # what leaves this laptop after head office's receipt
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, STEPS)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._said: Callable[[], str] = str  # the message, made again in the language shown
        self._problem = False
        self.button = QPushButton(self)
        self.button.clicked.connect(self.start)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        for widget in (self.waiting_label, self.purge_label, self.progress_bar, self.message,
                       self.button):
            layout.addWidget(widget)
        self.refresh()

    def check_messages(self) -> None:
        """Apply head office's signed answers in the sync folder (receipts, refusals) and purge
        what is due, whether or not anything waits to be sent; then show what changed."""
        if self.is_busy():
            return  # the running sync applies them
        # lazy: off the window's start-up path (first used once the window is shown)
        from cyberdesk.services.inbox import apply_messages
        from cyberdesk.services.purge import purge_due
        from cyberdesk.services.refusals import current

        folder = configured_folder(self.store)
        try:
            applied = apply_messages(self.store, folder if folder and folder.is_dir() else None)
            purged = purge_due(self.store, retention_days())
        except Exception as error:  # a share that vanished mid-read: shown, tried again later
            reason = os_reason(error)
            self._show(lambda: _("Head office's answers could not be read: {reason}").format(
                reason=reason), problem=True)
            return
        refused = current(self.store)
        if refused:
            self._show(lambda: "\n".join(refusal.text() for refusal in refused), problem=True)
        if applied.received or applied.refused or purged:
            self.refresh()
            self.synced.emit()

    def is_busy(self) -> bool:
        return self._run is not None

    def wait(self, msecs: int = -1) -> bool:
        """Wait for a running sync to end (before the store is closed)."""
        return self._pool.waitForDone(msecs)

    def refresh(self) -> None:
        """Count what waits (bundles not delivered, finalized interviews not yet exported)."""
        self.count = waiting_count(self.store)
        self.planned = [p for p in schedule(self.store, retention_days()) if not p.purged]
        self.retranslate()

    def retranslate(self) -> None:
        self.waiting_label.setText(_("Waiting to be sent: {count}").format(count=self.count))
        self.purge_label.setVisible(bool(self.planned))
        if self.planned:
            self.purge_label.setText(_("Received: {count}, removed from this computer from {day}")
                                     .format(count=len(self.planned),
                                             day=self.planned[0].purge_on.isoformat()))
            self.purge_label.setToolTip("\n".join(
                _("{number}: removed on {day}").format(number=p.document_number,
                                                      day=p.purge_on.isoformat())
                for p in self.planned))
        self.button.setText(_("Send"))
        self.button.setEnabled(self.count > 0 and not self.is_busy())
        folder = configured_folder(self.store)
        self.button.setToolTip(_("Copy to the sync folder {folder}").format(folder=folder) if folder
                               else _("No sync folder is set: choose one in the settings."))
        self._show(self._said, self._problem)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def start(self) -> bool:
        """Start sending in the background; False when there is nowhere to send to."""
        if self.is_busy():
            return False
        folder = configured_folder(self.store)
        if folder is None:
            self._show(lambda: _("No sync folder is set: choose one in the settings."), problem=True)
            return False
        self._run = _Run(self.store, folder)
        self.button.setEnabled(False)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self._show(lambda: _("Sending to {folder}…").format(folder=folder))
        self._pool.start(self._run.execute)
        self._timer.start()
        return True

    def _poll(self) -> None:
        run = self._run
        if run is None:
            return
        self.progress_bar.setValue(round(run.fraction * STEPS))
        if not run.done:
            return
        self._timer.stop()
        self._run = None
        self.progress_bar.hide()
        result = run.result
        if run.error or result is None:
            self._show(lambda: run.error, problem=True)
        elif result.problems or result.refused:
            self._show(lambda: "\n".join(result.refused + result.problems), problem=True)
        else:
            sent = len(result.copied) + len(result.already_there)
            self._show(lambda: _("Sent {count} to {folder}.").format(count=sent, folder=result.folder))
        self.refresh()
        self.synced.emit()

    def _show(self, say: Callable[[], str], problem: bool = False) -> None:
        """Show what `say` says now, and again in the other language after a switch."""
        self._said, self._problem = say, problem
        text = say()
        self.message.setText(text)
        self.message.setToolTip(text)
        self.message.setStyleSheet("color: #b00020;" if problem else "")
