"""Printing from the app for the customer to fill in by hand: the current draft and a blank form,
from the main window's File menu and from any wizard step (Ctrl+P, Ctrl+Shift+P), and the quote
fields of the plan step. Printing goes through the real print path into a PDF file."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from gui_helpers import add_interview
from interview_factory import interview as example
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from wizard_helpers import leave, new_interview, page

from cyberdesk.catalogue import installed
from cyberdesk.gui import dialogs
from cyberdesk.gui.dialogs import Kind
from cyberdesk.gui.main_window import MainWindow
from cyberdesk.gui.wizard.wizard import InterviewWizard
from cyberdesk.japanese.phrases import plain
from cyberdesk.model.interview import Agent, Status
from cyberdesk.model.validation import STEPS
from cyberdesk.services.pdf import blank_form, render_pdf


@pytest.fixture
def printed(monkeypatch, tmp_path):
    """Every print dialog answered with “print to this PDF file”."""
    target = tmp_path / "printed.pdf"

    def person(request):
        assert request.kind is Kind.PRINT
        request.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        request.printer.setOutputFileName(str(target))
        return True

    monkeypatch.setattr(dialogs, "responder", person)
    return target


def pages(data: bytes) -> int:
    return len(PdfReader(BytesIO(data)).pages)


def test_the_main_window_prints_the_selected_draft_and_a_blank_form(qtbot, store, printed):
    interview = add_interview(store, "株式会社サンプルシステムズ", "サンプルシステムズ",
                              day=date(2026, 11, 25))
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    current, blank = window.print_actions
    assert current in window.ui.fileMenu.actions() and blank in window.ui.fileMenu.actions()
    assert (current.shortcut().toString(), blank.shortcut().toString()) == ("Ctrl+P", "Ctrl+Shift+P")
    assert current.text() == "この面談を印刷…"
    window.ui.table.clearSelection()
    assert not current.isEnabled()  # nothing chosen: only the blank form
    window.ui.table.selectRow(0)
    assert current.isEnabled()
    catalogue = installed().get(interview.catalogue_id, interview.catalogue_version)
    assert window.print_selected().pages == pages(render_pdf(store.get(interview.id), catalogue))
    assert printed.read_bytes() == render_pdf(store.get(interview.id), catalogue)  # not images
    printed.unlink()
    blank.trigger()
    assert pages(printed.read_bytes()) == pages(render_pdf(blank_form(catalogue, Agent()), catalogue))


def test_any_wizard_step_prints_the_interview_as_it_stands_and_a_blank_form(qtbot, store, printed):
    interview = new_interview(store)
    wizard = InterviewWizard(store, interview.id)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    field = page(wizard, "customer").ui.company_name
    field.setText("株式会社サンプルシステムズ")
    field.setFocus()
    assert wizard.currentId() == 0
    QTest.keyClick(field, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    expected = render_pdf(wizard.context.interview, wizard.context.catalogue)
    assert pages(printed.read_bytes()) == pages(expected)
    printed.unlink()
    QTest.keyClick(field, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert printed.exists()
    assert set(wizard.print_button.menu().actions()) == set(wizard.print_actions)


def test_the_blank_form_knows_only_the_agent_and_the_day(catalogue):
    from test_pdf import pdf_text, squeeze

    agent = Agent(agency_name="株式会社みなと保険サービス", agent_name="佐藤 恵美")
    form = blank_form(catalogue, agent, date(2026, 12, 1))
    text = squeeze("".join(pdf_text(render_pdf(form, catalogue))))
    assert "株式会社みなと保険サービス" in text and "下書き" in text and "2026年12月1日" in text
    assert form.customer.company_name == "" and form.plan is None and form.quote.is_empty()


def test_the_plan_step_records_the_quote_as_typed(qtbot, store):
    wizard = InterviewWizard(store, new_interview(store).id)
    qtbot.addWidget(wizard)
    plan = page(wizard, "plan")
    plan.radios["wide"].setChecked(True)
    edits = plan.quote_edits
    edits["number"].setText("ＭＳ２６１１－００５１９３４")
    edits["period_start"].setText("２０２６-12-01")
    edits["period_end"].setText("2027-12-01")
    edits["annual_premium"].setText("４１２，３８０")
    edits["payment_method"].setText("一括払")
    edits["liability_limit"].setText("300000000")
    quote = wizard.context.interview.quote
    assert (quote.number, quote.period_start, quote.period_end, quote.annual_premium,
            quote.payment_method, quote.liability_limit, quote.expense_limit) == (
        "MS2611-0051934", date(2026, 12, 1), date(2027, 12, 1), 412380, "一括払", 300_000_000, None)
    edits["period_end"].setText("2025-12-01")
    leave(edits["period_end"])  # problems are shown once the agent has been in the field
    assert "終期" in plain(plan._labels["quote.period_end"].text())
    edits["period_end"].setText("12/1")  # no year: the next 1 December after the start
    assert quote.period_end == date(2027, 12, 1)
    edits["period_end"].setText("12/32")  # no such day: refused, naming the field and the forms
    refusal = plain(plan._labels["quote.period_end"].text())
    assert "終期" in refusal and "令和9年4月1日" in refusal and "2027/4/1" in refusal
    edits["period_end"].setText("令和9年12月1日")
    assert quote.period_end == date(2027, 12, 1)
    assert plain(plan.readbacks["period_end"].text()) == "＝ 2027年12月1日（令和9年12月1日）"
    edits["liability_limit"].setText("3億")
    assert plain(plan.readbacks["liability_limit"].text()) == "＝ 3億円"
    wizard.context.saver.flush()
    assert store.get(wizard.context.interview.id).quote.annual_premium == 412380


def test_every_print_and_save_of_the_record_is_in_its_audit_trail_wherever_it_starts(
        qtbot, store, tmp_path, monkeypatch):
    """The main window's File menu, Ctrl+P in a wizard the main window opened (its real parent),
    step 7's Print and Save as: each leaves `printed` in the trail (here every print goes into a
    PDF file, so each says `pdf_file`, never `printer`); a blank form leaves nothing.
    The main window waits while the interview is open, but the wizard's own actions do not."""
    draft = example()
    draft.status, draft.finalized_at = Status.DRAFT, None
    store.add(draft)
    target, saved = tmp_path / "printed.pdf", tmp_path / "控え.pdf"

    def person(request):
        if request.kind is Kind.SAVE:
            return str(saved)
        request.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        request.printer.setOutputFileName(str(target))
        return True

    monkeypatch.setattr(dialogs, "responder", person)

    def outputs() -> list[list[str]]:
        return [e.fields for e in store.audit_trail(draft.id) if e.event == "printed"]

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.ui.table.selectRow(0)
    window.print_actions[0].trigger()  # File ▸ この面談を印刷…
    assert target.exists() and outputs() == [["pdf_file"]]

    wizard = window.open_wizard(draft.id)
    assert wizard.parent() is window and not window.print_actions[0].isEnabled()
    assert all(action.isEnabled() for action in wizard.print_actions)
    business = page(wizard, "business")
    assert all(action.isEnabled() for action in business.filter.findChildren(QAction))  # its ⓧ
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    target.unlink()
    focus = page(wizard, STEPS[wizard.currentId()]).focusWidget() or wizard
    QTest.keyClick(focus, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert target.exists() and outputs() == [["pdf_file"]] * 2
    target.unlink()
    QTest.keyClick(focus, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert target.exists() and outputs() == [["pdf_file"]] * 2  # the blank form is no record

    assert wizard.jump_to(STEPS.index("output"))
    wizard.output_page.print_button.click()
    wizard.output_page.save_button.click()
    assert saved.exists() and outputs() == [["pdf_file"]] * 4
    with qtbot.waitSignal(window.wizard_closed):
        wizard.reject()
    assert window.print_actions[0].isEnabled()
