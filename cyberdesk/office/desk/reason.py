"""The dialog that asks why a revision is returned (差戻し) or held (保留): the reason typed, or
picked from phrases reviewers used before and the record's own exceptions, from the keyboard
(↑↓ and Enter add a phrase, Ctrl+Enter decides)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cyberdesk.i18n import _
from cyberdesk.office.review import RETURNED


class ReasonDialog(QDialog):
    def __init__(self, decision: str, document: str, phrases: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decision = decision
        returning = decision == RETURNED
        self.setWindowTitle(_("Return {document} to the agent").format(document=document)
                            if returning else _("Put {document} on hold").format(document=document))
        layout = QVBoxLayout(self)
        self.prompt = QLabel(_("Why is it returned? The agent reads this.") if returning
                             else _("Note for head office (why it waits)."))
        layout.addWidget(self.prompt)
        self.phrases = QListWidget()
        self.phrases.addItems(list(dict.fromkeys(phrases)))
        self.phrases.setAccessibleName(_("Reasons used before"))
        self.phrases.itemActivated.connect(lambda item: self.add_phrase(item.text()))
        layout.addWidget(QLabel(_("Reasons used before (Enter adds one)")))
        layout.addWidget(self.phrases)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(_("Reason"))
        self.text.textChanged.connect(self._update)
        layout.addWidget(self.text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            _("Return") if returning else _("Hold"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for widget in (self.text, self.phrases):
            widget.installEventFilter(self)
        self.resize(560, 420)
        (self.phrases if self.phrases.count() else self.text).setFocus(Qt.FocusReason.OtherFocusReason)
        if self.phrases.count():
            self.phrases.setCurrentRow(0)
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter decides from the text and the phrases (the text field would take it as a
        new line)."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self._accept_if_ready()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter adds a phrase or a line, never decides (QDialog would press OK): Ctrl+Enter
        decides."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)

    def add_phrase(self, phrase: str) -> None:
        current = self.text.toPlainText().strip()
        self.text.setPlainText(f"{current}\n{phrase}" if current else phrase)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason()))

    def _accept_if_ready(self) -> None:
        if self.reason():
            self.accept()
