"""The customer's wishes as checkboxes in the catalogue's own words: used for the initial wishes
(意向把握) and again for the final ones (意向確認)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cyberdesk.catalogue import Catalogue
from cyberdesk.gui.wizard.page import STACK_FROM, ArrowGroup, StepPage, WrapCheck, multiline
from cyberdesk.i18n import _, current_language
from cyberdesk.japanese.formatting import moment
from cyberdesk.japanese.textnorm import clean_text
from cyberdesk.model.interview import Intent

EXPENSE_COLUMNS = 2


def moment_text(value: datetime) -> str:
    """A recorded moment as the PDF prints it: 2026年11月25日 10:32 JST (2026-11-25 10:32 JST)."""
    return moment(value, iso_date=current_language() != "ja")


class WishesEditor(QWidget):
    """Liability events, expense items and other wishes of one `Intent`, edited in place."""

    edited = Signal()

    def __init__(self, page: StepPage, catalogue: Catalogue, holder: Callable[[], Intent],
                 path: str) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.holder = holder
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        liability = catalogue.liability
        events = QGroupBox(f"{liability.title}({liability.event_group})")
        events_layout = QVBoxLayout(events)
        lead = QLabel(liability.event_lead)
        lead.setWordWrap(True)
        events_layout.addWidget(lead)
        self.events: dict[str, WrapCheck] = {}
        for event in liability.events:
            check = WrapCheck(event.key, event.text)
            check.toggled.connect(self._store)
            self.events[event.key] = check
            events_layout.addWidget(check)
        self.event_keys = ArrowGroup([check.box for check in self.events.values()], parent=self)
        first_event = next(iter(self.events.values())).box
        events_layout.addWidget(page.problem_label_for(f"{path}.liability_events", widget=first_event))
        layout.addWidget(events)

        expense = QGroupBox(catalogue.expense.title)
        self.expense_layout = QGridLayout(expense)
        self.items: dict[str, QCheckBox] = {}
        for item in catalogue.expense.items:
            box = QCheckBox(f"{item.key} {item.name}")
            box.setAccessibleName(f"{item.key} {item.name}")
            box.toggled.connect(self._store)
            self.items[item.key] = box
        self.expense_problem = page.problem_label_for(f"{path}.expense_items",
                                                      widget=next(iter(self.items.values())))
        self.item_keys = ArrowGroup(list(self.items.values()), EXPENSE_COLUMNS, parent=self)
        self._lay_out_items(EXPENSE_COLUMNS)
        layout.addWidget(expense)

        other_label = QLabel(_("Other wishes (in the customer's words)"))
        self.other = multiline(other_label.text())
        other_label.setBuddy(self.other)
        self.other.textChanged.connect(self._store)
        layout.addWidget(other_label)
        layout.addWidget(self.other)
        layout.addWidget(page.problem_label_for(f"{path}.other_wishes", widget=self.other))
        layout.addWidget(page.problem_label_for(path, widget=first_event))

    def _lay_out_items(self, columns: int) -> None:
        """The expense items in `columns` columns, read row by row (ア イ / ウ エ …)."""
        self.item_keys.columns = columns
        for index, check in enumerate(self.items.values()):
            self.expense_layout.addWidget(check, index // columns, index % columns)
        self.expense_layout.addWidget(self.expense_problem, len(self.items) // columns + 1, 0, 1,
                                      columns)

    def changeEvent(self, event: QEvent) -> None:
        """Zoomed from 1.3× on, the items are one column: two no longer fit beside each other."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            zoom = self.font().pointSizeF() / QApplication.font().pointSizeF()
            self._lay_out_items(1 if zoom >= STACK_FROM else EXPENSE_COLUMNS)

    def load(self) -> None:
        intent = self.holder()
        for key, check in self.events.items():
            check.setChecked(key in intent.liability_events)
        for key, box in self.items.items():
            box.setChecked(key in intent.expense_items)
        if clean_text(self.other.toPlainText()) != intent.other_wishes:
            self.other.setPlainText(intent.other_wishes)

    def _store(self) -> None:
        intent = self.holder()
        intent.liability_events = [k for k, check in self.events.items() if check.isChecked()]
        intent.expense_items = [k for k, check in self.items.items() if check.isChecked()]
        intent.other_wishes = clean_text(self.other.toPlainText())
        self.edited.emit()
