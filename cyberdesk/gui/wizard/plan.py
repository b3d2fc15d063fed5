"""Step 5, プラン選択: every plan of the catalogue side by side (liability events, expense items with
✓/—, measure period), the initial wishes marked, the items only some plans cover pointed out; the
agent chooses one and writes why, and copies the quote the insurer's quoting system gave (保険期間,
保険料 with 払込方法, 支払限度額, お見積書番号): the app never computes a premium. The period's
dates may be typed short (「4/1」, the next 1 April) and its end is proposed a year after the start
until the agent types another; Enter moves on to the next field the quote still needs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cyberdesk.gui.wizard.page import StepPage, add_problem_rows, coloured, multiline
from cyberdesk.i18n import N_, _
from cyberdesk.japanese.formatting import date_with_era, grouped, yen_in_man_oku
from cyberdesk.japanese.textnorm import parse_date, parse_yen
from cyberdesk.model.intent import plan_hints
from cyberdesk.model.validation import QUOTE_REQUIRED

NOT_A_DATE = N_("{field}: not a date. Write it like 2027-01-01, 2027/1/1, 2027年1月1日 or "
                "令和9年1月1日.")
NOT_A_PERIOD_DATE = N_("{field}: not a date. Write it like 4/1 or 0401 (the next 1 April), "
                       "2027/4/1, 2027年4月1日 or 令和9年4月1日.")
NOT_AN_AMOUNT = N_("{field}: not understood. Write it in yen like 186,420, 18.6万, 1億 or "
                   "3,000千円.")
_QUOTE_FIELDS = (
    ("number", N_("Quote number"), "text"),
    ("period_start", N_("Policy period: from"), "day"),
    ("period_end", N_("Policy period: to"), "day"),
    ("annual_premium", N_("Annual premium (yen)"), "amount"),
    ("payment_method", N_("Payment method"), "text"),
    ("liability_limit", N_("Limit for liability (yen)"), "amount"),
    ("expense_limit", N_("Limit for expenses (yen)"), "amount"),
    ("deductible", N_("Deductible (yen, if quoted)"), "amount"),
    ("retroactive_date", N_("Retroactive date (if quoted)"), "day"),
)

_PERIOD = ("period_start", "period_end")  # typed short (4/1): the year follows from the interview
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ARROWS: dict[int, int] = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}
COVERED = "✓"
NOT_COVERED = "—"
WISH_COLOUR = QColor("#fff4c2")  # the rows the customer wished for at first
HINT_COLOUR = QColor("#7a4b00")


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
            radio = QRadioButton(plan.shown_full_name)
            radio.setAccessibleName(_("Propose the {plan}").format(plan=plan.shown_full_name))
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
        period = QLabel(_("Period for measures"))
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
        layout.addWidget(self._quote_fields())
        layout.addStretch(1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys on a plan choose the plan beside it (not only move the focus there); Enter
        in the quote moves on to the next field it still needs."""
        key = event.key() if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress else None
        if key in _ENTER and watched in self.quote_edits.values() and not self.context.read_only:
            return self._to_next_missing(watched)
        step = _ARROWS.get(key) if key is not None else None
        radios = list(self.radios.values())
        if step is None or watched not in radios or self.context.read_only:
            return super().eventFilter(watched, event)
        target = radios[(radios.index(watched) + step) % len(radios)]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        target.click()
        return True

    def _quote_fields(self) -> QGroupBox:
        """The quote as the insurer's system gave it, copied field by field: amounts and dates in
        the forms people write (「18.6万」「1億」, 「令和9年1月1日」「2027/1/1」), each read back
        under its field, each refusal naming its field. A record needs the quote to be finalized."""
        box = QGroupBox(_("Quote (copied from the insurer's quoting system)"))
        form = QFormLayout(box)
        quote = lambda: self.interview.quote  # noqa: E731 - read at each change: revisions replace it
        self.quote_edits: dict[str, QLineEdit] = {}
        self.readbacks: dict[str, QLabel] = {}
        fields: dict[QWidget, str] = {}
        for name, label, kind in _QUOTE_FIELDS:
            edit = self.quote_edits[name] = QLineEdit()
            edit.installEventFilter(self)  # Enter: on to the next field still to fill
            path = f"quote.{name}"
            if kind == "text":
                self.bind_line(edit, quote, name, path)
            elif name in _PERIOD:
                edit.setPlaceholderText(_("4/1, 2027/4/1, 令和9年4月1日"))
                self.bind_parsed(edit, quote, name, path, self._period_reader(name), date.isoformat,
                                 _(NOT_A_PERIOD_DATE).format(field=_(label)))
            elif kind == "day":
                edit.setPlaceholderText(_("2027-01-01, 2027/1/1, 令和9年1月1日"))
                self.bind_parsed(edit, quote, name, path, parse_date, date.isoformat,
                                 _(NOT_A_DATE).format(field=_(label)))
            else:
                edit.setPlaceholderText(_("186,420 / 18.6万 / 1億"))
                self.bind_parsed(edit, quote, name, path, parse_yen, grouped,
                                 _(NOT_AN_AMOUNT).format(field=_(label)))
            form.addRow(_(label), edit)
            fields[edit] = path
            if kind != "text":
                readback = self.readbacks[name] = QLabel()
                readback.setAccessibleName(_("{field} as read").format(field=_(label)))
                edit.textChanged.connect(lambda _text, name=name: self._read_back(name))
                form.addRow("", readback)
        self.quote_edits["period_start"].textChanged.connect(self._start_changed)  # after storing
        self.quote_edits["period_end"].textChanged.connect(self._end_typed)
        self.period_reason = multiline(_("Why the policy period starts before the interview or "
                                         "lasts less than a year"))
        form.addRow(_("Reason for the period (if unusual)"), self.period_reason)
        fields[self.period_reason] = "quote.period_reason"
        self.bind_text(self.period_reason, quote, "period_reason", "quote.period_reason")
        add_problem_rows(form, self, fields)
        form.addRow(self.problem_label_for("quote"))
        for text in box.findChildren(QLabel):  # zoomed to 2.0×, long labels wrap, never cut off
            text.setWordWrap(True)
        return box

    def _to_next_missing(self, edit: QObject) -> bool:
        """Enter in a quote field: the cursor goes to the next field the record needs that is
        still empty (a proposed end is filled); none left, Enter is Next, as on every step."""
        names = list(self.quote_edits)
        start = names.index(next(n for n, e in self.quote_edits.items() if e is edit))
        quote = self.interview.quote
        for name in names[start + 1:] + names[:start]:
            if name in QUOTE_REQUIRED and getattr(quote, name) in (None, ""):
                self.quote_edits[name].setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return False

    def _period_reader(self, name: str) -> Callable[[str], date | None]:
        return lambda text: parse_date(text, self._period_from(name))

    def _period_from(self, name: str) -> date:
        """The first day a period date typed without its year can be: the start is on or after
        the interview, the end after the start."""
        start = self.interview.quote.period_start
        if name == "period_end" and start is not None:
            return start + timedelta(days=1)
        return self.interview.interview_date

    def _start_changed(self) -> None:
        """The start was typed: the end the session proposes (a year on) is shown, in full."""
        if self._loading or not self.context.session.period_start_changed():
            return
        end = self.quote_edits["period_end"]
        end.blockSignals(True)
        value = self.interview.quote.period_end
        end.setText("" if value is None else value.isoformat())
        end.blockSignals(False)
        self.set_parse_problem("quote.period_end", None)
        self._read_back("period_end")
        self.refresh()

    def _end_typed(self) -> None:
        if not self._loading:
            self.context.session.period_end_typed()
            self._read_back("period_end")

    def _read_back(self, name: str) -> None:
        """What was understood, in words under the field: a slip of 万 or 億 shows at once."""
        value = getattr(self.interview.quote, name)
        label = self.readbacks[name]
        if value is None:
            label.setText("")
        elif name == "period_end" and value == self.context.session.proposed_end:
            label.setText(_("= {date} (a year after the start: check it against the quote)")
                          .format(date=date_with_era(value)))
        elif isinstance(value, date):
            label.setText(_("= {date}").format(date=date_with_era(value)))
        else:
            label.setText(_("= {amount}").format(amount=yen_in_man_oku(value)))
        label.setVisible(value is not None)

    def _section(self, row: int, title: str) -> int:
        label = QLabel(f"<b>{title}</b>")
        label.setWordWrap(True)
        self.grid.addWidget(label, row, 0, 1, self.grid.columnCount())
        return row + 1

    def _item_row(self, row: int, text: str, marks: list[str]) -> tuple[QLabel, QLabel]:
        cell = QWidget()
        coloured(cell, WISH_COLOUR, QPalette.ColorRole.Window)  # shown when wished (load)
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(4, 2, 4, 2)
        label = QLabel(text)
        label.setWordWrap(True)
        hint = QLabel()
        hint.setWordWrap(True)
        coloured(hint, HINT_COLOUR)
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
            _mark_wished(label, wished_event)
        wished = self.interview.initial_intent.expense_items
        hints = plan_hints(wished, catalogue)
        for key, (label, hint) in self.wish_rows.items():
            _mark_wished(label, key in wished)
            if key in hints:
                plans = "、".join(plan.shown_full_name for plan in hints[key])
                hint.setText(_("Wished at first; covered only by {plans}.").format(plans=plans)
                             if plans else _("Wished at first; no plan covers it."))
            elif key in wished:
                hint.setText(_("Wished at first; covered by every plan."))
            hint.setVisible(key in wished)
        for plan_id, radio in self.radios.items():
            radio.setChecked(plan_id == self.interview.plan)
        self.load_bound()
        for name in self.readbacks:
            self._read_back(name)

    def _store_plan(self) -> None:
        chosen = next((pid for pid, radio in self.radios.items() if radio.isChecked()), None)
        if chosen != self.interview.plan:
            self.interview.plan = chosen
            self.changed()



def _mark_wished(label: QLabel, wished: bool) -> None:
    """Highlight the row of a label the initial wishes asked for."""
    row = label.parentWidget()
    if row is not None:
        row.setAutoFillBackground(wished)  # its colour is the palette's (a style sheet stops zoom)
