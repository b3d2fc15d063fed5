"""The wizard emits its signals through cyberdesk.gui.signals.emit: PySide6 6.12's own
`signal.emit()` takes a reference from Python's True/False on every call, and an hour of typing
(one completeChanged per keystroke) would end the app with "bool_dealloc"."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QObject, Signal
from wizard_helpers import new_interview, page

from cyberdesk.gui.signals import emit
from cyberdesk.gui.wizard import InterviewWizard
from cyberdesk.store.store import Store


def bool_references() -> int:
    return sys.getrefcount(True) + sys.getrefcount(False)


class Sender(QObject):
    ping = Signal()


def test_emit_reaches_receivers_and_is_queued_from_a_thread(qapp):
    sender = Sender()
    heard = []
    sender.ping.connect(lambda: heard.append(threading.current_thread()))
    emit(sender, "ping")
    assert heard == [threading.main_thread()]
    worker = threading.Thread(target=emit, args=(sender, "ping"))
    worker.start()
    worker.join()
    qapp.processEvents()
    assert heard == [threading.main_thread()] * 2  # delivered in the receiver's thread


def test_thousands_of_answers_leave_pythons_booleans_alone(qapp, qtbot):
    with Store.open() as store:
        wizard = InterviewWizard(store, new_interview(store).id)
        qtbot.addWidget(wizard)
        wizard.show()
        name = page(wizard, "customer").ui.company_name
        before = bool_references()
        for count in range(3000):
            name.setText(f"株式会社{count}")  # one save request and one completeChanged each
        assert abs(bool_references() - before) < 100
        wizard.close()


def test_a_long_session_of_qt_calls_cannot_free_none():
    """Without the ballast this process aborts ("none_dealloc") long before the loop ends."""
    import subprocess

    script = (
        "import cyberdesk.gui\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel()\n"
        "for count in range(200_000):\n"
        "    label.setVisible(False)\n"
        "print('survived')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-500:]
    assert "survived" in result.stdout
