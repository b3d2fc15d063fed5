"""The wizard makes a step's page when it is first needed: 新規 waits for step 1 only, and the
pages made later behave as if they had been there from the start."""

from __future__ import annotations

import pytest
from gui_helpers import Answers
from PySide6.QtWidgets import QWizard
from wizard_helpers import fill_customer, fill_initial_intent, new_interview, next_page, page

from cyberdesk.gui import dialogs
from cyberdesk.gui.qt_setup import apply_language
from cyberdesk.gui.wizard import InterviewWizard
from cyberdesk.services.laptop import open_store


@pytest.fixture
def store(qapp):
    apply_language(qapp, "ja")
    with open_store() as opened:
        yield opened
    apply_language(qapp, "ja")


@pytest.fixture(autouse=True)
def answers(monkeypatch) -> Answers:
    stand_in = Answers()
    monkeypatch.setattr(dialogs, "responder", stand_in)
    return stand_in


def opened(qtbot, store, interview_id: str) -> InterviewWizard:
    wizard = InterviewWizard(store, interview_id)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def test_a_new_interview_makes_step_1_only_and_next_makes_the_following_step(qtbot, store):
    wizard = opened(qtbot, store, new_interview(store).id)
    assert wizard.pageIds() == [0]
    assert wizard.button(QWizard.WizardButton.NextButton).isVisible()  # not the last page
    assert wizard.step_list.count() == 7  # every step listed, made or not
    fill_customer(wizard)
    next_page(wizard)
    assert wizard.pageIds() == [0, 1]
    fill_initial_intent(wizard)
    assert wizard.jump_to(2) and wizard.currentId() == 2  # the step list makes it as well
    assert wizard.pageIds() == [0, 1, 2]


def test_a_page_asked_for_is_made_in_place_and_reopening_makes_the_steps_on_the_way(qtbot, store):
    interview = new_interview(store)
    wizard = opened(qtbot, store, interview.id)
    plan = page(wizard, "plan")  # what the tests and the screenshots do: made on access
    assert wizard.page(4) is plan and wizard.pageIds() == [0, 4]
    assert wizard.currentId() == 0
    fill_customer(wizard)
    next_page(wizard)
    fill_initial_intent(wizard)
    next_page(wizard)
    wizard.close()
    again = opened(qtbot, store, interview.id)  # reopened at step 3, as after a crash
    assert again.currentId() == 2 and again.pageIds() == [0, 1, 2]


def test_a_language_switch_keeps_the_problems_shown_on_a_page_made_again_later(qtbot, store):
    wizard = opened(qtbot, store, new_interview(store).id)
    plan = page(wizard, "plan")
    assert not plan.validatePage() and plan.tried  # Next tried there: its problems are shown
    wizard.switch_language()
    assert wizard.pageIds() == [0]  # made again in English: step 1 now, step 5 when needed
    again = page(wizard, "plan")
    assert again is not plan and again.tried
