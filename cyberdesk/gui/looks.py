"""How fields look wherever they are: one that cannot be changed has its box in the window's
colour (no white box inviting typing) and its text in the normal, readable colour (never light
grey); a date reads as the rest of the app writes dates (2026年12月1日, or 2026-12-01 in English)."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDateEdit, QLineEdit, QPlainTextEdit, QWidget

from cyberdesk.i18n import current_language

ERROR_STYLE = "color: #b00020;"  # a problem or a refusal, said in red
_TEXT_ROLES = (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText)


def locked(edit: QLineEdit | QPlainTextEdit, note: str = "") -> None:
    """Read-only, and looking it: the box is the window's colour; `note` says why (tooltip)."""
    edit.setReadOnly(True)
    palette = edit.palette()
    palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
    edit.setPalette(palette)
    if note:
        edit.setToolTip(note)
        edit.setAccessibleDescription(note)


def readable_when_disabled(widget: QWidget) -> None:
    """A disabled checkbox, combo or date shows its answer in the normal text colour: a finalized
    record is read by the customer, and light grey was hard to read."""
    palette = widget.palette()
    for role in _TEXT_ROLES:
        palette.setColor(QPalette.ColorGroup.Disabled, role,
                         palette.color(QPalette.ColorGroup.Active, role))
    widget.setPalette(palette)


def date_style(edit: QDateEdit) -> None:
    """The date as the screen and the PDF write it in the language shown (not ISO in Japanese)."""
    edit.setDisplayFormat("yyyy年M月d日" if current_language() == "ja" else "yyyy-MM-dd")
