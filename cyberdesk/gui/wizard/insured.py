"""Step 4, 被保険者の範囲: the named insured (the customer) and, under the IT rider, its sales
companies and subcontractors by name and role, with the seed's condition shown beside them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cyberdesk.gui.wizard.page import STACK_FROM, StepPage, chain_tab_order, clear
from cyberdesk.i18n import N_, _
from cyberdesk.model.document import clean_field
from cyberdesk.model.interview import InsuredParty


class InsuredPage(StepPage):
    step = "insured"
    subtitle = N_("Add the customer's sales companies and subcontractors that should be insured.")

    def build(self) -> None:
        self.stacked = False  # zoomed: each party's note on a line of its own
        scope = self.context.catalogue.insured_scope
        layout = QVBoxLayout(self.body)
        group = QGroupBox(scope.title)
        group_layout = QVBoxLayout(group)
        self.named = QLabel()
        self.named.setWordWrap(True)
        group_layout.addWidget(self.named)
        note = QLabel(scope.note)
        note.setWordWrap(True)
        group_layout.addWidget(note)
        layout.addWidget(group)
        self.roles = [role for role in scope.roles if role.conditional]
        self.party_rows: list[tuple[QLineEdit, QComboBox, QLineEdit, QPushButton]] = []
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid_holder)
        self.add = QPushButton(_("Add a sales company or subcontractor"))
        self.add.clicked.connect(self._add)
        layout.addWidget(self.add, 0, Qt.AlignmentFlag.AlignLeft)
        self.empty = QLabel(_("No other insured parties. Add them only if the customer has any."))
        layout.addWidget(self.empty)
        layout.addStretch(1)

    def load(self) -> None:
        named_role = next((r.name for r in self.context.catalogue.insured_scope.roles
                           if not r.conditional), "")
        company = self.interview.customer.company_name or _("(company name not entered yet)")
        self.named.setText(f"{named_role}: {company}")
        self._rebuild()

    def _rebuild(self, focus_row: int | None = None) -> None:
        """The rows follow the list of parties; rebuilt when a party is added or removed."""
        clear(self.grid)
        self.forget_problem_labels("insured_parties[")
        self.party_rows = []
        parties = self.interview.insured_parties
        headers = (_("Name"), _("Role")) if self.stacked else (_("Name"), _("Role"), _("Note"))
        if parties:
            for column, text in enumerate(headers):
                header = QLabel(f"<b>{text}</b>")
                self.grid.addWidget(header, 0, column)
        for index, party in enumerate(parties):
            self._row(index, party, focus=index == focus_row)
        chain_tab_order([w for row in self.party_rows for w in row] + [self.add])
        self.grid.setColumnStretch(0, 3)  # the names are long (株式会社…), the notes shorter
        self.grid.setColumnStretch(2, 2)
        self.empty.setVisible(not parties)
        if self.context.read_only:
            self.add.setEnabled(False)

    def zoomed(self, factor: float) -> None:
        """From 1.3× the note goes under the name: four fields in a row cut the text off."""
        super().zoomed(factor)
        if self.stacked != (factor >= STACK_FROM):
            self.stacked = factor >= STACK_FROM
            self._rebuild()

    def _row(self, index: int, party: InsuredParty, focus: bool) -> None:
        number = index + 1
        rows = 3 if self.stacked else 2
        row = 1 + index * rows
        name = QLineEdit(party.name)
        name.setAccessibleName(_("Name of insured party {number}").format(number=number))
        role = QComboBox()
        role.setAccessibleName(_("Role of insured party {number}").format(number=number))
        role.addItem(_("Choose the role"), "")
        for choice in self.roles:
            role.addItem(choice.name, choice.id)
        role.setCurrentIndex(max(0, role.findData(party.role)))
        note = QLineEdit(party.note)
        note.setAccessibleName(_("Note on insured party {number}").format(number=number))
        note.setPlaceholderText(_("Note"))
        remove = QPushButton(_("Remove"))
        remove.setAccessibleName(_("Remove insured party {number}").format(number=number))
        places = ((row, 0, 1, 1), (row, 1, 1, 1), (row + 1, 0, 1, 3) if self.stacked else (row, 2, 1, 1),
                  (row, 3, 1, 1))
        for widget, place in zip((name, role, note, remove), places, strict=True):
            self.grid.addWidget(widget, *place)
        self.party_rows.append((name, role, note, remove))
        for column, (field, widget) in enumerate((("name", name), ("role", role), ("note", note))):
            self.grid.addWidget(  # under its field: one line kept for the three
                self.problem_label_for(f"insured_parties[{index}].{field}", widget=widget),
                row + rows - 1, column)

        def store_name(text: str) -> None:
            party.name = clean_field("name", text)
            self.changed()

        def store_note(text: str) -> None:
            party.note = clean_field("note", text)
            self.changed()

        def store_role() -> None:
            party.role = role.currentData()
            self.changed()

        name.textChanged.connect(store_name)
        name.editingFinished.connect(lambda: name.setText(party.name) if name.text() != party.name
                                     else None)
        note.textChanged.connect(store_note)
        role.currentIndexChanged.connect(store_role)
        remove.clicked.connect(lambda: self._remove(index))
        if self.context.read_only:
            for widget in (name, note):
                widget.setReadOnly(True)
            role.setEnabled(False)
            remove.setEnabled(False)
        if focus:
            name.setFocus()

    def _add(self) -> None:
        self.interview.insured_parties.append(InsuredParty())
        self._rebuild(focus_row=len(self.interview.insured_parties) - 1)
        self.changed()

    def _remove(self, index: int) -> None:
        del self.interview.insured_parties[index]
        self._rebuild(focus_row=min(index, len(self.interview.insured_parties) - 1))
        self.changed()
