"""Step 3, 業務区分 ①–⑳: every business type with its official description, readable at a glance,
filtered by a word or its number; Enter (or Space after a number) in the filter ticks the one type
it leaves, so 「11」 Enter is ⑪. A type that must be described on the policy (⑳その他) opens a
text field."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from cyberdesk.catalogue import BusinessCategory
from cyberdesk.gui.wizard.page import BoxLabel, StepPage, multiline
from cyberdesk.i18n import N_, _
from cyberdesk.japanese.textnorm import to_ascii

DESCRIPTION_INDENT = 28


class BusinessPage(StepPage):
    step = "business"
    subtitle = N_("Tick every IT business the customer performs; several may apply.")

    def build(self) -> None:
        layout = QVBoxLayout(self.body)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter by a word (e.g. ソフトウェア) or a number (11)"))
        self.filter.setAccessibleName(_("Filter the business types"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.problem_label_for("business_categories"))
        self.rows: dict[int, tuple[QWidget, QCheckBox, BusinessCategory]] = {}
        self.description = multiline(_("Description of the business (written on the policy)"))
        description_problem = self.bind_text(self.description, lambda: self.interview,
                                             "other_business_description", "other_business_description")
        self.description.textChanged.connect(self._show_description)
        self.description_label = QLabel(self.description.accessibleName())
        self.description_label.setBuddy(self.description)
        for category in self.context.catalogue.business_categories:
            row = QWidget()
            row_layout = QVBoxLayout(row)
            row_layout.setContentsMargins(0, 4, 0, 4)
            check = QCheckBox(category.label)
            check.setAccessibleName(category.label)
            check.setAccessibleDescription(category.description)
            check.toggled.connect(self._store_categories)
            text = BoxLabel(category.description, check)
            text.setContentsMargins(DESCRIPTION_INDENT, 0, 0, 0)
            row_layout.addWidget(check)
            row_layout.addWidget(text)
            if category.requires_description:
                for widget in (self.description_label, self.description):
                    widget.setContentsMargins(DESCRIPTION_INDENT, 0, 0, 0)
                    row_layout.addWidget(widget)
                row_layout.addWidget(description_problem)
            self.rows[category.number] = (row, check, category)
            layout.addWidget(row)
        first_box = next(iter(self.rows.values()))[1]
        self.problem_label_for("business_categories", self._labels["business_categories"], first_box)
        self.no_match = QLabel(_("No business type contains this word."))
        self.no_match.hide()
        layout.addWidget(self.no_match)
        layout.addStretch(1)

    def load(self) -> None:
        chosen = set(self.interview.business_categories)
        for number, (_row, check, _category) in self.rows.items():
            check.setChecked(number in chosen)
        self.load_bound()
        self._show_description()

    def _store_categories(self) -> None:
        self.interview.business_categories = [
            number for number, (_row, check, _category) in self.rows.items() if check.isChecked()
        ]
        self._show_description()
        self.changed()

    def _show_description(self) -> None:
        needed = bool(self.interview.other_business_description) or any(
            check.isChecked() and category.requires_description
            for _row, check, category in self.rows.values())
        self.description_label.setVisible(needed)
        self.description.setVisible(needed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the filter, or Space after a number, ticks (or unticks) the one type shown;
        the filter's words are selected, so the next number replaces them."""
        if watched is not self.filter or not isinstance(event, QKeyEvent) \
                or event.type() != QEvent.Type.KeyPress or self.context.read_only:
            return super().eventFilter(watched, event)
        typed = to_ascii(self.filter.text()).strip()
        ticks = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or (
            event.key() == Qt.Key.Key_Space and typed.isdigit())
        shown = [check for row, check, _category in self.rows.values() if not row.isHidden()]
        if not ticks or not typed or len(shown) != 1:
            return super().eventFilter(watched, event)
        shown[0].toggle()
        self.filter.selectAll()
        return True

    def _filter(self, word: str) -> None:
        """Rows whose name or description holds `word`; a number (11, １１) is that type (⑪)."""
        word = to_ascii(word).strip().casefold()
        shown = 0
        for row, _check, category in self.rows.values():
            if word.isdigit():
                visible = word == str(category.number)
            else:
                visible = word in to_ascii(f"{category.label} {category.description}").casefold()
            row.setVisible(visible)
            shown += visible
        self.no_match.setVisible(shown == 0)
