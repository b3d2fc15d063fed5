"""The review desk driven as a reviewer drives it (pytest-qt, real widgets, real databases):
open, filter, approve from the keyboard, return with a reason — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from office_helpers import held_interviews
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from cyberdesk.office.desk.window import DeskWindow
from cyberdesk.office.record import exception_labels
from cyberdesk.office.store import OfficeStore
from cyberdesk.services import messages


@pytest.fixture
def desk(office_url, tmp_path, app, qtbot, office_key):
    held = held_interviews(office_url, tmp_path)
    store = OfficeStore.open(office_url)
    window = DeskWindow(store, office_key)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, held
    store.close()


def ids(window: DeskWindow) -> list[str]:
    return [window.model.row_at(n)["id"] for n in range(window.model.rowCount())]


def test_opens_with_exceptions_first_and_the_record_beside(desk, qtbot):
    window, held = desk
    assert ids(window)[0] == held["gap"].id
    assert set(ids(window)) == {held[k].id for k in ("first", "gap", "second")}
    record = window.record
    qtbot.waitUntil(lambda: record.row is not None and record.row["id"] == held["gap"].id)
    qtbot.waitUntil(lambda: record.pdf.pageCount() > 0)
    assert "重要事項説明書" in record.data.toPlainText()
    assert "株式会社<b>ベータ</b>" in record.data.toPlainText()  # shown as text, never as markup
    assert "✗" not in record.checks.toPlainText()
    assert record.checks.toPlainText().count("✓") == 5
    gap_trail = record.trail.toPlainText()  # made from a file: created and finalized, no steps
    assert "確定" in gap_trail and "意向把握" not in gap_trail
    window.select_row(ids(window).index(held["first"].id))
    qtbot.waitUntil(lambda: record.row is not None and record.row["id"] == held["first"].id)
    trail = record.trail.toPlainText()
    assert "2026-10-05 10:00" in trail  # JST
    assert trail.index("意向把握") < trail.index("プラン")
    qtbot.waitUntil(lambda: window.count_label.text().startswith("3"))


def test_filters_narrow_the_queue(desk, qtbot):
    window, held = desk
    window.search.setText("ガンマ")
    qtbot.waitUntil(lambda: ids(window) == [held["second"].id])
    qtbot.waitUntil(lambda: window.record.row is not None
                    and window.record.row["id"] == held["second"].id)
    assert "改訂" in window.record.history.toPlainText() or held["third"].document_number in \
        window.record.history.toPlainText()
    assert held["third"].document_number in window.record.history.toPlainText()
    window.search.setText("")
    qtbot.waitUntil(lambda: len(ids(window)) == 3)
    window.exception.setCurrentIndex(window.exception.findData("disclosure_not_explained"))
    assert ids(window) == [held["gap"].id]
    window.exception.setCurrentIndex(0)
    window.month.setCurrentIndex(window.month.findData("2026-10"))
    assert ids(window) == [held["first"].id]
    window.month.setCurrentIndex(0)
    window.origin.setCurrentIndex(window.origin.findData(False))
    assert ids(window) == [held["first"].id]
    assert window.last_filter_ms < 1000


def test_approve_and_return_from_the_keyboard(desk, qtbot, office_key, tmp_path):
    window, held = desk
    window.table.setFocus()
    window.select_row(ids(window).index(held["first"].id))
    qtbot.keyClick(window.table, Qt.Key.Key_A)
    with OfficeStore.open(held["url"]) as office:
        assert [(e["interview_id"], e["decision"]) for e in office.review.log()] == [
            (held["first"].id, "approved")]
    assert window.model.row_at(ids(window).index(held["first"].id))["review_state"] == "approved"
    sent = window.last_decision.sent  # signed, where that laptop looks
    assert sent is not None and sent.parent == tmp_path / "inbox" / messages.FOLDER
    assert messages.read(sent, office_key.public_bytes, messages.laptop_opener()).body["state"] == "approved"

    window.select_row(0)  # the exception
    qtbot.keyClick(window.table, Qt.Key.Key_R)
    dialog = window.reason_dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no reason, no return
    assert dialog.phrases.count() == 1  # the record's own exception, offered as a phrase
    qtbot.keyClick(dialog.phrases, Qt.Key.Key_Return)
    dialog.text.setPlainText(dialog.text.toPlainText() + "\n説明した日付を記入してください")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.reason_dialog is None)
    with OfficeStore.open(held["url"]) as office:
        last = office.review.log()[-1]
        phrases = office.review.phrases("returned")
    assert (last["interview_id"], last["decision"]) == (held["gap"].id, "returned")
    phrase = exception_labels("disclosure_not_explained")[0]
    assert last["note"] == phrase + "\n説明した日付を記入してください"
    assert phrases == [last["note"]]  # offered again next time


def test_language_switch(desk):
    window, _held = desk
    window.switch_language("en")
    assert window.approve_button.text() == "Approve (A)"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Document"
    window.switch_language("ja")
    assert window.approve_button.text() != "Approve (A)"
