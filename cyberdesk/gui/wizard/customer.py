"""Step 1, 顧客情報: the customer, the contact person and the agent, laid out in ui/customer_page.ui."""

from __future__ import annotations

from babel.dates import get_month_names
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QFormLayout, QLabel

from cyberdesk.gui.forms.ui_customer_page import Ui_CustomerPage
from cyberdesk.gui.qdates import day_of
from cyberdesk.gui.wizard.page import StepPage, add_problem_rows, label_row
from cyberdesk.i18n import N_, _, current_language
from cyberdesk.japanese.formatting import grouped, yen_in_man_oku
from cyberdesk.japanese.postal import address_for
from cyberdesk.japanese.postal import warm as warm_postal_table
from cyberdesk.japanese.textnorm import parse_count, parse_yen

_CUSTOMER_TEXTS = (
    "company_name", "company_kana", "representative_title", "representative_name", "postal_code",
    "address", "contact_name", "contact_department", "contact_phone", "contact_email",
)
_AGENT_TEXTS = ("agency_name", "agency_code", "agent_name", "phone", "email")
NOT_A_NUMBER = N_("Enter digits only, such as 12,345.")
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
        self.ui = Ui_CustomerPage()
        self.ui.setupUi(self.body)
        ui = self.ui
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
        months = get_month_names("wide", locale=current_language())  # 3月 / March
        for month in range(1, 13):
            ui.fiscal_month.addItem(months[month], month)
        ui.fiscal_month.currentIndexChanged.connect(self._month_changed)
        fields[ui.fiscal_month] = "customer.fiscal_month"
        ui.interview_date.dateChanged.connect(self._date_changed)
        fields[ui.interview_date] = "interview_date"
        for form in (ui.companyGroup_form, ui.contactGroup_form, ui.agentGroup_form):
            add_problem_rows(form, self, {w: p for w, p in fields.items() if _in_form(form, w)})
        ui.postal_code.editingFinished.connect(self._fill_address)
        warm_postal_table()
        self.sales_readback = QLabel()
        self.sales_readback.setAccessibleName(_("Annual sales in words"))
        row = label_row(ui.companyGroup_form, ui.annual_sales_label)
        ui.companyGroup_form.insertRow(row + 1, "", self.sales_readback)  # right under the field

    def _fill_address(self) -> None:
        """An empty 所在地 is filled from the postal code (Japan Post's data, offline); the agent
        adds the street number and may change anything."""
        if self.context.read_only or self.interview.customer.address:
            return
        found = address_for(self.interview.customer.postal_code)
        if found:
            self.ui.address.setText(found)
            self.ui.address.setFocus()
            # after the focus has arrived (Tab selects a field's whole text): type on at the end
            QTimer.singleShot(0, lambda: self.ui.address.end(False))

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
        self.changed()

    def load(self) -> None:
        self.load_bound()
        month = self.interview.customer.fiscal_month
        self.ui.fiscal_month.setCurrentIndex(max(0, self.ui.fiscal_month.findData(month)) if month else 0)
        self.ui.interview_date.setDate(QDate(self.interview.interview_date))
        self.show_readback()


def _in_form(form: QFormLayout, widget) -> bool:
    return widget.parentWidget() is form.parentWidget()
