"""Screenshots of every wizard step, in Japanese and English, for docs/screenshots/.

Walks a whole interview through the real widgets (the same helpers the tests use) on a
throw-away data folder, on an offscreen 1366×768 screen:
    .venv/bin/python scripts/screenshots_wizard.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SCREEN = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def main() -> None:
    screen = Path(tempfile.mkdtemp(prefix="cyberdesk-screen-")) / "screen.json"
    screen.write_text(json.dumps(SCREEN))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    os.environ["CYBERDESK_HOME"] = tempfile.mkdtemp(prefix="cyberdesk-shots-")
    os.environ["CYBERDESK_KEYS"] = tempfile.mkdtemp(prefix="cyberdesk-shots-keys-")
    sys.path.insert(0, str(ROOT / "tests"))
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from wizard_helpers import (
        fill_business,
        fill_confirmation,
        fill_customer,
        fill_initial_intent,
        fill_insured,
        fill_plan,
        leave,
        new_interview,
        next_page,
        page,
    )

    from cyberdesk.gui import dialogs
    from cyberdesk.gui.qt_setup import apply_language, install_font
    from cyberdesk.gui.wizard import InterviewWizard
    from cyberdesk.gui.wizard.wizard import ZOOMS
    from cyberdesk.model.document import loads
    from cyberdesk.services.laptop import open_store

    signed = loads((ROOT / "examples" / "interview-signed.json").read_bytes())

    app = QApplication(sys.argv)
    install_font(app)
    store = open_store()
    OUT.mkdir(parents=True, exist_ok=True)
    for language, zoomed in (("ja", False), ("en", False), ("ja", True), ("en", True)):
        apply_language(app, language)
        wizard = InterviewWizard(store, new_interview(store).id)
        wizard.show()
        if zoomed:
            wizard.zoom(len(ZOOMS))  # 2.0×: the customer reading along
        prefix = f"wizard-{language}-zoom2" if zoomed else f"wizard-{language}"

        def shot(name: str) -> None:
            QTest.qWait(50)
            wizard.grab().save(str(OUT / f"{prefix}-{name}.png"))  # noqa: B023

        shot("1-customer-new")  # calm: nothing in red before the agent has been anywhere
        wizard.button(wizard.WizardButton.NextButton).click()  # Next tried: the problems, calmly
        shot("1-customer-next-tried")
        fill_customer(wizard)
        customer = page(wizard, "customer").ui
        customer.postal_code.setText("160-0023")
        customer.address.setText("")
        leave(customer.postal_code)  # the address comes from Japan Post's data, still editable
        customer.annual_sales.setText("4.8億")
        shot("1-customer-postal")
        customer.address.setText("東京都新宿区西新宿二丁目8番1号")
        customer.contact_email.setText("sato@")
        leave(customer.contact_email)
        shot("1-customer-problem")
        customer.contact_email.setText("sato@sample-systems.example.jp")
        shot("1-customer")
        next_page(wizard)
        fill_initial_intent(wizard)
        shot("2-initial-wishes")
        next_page(wizard)
        fill_business(wizard)
        shot("3-business")
        page(wizard, "business").filter.setText("その他")
        shot("3-business-other")
        page(wizard, "business").filter.setText("")
        next_page(wizard)
        fill_insured(wizard)
        shot("4-insured")
        next_page(wizard)
        fill_plan(wizard, "basic")
        shot("5-plan")
        scroll_to_end(page(wizard, "plan"))
        shot("5-plan-bottom")
        next_page(wizard)
        page(wizard, "confirmation").wishes.items["ウ"].click()
        fill_confirmation(wizard)
        shot("6-confirmation")
        scroll_to_end(page(wizard, "confirmation"))
        shot("6-confirmation-bottom")
        next_page(wizard)
        output = page(wizard, "output")
        while output.document.pageCount() == 0:
            QTest.qWait(20)
        QTest.qWait(300)
        shot("7-output")
        for role, box in output.signers.items():  # strokes as a pen drew them (the example's)
            box.pad.set_strokes(getattr(signed.signatures, role).strokes)
            box.pad.changed.emit()
            if role == "customer":
                box.sign_button.click()
                QTest.qWait(300)
                shot("7-output-customer-signed")
        dialogs.responder = lambda _request: None  # the customer's copy: later
        output.signers["agent"].sign_button.click()
        QTest.qWait(300)
        shot("7-output-finalized")
        wizard.back()
        shot("6-confirmation-finalized")
        wizard.close()
    store.close()


def scroll_to_end(step_page) -> None:
    from PySide6.QtWidgets import QScrollArea

    bar = step_page.findChild(QScrollArea).verticalScrollBar()
    bar.setValue(bar.maximum())


if __name__ == "__main__":
    main()
