"""The one door every modal message, question, text input and file chooser goes through.

A modal dialog blocks its caller until a person answers, which a test cannot do. Every part of
the app asks through the functions here, which hand a `Request` to the module-level `responder`;
tests replace `responder` (e.g. with monkeypatch) by a function that answers like a user would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from cyberdesk.japanese.phrases import keep_phrases


class Kind(Enum):
    ASK = "ask"  # answer: index of the chosen button, or None when dismissed (Esc)
    TEXT = "text"  # answer: the text entered, or None when cancelled
    INFORM = "inform"  # answer: ignored
    WARN = "warn"  # answer: ignored
    FOLDER = "folder"  # answer: a folder path, or None when cancelled
    SAVE = "save"  # answer: a file path to write, or None when cancelled
    PRINT = "print"  # answer: True to print on `printer` as set up in the dialog, else False


@dataclass(frozen=True)
class Request:
    kind: Kind
    parent: QWidget | None
    title: str
    text: str
    buttons: tuple[str, ...] = ()
    default: str = ""  # the preset text, folder or file path
    file_filter: str = ""
    printer: Any = None  # the QPrinter a PRINT request sets up


def _qt_responder(request: Request) -> Any:
    """Show the real Qt dialog for `request` and return the person's answer."""
    parent = request.parent
    text = keep_phrases(request.text)  # lines break between phrases, never inside 「株式会社」
    if request.kind is Kind.ASK:
        box = QMessageBox(QMessageBox.Icon.Question, request.title, text, parent=parent)
        buttons = []
        for index, label in enumerate(request.buttons):
            last = index == len(request.buttons) - 1 and index > 0
            role = QMessageBox.ButtonRole.RejectRole if last else QMessageBox.ButtonRole.AcceptRole
            buttons.append(box.addButton(label, role))
        if buttons:
            box.setDefaultButton(buttons[0])
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else None
    if request.kind is Kind.TEXT:
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(request.title)
        dialog.setLabelText(text)
        dialog.setTextValue(request.default)
        field = dialog.findChild(QLineEdit)
        if field is not None:
            field.setAccessibleName(request.text)
        return dialog.textValue() if dialog.exec() else None
    if request.kind in (Kind.INFORM, Kind.WARN):
        icon = QMessageBox.Icon.Information if request.kind is Kind.INFORM else QMessageBox.Icon.Warning
        QMessageBox(icon, request.title, text, QMessageBox.StandardButton.Ok, parent).exec()
        return None
    if request.kind is Kind.PRINT:
        # lazy: QtPrintSupport only when printing
        from PySide6.QtPrintSupport import QPrintDialog

        printing = QPrintDialog(request.printer, parent)
        printing.setWindowTitle(request.title)
        return printing.exec() == QPrintDialog.DialogCode.Accepted
    if request.kind is Kind.FOLDER:
        return QFileDialog.getExistingDirectory(parent, request.title, request.default) or None
    path, _selected = QFileDialog.getSaveFileName(parent, request.title, request.default,
                                                  request.file_filter)
    return path or None


# Replaced by tests: called with every Request, returns the answer described in `Kind`.
responder: Callable[[Request], Any] = _qt_responder


def ask(parent: QWidget | None, title: str, text: str, buttons: Sequence[str]) -> int | None:
    """Ask a question; the answer is the index of the chosen button (the last one is Esc's),
    or None when the dialog was closed without choosing."""
    return responder(Request(Kind.ASK, parent, title, text, tuple(buttons)))


def ask_text(parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
    """Ask for a line of text; None when cancelled."""
    return responder(Request(Kind.TEXT, parent, title, label, default=default))


def inform(parent: QWidget | None, title: str, text: str) -> None:
    responder(Request(Kind.INFORM, parent, title, text))


def warn(parent: QWidget | None, title: str, text: str) -> None:
    responder(Request(Kind.WARN, parent, title, text))


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> str | None:
    return responder(Request(Kind.FOLDER, parent, title, "", default=start))


def choose_save_path(parent: QWidget | None, title: str, start: str, file_filter: str) -> str | None:
    """Where to save a file (e.g. the coverage summary PDF); None when cancelled."""
    return responder(Request(Kind.SAVE, parent, title, "", default=start, file_filter=file_filter))


def choose_printer(parent: QWidget | None, title: str, printer: Any) -> bool:
    """The system print dialog for `printer` (a QPrinter); True when the person chose Print."""
    return bool(responder(Request(Kind.PRINT, parent, title, "", printer=printer)))
