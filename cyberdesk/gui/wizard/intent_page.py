"""Step 2, 意向把握: the customer's initial wishes, recorded with the time — before any plan is shown
(保険業法 294条の2 asks for the wishes first, the proposal against them afterwards). Until they are
recorded, Enter records them (the button says so); then Enter is Next, as on every step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from cyberdesk.gui.wizard.page import StepPage
from cyberdesk.gui.wizard.wishes import WishesEditor, moment_text
from cyberdesk.i18n import N_, _


class InitialIntentPage(StepPage):
    step = "initial_intent"
    subtitle = N_("Ask what the customer wants to be protected against, before showing any plan.")

    def build(self) -> None:
        layout = QVBoxLayout(self.body)
        self.wishes = WishesEditor(self, self.context.catalogue,
                                   lambda: self.interview.initial_intent, "initial_intent")
        self.wishes.edited.connect(self.changed)
        layout.addWidget(self.wishes)
        row = QHBoxLayout()
        self.record = QPushButton()
        self.record.clicked.connect(self._record)
        self.record.setToolTip(_("Records the wishes ticked now, with the time (Enter, until they are "
                                 "recorded)"))
        self.recorded = QLabel()
        self.recorded.setWordWrap(True)  # beside the button even when zoomed
        row.addWidget(self.record)
        row.addWidget(self.recorded, 1)
        layout.addLayout(row)
        layout.addWidget(self.problem_label_for("initial_intent.captured_at", widget=self.record))
        layout.addStretch(1)
        self._show_moment()

    def load(self) -> None:
        self.wishes.load()
        self._show_moment()

    def _show_moment(self) -> None:
        captured = self.interview.initial_intent.captured_at
        if captured is None:
            self.record.setText(_("Record the initial wishes"))
            self.recorded.setText(_("Not recorded yet."))
        else:
            self.record.setText(_("Record again (updates the time)"))
            self.recorded.setText(_("Recorded on {moment}.").format(moment=moment_text(captured)))
        self.record.setAccessibleName(self.record.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on this step records the wishes the first time: before that, Next could only
        point at the record button."""
        unrecorded = self.interview.initial_intent.captured_at is None and not self.context.read_only
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and unrecorded:
            event.accept()
            self._record()
            return
        super().keyPressEvent(event)

    def _record(self) -> None:
        self.context.session.record_initial_wishes()
        self._show_moment()
        self.changed()
