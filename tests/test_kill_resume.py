"""Killing the app in the middle of an interview loses nothing that was typed: a wizard process
answers four steps and keeps typing; it is killed (SIGKILL, no chance to clean up); the interview
then reopens at the same step with every answer — in the wizard, in the real app started again
and through the main window's crash resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from wizard_helpers import COMPANY, OTHER_BUSINESS, new_interview, page
from wizard_kill_driver import STREAM

from cyberdesk.gui.wizard import InterviewWizard
from cyberdesk.services.laptop import open_store
from cyberdesk.store.store import Store

DRIVER = Path(__file__).with_name("wizard_kill_driver.py")
KEYS_BEFORE_KILL = 8
INSURED_STEP = 3


def run_until_killed(interview_id: str) -> str:
    """Start the driver, kill it mid-typing; the text it had confirmed as saved."""
    process = subprocess.Popen([sys.executable, str(DRIVER), interview_id], stdout=subprocess.PIPE,
                               text=True, env=dict(os.environ))
    confirmed = None
    try:
        for line in process.stdout:
            if line.startswith("SAVED "):
                confirmed = line.removeprefix("SAVED ").rstrip("\n")
                if len(confirmed) >= KEYS_BEFORE_KILL:
                    break
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    assert confirmed is not None, "the driver never got to typing"
    return confirmed


def check_answers(store: Store, interview_id: str, confirmed: str) -> None:
    saved = store.get(interview_id)
    assert saved.customer.company_name == COMPANY
    assert saved.customer.annual_sales == 12345
    assert saved.initial_intent.captured_at is not None
    assert saved.initial_intent.expense_items == ["ア", "イ", "キ"]
    assert saved.business_categories == [11, 20]
    assert saved.other_business_description == OTHER_BUSINESS
    assert [p.role for p in saved.insured_parties] == ["sales", "subcontractor"]
    note = saved.insured_parties[0].note
    assert note.startswith(confirmed)  # everything confirmed as saved is there
    assert (STREAM * 4).startswith(note)  # and nothing garbled by the kill


@pytest.mark.slow
def test_killed_wizard_resumes_at_the_same_step_with_every_answer(qapp, qtbot):
    from cyberdesk.gui.qt_setup import apply_language, install_font

    install_font(qapp)
    apply_language(qapp, "ja")
    with open_store() as store:
        interview_id = new_interview(store).id
    confirmed = run_until_killed(interview_id)

    store = open_store()  # the killed process's lock went with it
    try:
        assert store.setting("open_interview") == interview_id
        assert store.step_of(interview_id) == INSURED_STEP
        check_answers(store, interview_id, confirmed)

        wizard = InterviewWizard(store, interview_id)
        qtbot.addWidget(wizard)
        wizard.show()
        assert wizard.currentId() == INSURED_STEP
        rows = page(wizard, "insured").party_rows
        assert rows[0][0].text() == "株式会社販売パートナー"
        assert rows[0][2].text().startswith(confirmed)
        assert page(wizard, "customer").ui.company_name.text() == COMPANY
        wizard.button(QWizard.WizardButton.CancelButton).click()  # "Close": nothing to resume
        assert store.setting("open_interview") is None
    finally:
        store.close()


@pytest.mark.slow
def test_the_app_reopens_the_killed_interview(qapp, qtbot):
    """The shell's crash resume: the main window reopens the interview at its step."""
    from cyberdesk.gui.main_window import MainWindow
    from cyberdesk.gui.qt_setup import apply_language, install_font

    install_font(qapp)
    apply_language(qapp, "ja")
    with open_store() as store:
        interview_id = new_interview(store).id
    confirmed = run_until_killed(interview_id)

    # the real app, started as a user would: it reopens the interview and quits with it open
    started = subprocess.run([sys.executable, "-m", "cyberdesk", "gui", "--smoke"],
                             capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert started.returncode == 0, started.stderr
    store = open_store()
    try:
        assert store.setting("open_interview") == interview_id
        check_answers(store, interview_id, confirmed)
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.show()
        assert window.resume_open_interview()
        wizard = window.wizard
        assert isinstance(wizard, InterviewWizard)
        assert wizard.currentId() == INSURED_STEP
        assert page(wizard, "insured").party_rows[0][2].text().startswith(confirmed)
        wizard.close()
    finally:
        store.close()
