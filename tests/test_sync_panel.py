"""The 送付 panel: shows what waits, sends on a worker thread while the window keeps answering,
shows the outcome, and tells the main window by `synced`."""

from __future__ import annotations

import pytest
from bundle_helpers import add_finalized
from db_helpers import open_db
from gui_helpers import qt_japanese  # noqa: F401 - fixtures
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cyberdesk import clock
from cyberdesk.gui.sync_panel import SyncPanel
from cyberdesk.model.interview import Status
from cyberdesk.services.export import export
from cyberdesk.services.verify import Verdict, verify


@pytest.fixture
def panel(qtbot, store, qt_japanese):  # noqa: F811
    widget = SyncPanel(store)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.wait()


def test_it_shows_what_waits_and_sends_it(panel, store, qtbot, tmp_path):
    assert "0" in panel.waiting_label.text() and not panel.button.isEnabled()
    ids = add_finalized(store, count=3)
    export(store, ids[0])  # one bundle waits; two finalized interviews will be exported first
    store.set_setting("sync_folder", str(tmp_path))
    panel.refresh()
    assert "3" in panel.waiting_label.text() and panel.button.text() == "送付"
    assert panel.button.isEnabled() and str(tmp_path) in panel.button.toolTip()

    with qtbot.waitSignal(panel.synced, timeout=30_000):
        qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
    assert "0" in panel.waiting_label.text() and not panel.button.isEnabled()
    assert panel.progress_bar.isHidden() and "3" in panel.message.text()
    from cyberdesk.gui.qt_setup import apply_language

    apply_language(QApplication.instance(), "en")  # the last message follows the language
    try:
        qtbot.waitUntil(lambda: panel.message.text() == f"Sent 3 to {tmp_path}.")  # LanguageChange
    finally:
        apply_language(QApplication.instance(), "ja")
    assert {store.get(i).status for i in ids} == {Status.SYNCED}
    assert {r.verdict for r in verify([tmp_path])} == {Verdict.OK}


def test_the_window_keeps_answering_while_the_sync_waits(panel, store, qtbot, tmp_path):
    add_finalized(store, count=2)
    store.set_setting("sync_folder", str(tmp_path))
    panel.refresh()
    blocker = open_db(store.path, timeout=10)
    try:
        assert panel.start()  # returns at once: a sync on the GUI thread would have finished here
        blocker.execute("BEGIN IMMEDIATE")  # another writer holds the database: the worker waits
        qtbot.wait(300)  # ...while the GUI thread runs its event loop
        assert panel.is_busy() and not panel.button.isEnabled() and panel.progress_bar.isVisible()
        assert not panel.start()  # one run at a time
    finally:
        blocker.rollback()
        blocker.close()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=30_000)
    assert "0" in panel.waiting_label.text()


def test_problems_are_shown_in_the_panel(panel, store, qtbot, tmp_path):
    add_finalized(store)
    panel.refresh()
    assert not panel.start()  # no folder set: said so, nothing started
    assert "設定" in panel.message.text() and not panel.is_busy()
    store.set_setting("sync_folder", str(tmp_path / "unplugged"))
    with qtbot.waitSignal(panel.synced, timeout=30_000):
        panel.start()
    assert str(tmp_path / "unplugged") in panel.message.text()
    assert "1" in panel.waiting_label.text() and panel.button.isEnabled()


@pytest.mark.dates
def test_it_shows_what_head_office_received_and_when_it_leaves_this_computer(
        panel, store, tmp_path, cyberdesk_home):
    from datetime import timedelta

    from sealed_helpers import deploy, head_office_key

    assert panel.purge_label.isHidden()
    deploy(cyberdesk_home, [head_office_key(tmp_path)[1]], retention_days=30)
    [interview_id] = add_finalized(store, count=1)
    export(store, interview_id)
    store.record_delivery(interview_id, str(tmp_path))
    store.record_receipt(interview_id)
    panel.refresh()
    day = (clock.today() + timedelta(days=30)).isoformat()
    assert panel.purge_label.isVisible() and day in panel.purge_label.text()
    assert "受領済み 1件" in panel.purge_label.text()
    assert store.get(interview_id).document_number in panel.purge_label.toolTip()


def test_head_office_answers_are_applied_with_nothing_waiting(panel, store, qtbot, tmp_path,
                                                               office_key):
    """Receipts and refusals are read on start, on every sync and on a timer, whether or not
    something waits: an agent with nothing new still sees 受領済み and the refusal."""
    from office_helpers import sent_bundles

    from cyberdesk.model.interview import Status
    from cyberdesk.services import messages

    folder = tmp_path / "share"
    received, refused = sent_bundles(store, folder, count=2)
    store.set_setting("sync_folder", str(folder))
    for interview_id, kind in ((received, messages.RECEIPT), (refused, messages.REFUSAL)):
        row = store.bundle(interview_id)
        body = ({"bundle_name": row.file_name, "bundle_sha256": row.sha256,
                 "received_at": "2026-12-01T00:00:00+00:00"} if kind == messages.RECEIPT else
                {"bundle_name": row.file_name, "bundle_sha256": row.sha256,
                 "refused_at": "2026-12-01T00:00:00+00:00",
                 "reasons": [{"code": "unknown_sender", "message": "x"}]})
        messages.send(folder, messages.message(
            kind, body, interview_id=interview_id, lineage_id=row.lineage_id,
            revision=row.revision, document_number=store.get(interview_id).document_number),
            office_key)
    panel.refresh()
    assert panel.count == 0 and not panel.button.isEnabled()  # nothing waits to be sent
    assert panel.messages_timer.isActive()
    with qtbot.waitSignal(panel.synced, timeout=5000):
        panel.messages_timer.timeout.emit()  # the timer's tick, without waiting five minutes
    assert store.get(received).status is Status.RECEIVED
    assert store.get(refused).status is Status.SYNCED
    assert "本部で受け付けられませんでした" in panel.message.text()
