"""Driving the interview wizard through its real widgets, as an agent would: shared by the wizard
tests, the kill-test driver process and scripts/screenshots_wizard.py.

Japanese text goes in with setText (typing it key by key aborts Qt's test helper); ASCII is typed.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard

from cyberdesk.catalogue import installed
from cyberdesk.clock import today
from cyberdesk.model.interview import Agent, Interview
from cyberdesk.store.store import Store

AGENT = Agent(agency_name="さくら保険サービス株式会社", agency_code="A1234-56", agent_name="山田 花子",
              phone="03-1234-5678", email="yamada@sakura-hoken.example.jp")
COMPANY = "株式会社サンプルシステムズ"
OTHER_BUSINESS = "自社開発の勤怠管理クラウドの導入支援"


def open_wizard(qtbot, store: Store, interview_id: str, active: bool = False):
    """The interview's wizard shown (and made the active window when `active`: keys then reach
    its shortcuts)."""
    from cyberdesk.gui.wizard import InterviewWizard

    wizard = InterviewWizard(store, interview_id)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    if active:
        wizard.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    return wizard


def new_interview(store: Store) -> Interview:
    """A new draft as the main window makes it: the agent profile and today's catalogue."""
    catalogue = installed().current()
    return store.add(Interview(agent=Agent(**vars(AGENT)), catalogue_id=catalogue.id,
                               catalogue_version=catalogue.version))


def type_ascii(widget, text: str) -> None:
    QTest.keyClicks(widget, text)


def page(wizard, step: str):
    from cyberdesk.model.validation import STEPS

    return wizard.context.pages[STEPS.index(step)]


def step_complete(wizard) -> bool:
    """Nothing is missing on the step shown (Next moves on rather than pointing at problems)."""
    return not wizard.currentPage().problems()


def next_page(wizard) -> None:
    """Next, as the agent clicks it; the step must be complete and the wizard move on."""
    before = wizard.currentId()
    assert step_complete(wizard), page(wizard, _current_step(wizard)).summary.text()
    wizard.button(QWizard.WizardButton.NextButton).click()
    QApplication.processEvents()
    assert wizard.currentId() == before + 1


def _current_step(wizard) -> str:
    from cyberdesk.model.validation import STEPS

    return STEPS[wizard.currentId()]


def fill_customer(wizard) -> None:
    ui = page(wizard, "customer").ui
    ui.company_name.setText(COMPANY)
    ui.company_kana.setText("かぶしきがいしゃさんぷるしすてむず")  # hiragana, stored as katakana
    ui.representative_title.setText("代表取締役")
    ui.representative_name.setText("鈴木 一郎")
    ui.postal_code.setText("１００－０００５")  # full-width, stored as 100-0005
    ui.address.setText("東京都千代田区丸の内一丁目1番1号")
    ui.contact_name.setText("佐藤 次郎")
    ui.contact_department.setText("総務部")
    type_ascii(ui.contact_phone, "03-9876-5432")
    type_ascii(ui.contact_email, "sato@sample-systems.example.jp")
    ui.annual_sales.setText("１２，３４５")  # 千円, full-width digits and comma
    ui.fiscal_month.setCurrentIndex(ui.fiscal_month.findData(3))
    type_ascii(ui.employees, "42")
    for edit in page(wizard, "customer").body.findChildren(QLineEdit):
        leave(edit)


def leave(edit) -> None:
    """What leaving a field does (focus moving on): the field shows its normalised value."""
    edit.editingFinished.emit()


def fill_initial_intent(wizard, events=("ア", "イ"), items=("ア", "イ", "キ")) -> None:
    intent = page(wizard, "initial_intent")
    for key in events:
        intent.wishes.events[key].box.click()
    for key in items:
        intent.wishes.items[key].click()
    intent.wishes.other.setPlainText("取引先への賠償と、事故後の調査費用が心配")
    intent.record.click()


def fill_business(wizard, numbers=(11, 20)) -> None:
    business = page(wizard, "business")
    for number in numbers:
        business.rows[number][1].click()
    if 20 in numbers:
        business.description.setPlainText(OTHER_BUSINESS)


def fill_insured(wizard) -> None:
    insured = page(wizard, "insured")
    for name, role in (("株式会社販売パートナー", "sales"), ("有限会社下請ソフト", "subcontractor")):
        insured.add.click()
        name_edit, role_box, _note, _remove = insured.party_rows[-1]
        name_edit.setText(name)
        role_box.setCurrentIndex(role_box.findData(role))
    insured.party_rows[-1][2].setText("保守作業を下請け")


def fill_plan(wizard, plan_id: str) -> None:
    plan = page(wizard, "plan")
    plan.radios[plan_id].click()
    plan.reason.setPlainText("当初意向の調査費用を補償し、保険料とのバランスがよいため")
    start = today() + timedelta(days=1)  # a year from tomorrow: no reason needed
    for name, text in (("number", "MS2611-0042187"), ("period_start", start.isoformat()),
                       ("period_end", start.replace(year=start.year + 1).isoformat()),
                       ("annual_premium", "186420"), ("payment_method", "一括払"),
                       ("liability_limit", "1億")):  # as the insurer's quote says
        plan.quote_edits[name].setText(text)
        leave(plan.quote_edits[name])


def fill_confirmation(wizard, explanation: str = "お客さまと相談のうえ変更") -> None:
    confirmation = page(wizard, "confirmation")
    confirmation.handed.click()
    confirmation.explained.click()
    for edit in confirmation.explanation_edits.values():
        edit.setText(explanation)
    confirmation.confirmed_by.setText("鈴木 一郎")
    confirmation.confirmed.click()


def to_business(wizard):
    """Steps 1 and 2 answered; the wizard on step 3 (業務区分), its page returned."""
    fill_customer(wizard)
    next_page(wizard)
    fill_initial_intent(wizard)
    next_page(wizard)
    return page(wizard, "business")


def through_insured(wizard) -> None:
    """Steps 1–4 answered in order; the wizard left on step 4 (被保険者の範囲)."""
    to_business(wizard)
    fill_business(wizard)
    next_page(wizard)
    fill_insured(wizard)


def whole_interview(wizard, plan_id: str, change_final) -> None:
    """Steps 1–6 in order; `change_final(confirmation_page)` edits the final wishes."""
    through_insured(wizard)
    next_page(wizard)
    fill_plan(wizard, plan_id)
    next_page(wizard)
    change_final(page(wizard, "confirmation"))
    fill_confirmation(wizard)
    next_page(wizard)


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
