"""The 送付 panel: shows what waits, sends on a worker thread while the window keeps answering,
shows the outcome, and tells the main window by `synced`."""

from __future__ import annotations

import pytest
from bundle_helpers import add_finalized
from db_helpers import open_db
from gui_helpers import qt_japanese, store  # noqa: F401 - fixtures
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


def test_it_shows_what_waits_and_sends_it(panel, store, qtbot, tmp_path):  # noqa: F811
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


def test_the_window_keeps_answering_while_the_sync_waits(panel, store, qtbot, tmp_path):  # noqa: F811
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


def test_problems_are_shown_in_the_panel(panel, store, qtbot, tmp_path):  # noqa: F811
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
        panel, store, tmp_path, cyberdesk_home):  # noqa: F811
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
