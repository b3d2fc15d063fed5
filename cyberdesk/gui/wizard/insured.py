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

from cyberdesk.gui.wizard.page import StepPage, chain_tab_order, clear
from cyberdesk.i18n import N_, _
from cyberdesk.model.document import clean_field
from cyberdesk.model.interview import InsuredParty


class InsuredPage(StepPage):
    step = "insured"
    subtitle = N_("Add the customer's sales companies and subcontractors that should be insured.")

    def build(self) -> None:
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
        if parties:
            for column, text in enumerate((_("Name"), _("Role"), _("Note"))):
                header = QLabel(f"<b>{text}</b>")
                self.grid.addWidget(header, 0, column)
        for index, party in enumerate(parties):
            self._row(index, party, focus=index == focus_row)
        chain_tab_order([w for row in self.party_rows for w in row] + [self.add])
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(2, 3)
        self.empty.setVisible(not parties)
        if self.context.read_only:
            self.add.setEnabled(False)

    def _row(self, index: int, party: InsuredParty, focus: bool) -> None:
        number = index + 1
        row = 1 + index * 2
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
        remove = QPushButton(_("Remove"))
        remove.setAccessibleName(_("Remove insured party {number}").format(number=number))
        for column, widget in enumerate((name, role, note, remove)):
            self.grid.addWidget(widget, row, column)
        self.party_rows.append((name, role, note, remove))
        problems = QWidget()
        problems_layout = QVBoxLayout(problems)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        for field, widget in (("name", name), ("role", role), ("note", note)):
            problems_layout.addWidget(
                self.problem_label_for(f"insured_parties[{index}].{field}", widget=widget))
        self.grid.addWidget(problems, row + 1, 0, 1, 4)

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
