"""The wizard in front of the customer, through its real widgets: calm validation, moving freely,
the keyboard, numbers as people say them, the postal lookup, the language and zoom switched in
place, and times shown as the PDF prints them."""

from __future__ import annotations

from datetime import date, timedelta

import budoux
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard
from wizard_helpers import (
    COMPANY,
    fill_business,
    fill_confirmation,
    fill_customer,
    fill_initial_intent,
    fill_insured,
    fill_plan,
    leave,
    new_interview,
    next_page,
    page,
    through_insured,
    to_business,
    whole_interview,
)
from wizard_helpers import open_wizard as open_active_wizard

from cyberdesk.clock import today
from cyberdesk.japanese.formatting import moment
from cyberdesk.japanese.phrases import keep_phrases, plain
from cyberdesk.store.store import Store


def open_wizard(qtbot, store: Store, interview_id: str):
    return open_active_wizard(qtbot, store, interview_id, active=True)  # keys reach its shortcuts


def shown_problems(step_page) -> list[str]:
    return [path for path, label in step_page._labels.items() if label.isVisibleTo(step_page)]


def up_to_confirmation(wizard) -> None:
    through_insured(wizard)
    next_page(wizard)
    fill_plan(wizard, "basic")
    next_page(wizard)


# Calm validation -------------------------------------------------------------------------

def test_a_new_interview_shows_no_problem_until_next_is_tried(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    customer = page(wizard, "customer")
    assert shown_problems(customer) == []  # 決算月 was red at once
    summary = plain(customer.summary.text()).splitlines()
    assert len(summary) <= 5 and summary[-1].startswith("…ほか")  # a short list, never a paragraph
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == 0
    assert {"customer.company_name", "customer.fiscal_month"} <= set(shown_problems(customer))
    qtbot.waitUntil(customer.ui.company_name.hasFocus)  # the first problem takes the cursor


def company_name_emptied(qtbot, store):
    """A new interview's wizard whose 法人名 was typed, emptied and left: (wizard, its page)."""
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    customer = page(wizard, "customer")
    customer.ui.company_name.setText("株式会社")
    customer.ui.company_name.setText("")
    leave(customer.ui.company_name)
    return wizard, customer


def test_a_field_speaks_up_once_it_was_visited(app, qtbot, store):
    _wizard, customer = company_name_emptied(qtbot, store)
    assert shown_problems(customer) == ["customer.company_name"]


def test_tabbing_past_an_empty_field_leaves_it_calm(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    customer = page(wizard, "customer")
    qtbot.waitUntil(customer.ui.company_name.hasFocus)
    for _field in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is customer.ui.postal_code
    assert shown_problems(customer) == []  # 法人名 and フリガナ were red after a Tab past them


def test_the_confirmation_step_opens_without_red_lines(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    up_to_confirmation(wizard)
    confirmation = page(wizard, "confirmation")
    assert shown_problems(confirmation) == []  # it opened with five red lines
    assert len(plain(confirmation.summary.text()).splitlines()) <= 5


def line_texts(text: str, width: int, font) -> list[str]:
    """The lines Qt makes of `text` in a word-wrapped label `width` pixels wide."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(plain(text[line.textStart():line.textStart() + line.textLength()]))
    layout.endLayout()
    return lines


def test_japanese_labels_wrap_between_phrases_never_inside_one(app):
    text = "まだ入力されていない項目があります。法人名のフリガナを入力してください。自動保存しました。"
    phrases = budoux.load_default_japanese_parser().parse(text)
    ends, position = set(), 0
    for phrase in phrases:
        position += len(phrase)
        ends.add(position)
    for width in range(80, 400, 7):
        lines = line_texts(keep_phrases(text), width, app.font())
        assert "".join(lines) == text
        position = 0
        for line in lines[:-1]:
            position += len(line)
            assert position in ends, (width, lines)  # 「くださ／い」 cannot happen


# Moving freely ---------------------------------------------------------------------------

def test_the_step_list_moves_to_any_step_its_earlier_steps_allow(app, qtbot, store):
    interview = new_interview(store)
    wizard = open_wizard(qtbot, store, interview.id)
    steps = wizard.step_list
    steps.itemClicked.emit(steps.item(3))
    assert wizard.currentId() == 0  # steps 1–3 are not complete yet
    whole_interview(wizard, "wide", lambda _page: None)
    assert wizard.currentId() == 6
    steps.itemClicked.emit(steps.item(0))  # a typo in the company name, seen on step 7
    assert wizard.currentId() == 0
    page(wizard, "customer").ui.company_name.setText(COMPANY + "ホールディングス")
    qtbot.keyClick(wizard, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert wizard.currentId() == 5
    qtbot.waitUntil(wizard.context.saver.is_idle)
    assert store.get(interview.id).customer.company_name == COMPANY + "ホールディングス"
    assert store.step_of(interview.id) == 5


def test_escape_never_closes_the_wizard(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    qtbot.keyClick(page(wizard, "customer").ui.company_name, Qt.Key.Key_Escape)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible()
    qtbot.keyClick(wizard, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)  # Close does
    assert not wizard.isVisible()
    assert "ステップ1「顧客情報」" in wizard.closing_note


# Keyboard ----------------------------------------------------------------------------------

def test_each_step_opens_with_the_cursor_in_its_first_field(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    qtbot.waitUntil(page(wizard, "customer").ui.company_name.hasFocus)
    fill_customer(wizard)
    next_page(wizard)
    intent = page(wizard, "initial_intent")
    qtbot.waitUntil(intent.wishes.events["ア"].box.hasFocus)
    fill_initial_intent(wizard)
    next_page(wizard)
    qtbot.waitUntil(page(wizard, "business").filter.hasFocus)


def focus_shows(widget) -> bool:
    """The focus can be seen: a caret in a text field, or the coloured band behind a checkbox,
    a radio (with its words, for a long wish) or a button."""
    from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QPlainTextEdit, QRadioButton

    from cyberdesk.gui.wizard.page import FOCUS_COLOUR, WrapCheck

    if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox | QComboBox):
        return True
    if not isinstance(widget, QCheckBox | QRadioButton):
        return widget.hasFocus()  # a push button: the style draws its focus frame
    band = widget.parentWidget() if isinstance(widget.parentWidget(), WrapCheck) else widget
    image = band.grab().toImage()
    return band.autoFillBackground() and image.pixelColor(image.width() - 2, 1) == FOCUS_COLOUR


def test_every_step_opens_with_a_visible_focus(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    fillers = [fill_customer, fill_initial_intent, fill_business, fill_insured,
               lambda w: fill_plan(w, "wide"), fill_confirmation]
    seen = []
    for step in range(7):
        step_page = wizard.currentPage()
        qtbot.waitUntil(lambda: step_page.isAncestorOf(QApplication.focusWidget()))  # noqa: B023
        focus = QApplication.focusWidget()
        seen.append(type(focus).__name__)
        assert focus_shows(focus), (step + 1, type(focus).__name__)
        if step < 6:
            fillers[step](wizard)
            next_page(wizard)
    assert {"QCheckBox", "QRadioButton"} <= set(seen)  # steps 2, 5 and 6 start on these


def test_arrows_choose_a_plan(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    up_to_confirmation(wizard)
    wizard.back()
    plan = page(wizard, "plan")
    plan.radios["basic"].click()
    qtbot.keyClick(plan.radios["basic"], Qt.Key.Key_Right)
    assert wizard.context.interview.plan == "wide" and plan.radios["wide"].hasFocus()
    qtbot.keyClick(plan.radios["wide"], Qt.Key.Key_Left)
    assert wizard.context.interview.plan == "basic"


def up_to_plan(wizard):
    up_to_confirmation(wizard)
    wizard.back()
    plan = page(wizard, "plan")
    for edit in plan.quote_edits.values():
        edit.clear()
    return plan


def test_the_period_end_follows_its_start_a_year_on_until_the_agent_types_one(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    plan = up_to_plan(wizard)
    quote, edits = wizard.context.interview.quote, plan.quote_edits
    day = wizard.context.interview.interview_date + timedelta(days=1)
    qtbot.keyClicks(edits["period_start"], day.strftime("%m%d"))  # the year follows from the interview
    assert quote.period_start == day
    assert "（令和" in plan.readbacks["period_start"].text()  # the date in full, at once
    end = day.replace(year=day.year + 1)
    assert quote.period_end == end and edits["period_end"].text() == end.isoformat()
    assert "始期の1年後" in plan.readbacks["period_end"].text()  # proposed: to check, said so
    leave(edits["period_start"])
    assert edits["period_start"].text() == day.isoformat()  # shown back in full
    assert "quote.period_end" not in shown_problems(plan)
    edits["period_start"].setText((day + timedelta(days=1)).isoformat())  # a slip corrected
    assert quote.period_end == end + timedelta(days=1)
    edits["period_end"].setText(f"{end.year}/3/31")  # the quote says otherwise: the agent's end
    edits["period_start"].setText(day.isoformat())
    assert quote.period_end == date(end.year, 3, 31)
    assert "始期の1年後" not in plan.readbacks["period_end"].text()


def test_a_short_date_that_is_no_date_is_refused_by_name(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    plan = up_to_plan(wizard)
    qtbot.keyClicks(plan.quote_edits["period_start"], "13/1")
    leave(plan.quote_edits["period_start"])
    assert wizard.context.interview.quote.period_start is None
    assert "0401" in plain(plan._labels["quote.period_start"].text())  # with examples that work
    plan.quote_edits["retroactive_date"].setText("4/1")  # a past date: its year is always typed
    assert wizard.context.interview.quote.retroactive_date is None


def test_enter_in_the_quote_goes_to_the_next_field_it_still_needs(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    plan = up_to_plan(wizard)
    edits = plan.quote_edits
    edits["number"].setFocus()
    qtbot.waitUntil(edits["number"].hasFocus)
    for name, text in (("number", "MS2611-0042187"), ("period_start", "0401"),
                       ("annual_premium", "186420"), ("payment_method", "一括払")):
        assert QApplication.focusWidget() is edits[name], name  # the proposed end is passed by
        edits[name].insert(text) if not text.isascii() else qtbot.keyClicks(edits[name], text)
        qtbot.keyClick(edits[name], Qt.Key.Key_Return)
    assert QApplication.focusWidget() is edits["liability_limit"]
    edits["number"].clear()
    qtbot.keyClicks(edits["liability_limit"], "100000000")
    qtbot.keyClick(edits["liability_limit"], Qt.Key.Key_Return)
    assert QApplication.focusWidget() is edits["number"] and wizard.currentId() == 4  # what is left
    qtbot.keyClicks(edits["number"], "MS2611-0042187")
    qtbot.keyClick(edits["number"], Qt.Key.Key_Return)  # nothing left: Enter is Next
    assert wizard.currentId() == 5


def test_a_number_and_enter_in_the_filter_tick_that_business_type(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    business = to_business(wizard)
    qtbot.waitUntil(business.filter.hasFocus)
    business.filter.setText("ソフトウェア")  # several types: Enter ticks none of them
    qtbot.keyClick(business.filter, Qt.Key.Key_Return)
    assert wizard.context.interview.business_categories == [] and wizard.currentId() == 2
    business.filter.clear()
    qtbot.keyClicks(business.filter, "11")
    qtbot.keyClick(business.filter, Qt.Key.Key_Return)
    assert wizard.context.interview.business_categories == [11]
    assert business.filter.selectedText() == "11"  # the next number replaces it
    business.filter.insert("３")  # full width, from the IME: it replaces the selected 11
    qtbot.keyClick(business.filter, Qt.Key.Key_Space)
    assert wizard.context.interview.business_categories == [3, 11]
    qtbot.keyClick(business.filter, Qt.Key.Key_Space)  # again: unticked, as Space on its box
    assert wizard.context.interview.business_categories == [11]
    assert wizard.currentId() == 2


def test_the_confirmation_step_opens_on_the_first_thing_still_to_do(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    up_to_confirmation(wizard)  # 基本 for a wish of キ, which only ワイド covers: one difference
    confirmation = page(wizard, "confirmation")
    [edit] = confirmation.explanation_edits.values()
    qtbot.waitUntil(edit.hasFocus)
    edit.setText("保険料を抑えたいとのご意向のため")
    confirmation.handed.click()
    wizard.back()
    next_page(wizard)
    qtbot.waitUntil(confirmation.explained.hasFocus)  # the wishes above are as they were heard
    confirmation.explained.click()
    wizard.back()
    next_page(wizard)
    qtbot.waitUntil(confirmation.confirmed.hasFocus)
    assert focus_shows(confirmation.confirmed)


def test_enter_records_the_initial_wishes_then_moves_on(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    fill_customer(wizard)
    next_page(wizard)
    intent = page(wizard, "initial_intent")
    box = intent.wishes.events["ア"].box
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert wizard.context.interview.initial_intent.captured_at is None
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert wizard.context.interview.initial_intent.captured_at is not None and wizard.currentId() == 1
    assert "Enter" in intent.record.toolTip()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # recorded: Enter is Next, the time is not moved
    assert wizard.currentId() == 2


def test_a_new_difference_takes_the_cursor_to_its_explanation(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    up_to_confirmation(wizard)
    confirmation = page(wizard, "confirmation")
    confirmation.wishes.items["ウ"].click()
    edit = confirmation.explanation_edits["expense.added.ウ"]
    qtbot.waitUntil(edit.hasFocus)


def test_every_wizard_action_names_its_key_in_the_tooltip(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    for button in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CancelButton):
        assert "Ctrl+" in wizard.button(button).toolTip()
    assert "Ctrl+L" in wizard.language_button.toolTip()
    assert "Ctrl+1" in wizard.step_list.item(0).toolTip()


# Numbers, the postal code, times ---------------------------------------------------------------

def test_sales_as_people_say_them_with_a_readback(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    customer = page(wizard, "customer")
    customer.ui.annual_sales.setText("4.8億")
    assert wizard.context.interview.customer.annual_sales == 480_000  # 千円
    assert plain(customer.sales_readback.text()) == "＝ 4億8,000万円"
    leave(customer.ui.annual_sales)
    assert customer.ui.annual_sales.text() == "480,000"
    customer.ui.annual_sales.setText("４８０，０００円")
    assert plain(customer.sales_readback.text()) == "＝ 48万円"
    customer.ui.annual_sales.setText("4.8")
    assert wizard.context.interview.customer.annual_sales is None
    message = plain(customer._labels["customer.annual_sales"].text())
    assert "4.8億" in message and "48,000,000円" in message  # refused with examples that work
    customer.ui.employees.setText("４２名")
    assert wizard.context.interview.customer.employees == 42


def test_the_postal_code_fills_the_address_which_stays_editable(app, qtbot, store, monkeypatch):
    from cyberdesk.gui import dialogs

    asked = []
    monkeypatch.setattr(dialogs, "responder", lambda request: asked.append(request) or 1)  # keep
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    ui = page(wizard, "customer").ui
    ui.postal_code.setText("１６０－００２３")
    leave(ui.postal_code)
    assert ui.address.text() == "東京都新宿区西新宿"
    assert not ui.address.isReadOnly()
    ui.address.setText("東京都新宿区西新宿二丁目8番1号")
    ui.postal_code.setText("100-0005")
    leave(ui.postal_code)
    assert "東京都新宿区西新宿二丁目8番1号" in asked[0].text  # typed by the agent: asked first
    assert wizard.context.interview.customer.address == "東京都新宿区西新宿二丁目8番1号"  # kept


def test_a_changed_postal_code_replaces_the_address_it_filled(app, qtbot, store, monkeypatch):
    from cyberdesk.gui import dialogs

    asked = []
    monkeypatch.setattr(dialogs, "responder", lambda request: asked.append(request) or 0)  # replace
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    customer = page(wizard, "customer")
    ui = customer.ui
    ui.postal_code.setText("100-0001")
    leave(ui.postal_code)
    assert ui.address.text() == "東京都千代田区千代田"
    ui.postal_code.setText("160-0023")  # a slip corrected: the filled address follows, unasked
    leave(ui.postal_code)
    assert ui.address.text() == "東京都新宿区西新宿" and asked == []
    ui.address.setText("東京都新宿区西新宿2-8-1")
    ui.postal_code.setText("〒１００－０００５")  # the 〒 mark and full width: one code, no error
    leave(ui.postal_code)
    assert len(asked) == 1 and wizard.context.interview.customer.address == "東京都千代田区丸の内"
    assert wizard.context.interview.customer.postal_code == "100-0005"
    assert shown_problems(customer) == []


def test_an_unknown_postal_code_is_said_and_a_malformed_one_once(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    customer = page(wizard, "customer")
    ui = customer.ui
    ui.postal_code.setText("〒999-9999")
    leave(ui.postal_code)
    assert ui.address.text() == ""
    assert "日本郵便" in plain(customer._labels["customer.postal_code"].text())
    ui.postal_code.setText("〒150-00022")
    leave(ui.postal_code)
    assert len(plain(customer._labels["customer.postal_code"].text()).splitlines()) == 1


def test_the_company_name_typed_in_kana_fills_its_reading(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    ui = page(wizard, "customer").ui
    ime_send(ui.company_name, "株式会社", "かぶしきがいしゃ")
    ime_send(ui.company_name, "サンプル", "さんぷる")
    leave(ui.company_name)
    assert ui.company_kana.text() == "カブシキガイシャサンプル"
    assert wizard.context.interview.customer.company_kana == "カブシキガイシャサンプル"
    ime_send(ui.company_name, "システムズ", "しすてむず")  # more of the name: the reading follows
    leave(ui.company_name)
    assert ui.company_kana.text() == "カブシキガイシャサンプルシステムズ"
    qtbot.keyClick(ui.company_name, Qt.Key.Key_Backspace)  # corrected by hand: not certain
    leave(ui.company_name)
    assert ui.company_kana.text() == "カブシキガイシャサンプルシステムズ"  # kept, never guessed
    ui.company_name.clear()
    ui.company_kana.setText("サンプルシステムズ")  # the agent's own reading
    ime_send(ui.company_name, "株式会社サンプルシステムズ", "かぶしきがいしゃさんぷるしすてむず")
    leave(ui.company_name)
    assert ui.company_kana.text() == "サンプルシステムズ"  # never typed over


def test_a_phone_number_typed_as_digits_is_hyphenated_on_leaving(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    ui = page(wizard, "customer").ui
    qtbot.keyClicks(ui.contact_phone, "0398765432")  # the number pad, no hyphen
    leave(ui.contact_phone)
    assert ui.contact_phone.text() == "03-9876-5432"
    assert wizard.context.interview.customer.contact_phone == "03-9876-5432"
    ui.contact_phone.setText("０４２２１２３４５６")  # 0422 or 042: only the area-code table knows
    leave(ui.contact_phone)
    assert wizard.context.interview.customer.contact_phone == "0422123456"


def test_the_screen_shows_the_time_the_pdf_prints(app, qtbot, store):
    from cyberdesk.services.pdf.content import build as build_summary

    wizard = open_wizard(qtbot, store, new_interview(store).id)
    fill_customer(wizard)
    next_page(wizard)
    fill_initial_intent(wizard)
    captured = wizard.context.interview.initial_intent.captured_at
    shown = page(wizard, "initial_intent").recorded.text()
    printed = build_summary(wizard.context.interview, wizard.context.catalogue).wishes.initial_heard
    assert moment(captured) in shown and printed == moment(captured) and printed.endswith("JST")


# Language and zoom ---------------------------------------------------------------------------

def test_the_language_switches_with_the_interview_open(app, qtbot, store):
    interview = new_interview(store)
    wizard = open_wizard(qtbot, store, interview.id)
    fill_customer(wizard)
    next_page(wizard)
    page(wizard, "initial_intent").wishes.items["キ"].click()
    qtbot.keyClick(wizard, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert wizard.currentId() == 1
    assert wizard.currentPage().title() == "Grasping the wishes"
    assert page(wizard, "initial_intent").wishes.items["キ"].isChecked()  # the answers stay
    assert page(wizard, "customer").ui.fiscal_month.currentText() == "March"
    assert store.setting("language") == "en"
    wizard.language_button.click()
    assert wizard.currentPage().title() == "意向把握"
    assert store.setting("language") == "ja"


def test_dates_read_as_the_pdf_writes_them(app, qtbot, store):
    from datetime import date

    from cyberdesk.japanese.formatting import seireki, wareki

    wizard = open_wizard(qtbot, store, new_interview(store).id)
    customer = page(wizard, "customer")
    day = wizard.context.interview.interview_date
    assert customer.ui.interview_date.text() == seireki(day)  # not 2026-12-01 beside 2026年12月1日
    assert wareki(day) in customer.era.text() and customer.era.isVisibleTo(customer)
    customer.ui.interview_date.setDate(date(2027, 4, 1))
    assert customer.era.text() == "（令和9年4月1日）"
    assert page(wizard, "confirmation").confirmed_on.displayFormat() == "yyyy年M月d日"


def test_a_problem_shown_stays_shown_in_the_other_language(app, qtbot, store):
    wizard, customer = company_name_emptied(qtbot, store)
    assert shown_problems(customer) == ["customer.company_name"]
    wizard.switch_language()
    try:
        customer = page(wizard, "customer")  # rebuilt in English
        assert shown_problems(customer) == ["customer.company_name"]  # it vanished on the switch
        assert plain(customer._labels["customer.company_name"].text()) == "Enter the company name."
    finally:
        wizard.switch_language()


def test_ctrl_plus_and_minus_zoom_the_wizard_for_the_customer(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    field = page(wizard, "customer").ui.company_name
    normal = field.font().pointSizeF()
    qtbot.keyClick(wizard, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(wizard, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert field.font().pointSizeF() == pytest.approx(normal * 1.3)
    qtbot.keyClick(wizard, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert field.font().pointSizeF() == pytest.approx(normal * 1.15)
    qtbot.keyClick(wizard, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert field.font().pointSizeF() == pytest.approx(normal)
    QApplication.processEvents()


def ime_send(widget, text: str, reading: str = "") -> None:
    """What a Japanese input method sends a field: the kana as they are typed (preedit), their
    conversion, then the commit."""
    from PySide6.QtGui import QInputMethodEvent

    for shown in [reading[:end] for end in range(1, len(reading) + 1)] + ([text] if reading else []):
        QApplication.sendEvent(widget, QInputMethodEvent(shown, []))
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


class Keyboard:
    """The agent's hands on the keyboard: every key goes to the widget that has the focus, and
    is counted (a chord such as Ctrl+PgDown is one press, each ASCII character typed is one).
    Japanese arrives as an input-method commit (what an IME hands the field when the agent
    confirms a conversion), counted as ONE press per commit; the romaji keys typed inside the IME
    before it are not counted."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.presses = 0
        self.typed = 0
        self.commits = 0

    def focus(self):
        return QApplication.focusWidget()

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        for _time in range(times):
            self.qtbot.keyClick(self.focus(), key, modifier)
            QApplication.processEvents()  # the event loop runs between two keys
            self.presses += 1

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus(), text)
        self.presses += len(text)
        self.typed += len(text)

    def commit(self, text: str, reading: str = "") -> None:
        """`text` committed by the input method, after it showed `reading` (the kana typed, then
        converted): what an IME sends the field. One press, whatever the reading's length."""
        ime_send(self.focus(), text, reading)
        self.presses += 1
        self.commits += 1

    def tab_to(self, target, limit: int = 30) -> None:
        for _press in range(limit):
            if self.focus() is target:
                return
            self.press(Qt.Key.Key_Tab)
        assert self.focus() is target

    def next_step(self) -> None:
        self.press(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)


# The whole interview, steps 1–7 with the insurer's quote and finalizing: 114 presses = 40 keys
# and chords + 65 typed ASCII characters + 9 Japanese commits counted one press each (with a
# romaji IME those 9 are ~172 keystrokes, so ~277 in all). By step: 1 顧客情報 62 (45 characters
# of data, 4 commits, 12 Tabs and Enter), 2 意向把握 8, 3 業務区分 4, 4 被保険者 1, 5 プラン選択 30
# (the quote 26 of them: a Tab, 14 + 4 characters, 3 commits, 4 Enters), 6 意向確認 8, 7 出力 1.
# It was 140 once the quote was required (43 for the quote): フリガナ comes from the kana typed
# for 法人名, the period is typed 1203 and its end proposed a year on, Enter goes to the quote's
# next empty field, Enter ticks ⑪ and records the wishes, 意向確認 opens on its first checkbox,
# the phone is typed as digits.
# Without the quote (which the record came to require after issue 21 set its bound of 100 for
# the interview as it then was) the same interview takes 88.
WHOLE_INTERVIEW_BOUND = 114
QUOTE_BOUND = 26  # of which: copying the quote
INTERVIEW_BOUND = 100  # the rest: the interview issue 21 counted


def test_a_whole_interview_by_keyboard_alone(app, qtbot, store, monkeypatch):
    from cyberdesk.gui import dialogs
    from cyberdesk.model.interview import Status

    asked = []
    monkeypatch.setattr(dialogs, "responder", lambda request: asked.append(request) or 0)  # 確定する
    interview = new_interview(store)
    wizard = open_wizard(qtbot, store, interview.id)
    keys = Keyboard(qtbot)
    ui = page(wizard, "customer").ui
    qtbot.waitUntil(ui.company_name.hasFocus)
    keys.commit(COMPANY, reading="かぶしきがいしゃさんぷるしすてむず")
    keys.press(Qt.Key.Key_Tab)
    assert ui.company_kana.text() == "カブシキガイシャサンプルシステムズ"  # the kana typed for 法人名
    keys.press(Qt.Key.Key_Tab)
    for text in ("代表取締役", "鈴木 一郎"):
        keys.commit(text)
        keys.press(Qt.Key.Key_Tab)
    keys.type("1600023")
    keys.press(Qt.Key.Key_Tab)  # 所在地 comes from the postal code; the street number is added
    assert keys.focus() is ui.address and ui.address.text() == "東京都新宿区西新宿"
    keys.type("2-8-1")
    keys.press(Qt.Key.Key_Tab)
    keys.type("48000")  # 千円
    keys.press(Qt.Key.Key_Tab)
    keys.type("3")  # 決算月: 3月 (the list jumps to the month typed)
    keys.press(Qt.Key.Key_Tab)
    keys.type("42")
    keys.press(Qt.Key.Key_Tab)
    keys.commit("佐藤 次郎")
    keys.press(Qt.Key.Key_Tab, times=2)
    keys.type("0398765432")  # shown as 03-9876-5432 on leaving
    keys.press(Qt.Key.Key_Tab)
    keys.type("sato@example.jp")
    keys.press(Qt.Key.Key_Return)  # Next is the default button
    assert wizard.currentId() == 1, plain(page(wizard, "customer").summary.text())

    intent = page(wizard, "initial_intent")
    qtbot.waitUntil(intent.wishes.events["ア"].box.hasFocus)
    keys.press(Qt.Key.Key_Space)
    keys.press(Qt.Key.Key_Tab)  # ア–オ are one Tab stop, the expense items the next
    keys.press(Qt.Key.Key_Down, times=3)  # two columns: ア イ / ウ エ / オ カ / キ
    assert keys.focus() is intent.wishes.items["キ"]
    keys.press(Qt.Key.Key_Space)
    keys.press(Qt.Key.Key_Return)  # records the initial wishes
    assert wizard.context.interview.initial_intent.captured_at is not None
    keys.next_step()
    assert wizard.currentId() == 2

    business = page(wizard, "business")
    qtbot.waitUntil(business.filter.hasFocus)
    keys.type("11")  # ⑪ by its number
    keys.press(Qt.Key.Key_Return)  # ticks the one type shown
    keys.next_step()
    keys.next_step()  # 被保険者の範囲: the named insured only
    assert wizard.currentId() == 4

    plan = page(wizard, "plan")
    qtbot.waitUntil(plan.radios["basic"].hasFocus)
    keys.press(Qt.Key.Key_Right)  # ワイド, which covers キ
    keys.tab_to(plan.reason)
    keys.commit("当初意向のキを補償するため")
    start = today() + timedelta(days=1)  # the quote, as the insurer's system gave it
    before_quote = keys.presses
    keys.tab_to(plan.quote_edits["number"])
    for name, text in (("number", "MS2611-0042187"), ("period_start", start.strftime("%m%d")),
                       ("annual_premium", "18.6万"), ("payment_method", "一括払"),
                       ("liability_limit", "1億")):  # the end is proposed a year on: passed by
        assert keys.focus() is plan.quote_edits[name], name
        keys.type(text) if text.isascii() else keys.commit(text)  # ASCII is typed key by key
        if name != "liability_limit":
            keys.press(Qt.Key.Key_Return)  # on to the next field the quote still needs
    quote = keys.presses - before_quote
    keys.next_step()
    assert wizard.currentId() == 5
    assert wizard.context.interview.quote.period_end == start.replace(year=start.year + 1)

    confirmation = page(wizard, "confirmation")
    qtbot.waitUntil(confirmation.handed.hasFocus)  # the final wishes are the initial ones
    keys.press(Qt.Key.Key_Space)
    keys.press(Qt.Key.Key_Tab)
    keys.press(Qt.Key.Key_Space)
    keys.tab_to(confirmation.confirmed)
    keys.press(Qt.Key.Key_Space)
    keys.tab_to(confirmation.confirmed_by)
    keys.commit("鈴木 一郎")
    keys.next_step()
    assert wizard.currentId() == 6

    output = page(wizard, "output")
    qtbot.waitUntil(lambda: keys.focus() is not None and output.isAncestorOf(keys.focus()))
    keys.press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    stored = store.get(interview.id)
    assert stored.status is Status.FINALIZED and stored.plan == "wide", [r.text for r in asked]
    assert stored.customer.address == "東京都新宿区西新宿2-8-1"
    assert stored.customer.contact_phone == "03-9876-5432"
    print(f"keyboard-only interview: {keys.presses} key presses, {keys.typed} typed characters, "
          f"{keys.commits} Japanese commits; {quote} of them copy the insurer's quote")
    assert keys.presses <= WHOLE_INTERVIEW_BOUND  # the quote included
    assert quote <= QUOTE_BOUND
    assert keys.presses - quote <= INTERVIEW_BOUND


def test_long_wishes_keep_every_box_beside_its_words(app, qtbot, store):
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    fill_customer(wizard)
    next_page(wizard)
    fill_initial_intent(wizard)
    page(wizard, "initial_intent").wishes.other.setPlainText("長いご要望。" * 1700)  # 10,200 characters
    for _step in range(4):
        wizard.context.moving_freely = True
        wizard.next()
    confirmation = page(wizard, "confirmation")
    QApplication.processEvents()
    for check in confirmation.wishes.events.values():
        box = check.box.mapTo(confirmation, check.box.rect().topLeft()).y()
        words = check.text.mapTo(confirmation, check.text.rect().topLeft()).y()
        assert abs(words - box) <= 8
    assert len(plain(confirmation.initial_text.text())) < 1000  # shown in part; all of it is kept
    assert len(wizard.context.interview.initial_intent.other_wishes) == 10_200


def test_a_finalized_interview_has_no_field_that_looks_editable(app, qtbot, store, monkeypatch):
    from PySide6.QtGui import QPalette

    from cyberdesk.gui import dialogs

    monkeypatch.setattr(dialogs, "responder", lambda _request: 0)
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    whole_interview(wizard, "wide", lambda _page: None)
    page(wizard, "output").finalize_button.click()
    for step in ("customer", "confirmation"):
        for edit in page(wizard, step).findChildren(QLineEdit):
            if edit.isReadOnly():
                palette = edit.palette()
                assert palette.color(QPalette.ColorRole.Base) == palette.color(QPalette.ColorRole.Window)
    from PySide6.QtWidgets import QCheckBox

    boxes = page(wizard, "confirmation").findChildren(QCheckBox)
    assert boxes and all(not box.isEnabled() for box in boxes)
    for box in boxes:  # the answers read in the normal colour, not light grey
        palette = box.palette()
        assert palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText) == \
            palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)


def test_a_file_that_cannot_be_written_is_said_in_japanese(app, qtbot, store, monkeypatch, tmp_path):
    from cyberdesk.gui import dialogs
    from cyberdesk.gui.dialogs import Kind

    (tmp_path / "控え.pdf").mkdir()  # a folder where the PDF should go
    warned = []
    monkeypatch.setattr(dialogs, "responder", lambda request: str(tmp_path / "控え.pdf")
                        if request.kind is Kind.SAVE else warned.append(request.text))
    wizard = open_wizard(qtbot, store, new_interview(store).id)
    whole_interview(wizard, "wide", lambda _page: None)
    page(wizard, "output").save_summary()
    [text] = warned
    assert "Is a directory" not in text and "ファイルではなくフォルダです" in text  # 「(Is a directory)」
