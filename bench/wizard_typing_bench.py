"""How long one keystroke takes in the wizard (re-checking the step, scheduling the save) against
a bare QLineEdit, and how soon after a change the answer is on disk. Saving happens on a worker
thread, so the keystroke cost must not include any disk time.

    .venv/bin/python bench/wizard_typing_bench.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from scratch import scratch

KEYS = 2000


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CYBERDESK_HOME"] = str(scratch("cyberdesk-bench-"))
    if "CYBERDESK_KEYS" not in os.environ:  # throw-away keys: no keychain needed
        os.environ["CYBERDESK_KEYS"] = str(scratch("cyberdesk-bench-keys-"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from PySide6.QtWidgets import QApplication, QLineEdit
    from wizard_helpers import new_interview, page

    from cyberdesk.gui.qt_setup import apply_language, install_font
    from cyberdesk.gui.wizard import InterviewWizard
    from cyberdesk.services.laptop import open_store
    from cyberdesk.services.session import DELAY_S

    app = QApplication([])
    install_font(app)
    apply_language(app, "ja")
    store = open_store()
    wizard = InterviewWizard(store, new_interview(store).id)
    wizard.show()
    field = page(wizard, "customer").ui.company_name
    bare = QLineEdit()
    bare.show()

    def per_key(edit: QLineEdit) -> float:
        started = time.perf_counter()
        for count in range(KEYS):
            edit.setText(f"株式会社サンプル{count}")
        return (time.perf_counter() - started) / KEYS

    bare_cost = per_key(bare)
    wizard_cost = per_key(field)
    saver = wizard.context.saver
    while not saver.is_idle():
        app.processEvents()
    field.setText("株式会社最後の変更")
    changed = time.perf_counter()
    while not saver.is_idle():
        app.processEvents()
        time.sleep(0.001)
    on_disk = time.perf_counter() - changed
    assert store.get(wizard.interview_id).customer.company_name == "株式会社最後の変更"
    print(f"keystroke: wizard {wizard_cost * 1e3:.2f} ms, bare QLineEdit {bare_cost * 1e3:.3f} ms "
          f"(ratio {wizard_cost / bare_cost:.0f}×)")
    print(f"change to disk: {on_disk * 1e3:.0f} ms (throttle {DELAY_S * 1000:.0f} ms + write)")
    wizard.close()
    store.close()


if __name__ == "__main__":
    main()
