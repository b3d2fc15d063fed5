"""The main window and the wizard together: a new interview, open, revise and the crash resume
all open the real wizard on the right interview, and the list follows what it changed."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from gui_helpers import add_interview, qt_japanese  # noqa: F401 - fixtures
from PySide6.QtCore import Qt

from cyberdesk.catalogue import installed
from cyberdesk.gui.main_window import MainWindow
from cyberdesk.gui.wizard import InterviewWizard
from cyberdesk.japanese.formatting import moment
from cyberdesk.japanese.phrases import plain
from cyberdesk.model.interview import Agent, Customer, Interview, Status

PROFILE = Agent("さくら保険サービス株式会社", "A1234", "山田 花子", "03-1234-5678", "yamada@example.jp")


@pytest.fixture
def window(qtbot, store, qt_japanese):  # noqa: F811
    main = MainWindow(store)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    if main.wizard is not None:
        main.wizard.reject()


def close_wizard(window: MainWindow, qtbot) -> None:
    with qtbot.waitSignal(window.wizard_closed):
        window.wizard.reject()


def test_a_new_interview_gets_the_profile_and_the_catalogue_in_force_and_opens(window, store, qtbot):
    store.set_setting("agent_profile", asdict(PROFILE))
    qtbot.mouseClick(window.ui.newButton, Qt.MouseButton.LeftButton)
    [summary] = store.summaries()
    interview = store.get(summary.id)
    assert interview.agent == PROFILE and interview.status is Status.DRAFT
    assert (interview.catalogue_id, interview.catalogue_version) == installed().current().key
    assert isinstance(window.wizard, InterviewWizard) and window.wizard.interview_id == summary.id
    assert window.wizard.isVisible()
    assert not window.ui.centralwidget.isEnabled() and not window.ui.actionNew.isEnabled()  # one at a time
    assert window.wizard.button(window.wizard.WizardButton.NextButton).text().startswith("次へ")
    assert window.selected_id() == summary.id
    close_wizard(window, qtbot)
    assert window.wizard is None and store.setting("open_interview") is None
    assert window.ui.centralwidget.isEnabled() and window.ui.actionNew.isEnabled()


def test_new_interview_without_a_profile_can_go_on_without_it(window, store, answers):
    answers.give(1)  # "continue without it"
    window.ui.actionNew.trigger()
    [summary] = store.summaries()
    assert store.get(summary.id).agent == Agent()
    assert window.wizard.interview_id == summary.id


def test_enter_and_double_click_open_the_selected_interview(window, store, qtbot):
    first = add_interview(store, "株式会社イチ", "イチ")
    window.refresh()
    window.select(first.id)
    window.ui.table.setFocus()
    qtbot.keyClick(window.ui.table, Qt.Key.Key_Return)
    assert window.wizard is not None and window.wizard.interview_id == first.id
    close_wizard(window, qtbot)
    rect = window.ui.table.visualRect(window.rows.index(0, 0))
    viewport = window.ui.table.viewport()  # a real double click starts with a click
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.wizard is not None and window.wizard.interview_id == first.id


def test_revising_stores_revision_2_with_the_reason_and_opens_it(window, store, answers):
    original = add_interview(store, "株式会社ニ", "ニ", Status.FINALIZED)
    window.refresh()
    window.select(original.id)
    answers.give("所在地の変更")
    window.ui.reviseButton.click()
    revised = next(s for s in store.summaries() if s.revision == 2)
    stored = store.get(revised.id)
    assert (stored.previous_id, stored.revision_reason, stored.status) == (
        original.id, "所在地の変更", Status.DRAFT)
    assert store.get(original.id).status is Status.FINALIZED
    assert window.wizard.interview_id == revised.id
    assert window.selected_id() == revised.id


def test_start_up_resumes_the_draft_the_wizard_had_open(qtbot, store, qt_japanese):  # noqa: F811
    draft = add_interview(store, "株式会社サン", "サン")
    store.set_setting("open_interview", draft.id)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert window.resume_open_interview()
    assert window.wizard.interview_id == draft.id and window.wizard.isVisible()
    said = plain(window.wizard.notice_label.text())
    assert "株式会社サン" in said and "ステップ1" in said  # which interview, and where
    saved = moment(store.get(draft.id).updated_at, seconds=True)
    assert saved in said and "失われていません" not in said  # what was kept: up to the last save
    assert "株式会社サン" in window.ui.statusbar.currentMessage()
    window.wizard.reject()


def test_filling_in_the_profile_goes_on_into_the_new_interview(window, store, answers, qtbot):
    answers.give(0)  # 「プロフィールを入力する」
    window.ui.actionNew.trigger()
    dialog = window.settings_dialog
    assert dialog is not None and window.wizard is None and store.summaries() == []
    dialog.ui.agencyNameEdit.setText(PROFILE.agency_name)
    dialog.ui.agentNameEdit.setText(PROFILE.agent_name)
    dialog.accept()
    qtbot.waitUntil(lambda: window.wizard is not None)  # the interview the agent asked for
    [summary] = store.summaries()
    assert window.wizard.interview_id == summary.id
    assert store.get(summary.id).agent.agent_name == PROFILE.agent_name


def test_a_new_interview_closed_unanswered_leaves_no_draft(window, store, qtbot):
    store.set_setting("agent_profile", asdict(PROFILE))
    window.ui.actionNew.trigger()
    window.wizard.next()  # looked at step 2, answered nothing
    close_wizard(window, qtbot)
    assert store.summaries() == [] and store.summaries(trashed=True) == []  # no 「(法人名未入力)」
    assert "保存しませんでした" in window.ui.statusbar.currentMessage()
    window.ui.actionNew.trigger()
    window.wizard.context.pages[0].ui.company_name.setText("株式会社ハチ")
    close_wizard(window, qtbot)
    assert [s.company_name for s in store.summaries()] == ["株式会社ハチ"]  # an answer: kept


def test_closing_the_wizard_says_it_is_saved_and_where_it_reopens(window, store, qtbot):
    draft = add_interview(store, "株式会社ロク", "ロク")
    store.set_step(draft.id, 2)
    window.refresh()
    window.open_wizard(draft.id)
    close_wizard(window, qtbot)
    said = window.ui.statusbar.currentMessage()
    assert "株式会社ロク" in said and "保存" in said and "ステップ3「業務区分」" in said


def test_quitting_with_an_interview_open_is_refused_with_the_reason(window, store, answers, qtbot):
    draft = add_interview(store, "株式会社ナナ", "ナナ")
    window.refresh()
    window.open_wizard(draft.id)
    window.ui.actionQuit.trigger()  # Ctrl+Q
    assert window.isVisible() and window.wizard.isVisible()
    [request] = answers.requests
    assert "面談を開いています" in request.text and "保存されています" in request.text
    window.wizard.quit_asked.emit()  # Ctrl+Q pressed in the wizard
    assert window.isVisible() and len(answers.requests) == 2
    close_wizard(window, qtbot)
    window.ui.actionQuit.trigger()
    assert not window.isVisible()


def test_a_stale_open_interview_is_forgotten(qtbot, store):
    gone = add_interview(store, "株式会社ヨン", "ヨン", Status.FINALIZED)
    store.set_setting("open_interview", gone.id)
    window = MainWindow(store)
    qtbot.addWidget(window)
    assert not window.resume_open_interview()
    assert window.wizard is None and store.setting("open_interview") is None
    store.set_setting("open_interview", "0" * 32)  # no longer stored at all
    assert not window.resume_open_interview()
    assert store.setting("open_interview") is None


def test_an_interview_whose_catalogue_is_gone_is_refused_in_words(window, store, answers):
    orphan = store.add(Interview(customer=Customer(company_name="株式会社ゴ"),
                                 catalogue_id="ms-cyberprotector-it", catalogue_version="1999.1"))
    window.refresh()
    window.select(orphan.id)
    window.ui.openButton.click()
    assert window.wizard is None
    [request] = answers.requests
    assert request.kind.value == "warn" and "1999.1" in request.text
