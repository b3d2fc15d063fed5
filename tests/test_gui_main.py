"""The main window driven as the agent drives it: the list, search, filter, sort, duplicate,
trash with undo, the counts — each checked against what reached the database."""

from __future__ import annotations

from datetime import date

import pytest
from gui_helpers import add_interview
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QLineEdit, QTableView

from cyberdesk import clock
from cyberdesk.gui.interview_list import COMPANY, DATE, PLAN, REVISION, STATUS
from cyberdesk.gui.main_window import MainWindow
from cyberdesk.i18n import _
from cyberdesk.japanese.phrases import plain
from cyberdesk.model.interview import Status


@pytest.fixture
def window(qtbot, store):
    main = MainWindow(store)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def shown(window: MainWindow, column: int = COMPANY) -> list[str]:
    rows = window.rows
    return [rows.index(row, column).data() for row in range(rows.rowCount())]


def select(window: MainWindow, name: str) -> None:
    row = shown(window).index(name)
    window.ui.table.selectRow(row)


@pytest.fixture
def three(store):
    add_interview(store, "株式会社サンプルシステムズ", "サンプルシステムズ", day=date(2026, 11, 25),
                  plan="wide")
    add_interview(store, "Acme Software KK", "アクメソフトウェア", Status.FINALIZED, date(2026, 10, 1),
                  plan="basic", revision=2)
    add_interview(store, "有限会社みどり開発", "ミドリカイハツ", Status.EXPORTED, date(2026, 9, 3))


def test_the_list_shows_every_stored_interview_with_its_plan_status_and_revision(three, window):
    assert sorted(shown(window)) == sorted(
        ["株式会社サンプルシステムズ", "Acme Software KK", "有限会社みどり開発"])
    acme = shown(window).index("Acme Software KK")
    row = {column: window.rows.index(acme, column).data() for column in (DATE, PLAN, STATUS, REVISION)}
    assert row == {DATE: "2026年10月1日", PLAN: "ベーシック", STATUS: Status.FINALIZED.label, REVISION: "2"}
    sample = shown(window).index("株式会社サンプルシステムズ")
    assert window.rows.index(sample, PLAN).data() == "ワイド"


def test_search_as_you_type_matches_name_or_reading(three, window, qtbot):
    qtbot.keyClicks(window.ui.searchEdit, "acme")
    assert shown(window) == ["Acme Software KK"]
    window.ui.searchEdit.setText("みどり")  # part of the name
    assert shown(window) == ["有限会社みどり開発"]
    window.ui.searchEdit.setText("さんぷる")  # hiragana finds the katakana reading
    assert shown(window) == ["株式会社サンプルシステムズ"]
    window.ui.searchEdit.setText("ｱｸﾒ")  # half-width kana as well
    assert shown(window) == ["Acme Software KK"]
    window.ui.searchEdit.clear()
    assert len(shown(window)) == 3


def test_search_says_how_many_it_found_and_why_the_list_is_empty(three, window):
    assert window.hits_label.text() == "" and not window.empty_label.isVisible()
    window.ui.searchEdit.setText("みどり")
    assert window.hits_label.text() == "3件中 1件"
    window.ui.searchEdit.setText("存在しない会社")
    assert window.hits_label.text() == "3件中 0件"
    assert window.empty_label.isVisible() and "合う面談はありません" in plain(window.empty_label.text())
    window.ui.searchEdit.clear()
    assert window.hits_label.text() == "" and not window.empty_label.isVisible()


def test_an_empty_list_says_how_to_start(window):
    assert window.empty_label.isVisible() and "新しい面談" in plain(window.empty_label.text())


def test_filter_by_status(three, window):
    combo = window.ui.statusCombo
    combo.setCurrentIndex(combo.findData(Status.FINALIZED.value))
    assert shown(window) == ["Acme Software KK"]
    combo.setCurrentIndex(combo.findData(Status.SYNCED.value))
    assert shown(window) == []
    combo.setCurrentIndex(0)
    assert len(shown(window)) == 3


def test_columns_sort_by_date_reading_and_revision(three, window, qtbot):
    assert shown(window, DATE) == ["2026年11月25日", "2026年10月1日", "2026年9月3日"]  # newest first
    header = window.ui.table.horizontalHeader()
    window.ui.table.sortByColumn(COMPANY, Qt.SortOrder.AscendingOrder)  # by reading: ア, サ, ミ
    assert shown(window) == ["Acme Software KK", "株式会社サンプルシステムズ", "有限会社みどり開発"]
    revision = QPoint(header.sectionViewportPosition(REVISION) + header.sectionSize(REVISION) // 2,
                      header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=revision)
    assert shown(window, REVISION) == ["1", "1", "2"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=revision)
    assert shown(window, REVISION) == ["2", "1", "1"]


@pytest.mark.dates
def test_duplicate_stores_a_new_draft_and_selects_it(three, window, store):
    select(window, "Acme Software KK")
    window.ui.duplicateButton.click()
    acme = [s for s in store.summaries() if s.company_name == "Acme Software KK"]
    assert sorted(s.status for s in acme) == [Status.DRAFT, Status.FINALIZED]
    copy = next(s for s in acme if s.status is Status.DRAFT)
    assert window.selected_id() == copy.id
    assert copy.interview_date == clock.today()


def test_trash_and_undo_reach_the_database(three, window, store, qtbot):
    select(window, "株式会社サンプルシステムズ")
    trashed_id = window.selected_id()
    window.ui.trashButton.click()
    assert [s.id for s in store.summaries(trashed=True)] == [trashed_id]
    assert "株式会社サンプルシステムズ" not in shown(window)
    assert "株式会社サンプルシステムズ" in window.ui.statusbar.currentMessage()
    assert window.undo_button.isVisible()
    window.undo_button.click()
    assert store.summaries(trashed=True) == []
    assert window.selected_id() == trashed_id
    assert not window.undo_button.isVisible()
    # Delete on the list, then the Edit menu's undo (Ctrl+Z)
    window.ui.table.setFocus()
    qtbot.keyClick(window.ui.table, Qt.Key.Key_Delete)
    assert [s.id for s in store.summaries(trashed=True)] == [trashed_id]
    window.ui.actionUndo.trigger()
    assert store.summaries(trashed=True) == []


def test_the_trash_view_lists_and_restores(three, window, store):
    select(window, "株式会社サンプルシステムズ")
    window.ui.trashButton.click()
    window.ui.trashCheck.setChecked(True)
    assert shown(window) == ["株式会社サンプルシステムズ"]
    assert window.ui.restoreButton.isVisible() and not window.ui.trashButton.isVisible()
    assert not window.ui.newButton.isEnabled()
    select(window, "株式会社サンプルシステムズ")
    assert not window.ui.openButton.isEnabled() and not window.ui.duplicateButton.isEnabled()
    window.ui.restoreButton.click()
    assert store.summaries(trashed=True) == []
    assert not window.ui.trashCheck.isChecked()
    assert "株式会社サンプルシステムズ" in shown(window)


def test_a_finalized_interview_cannot_be_trashed_but_can_be_revised(three, window):
    select(window, "Acme Software KK")
    assert not window.ui.trashButton.isEnabled()
    assert window.ui.reviseButton.isEnabled()
    select(window, "株式会社サンプルシステムズ")
    assert window.ui.trashButton.isEnabled()
    assert not window.ui.reviseButton.isEnabled()


def test_revising_asks_for_a_reason_and_a_cancel_or_blank_changes_nothing(three, window, store, answers):
    select(window, "Acme Software KK")
    answers.give(None)  # cancelled
    window.ui.reviseButton.click()
    answers.give("  ")  # blank: the model refuses, the window says why
    window.ui.reviseButton.click()
    assert [r.kind.value for r in answers.requests] == ["text", "text", "warn"]
    assert "「Acme Software KK」" in answers.requests[0].text and "第3版" in answers.requests[0].text
    assert answers.requests[2].text == _("A revision needs a reason.")
    assert len([s for s in store.summaries() if s.company_name == "Acme Software KK"]) == 1


def test_counts_by_status(three, window, store):
    text = window.ui.countsLabel.text()
    for status, count in ((Status.DRAFT, 1), (Status.FINALIZED, 1), (Status.EXPORTED, 1), (Status.SYNCED, 0)):
        assert f"{status.label}: <b>{count}</b>" in text
    select(window, "株式会社サンプルシステムズ")
    window.ui.trashButton.click()
    assert f"{Status.DRAFT.label}: <b>0</b>" in window.ui.countsLabel.text()
    assert store.counts()[Status.DRAFT] == 0


def test_a_new_interview_without_a_profile_offers_the_settings_first(window, store, answers):
    answers.give(0)  # "fill in the profile"
    window.ui.newButton.click()
    assert store.summaries() == []
    assert window.settings_dialog is not None and window.settings_dialog.isVisible()
    window.settings_dialog.reject()
    answers.give(None)  # the question dismissed with Esc: nothing happens
    window.ui.newButton.click()
    assert store.summaries() == []


def test_every_input_has_an_accessible_name(window):
    inputs = window.findChildren(QLineEdit) + window.findChildren(QComboBox) + window.findChildren(
        QCheckBox) + window.findChildren(QAbstractButton) + window.findChildren(QTableView)
    # a button's text is its accessible name unless it is given another
    nameless = [w.objectName() or type(w).__name__ for w in inputs
                if w.isVisibleTo(window) and not w.accessibleName() and w.parent() is not None
                and not (isinstance(w, QAbstractButton) and w.text())
                and not w.objectName().startswith("qt_")]
    assert nameless == []


def test_tab_order_follows_the_screen(window, qtbot):
    window.activateWindow()
    window.ui.searchEdit.setFocus()
    order = [window.ui.searchEdit]
    for _step in range(20):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        if window.focusWidget() is not order[-1]:  # Tab steps through a date's year, month, day
            order.append(window.focusWidget())
        if len(order) == 8:
            break
    ui = window.ui
    assert order == [ui.searchEdit, ui.statusCombo, window.date_from, window.date_to,
                     window.superseded_check, ui.trashCheck, ui.table, ui.newButton]


def test_the_window_fits_a_1366x768_laptop(three, window):
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700
    assert window.width() <= 1366 and window.height() <= 700


def test_the_send_panel_sits_in_the_window_and_counts_what_waits(three, window, store):
    from cyberdesk.services.outbox import waiting_count

    assert window.sync_panel.isVisibleTo(window)
    assert window.sync_panel.count == waiting_count(store) >= 1  # the finalized one waits
    add_interview(store, "株式会社ヨン", "ヨン", Status.FINALIZED)
    window.sync_panel.synced.emit()  # what a finished send does: the list is read again
    assert "株式会社ヨン" in shown(window)


def test_catalogue_files_set_aside_are_shown_not_hidden(qtbot, store, cyberdesk_home):
    from cyberdesk.catalogue import installed

    folder = cyberdesk_home / "catalogues"
    folder.mkdir()
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    installed.cache_clear()
    main = MainWindow(store)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    assert main.catalogue_notice.isVisible()
    assert main.catalogue_notice.text().startswith("使用できないカタログファイルが 1 件")
    assert "broken.json" in main.catalogue_notice.toolTip()


def test_no_notice_when_every_catalogue_is_usable(window):
    assert not window.catalogue_notice.isVisible()


def test_search_finds_dates_as_said_the_plan_and_the_status(three, window):
    for query, expected in (
            ("2026年11月", ["株式会社サンプルシステムズ"]), ("11/25", ["株式会社サンプルシステムズ"]),
            ("２０２６年９月３日", ["有限会社みどり開発"]), ("R8 ベーシック", ["Acme Software KK"]),
            ("ワイド", ["株式会社サンプルシステムズ"]), ("確定", ["Acme Software KK"]),
            ("令和8年10月", ["Acme Software KK"]), ("12/24", [])):
        window.ui.searchEdit.setText(query)
        assert shown(window) == expected, query


def test_the_date_range_filter(three, window):
    from PySide6.QtCore import QDate

    window.date_from.setDate(QDate(2026, 9, 4))
    assert sorted(shown(window)) == ["Acme Software KK", "株式会社サンプルシステムズ"]
    window.date_to.setDate(QDate(2026, 10, 31))
    assert shown(window) == ["Acme Software KK"]
    window.date_from.setDate(window.date_from.minimumDate())  # "any"
    assert sorted(shown(window)) == ["Acme Software KK", "有限会社みどり開発"]


def test_a_superseded_revision_is_marked_and_hidden_unless_asked_for(window, store):
    first = add_interview(store, "株式会社リビジョン", "リビジョン", Status.FINALIZED)
    revised = store.revise(first.id, "売上高の訂正")
    window.refresh()
    assert shown(window) == ["株式会社リビジョン"]
    assert window.select(revised.id) and not window.select(first.id)
    window.superseded_check.setChecked(True)
    assert shown(window) == ["株式会社リビジョン"] * 2
    assert window.select(first.id)
    row = window.ui.table.selectionModel().selectedRows()[0].row()
    assert "置き換え" in window.rows.index(row, REVISION).data()
    window.ui.searchEdit.setText("置き換え")
    assert len(shown(window)) == 1


def test_ctrl_l_switches_the_language_and_no_status_is_cut_off(three, window, qtbot, store):
    from PySide6.QtWidgets import QApplication

    from cyberdesk.gui.qt_setup import apply_language

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    try:
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert window.ui.newButton.text() == "&New interview" and store.setting("language") == "en"
        table = window.ui.table
        metrics = table.fontMetrics()
        for row in range(window.rows.rowCount()):
            for column in (STATUS, PLAN, DATE):
                text = window.rows.index(row, column).data()
                assert metrics.horizontalAdvance(text) < table.columnWidth(column), text  # no 「Rece…」
        assert window.rows.index(shown(window).index("Acme Software KK"), PLAN).data() == "Basic"
    finally:
        apply_language(QApplication.instance(), "ja")
