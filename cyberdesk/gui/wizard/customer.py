"""Step 1, 顧客情報: the customer, the contact person and the agent, laid out in ui/customer_page.ui."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFormLayout

from cyberdesk.formatting import grouped
from cyberdesk.gui.forms.ui_customer_page import Ui_CustomerPage
from cyberdesk.gui.wizard.page import StepPage, add_problem_rows
from cyberdesk.i18n import N_, _
from cyberdesk.textnorm import parse_amount

_CUSTOMER_TEXTS = (
    "company_name", "company_kana", "representative_title", "representative_name", "postal_code",
    "address", "contact_name", "contact_department", "contact_phone", "contact_email",
)
_AGENT_TEXTS = ("agency_name", "agency_code", "agent_name", "phone", "email")
NOT_A_NUMBER = N_("Enter digits only, such as 12,345.")


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
        for name in ("annual_sales", "employees"):
            self.bind_parsed(getattr(ui, name), lambda: self.interview.customer, name,
                             f"customer.{name}", parse_amount, grouped, NOT_A_NUMBER)
            fields[getattr(ui, name)] = f"customer.{name}"
        ui.fiscal_month.addItem(_("Not entered"), None)
        for month in range(1, 13):
            ui.fiscal_month.addItem(_("Month {month}").format(month=month), month)
        ui.fiscal_month.currentIndexChanged.connect(self._month_changed)
        fields[ui.fiscal_month] = "customer.fiscal_month"
        ui.interview_date.dateChanged.connect(self._date_changed)
        fields[ui.interview_date] = "interview_date"
        for form in (ui.companyGroup_form, ui.contactGroup_form, ui.agentGroup_form):
            add_problem_rows(form, self, {w: p for w, p in fields.items() if _in_form(form, w)})

    def _month_changed(self, _index: int) -> None:
        self.interview.customer.fiscal_month = self.ui.fiscal_month.currentData()
        self.changed()

    def _date_changed(self, day: QDate) -> None:
        self.interview.interview_date = day.toPython()
        self.changed()

    def load(self) -> None:
        self.load_bound()
        month = self.interview.customer.fiscal_month
        self.ui.fiscal_month.setCurrentIndex(max(0, self.ui.fiscal_month.findData(month)) if month else 0)
        self.ui.interview_date.setDate(QDate(self.interview.interview_date))


def _in_form(form: QFormLayout, widget) -> bool:
    return widget.parentWidget() is form.parentWidget()
