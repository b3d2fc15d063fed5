"""Saving every answer as it is given, without ever making the agent's typing wait on the disk.

A change starts a short timer (it is not restarted by further typing, so a fast typist is saved
at least every `delay_ms`); when it fires, a copy of the interview is handed to one background
thread that writes the latest copy it holds and drops older ones. A page change saves at once.
`flush()` waits for the last write: on closing the wizard and before finalizing.
"""

from __future__ import annotations

import copy
import threading

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from cyberdesk.model.interview import Interview
from cyberdesk.store.store import Store

DELAY_MS = 300


class AutoSaver(QObject):
    """Writes snapshots of one interview from a worker thread; reports each outcome by signal."""

    saved = Signal()
    failed = Signal()  # the reason is in `last_error`

    def __init__(self, store: Store, interview: Interview, step: int,
                 delay_ms: int = DELAY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._interview = interview
        self._step = step
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.save_now)
        self._condition = threading.Condition()
        self._pending: tuple[Interview, int] | None = None
        self._busy = False
        self._stopped = False
        self.last_error = ""
        self._thread = threading.Thread(target=self._run, name="cyberdesk-autosave", daemon=True)
        self._thread.start()

    def changed(self, step: int | None = None) -> None:
        """An answer changed: save within `delay_ms` (typing does not postpone it further)."""
        if step is not None:
            self._step = step
        if not self._timer.isActive():
            self._timer.start()

    def step_changed(self, step: int) -> None:
        """A page change is saved at once, answers and step together."""
        self._step = step
        self.save_now()

    def save_now(self) -> None:
        self._timer.stop()
        snapshot = copy.deepcopy(self._interview)
        with self._condition:
            self._pending = (snapshot, self._step)
            self._condition.notify_all()

    def is_idle(self) -> bool:
        """Nothing waiting to be written (used by tests and the kill-test driver, never to block)."""
        with self._condition:
            return not (self._timer.isActive() or self._pending or self._busy)

    def flush(self) -> None:
        """Write what is pending now and wait until it is on disk."""
        if self._timer.isActive():
            self.save_now()
        with self._condition:
            self._condition.wait_for(lambda: not (self._pending or self._busy))

    def stop(self) -> None:
        """Flush, then end the worker thread."""
        self.flush()
        with self._condition:
            self._stopped = True
            self._condition.notify_all()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._pending or self._stopped)
                if self._pending is None:
                    return
                interview, step = self._pending
                self._pending = None
                self._busy = True
            try:
                self._store.save(interview, wizard_step=step)
            except Exception as error:  # reported in the window; the next change retries
                self.last_error = str(error)
                saved = False
            else:
                saved = True
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
            if not shiboken6.isValid(self):
                return  # the window went away (without closing normally); the write is done
            (self.saved if saved else self.failed).emit()
