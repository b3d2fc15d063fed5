"""Step 5, プラン選択: every plan of the catalogue side by side (liability events, expense items with
✓/—, measure period), the initial wishes marked, the items only some plans cover pointed out; the
agent chooses one and writes why."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cyberdesk.gui.wizard.page import StepPage, multiline
from cyberdesk.i18n import N_, _
from cyberdesk.model.intent import plan_hints

_ARROWS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}
COVERED = "✓"
NOT_COVERED = "—"
WISH_STYLE = "background: #fff4c2;"
HINT_STYLE = "color: #7a4b00;"


class PlanPage(StepPage):
    step = "plan"
    subtitle = N_("Compare the plans against the initial wishes, choose one and record the reason.")

    def build(self) -> None:
        catalogue = self.context.catalogue
        layout = QVBoxLayout(self.body)
        table = QFrame()
        table.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(table)
        self.grid.setHorizontalSpacing(16)
        self.buttons = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for column, plan in enumerate(catalogue.plans, start=1):
            radio = QRadioButton(plan.full_name)
            radio.setAccessibleName(_("Propose the {plan}").format(plan=plan.full_name))
            self.buttons.addButton(radio)
            self.radios[plan.id] = radio
            radio.toggled.connect(self._store_plan)
            radio.installEventFilter(self)
            self.grid.addWidget(radio, 0, column, Qt.AlignmentFlag.AlignCenter)
        self.grid.setColumnStretch(0, 1)
        row = 1
        liability = catalogue.liability
        row = self._section(row, f"{liability.number}. {liability.title}({liability.event_group})")
        self.event_rows: dict[str, QLabel] = {}
        for event in liability.events:
            text, _hint = self._item_row(row, f"{event.key} {event.text}",
                                         [COVERED] * len(catalogue.plans))
            self.event_rows[event.key] = text
            row += 1
        expense = catalogue.expense
        row = self._section(row, f"{expense.number}. {expense.title}")
        self.wish_rows: dict[str, tuple[QLabel, QLabel]] = {}
        for item in expense.items:
            marks = [COVERED if plan.covers(item.key) else NOT_COVERED for plan in catalogue.plans]
            text, hint = self._item_row(row, f"{item.key} {item.name}", marks)
            self.wish_rows[item.key] = (text, hint)
            row += 1
        period = QLabel(_("Measure period"))
        self.grid.addWidget(period, row, 0)
        for column, plan in enumerate(catalogue.plans, start=1):
            self.grid.addWidget(QLabel(plan.measure_period), row, column, Qt.AlignmentFlag.AlignCenter)
        note = QLabel(expense.note)
        note.setWordWrap(True)
        self.grid.addWidget(note, row + 1, 0, 1, len(catalogue.plans) + 1)
        layout.addWidget(table)
        layout.addWidget(self.problem_label_for("plan", widget=next(iter(self.radios.values()))))
        reason_label = QLabel(_("Reason for the proposal"))
        self.reason = multiline(reason_label.text())
        reason_label.setBuddy(self.reason)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.bind_text(self.reason, lambda: self.interview, "proposal_reason",
                                        "proposal_reason"))
        layout.addStretch(1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys on a plan choose the plan beside it (not only move the focus there)."""
        step = _ARROWS.get(event.key()) if event.type() == QEvent.Type.KeyPress else None
        radios = list(self.radios.values())
        if step is None or watched not in radios or self.context.read_only:
            return super().eventFilter(watched, event)
        target = radios[(radios.index(watched) + step) % len(radios)]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        target.click()
        return True

    def _section(self, row: int, title: str) -> int:
        label = QLabel(f"<b>{title}</b>")
        label.setWordWrap(True)
        self.grid.addWidget(label, row, 0, 1, self.grid.columnCount())
        return row + 1

    def _item_row(self, row: int, text: str, marks: list[str]) -> tuple[QLabel, QLabel]:
        cell = QWidget()
        cell.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(4, 2, 4, 2)
        label = QLabel(text)
        label.setWordWrap(True)
        hint = QLabel()
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        hint.hide()
        cell_layout.addWidget(label)
        cell_layout.addWidget(hint)
        self.grid.addWidget(cell, row, 0)
        for column, mark in enumerate(marks, start=1):
            mark_label = QLabel(mark)
            mark_label.setAccessibleName(_("covered") if mark == COVERED else _("not covered"))
            self.grid.addWidget(mark_label, row, column, Qt.AlignmentFlag.AlignCenter)
        return label, hint

    def load(self) -> None:
        catalogue = self.context.catalogue
        for key, label in self.event_rows.items():
            wished_event = key in self.interview.initial_intent.liability_events
            label.parentWidget().setStyleSheet(WISH_STYLE if wished_event else "")
        wished = self.interview.initial_intent.expense_items
        hints = plan_hints(wished, catalogue)
        for key, (label, hint) in self.wish_rows.items():
            label.parentWidget().setStyleSheet(WISH_STYLE if key in wished else "")
            if key in hints:
                plans = "、".join(plan.full_name for plan in hints[key])
                hint.setText(_("Wished at first; covered only by {plans}.").format(plans=plans)
                             if plans else _("Wished at first; no plan covers it."))
            elif key in wished:
                hint.setText(_("Wished at first; covered by every plan."))
            hint.setVisible(key in wished)
        for plan_id, radio in self.radios.items():
            radio.setChecked(plan_id == self.interview.plan)
        self.load_bound()

    def _store_plan(self) -> None:
        chosen = next((pid for pid, radio in self.radios.items() if radio.isChecked()), None)
        if chosen != self.interview.plan:
            self.interview.plan = chosen
            self.changed()
