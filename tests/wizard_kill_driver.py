"""A CyberDesk wizard in a process of its own, for tests/test_kill_resume.py to kill.

Answers the first four steps through the real widgets (ending on step 4, 被保険者の範囲), waits
until the autosaver has written them by itself — nothing here flushes or closes — and prints
ANSWERED. Then it keeps typing into a note, one key at a time, printing SAVED <text> each time the
autosaver has written the text so far, until it is killed.

    CYBERDESK_HOME=... python tests/wizard_kill_driver.py INTERVIEW_ID
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STREAM = "subcontracted maintenance of the attendance cloud "


def wait_saved(app, saver) -> None:
    """Let the event loop run until the autosaver has nothing left to write."""
    while not saver.is_idle():
        app.processEvents()
        time.sleep(0.002)


def main() -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from wizard_helpers import page, through_insured

    from cyberdesk.gui.qt_setup import apply_language, install_font
    from cyberdesk.gui.wizard import InterviewWizard
    from cyberdesk.services.laptop import open_store

    app = QApplication([])
    install_font(app)
    apply_language(app, "ja")
    store = open_store()
    wizard = InterviewWizard(store, sys.argv[1])
    wizard.show()
    through_insured(wizard)
    saver = wizard.context.saver
    wait_saved(app, saver)
    print("ANSWERED", flush=True)
    note = page(wizard, "insured").party_rows[0][2]
    typed = ""
    while True:
        character = STREAM[len(typed) % len(STREAM)]
        QTest.keyClicks(note, character)
        typed += character
        wait_saved(app, saver)
        print(f"SAVED {typed}", flush=True)


if __name__ == "__main__":
    main()
