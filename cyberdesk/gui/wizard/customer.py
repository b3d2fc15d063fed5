"""Step 1, 顧客情報: the customer, the contact person and the agent, laid out in ui/customer_page.ui.
法人名's フリガナ comes from the kana the agent typed it in; 所在地 from the postal code."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from cyberdesk.gui import dialogs
from cyberdesk.gui.forms.ui_customer_page import Ui_CustomerPage
from cyberdesk.gui.looks import date_style
from cyberdesk.gui.qdates import day_of
from cyberdesk.gui.wizard.page import StepPage, add_problem_rows, label_row
from cyberdesk.i18n import N_, _, current_language
from cyberdesk.japanese.formatting import grouped, phone_with_hyphens, wareki, yen_in_man_oku
from cyberdesk.japanese.postal import address_for, well_formed
from cyberdesk.japanese.postal import warm as warm_postal_table
from cyberdesk.japanese.reading import ReadingCapture
from cyberdesk.japanese.textnorm import parse_count, parse_yen

_CUSTOMER_TEXTS = (
    "company_name", "company_kana", "representative_title", "representative_name", "postal_code",
    "address", "contact_name", "contact_department", "contact_phone", "contact_email",
)
_AGENT_TEXTS = ("agency_name", "agency_code", "agent_name", "phone", "email")
# What each number field reads (in the unit it is stored in) and an example of what works:
# numbers as people say them (「４８万」「4.8億」「42名」), anything ambiguous refused.
_READERS = {
    "annual_sales": (lambda text: parse_yen(text, 1000),
                     N_("Not understood. Write it like 48,000 (thousand yen), 4,800万, 4.8億 or "
                        "48,000,000円.")),
    "employees": (parse_count, N_("Write the number of people, such as 42 or 42名.")),
}


class CustomerPage(StepPage):
    step = "customer"
    subtitle = N_("Who the customer is. Full-width digits and kana are accepted.")

    def build(self) -> None:
        self._filled_address = ""  # what the postal lookup last put in 所在地, untouched since
        self._looked_up: str | None = None  # the postal code that lookup was for
        self.reading = ReadingCapture()  # 法人名's reading, from the input method's kana
        self._filled_kana = ""  # what that reading last put in フリガナ, untouched since
        self._from_input_method = False
        self.ui = Ui_CustomerPage()
        self.ui.setupUi(self.body)
        ui = self.ui
        self.side_by_side.append(ui.columns)  # zoomed, 法人名 and 所在地 were cut off beside 担当者
        fields = {}
        for name in _CUSTOMER_TEXTS:
            edit = getattr(ui, name)
            self.bind_line(edit, lambda: self.interview.customer, name, f"customer.{name}")
            fields[edit] = f"customer.{name}"
        for name in _AGENT_TEXTS:
            edit = getattr(ui, f"agent_{name}")
            self.bind_line(edit, lambda: self.interview.agent, name, f"agent.{name}")
            fields[edit] = f"agent.{name}"
        for name, (read, example) in _READERS.items():
            self.bind_parsed(getattr(ui, name), lambda: self.interview.customer, name,
                             f"customer.{name}", read, grouped, example)
            fields[getattr(ui, name)] = f"customer.{name}"
        ui.annual_sales.textChanged.connect(self.show_readback)
        ui.fiscal_month.addItem(_("Not entered"), None)
        # 3月 / March: Qt's own CLDR names (babel's are the same, and took ~30 ms to load)
        months = QLocale(current_language())
        for month in range(1, 13):
            ui.fiscal_month.addItem(months.standaloneMonthName(month), month)
        ui.fiscal_month.currentIndexChanged.connect(self._month_changed)
        fields[ui.fiscal_month] = "customer.fiscal_month"
        date_style(ui.interview_date)
        self.era = QLabel()  # 令和8年12月1日, as the PDF prints the interview date beside it
        self.era.setAccessibleName(_("Interview date in the Japanese era"))
        ui.interview_date.dateChanged.connect(self._date_changed)
        fields[ui.interview_date] = "interview_date"
        for form in (ui.companyGroup_form, ui.contactGroup_form, ui.agentGroup_form):
            add_problem_rows(form, self, {w: p for w, p in fields.items() if _in_form(form, w)})
        ui.postal_code.editingFinished.connect(self._fill_address)
        ui.company_name.installEventFilter(self)
        ui.company_name.textChanged.connect(self._name_changed)
        ui.company_name.editingFinished.connect(self._fill_kana)
        for phone in (ui.contact_phone, ui.agent_phone):  # after bind_line has tidied it
            phone.editingFinished.connect(lambda phone=phone: self._hyphenate(phone))
        QTimer.singleShot(0, warm_postal_table)  # once the wizard is shown, not competing with it
        self.sales_readback = QLabel()
        self.sales_readback.setAccessibleName(_("Annual sales in words"))
        row = label_row(ui.companyGroup_form, ui.annual_sales_label)
        ui.companyGroup_form.insertRow(row + 1, "", self.sales_readback)  # right under the field
        ui.agentGroup_form.insertRow(label_row(ui.agentGroup_form, ui.interview_date_label) + 1, "",
                                     self.era)

    def _fill_address(self) -> None:
        """所在地 follows the postal code (Japan Post's data, offline): filled when empty, replaced
        when it is what an earlier lookup filled, and replaced only on the agent's word when the
        agent typed it. An unknown code is said under the field; the agent adds the street number."""
        code = self.interview.customer.postal_code
        if self.context.read_only or code == self._looked_up:
            return
        self._looked_up = code
        found = address_for(code) if code else ""
        unknown = well_formed(code) and not found
        self.notes.pop("customer.postal_code", None)
        if unknown:
            self.notes["customer.postal_code"] = _(
                "This postal code is not in Japan Post's list: check it, and enter the address.")
        self.refresh()
        address = self.interview.customer.address
        if not found or address.startswith(found):
            return
        if address and address != self._filled_address and dialogs.ask(
                self, _("Postal code"),
                _("The address does not match postal code {code}.\nReplace “{address}” with "
                  "“{found}”?").format(code=code, address=address, found=found),
                [_("Replace the address"), _("Keep the address")]) != 0:
            return
        self._filled_address = found
        self.ui.address.setText(found)
        self.ui.address.setFocus()
        # after the focus has arrived (Tab selects a field's whole text): type on at the end
        QTimer.singleShot(0, lambda: self.ui.address.end(False))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """What the input method sends 法人名 is handled here first, so that the kana it showed
        before converting are kept as the reading."""
        if watched is not self.ui.company_name or not isinstance(event, QInputMethodEvent):
            return super().eventFilter(watched, event)
        self._from_input_method = True
        try:
            self.ui.company_name.event(event)
        finally:
            self._from_input_method = False
        self.reading.committed(event.commitString())
        self.reading.composing(event.preeditString())
        return True

    def _name_changed(self, text: str) -> None:
        if not text:
            self.reading.reset()
        elif not self._from_input_method:
            self.reading.typed()  # a paste, a letter, Backspace: the reading is not certain

    def _fill_kana(self) -> None:
        """フリガナ from the reading of 法人名 as the agent typed it: filled when empty, replaced
        when it is what an earlier reading filled; never over kana the agent typed."""
        reading = self.reading.reading
        kana = self.interview.customer.company_kana
        if self.context.read_only or not reading or kana not in ("", self._filled_kana):
            return
        self._filled_kana = reading
        self.ui.company_kana.setText(reading)

    def _hyphenate(self, edit: QLineEdit) -> None:
        """Digits alone (typed on the number pad) shown and kept as 03-9876-5432 where the split
        is certain; any other number stays as typed (digits are a valid phone number)."""
        text = edit.text()
        if not self.context.read_only and (formatted := phone_with_hyphens(text)) != text:
            edit.setText(formatted)

    def show_readback(self) -> None:
        """The sales in words under the field (「＝ 4,800万円」): a slip of ×1000 shows at once."""
        sales = self.interview.customer.annual_sales
        self.sales_readback.setText("" if sales is None else
                                    _("= {amount}").format(amount=yen_in_man_oku(sales * 1000)))
        self.sales_readback.setVisible(sales is not None)

    def _month_changed(self, _index: int) -> None:
        self.interview.customer.fiscal_month = self.ui.fiscal_month.currentData()
        self.changed("customer.fiscal_month")

    def _date_changed(self, day: QDate) -> None:
        self.interview.interview_date = day_of(day)
        self._show_era()
        self.changed()

    def _show_era(self) -> None:
        self.era.setText(f"（{wareki(self.interview.interview_date)}）")
        self.era.setVisible(current_language() == "ja")

    def load(self) -> None:
        self.load_bound()
        self.reading.reset(known=not self.interview.customer.company_name)  # typed before: unknown
        self._looked_up = self.interview.customer.postal_code  # its address is the agent's now
        month = self.interview.customer.fiscal_month
        self.ui.fiscal_month.setCurrentIndex(max(0, self.ui.fiscal_month.findData(month)) if month else 0)
        self.ui.interview_date.setDate(QDate(self.interview.interview_date))
        self._show_era()
        self.show_readback()


def _in_form(form: QFormLayout, widget) -> bool:
    return widget.parentWidget() is form.parentWidget()
