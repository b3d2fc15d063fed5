"""Step 7 signing with the real widgets: the customer signs with a pen (synthetic QTabletEvents,
pressure kept), the agent with the mouse; the second signature finalizes and the customer's copy
is offered at once (saved as the record's own PDF bytes); an edit after a signature voids it;
Clear and sign again; printing to a PDF file never claims a printer."""

from __future__ import annotations

import pytest
from interview_factory import interview as example
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from wizard_helpers import page

from cyberdesk.catalogue import installed
from cyberdesk.gui import dialogs
from cyberdesk.gui.dialogs import Kind
from cyberdesk.gui.wizard import InterviewWizard
from cyberdesk.model import signing
from cyberdesk.model.interview import Status
from cyberdesk.services.pdf import render_pdf
from cyberdesk.store.store import Store
from cyberdesk.trust import audit

OUTPUT = 6


def at_output(qtbot, store: Store) -> InterviewWizard:
    interview = example()
    store.add(interview)
    store.set_step(interview.id, OUTPUT)
    wizard = InterviewWizard(store, interview.id)
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    qtbot.waitExposed(wizard)
    assert wizard.currentId() == OUTPUT
    return wizard


PEN = QPointingDevice("test pen", 1, QInputDevice.DeviceType.Stylus,
                      QPointingDevice.PointerType.Pen, QInputDevice.Capability.Position
                      | QInputDevice.Capability.Pressure, 1, 3)


def pen(pad, kind: QTabletEvent.Type, x: float, y: float, pressure: float) -> None:
    """One synthetic tablet event at (x, y) of the pad, as a pen on a screen sends it."""
    local = QPointF(x, y)
    event = QTabletEvent(kind, PEN, local, pad.mapToGlobal(local), pressure, 0, 0, 0, 0, 0,
                         Qt.KeyboardModifier.NoModifier,
                         Qt.MouseButton.LeftButton if kind != QTabletEvent.Type.TabletRelease
                         else Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton)
    QApplication.sendEvent(pad, event)


def sign_with_pen(pad) -> None:
    width, height = pad.width(), pad.height()
    points = [(width * (0.1 + 0.05 * i), height * (0.5 + (0.2 if i % 2 else -0.2)), 0.2 + 0.1 * i)
              for i in range(7)]
    pen(pad, QTabletEvent.Type.TabletPress, *points[0])
    for point in points[1:-1]:
        pen(pad, QTabletEvent.Type.TabletMove, *point)
    pen(pad, QTabletEvent.Type.TabletRelease, *points[-1])


def sign_with_mouse(pad) -> None:
    width, height = pad.width(), pad.height()
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(width // 5, height // 2))
    for step in range(1, 6):
        QTest.mouseMove(pad, QPoint(width // 5 + step * width // 10, height // 2 - step * 3))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton,
                       pos=QPoint(width // 5 + 6 * width // 10, height // 3))


def test_pen_then_mouse_signatures_finalize_and_the_customers_copy_is_offered(
        app, qtbot, store, answers, tmp_path):
    wizard = at_output(qtbot, store)
    output = page(wizard, "output")
    customer, agent = output.signers["customer"], output.signers["agent"]
    assert customer.pad.isEnabled() and customer.name.text() == "高橋 健一"
    sign_with_pen(customer.pad)
    strokes = customer.pad.strokes()
    assert len(strokes) == 1 and len(strokes[0]) == 7
    assert [point[2] for point in strokes[0]] == pytest.approx([0.2 + 0.1 * i for i in range(7)],
                                                              abs=0.01)  # the pen's pressure
    assert all(0 <= x <= 1000 and 0 <= y <= 300 for x, y, *_rest in strokes[0])
    customer.sign_button.click()
    stored = store.get(wizard.interview_id)
    assert signing.is_valid(stored, "customer") and stored.status is Status.DRAFT
    assert not customer.pad.isEnabled() and customer.caption.text()

    sign_with_mouse(agent.pad)
    assert agent.pad.strokes() and len(agent.pad.strokes()[0][0]) == 4  # x, y, pressure, t_ms
    saved = tmp_path / "copy.pdf"
    answers.give(1, str(saved))  # the customer's copy: save as PDF, here
    agent.sign_button.click()
    stored = store.get(wizard.interview_id)
    assert stored.status is Status.FINALIZED and signing.fully_signed(stored)
    assert [r.kind for r in answers.requests] == [Kind.ASK, Kind.SAVE]
    assert saved.read_bytes() == render_pdf(stored, installed().current())  # never a raster
    assert wizard.context.read_only and not agent.pad.isEnabled()
    events = [e.event for e in store.audit_trail(wizard.interview_id)]
    assert events[-4:] == [audit.SIGNED, audit.SIGNED, audit.FINALIZED, audit.PRINTED]


def test_an_edit_after_the_customer_signed_voids_the_signature(app, qtbot, store, answers):
    wizard = at_output(qtbot, store)
    output = page(wizard, "output")
    customer = output.signers["customer"]
    sign_with_mouse(customer.pad)
    customer.sign_button.click()
    assert signing.is_valid(store.get(wizard.interview_id), "customer")
    wizard.back()
    confirmation = page(wizard, "confirmation")
    confirmation.confirmed_by.setText("高橋 健二")
    wizard.next()
    assert wizard.currentId() == OUTPUT
    assert customer.pad.is_empty() and customer.pad.isEnabled() and not customer.caption.text()
    assert customer.name.text() == "高橋 健二"
    qtbot.waitUntil(lambda: store.get(wizard.interview_id).signatures.customer is None)
    assert audit.SIGNATURE_VOIDED in [e.event for e in store.audit_trail(wizard.interview_id)]


def test_clear_and_sign_again(app, qtbot, store, answers):
    wizard = at_output(qtbot, store)
    customer = page(wizard, "output").signers["customer"]
    sign_with_mouse(customer.pad)
    customer.sign_button.click()
    customer.clear_button.click()
    assert customer.pad.is_empty() and customer.pad.isEnabled()
    assert store.get(wizard.interview_id).signatures.customer is None
    sign_with_pen(customer.pad)
    customer.sign_button.click()
    assert store.get(wizard.interview_id).signatures.customer.strokes[0][0][2] == \
        pytest.approx(0.2, abs=0.01)


def test_a_finger_draws_on_the_pad(app, qtbot):
    from cyberdesk.gui.signature_pad import SignaturePad

    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(500, 150)
    pad.show()
    qtbot.waitExposed(pad)
    finger = QTest.createTouchDevice()
    QTest.touchEvent(pad, finger).press(0, QPoint(50, 75)).commit()
    QTest.touchEvent(pad, finger).move(0, QPoint(150, 90)).commit()
    QTest.touchEvent(pad, finger).release(0, QPoint(300, 60)).commit()
    [stroke] = pad.strokes()
    expected = [(100, 150), (300, 180), (600, 120)]  # 2 box units a pixel; touch is approximate
    assert [point[:2] for point in stroke] == [pytest.approx(p, abs=5) for p in expected]
    pad.resize(1000, 300)  # the box is fixed: a larger pad records the same coordinates
    QTest.touchEvent(pad, finger).press(0, QPoint(100, 150)).commit()
    QTest.touchEvent(pad, finger).release(0, QPoint(200, 150)).commit()
    assert pad.strokes()[1][0][:2] == pytest.approx((100, 150), abs=5)


def test_printing_to_a_pdf_file_writes_the_record_and_says_so(app, qtbot, store, monkeypatch,
                                                              tmp_path):
    target = tmp_path / "printed.pdf"

    def person(request):
        request.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        request.printer.setOutputFileName(str(target))
        return True

    monkeypatch.setattr(dialogs, "responder", person)
    wizard = at_output(qtbot, store)
    output = page(wizard, "output")
    output.print_button.click()
    assert target.read_bytes() == output.pdf
    assert "プリンター" in output.status.text() and str(target) in output.status.text()
    assert "送りました" not in output.status.text()
    assert [e.fields for e in store.audit_trail(wizard.interview_id)
            if e.event == audit.PRINTED] == [["pdf_file"]]  # not a printer


def test_a_substitute_is_accepted_before_anyone_signs(app, qtbot, store, answers):
    """Signing binds the content: the printed form of a name is settled first. The agent sees
    the stored and printed forms side by side, may go back to correct them, or accepts."""
    interview = example()
    interview.customer.company_name = "株式会社𠮷野家システム"
    store.add(interview)
    store.set_step(interview.id, OUTPUT)
    wizard = InterviewWizard(store, interview.id)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    customer = page(wizard, "output").signers["customer"]
    sign_with_mouse(customer.pad)
    answers.give(1)  # 「入力を訂正する」: nothing is signed
    customer.sign_button.click()
    assert "「株式会社𠮷野家システム」" in answers.requests[-1].text
    assert "「株式会社吉野家システム」" in answers.requests[-1].text
    assert signing.signature_of(store.get(interview.id), "customer") is None
    answers.give(0)  # accept the substitute: recorded, then the customer's signature
    customer.sign_button.click()
    stored = store.get(interview.id)
    [accepted] = stored.name_substitutes
    assert accepted.printed == "株式会社吉野家システム"
    assert signing.is_valid(stored, "customer")  # bound to the content with the acceptance
    events = [e.event for e in store.audit_trail(interview.id)]
    assert events[-2:] == [audit.SUBSTITUTES_ACCEPTED, audit.SIGNED]
