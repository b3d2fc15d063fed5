"""The Qt side of saving as the agent types: a timer that calls the session when its save is due,
and signals that bring the writer thread's outcomes to the window.

The policy itself (when a save is due, what is written, what a failure means) is the session's
(`cyberdesk.services.session`); this only gives it a clock in the event loop.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from cyberdesk.services.session import InterviewSession


class AutoSaver(QObject):
    """Drives `session`'s autosave from the event loop; `saved`/`failed` arrive on the GUI thread
    (the reason of a failure is `session.last_error`)."""

    saved = Signal()
    failed = Signal()

    def __init__(self, session: InterviewSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._tick)
        session.saved_listeners.append(lambda: self._report("saved"))
        session.failed_listeners.append(lambda _reason: self._report("failed"))

    def changed(self) -> None:
        """An answer changed: the session decides when it is saved; the timer wakes it then."""
        left = self.session.changed()
        if not self._timer.isActive():
            self._timer.start(round(left * 1000))

    def _tick(self) -> None:
        if not self.session.save_if_due():
            left = self.session.due_in()
            if left is not None:
                self._timer.start(round(left * 1000))

    def is_idle(self) -> bool:
        """Nothing waiting to be written (used by tests and the kill-test driver, never to block)."""
        return self.session.is_idle()

    def flush(self) -> str:
        """Write what is pending now and wait; returns why the last write failed ("" if not)."""
        self._timer.stop()
        return self.session.flush()

    def stop(self) -> str:
        """Write what is pending, end the writer; returns why the last write failed ("" if not)."""
        self._timer.stop()
        return self.session.close()

    def _report(self, outcome: str) -> None:
        if shiboken6.isValid(self):  # the window may be gone (the app quit without closing it)
            getattr(self, outcome).emit()
