"""Step 6, 意向確認: the final wishes next to the initial ones and the proposal, every difference
explained, the key-facts document handed over and explained, and the customer's confirmation.

The rules are the session's: the final wishes start as a copy of the initial ones, and changing
them after the customer confirmed withdraws the confirmation.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cyberdesk.clock import today
from cyberdesk.gui.looks import date_style
from cyberdesk.gui.qdates import day_of
from cyberdesk.gui.wizard.meeting import MeetingRecord
from cyberdesk.gui.wizard.page import StepPage, chain_tab_order, clear
from cyberdesk.gui.wizard.wishes import WishesEditor, moment_text
from cyberdesk.i18n import N_, _
from cyberdesk.japanese.phrases import keep_phrases
from cyberdesk.model.document import clean_field
from cyberdesk.model.intent import differences
from cyberdesk.model.interview import Intent

SHOWN_WISHES = 300  # characters of the other wishes shown beside the final ones


def intent_text(intent: Intent, catalogue) -> str:
    """The wishes as lines in the catalogue's words, for reading side by side."""
    lines = [f"{catalogue.liability.title}:"]
    lines += [f"  {key} {catalogue.liability_event(key).text}" for key in intent.liability_events
              if catalogue.liability_event(key)] or ["  " + _("(none)")]
    lines.append(f"{catalogue.expense.title}:")
    lines += [f"  {key} {catalogue.expense_item(key).name}" for key in intent.expense_items
              if catalogue.expense_item(key)] or ["  " + _("(none)")]
    lines.append(_("Other wishes: {text}").format(text=shortened(intent.other_wishes) or _("(none)")))
    return "\n".join(lines)


def shortened(text: str, limit: int = SHOWN_WISHES) -> str:
    """A long answer shown beside the form in part (all of it is kept and printed)."""
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


class ConfirmationPage(StepPage):
    step = "confirmation"
    subtitle = N_("Confirm the final wishes with the customer and explain every difference.")

    def build(self) -> None:
        catalogue = self.context.catalogue
        layout = QVBoxLayout(self.body)
        columns = QHBoxLayout()
        initial = QGroupBox(_("Initial wishes"))
        initial_layout = QVBoxLayout(initial)
        self.initial_text = QLabel()
        self.initial_text.setWordWrap(True)
        self.proposal_text = QLabel()
        self.proposal_text.setWordWrap(True)
        initial_layout.addWidget(self.initial_text)
        initial_layout.addWidget(self.proposal_text)
        self.differences_box = QGroupBox(_("Differences from the initial wishes"))
        self.differences_layout = QVBoxLayout(self.differences_box)
        left = QVBoxLayout()
        left.addWidget(initial)
        left.addWidget(self.differences_box)
        left.addStretch(1)
        columns.addLayout(left, 2)
        final = QGroupBox(_("Final wishes"))
        final_layout = QVBoxLayout(final)
        self.wishes = WishesEditor(self, catalogue, lambda: self.interview.confirmation.final,
                                   "confirmation.final_intent")
        self.wishes.edited.connect(self._wishes_edited)
        final_layout.addWidget(self.wishes)
        final_layout.addStretch(1)  # a tall left column never spreads the boxes apart
        columns.addWidget(final, 3)
        layout.addLayout(columns)
        bottom = QHBoxLayout()
        self.side_by_side += [columns, bottom]

        disclosure = QGroupBox(_("Key-facts document (重要事項説明書: 契約概要・注意喚起情報)"))
        disclosure_layout = QVBoxLayout(disclosure)
        self.handed = QCheckBox(_("The key-facts document was handed over to the customer."))
        self.explained = QCheckBox(_("Its contents were explained to the customer."))
        for check, name in ((self.handed, "disclosure_handed_over"),
                            (self.explained, "disclosure_explained")):
            check.setAccessibleName(check.text())
            check.toggled.connect(lambda on, name=name: self._set_flag(name, on))
            disclosure_layout.addWidget(check)
            disclosure_layout.addWidget(self.problem_label_for(f"confirmation.{name}", widget=check))
        bottom.addWidget(disclosure, 2)

        customer = QGroupBox(_("The customer's confirmation"))
        form = QFormLayout(customer)
        self.confirmed = QCheckBox(_("The customer confirmed the final wishes and the proposal."))
        self.confirmed.setAccessibleName(self.confirmed.text())
        self.confirmed.toggled.connect(self._confirm)
        form.addRow(self.confirmed)
        form.addRow(self.problem_label_for("confirmation.customer_confirmed", widget=self.confirmed))
        form.addRow(self.problem_label_for("confirmation.final_intent.captured_at",
                                           widget=self.confirmed))
        self.confirmed_by = QLineEdit()
        self.confirmed_by.setAccessibleName(_("Name of the person who confirmed"))
        form.addRow(self.confirmed_by.accessibleName(), self.confirmed_by)
        form.addRow(self.bind_line(self.confirmed_by, lambda: self.interview.confirmation,
                                   "confirmed_by", "confirmation.confirmed_by"))
        self.confirmed_on = QDateEdit()
        self.confirmed_on.setCalendarPopup(True)
        date_style(self.confirmed_on)
        self.confirmed_on.setAccessibleName(_("Date of the confirmation"))
        self.confirmed_on.dateChanged.connect(self._date_changed)
        form.addRow(self.confirmed_on.accessibleName(), self.confirmed_on)
        form.addRow(self.problem_label_for("confirmation.confirmed_on"))
        bottom.addWidget(customer, 3)
        layout.addLayout(bottom)
        self.meeting = MeetingRecord(self)
        self.side_by_side.append(self.meeting.columns)  # contact and items stacked when zoomed
        for label in self.meeting.findChildren(QLabel):
            label.setWordWrap(True)
        layout.addWidget(self.meeting)
        layout.addStretch(1)

    def load(self) -> None:
        interview = self.interview
        catalogue = self.context.catalogue
        initial = interview.initial_intent
        heading = (_("Recorded on {moment}.").format(moment=moment_text(initial.captured_at))
                   if initial.captured_at else "")
        self.initial_text.setText(keep_phrases(f"{heading}\n{intent_text(initial, catalogue)}".strip()))
        plan = catalogue.plan(interview.plan)
        self.proposal_text.setText(_("Proposed plan: {plan}").format(
            plan=plan.shown_full_name if plan else _("(none)")))
        self.wishes.load()
        confirmation = interview.confirmation
        self.handed.setChecked(confirmation.disclosure_handed_over)
        self.explained.setChecked(confirmation.disclosure_explained)
        self.confirmed.setChecked(confirmation.customer_confirmed)
        self.confirmed_on.setDate(QDate(confirmation.confirmed_on or today()))
        self.load_bound()
        self.meeting.load()
        self._rebuild_differences()

    def _rebuild_differences(self) -> None:
        """One explanation field per difference; explanations are kept under their stable key."""
        clear(self.differences_layout)
        self.forget_problem_labels("confirmation.explanations.")
        self.explanation_edits: dict[str, QLineEdit] = {}
        found = differences(self.interview, self.context.catalogue)
        if not found:
            none = QLabel(_("No differences: the proposal meets the initial wishes."))
            none.setWordWrap(True)
            self.differences_layout.addWidget(none)
        explanations = self.interview.confirmation.explanations
        for difference in found:
            text = QLabel(keep_phrases(difference.text))
            text.setWordWrap(True)
            edit = QLineEdit(explanations.get(difference.key, ""))
            edit.setAccessibleName(_("Explanation: {difference}").format(difference=difference.text))
            edit.setPlaceholderText(_("Why, in words the customer agreed to"))
            edit.textChanged.connect(lambda value, key=difference.key: self._explain(key, value))
            if self.context.read_only:
                edit.setReadOnly(True)
            self.explanation_edits[difference.key] = edit
            row = QWidget()
            row_layout = QVBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 4)
            row_layout.addWidget(text)
            row_layout.addWidget(edit)
            row_layout.addWidget(
                self.problem_label_for(f"confirmation.explanations.{difference.key}", widget=edit))
            self.differences_layout.addWidget(row)
        wishes = self.wishes
        chain_tab_order([
            *self.explanation_edits.values(), *(c.box for c in wishes.events.values()),
            *wishes.items.values(), wishes.other, self.handed, self.explained, self.confirmed,
            self.confirmed_by, self.confirmed_on, *self.meeting.fields(),
        ])

    def focus_start(self) -> None:
        """The cursor starts at the first thing still to do here: a difference to explain, then
        the document handed over, explained, the customer's confirmation and who gave it. The
        final wishes above start as the initial ones; Shift+Tab reaches them when they change."""
        shown = [p for p in self.problems() if self.shown(p.field)]
        to_do: list[QWidget] = [edit for edit in self.explanation_edits.values() if not edit.text()]
        to_do += [check for check in (self.handed, self.explained, self.confirmed)
                  if not check.isChecked()]
        to_do += [self.confirmed_by] if not self.confirmed_by.text() else []
        if self.context.read_only or shown or not to_do:
            super().focus_start()
            return
        self.ensure_visible(to_do[0])
        to_do[0].setFocus(Qt.FocusReason.TabFocusReason)

    def _explain(self, key: str, value: str) -> None:
        self.interview.confirmation.explanations[key] = clean_field("explanation", value)
        self.changed()

    def _wishes_edited(self) -> None:
        """A change of the final wishes: a new difference takes the cursor to its explanation."""
        before = set(self.explanation_edits)
        if self.context.session.final_wishes_changed():
            self.confirmed.blockSignals(True)
            self.confirmed.setChecked(False)
            self.confirmed.blockSignals(False)
        self._rebuild_differences()
        self.changed()
        new = [edit for key, edit in self.explanation_edits.items() if key not in before]
        if new:
            self.ensure_visible(new[0])
            new[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_flag(self, name: str, on: bool) -> None:
        setattr(self.interview.confirmation, name, on)
        self.changed()

    def _confirm(self, on: bool) -> None:
        self.context.session.confirm(on, day_of(self.confirmed_on.date()))
        self.changed()

    def _date_changed(self, day: QDate) -> None:
        self.interview.confirmation.confirmed_on = day_of(day)
        self.changed()
