"""Step 6's record of the meeting (お客様対応履歴: how and where it was held, who attended, which
documents were shown with their editions) and the item-by-item confirmation (はい / いいえ for the
coverage, the limits, the period, the premium and the payment). An item is answered only when
the agent chooses an answer: nothing is ticked in advance."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QWidget

from cyberdesk.gui.wizard.page import StepPage, multiline
from cyberdesk.i18n import N_, _
from cyberdesk.japanese.textnorm import clean_text
from cyberdesk.model.interview import CONTACT_METHODS, ShownDocument

_METHOD_LABELS = {"": N_("Not recorded"), "in_person": N_("In person"), "online": N_("Online"),
                  "phone": N_("By phone")}
ITEMS = (("coverage", N_("What is covered")), ("limits", N_("Limits of indemnity")),
         ("period", N_("Policy period")), ("premium", N_("Premium")),
         ("payment", N_("Payment method")))
_ANSWERS = ((None, N_("Not asked")), (True, N_("Yes")), (False, N_("No")))
_EDITION = re.compile(r"\s*[/／]\s*")  # 「重要事項説明書 / 2026年10月版」


def documents_text(documents: list[ShownDocument]) -> str:
    return "\n".join(f"{d.title} / {d.edition}" if d.edition else d.title for d in documents)


def parse_documents(text: str) -> list[ShownDocument]:
    """One document a line, its edition after the last 「/」."""
    found = []
    for line in text.splitlines():
        parts = _EDITION.split(clean_text(line))
        if parts[0] or len(parts) > 1:
            title = " / ".join(parts[:-1]) if len(parts) > 1 else parts[0]
            found.append(ShownDocument(title, parts[-1] if len(parts) > 1 else ""))
    return found


class MeetingRecord(QWidget):
    """The two boxes, bound to `page`'s interview (saved and re-checked through the page)."""

    def __init__(self, page: StepPage) -> None:
        super().__init__()
        self.page = page
        record = lambda: page.interview.contact_record  # noqa: E731 - revisions replace it
        contact = QGroupBox(_("Record of this meeting"), self)
        form = QFormLayout(contact)
        self.method = QComboBox()
        for method in ("", *CONTACT_METHODS):
            self.method.addItem(_(_METHOD_LABELS[method]), method)
        self.method.setAccessibleName(_("How we met"))
        self.method.currentIndexChanged.connect(self._method_changed)
        form.addRow(_("How we met"), self.method)
        self.place = QLineEdit()
        self.place.setAccessibleName(_("Place"))
        form.addRow(_("Place"), self.place)
        form.addRow("", page.bind_line(self.place, record, "place", "contact_record.place"))
        self.attendees = multiline(_("Attendees, one a line"))
        self.attendees.textChanged.connect(self._attendees_changed)
        form.addRow(_("Attendees (one a line)"), self.attendees)
        self.documents = multiline(_("Documents shown, one a line: title / edition"))
        self.documents.setPlaceholderText(_("重要事項説明書 / 2026年10月版"))
        self.documents.textChanged.connect(self._documents_changed)
        form.addRow(_("Documents shown (title / edition)"), self.documents)
        items = QGroupBox(_("Confirmed item by item"), self)
        item_form = QFormLayout(items)
        self.answers: dict[str, QComboBox] = {}
        for key, label in ITEMS:
            box = self.answers[key] = QComboBox()
            for value, text in _ANSWERS:
                box.addItem(_(text), value)
            box.setAccessibleName(_(label))
            box.currentIndexChanged.connect(lambda _index, key=key: self._answer_changed(key))
            item_form.addRow(_(label), box)
        row = self.columns = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(contact, 3)
        row.addWidget(items, 2)
        self._loading = False

    def fields(self) -> list[QWidget]:
        """The inputs in the order Tab visits them."""
        return [self.method, self.place, self.attendees, self.documents, *self.answers.values()]

    def load(self) -> None:
        """Show the stored answers (the page's own loaders fill the bound place field)."""
        interview = self.page.interview
        self._loading = True
        try:
            record = interview.contact_record
            self.method.setCurrentIndex(max(0, self.method.findData(record.method)))
            self.attendees.setPlainText("\n".join(record.attendees))
            self.documents.setPlainText(documents_text(record.documents))
            for key, box in self.answers.items():
                box.setCurrentIndex([v for v, _t in _ANSWERS].index(
                    getattr(interview.confirmation.items, key)))
        finally:
            self._loading = False

    def _store(self, apply) -> None:
        if self._loading or self.page.context.read_only:
            return
        apply(self.page.interview)
        self.page.changed()

    def _method_changed(self, _index: int) -> None:
        self._store(lambda iv: setattr(iv.contact_record, "method", self.method.currentData()))

    def _attendees_changed(self) -> None:
        names = [clean_text(line) for line in self.attendees.toPlainText().splitlines()]
        self._store(lambda iv: setattr(iv.contact_record, "attendees", [n for n in names if n]))

    def _documents_changed(self) -> None:
        documents = parse_documents(self.documents.toPlainText())
        self._store(lambda iv: setattr(iv.contact_record, "documents", documents))

    def _answer_changed(self, key: str) -> None:
        value = self.answers[key].currentData()
        self._store(lambda iv: setattr(iv.confirmation.items, key, value))

