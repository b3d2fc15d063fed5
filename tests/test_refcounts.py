"""PySide6 6.12 on Python 3.11 takes a reference from None/True/False on every void Qt call and
every Python-side emit; cyberdesk.gui.refcounts gives them a ballast (what 3.12 does natively)
only where that is needed and the object layout is the one it expects. The code then emits
signals the ordinary way, from the GUI thread and from worker threads."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import QObject, Signal

from cyberdesk.gui import refcounts


class Sender(QObject):
    ping = Signal()


def test_the_ballast_is_in_place_exactly_where_python_needs_it():
    assert refcounts.refcount_is_first_field()  # a release build of CPython, as shipped
    assert refcounts.protect_singletons() is refcounts.needed()
    if refcounts.needed():  # Python 3.11: the ballast dwarfs any session's leaks
        assert sys.getrefcount(None) > refcounts.BALLAST
        assert refcounts.protect_singletons() and sys.getrefcount(None) < 2 * refcounts.BALLAST  # once


def test_an_emit_from_a_worker_thread_is_delivered_in_the_receivers_thread(qapp):
    sender = Sender()
    heard = []
    sender.ping.connect(lambda: heard.append(threading.current_thread()))
    sender.ping.emit()
    worker = threading.Thread(target=sender.ping.emit)
    worker.start()
    worker.join()
    qapp.processEvents()
    assert heard == [threading.main_thread()] * 2


LONG_SESSION = """
import cyberdesk.gui
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel
class Sender(QObject):
    ping = Signal()
app = QApplication([])
label, sender = QLabel(), Sender()
for count in range(200_000):
    label.setVisible(False)   # a void call: one reference of None
    sender.ping.emit()        # an emit: one reference of True or False
print('survived')
"""


@pytest.mark.slow
def test_a_long_session_of_qt_calls_and_emits_cannot_free_the_singletons():
    """Without the ballast this process aborts ("none_dealloc", "bool_dealloc") on Python 3.11
    long before the loop ends."""
    result = subprocess.run([sys.executable, "-c", LONG_SESSION], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-500:]
    assert "survived" in result.stdout
