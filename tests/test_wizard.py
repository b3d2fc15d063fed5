"""The interview wizard driven through its real widgets: whole interviews for both plans (⑳,
insured parties, a difference between the initial and final wishes explained), what reached the
database, the coverage summary shown, printed and saved, finalizing, and validation in place."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWizard,
)
from store_faults import DISK_FULL_SAID, allow_writes, refuse_writes
from wizard_helpers import (
    COMPANY,
    OTHER_BUSINESS,
    fill_business,
    fill_customer,
    fill_initial_intent,
    fill_plan,
    leave,
    new_interview,
    next_page,
    open_wizard,
    page,
    step_complete,
    to_business,
    whole_interview,
)

from cyberdesk import clock
from cyberdesk.gui import dialogs
from cyberdesk.gui.dialogs import Kind
from cyberdesk.gui.wizard import InterviewWizard
from cyberdesk.japanese.phrases import plain
from cyberdesk.model.interview import Status


def add_wish(key: str):
    def change(confirmation) -> None:
        confirmation.wishes.items[key].click()
    return change


def drop_event(key: str):
    def change(confirmation) -> None:
        confirmation.wishes.events[key].box.click()
    return change


def pdf_text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace(" ", "")


@pytest.mark.dates
@pytest.mark.parametrize(("plan_id", "change", "expected_differences"), [
    ("basic", add_wish("ウ"), {"expense.added.ウ", "expense.not_covered.キ"}),
    ("wide", drop_event("イ"), {"liability.removed.イ"}),
])
def test_whole_interview_reaches_the_database_and_the_summary(
        app, qtbot, store, monkeypatch, tmp_path, plan_id, change, expected_differences):
    interview = new_interview(store)
    wizard = open_wizard(qtbot, store, interview.id)
    # noted by the session's writer, the window not waiting for the disk
    qtbot.waitUntil(lambda: store.setting("open_interview") == interview.id)
    whole_interview(wizard, plan_id, change)
    assert wizard.currentId() == 6
    qtbot.waitUntil(wizard.context.saver.is_idle)  # written by the worker thread, not awaited
    assert store.step_of(interview.id) == 6

    saved = store.get(interview.id)
    c = saved.customer
    assert (c.company_name, c.company_kana, c.postal_code) == (
        COMPANY, "カブシキガイシャサンプルシステムズ", "100-0005")
    assert (c.annual_sales, c.fiscal_month, c.employees) == (12345, 3, 42)
    assert (c.contact_phone, c.contact_email) == ("03-9876-5432", "sato@sample-systems.example.jp")
    assert saved.initial_intent.liability_events == ["ア", "イ"]
    assert saved.initial_intent.expense_items == ["ア", "イ", "キ"]
    assert saved.initial_intent.captured_at is not None
    assert saved.business_categories == [11, 20]
    assert saved.other_business_description == OTHER_BUSINESS
    assert [(p.name, p.role) for p in saved.insured_parties] == [
        ("株式会社販売パートナー", "sales"), ("有限会社下請ソフト", "subcontractor")]
    assert saved.insured_parties[1].note == "保守作業を下請け"
    assert saved.plan == plan_id
    assert saved.proposal_reason
    confirmation = saved.confirmation
    assert set(confirmation.explanations) == expected_differences
    assert all(confirmation.explanations.values())
    assert confirmation.disclosure_handed_over and confirmation.disclosure_explained
    assert confirmation.customer_confirmed and confirmation.confirmed_by == "鈴木 一郎"
    assert confirmation.confirmed_on == clock.today()
    assert confirmation.final.captured_at >= saved.initial_intent.captured_at

    output = page(wizard, "output")
    qtbot.waitUntil(lambda: output.document.pageCount() > 0)
    text = pdf_text(output.pdf)
    assert COMPANY in text
    assert installed_plan_name(plan_id) in text
    assert "✓" in plain(output.summary.text())

    printed = tmp_path / "printed.pdf"
    asked = []

    def person(request):
        """Chooses a file name, prints to a PDF file (as "Print to file" does), says Finalize."""
        asked.append(request.kind)
        if request.kind is Kind.SAVE:
            return str(tmp_path / "summary")
        if request.kind is Kind.PRINT:
            request.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            request.printer.setOutputFileName(str(printed))
            return True
        return 0

    monkeypatch.setattr(dialogs, "responder", person)
    output.save_button.click()
    assert pdf_text((tmp_path / "summary.pdf").read_bytes()) == text
    output.print_button.click()
    assert printed.read_bytes() == output.pdf  # the record itself, never page images
    assert store.audit_trail(interview.id)[-1].fields == ["pdf_file"]  # a file, not a printer
    printed.unlink()
    output.finalize_button.click()  # the paper path; then the customer's copy, printed
    assert asked == [Kind.SAVE, Kind.PRINT, Kind.ASK, Kind.ASK, Kind.PRINT]
    assert store.get(interview.id).status is Status.FINALIZED
    assert printed.read_bytes() == output.pdf and "確定" in pdf_text(output.pdf)
    events = [e.event for e in store.audit_trail(interview.id)]
    assert events[0] == "created"
    assert events[-3:] == ["signed_on_paper", "finalized", "printed"]  # then the customer's copy
    assert events.index("initial_wishes_recorded") < events.index("plans_shown")
    assert wizard.context.read_only
    assert page(wizard, "customer").ui.company_name.isReadOnly()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert store.setting("open_interview") is None


def installed_plan_name(plan_id: str) -> str:
    from cyberdesk.catalogue import installed

    return installed().current().plan(plan_id).full_name


def test_problems_are_shown_next_to_the_field_and_next_waits(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    customer = page(wizard, "customer")
    assert "法人名を入力してください" in plain(plain(customer.summary.text()))
    fill_customer(wizard)
    assert step_complete(wizard)
    customer.ui.postal_code.setText("12-34")
    leave(customer.ui.postal_code)
    label = customer._labels["customer.postal_code"]
    assert label.isVisible() and "123-4567" in plain(label.text())
    assert not step_complete(wizard)
    customer.ui.employees.setText("四十二")
    assert "42名" in plain(customer._labels["customer.employees"].text())
    customer.ui.employees.setText("４２名")
    customer.ui.postal_code.setText("100-0005")
    assert step_complete(wizard)
    assert wizard.context.interview.customer.employees == 42


def test_initial_wishes_need_recording_before_the_plans(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    fill_customer(wizard)
    next_page(wizard)
    intent = page(wizard, "initial_intent")
    intent.wishes.items["キ"].click()
    assert not step_complete(wizard)
    assert "日時" in plain(intent.summary.text())
    intent.record.click()
    assert step_complete(wizard)
    assert "記録" in intent.recorded.text()


def test_business_types_filter_and_the_required_description(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    business = to_business(wizard)
    assert len(business.rows) == 20
    descriptions = [row[2].description for row in business.rows.values()]
    assert all(descriptions)
    business.filter.setText("ソフトウェア")
    visible = {n for n, (row, _c, _cat) in business.rows.items() if not row.isHidden()}
    assert visible == {n for n, (_r, _c, cat) in business.rows.items()
                       if "ソフトウェア" in cat.label + cat.description}
    business.filter.setText("")
    assert not business.description.isVisible()
    business.rows[20][1].click()
    assert business.description.isVisible()
    assert not step_complete(wizard)
    assert "保険証券" in plain(business.summary.text()) or "⑳" in plain(business.summary.text())
    fill_business(wizard, numbers=())
    business.description.setPlainText(OTHER_BUSINESS)
    assert step_complete(wizard)


def test_plan_step_points_out_wishes_only_some_plans_cover(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    fill_customer(wizard)
    next_page(wizard)
    fill_initial_intent(wizard, items=("ア", "キ"))
    next_page(wizard)
    fill_business(wizard, numbers=(11,))
    next_page(wizard)
    next_page(wizard)
    plan = page(wizard, "plan")
    hint = plan.wish_rows["キ"][1]
    assert not hint.isHidden() and "ワイドプラン" in hint.text()
    assert "ベーシックプラン" not in hint.text()
    assert plan.wish_rows["サ"][1].isHidden()
    plan.radios["basic"].click()
    assert not step_complete(wizard)  # the reason is missing
    plan.reason.setPlainText("保険料を抑えたいとのご意向")
    assert not step_complete(wizard)  # the quote is part of the record
    fill_plan(wizard, "basic")
    assert step_complete(wizard)


def test_answers_are_saved_without_closing_and_a_reopened_wizard_resumes(app, qtbot, store):
    interview = new_interview(store)
    wizard = open_wizard(qtbot, store, interview.id)
    fill_customer(wizard)
    next_page(wizard)
    page(wizard, "initial_intent").wishes.other.setPlainText("情報漏えいが心配")
    qtbot.waitUntil(wizard.context.saver.is_idle)
    saved = store.get(interview.id)
    assert saved.customer.company_name == COMPANY
    assert saved.initial_intent.other_wishes == "情報漏えいが心配"
    assert store.step_of(interview.id) == 1
    wizard.button(QWizard.WizardButton.CancelButton).click()  # "Close"
    assert store.setting("open_interview") is None

    again = open_wizard(qtbot, store, interview.id)
    assert again.currentId() == 1
    assert page(again, "customer").ui.company_name.text() == COMPANY
    assert page(again, "initial_intent").wishes.other.toPlainText() == "情報漏えいが心配"
    again.back()
    assert again.currentId() == 0
    assert page(again, "customer").ui.annual_sales.text() == "12,345"


def test_every_input_has_an_accessible_name_and_tab_follows_the_form(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    page(wizard, "insured").add.click()
    kinds = (QLineEdit, QPlainTextEdit, QAbstractButton, QComboBox, QAbstractSpinBox)
    for step_page in wizard.context.pages:
        for widget in step_page.findChildren(kinds[0]) + [
                w for kind in kinds[1:] for w in step_page.findChildren(kind)]:
            if isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
                continue  # the inner editor of a date field speaks through the field
            if isinstance(widget, QAbstractButton) and not widget.isVisibleTo(step_page):
                continue
            name = widget.accessibleName() or (
                widget.text() if isinstance(widget, QAbstractButton) else "")
            assert name, f"{type(step_page).__name__}: {type(widget).__name__} {widget.objectName()}"
    ui = page(wizard, "customer").ui
    wizard.activateWindow()
    ui.company_name.setFocus()
    qtbot.waitUntil(ui.company_name.hasFocus)
    for expected in (ui.company_kana, ui.representative_title, ui.representative_name,
                     ui.postal_code, ui.address, ui.annual_sales):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected


def test_a_finalized_interview_opens_read_only(app, qtbot, store, answers):
    interview = new_interview(store)
    wizard = open_wizard(qtbot, store, interview.id)
    whole_interview(wizard, "wide", add_wish("コ"))
    answers.give(0)
    page(wizard, "output").finalize_button.click()
    wizard.close()
    again = open_wizard(qtbot, store, interview.id)
    assert again.currentId() == 6
    assert again.context.saver is None
    assert not page(again, "output").finalize_button.isEnabled()
    again.back()
    confirmation = page(again, "confirmation")
    assert not confirmation.confirmed.isEnabled()
    assert all(edit.isReadOnly() for edit in confirmation.explanation_edits.values())
    qtbot.mouseClick(confirmation.wishes.events["ウ"].text, Qt.MouseButton.LeftButton)
    assert not confirmation.wishes.events["ウ"].isChecked()  # its text is not a way around
    assert page(again, "customer").ui.company_name.isReadOnly()


def test_finalize_refused_lists_what_is_missing(app, qtbot, store, answers):
    interview = new_interview(store)
    store.set_step(interview.id, 6)
    wizard = open_wizard(qtbot, store, interview.id)
    assert wizard.currentId() == 6
    answers.give(0)
    page(wizard, "output").finalize_button.click()
    warning = answers.requests[-1]
    assert warning.kind is Kind.WARN
    assert "法人名を入力してください" in warning.text
    assert store.get(interview.id).status is Status.DRAFT


def test_english_wizard(app, qtbot, store):
    from cyberdesk.gui.qt_setup import apply_language

    apply_language(app, "en")
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    assert page(wizard, "customer").title() == "Customer details"
    assert "Next" in wizard.button(QWizard.WizardButton.NextButton).text()


def tab_to(qtbot, target, presses: int = 40) -> None:
    """Press Tab until `target` has the focus."""
    for _press in range(presses):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is target


def test_keyboard_alone_records_the_wishes_and_moves_on(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    fill_customer(wizard)
    next_page(wizard)
    intent = page(wizard, "initial_intent")
    wizard.activateWindow()
    first = intent.wishes.events["ア"].box
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Space)
    assert wizard.context.interview.initial_intent.liability_events == ["ア"]
    tab_to(qtbot, intent.record)
    qtbot.keyClick(intent.record, Qt.Key.Key_Space)
    assert wizard.context.interview.initial_intent.captured_at is not None
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    tab_to(qtbot, next_button)
    qtbot.keyClick(next_button, Qt.Key.Key_Space)
    assert wizard.currentId() == 2


def test_explanations_come_first_in_the_tab_order_of_the_confirmation(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    whole_interview(wizard, "basic", add_wish("ウ"))
    wizard.back()
    confirmation = page(wizard, "confirmation")
    edits = list(confirmation.explanation_edits.values())
    assert len(edits) == 2
    assert edits[0].nextInFocusChain() is edits[1]
    assert edits[1].nextInFocusChain() is confirmation.wishes.events["ア"].box


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_step_fits_a_1366x768_laptop_screen(app, qtbot, store, language):
    """Long steps scroll vertically; no step needs more width than the window gives it."""
    from PySide6.QtWidgets import QScrollArea

    from cyberdesk.gui.qt_setup import apply_language

    apply_language(app, language)
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    wizard.resize(1280, 720)  # what the wizard takes on a 1366×768 screen with a taskbar
    page(wizard, "insured").add.click()
    assert wizard.minimumSizeHint().height() <= 720
    for step_page in wizard.context.pages:
        assert wizard.currentPage() is step_page
        QApplication.processEvents()
        if step_page.scrolls:
            viewport = step_page.findChild(QScrollArea).viewport()
            assert step_page.body.minimumSizeHint().width() <= viewport.width(), step_page.title()
        wizard.context.moving_freely = True  # past the problems: this test looks at the layout only
        wizard.next()


def test_a_refused_save_is_reported_in_the_window(app, qtbot, store):
    interview = new_interview(store)
    wizard = open_wizard(qtbot, store, interview.id)
    whole_interview(wizard, "wide", add_wish("コ"))
    qtbot.waitUntil(wizard.context.saver.is_idle)
    store.finalize(interview.id, wizard.context.catalogue)  # locked behind the wizard's back
    wizard.back()
    page(wizard, "confirmation").confirmed_by.setText("鈴木 次郎")
    qtbot.waitUntil(lambda: "保存できませんでした" in plain(wizard.save_label.text()))
    assert store.get(interview.id).confirmation.confirmed_by == "鈴木 一郎"


def test_changing_the_final_wishes_withdraws_the_customers_confirmation(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    whole_interview(wizard, "wide", add_wish("コ"))
    wizard.back()
    confirmation = page(wizard, "confirmation")
    assert wizard.context.interview.confirmation.customer_confirmed
    confirmation.wishes.items["サ"].click()
    final = wizard.context.interview.confirmation
    assert not final.customer_confirmed and final.final.captured_at is None
    assert not confirmation.confirmed.isChecked()
    assert "expense.added.サ" in confirmation.explanation_edits
    assert not step_complete(wizard)


def test_insured_parties_are_added_and_removed_by_row(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    insured = page(wizard, "insured")
    for name in ("一社目", "二社目", "三社目"):
        insured.add.click()
        insured.party_rows[-1][0].setText(name)
    insured.party_rows[1][3].click()  # remove 二社目
    assert [p.name for p in wizard.context.interview.insured_parties] == ["一社目", "三社目"]
    assert [row[0].text() for row in insured.party_rows] == ["一社目", "三社目"]
    assert "insured_parties[1].role" in {p.field for p in insured.problems()}


def test_the_app_quitting_with_the_wizard_open_keeps_it_for_the_next_start(app, qtbot, store):
    interview = new_interview(store)
    wizard = open_wizard(qtbot, store, interview.id)
    fill_customer(wizard)
    wizard.close()  # what QApplication.quit() does to every open window
    assert store.setting("open_interview") == interview.id
    assert store.get(interview.id).customer.company_name == COMPANY  # flushed on the way out


def test_an_interview_of_a_catalogue_not_installed_is_refused_by_name(app, store):
    from cyberdesk.catalogue import CatalogueError
    from cyberdesk.model.interview import Interview

    interview = store.add(Interview(catalogue_id="ms-cyberprotector-it", catalogue_version="1999.1"))
    with pytest.raises(CatalogueError, match=r"1999\.1"):
        InterviewWizard(store, interview.id)


def test_finalize_never_locks_an_older_copy_than_the_one_on_screen(app, qtbot, store, answers):
    """The last autosave failed (SQLite refused the write): Finalize must not lock the older
    stored copy. It refuses with the reason, and once the write succeeds it locks what is shown."""
    interview = new_interview(store)
    wizard = open_wizard(qtbot, store, interview.id)
    whole_interview(wizard, "wide", add_wish("コ"))
    qtbot.waitUntil(wizard.context.saver.is_idle)
    wizard.back()
    refuse_writes(store, "鈴木 次郎")
    page(wizard, "confirmation").confirmed_by.setText("鈴木 次郎")
    qtbot.waitUntil(lambda: "保存できませんでした" in plain(wizard.save_label.text()))
    next_page(wizard)
    answers.give(0)  # 確定する
    page(wizard, "output").finalize_button.click()
    assert store.get(interview.id).status is Status.DRAFT  # the stale copy was not locked
    refusal = answers.requests[-1]
    assert refusal.kind is Kind.WARN and DISK_FULL_SAID in refusal.text
    assert not wizard.context.read_only
    allow_writes(store)
    answers.give(0)
    page(wizard, "output").finalize_button.click()
    stored = store.get(interview.id)
    assert stored.status is Status.FINALIZED
    assert stored.confirmation.confirmed_by == "鈴木 次郎"


def test_a_character_the_print_lacks_is_named_under_its_field_with_its_substitute(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    customer = page(wizard, "customer")
    fill_customer(wizard)
    customer.ui.company_name.setText("株式会社𠮷野家")
    leave(customer.ui.company_name)
    label = customer._labels["customer.company_name"]
    assert label.isVisible() and "「𠮷」" in plain(label.text()) and "「吉」" in plain(label.text())
    assert step_complete(wizard)  # a warning: the name is kept as typed
    customer.ui.company_name.setText("株式会社吉野家")
    assert not label.isVisible()


def test_finalize_shows_stored_and_printed_names_and_records_the_acceptance(app, qtbot, store,
                                                                           answers):
    interview = new_interview(store)
    wizard = open_wizard(qtbot, store, interview.id)
    whole_interview(wizard, "wide", add_wish("コ"))
    wizard.context.session.interview.customer.company_name = "株式会社𠮷野家"
    output = page(wizard, "output")
    answers.give(0, 1)  # finalize; then "correct them": nothing is locked
    output.finalize_button.click()
    substitute = answers.requests[-1]
    assert "「株式会社𠮷野家」" in substitute.text and "「株式会社吉野家」" in substitute.text
    assert store.get(interview.id).status is Status.DRAFT
    answers.give(0, 0)  # finalize; accept the substitute
    output.finalize_button.click()
    stored = store.get(interview.id)
    assert stored.status is Status.FINALIZED
    [accepted] = stored.name_substitutes
    assert (accepted.field, accepted.printed) == ("customer.company_name", "株式会社吉野家")
    events = [e.event for e in store.audit_trail(interview.id)]
    assert events[-3:] == ["substitutes_accepted", "signed_on_paper", "finalized"]
