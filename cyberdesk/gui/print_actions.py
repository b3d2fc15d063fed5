"""Printing the current draft or a blank form, from the main window and from any wizard step:
two actions with their shortcuts, for the customer to fill in by hand when the laptop cannot be
used. What a blank form is and how a record is rendered live below the GUI (services.pdf)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QWidget

from cyberdesk.catalogue import Catalogue
from cyberdesk.gui import dialogs
from cyberdesk.gui.printing import new_printer, paint_pages
from cyberdesk.i18n import N_, _
from cyberdesk.model.interview import Agent, Interview

PRINT_RECORD = QKeySequence("Ctrl+P")
PRINT_BLANK = QKeySequence("Ctrl+Shift+P")


def print_pdf(parent: QWidget, pdf: bytes, name: str, title: str | None = None) -> int | None:
    """Through the system print dialog, page by page at 300 dpi; the pages printed, or None."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    printer = new_printer()
    printer.setDocName(name)
    if not dialogs.choose_printer(parent, title or _("Print"), printer):
        return None
    try:
        return paint_pages(document, printer)
    except OSError as error:
        dialogs.warn(parent, _("Print"), _("The printer could not be used: {reason}")
                     .format(reason=error))
        return None


def print_interview(parent: QWidget, interview: Interview, catalogue: Catalogue,
                    superseded_by: int | None = None) -> int | None:
    """`superseded_by`: the revision that replaced it, said on every printed page."""
    from cyberdesk.services.pdf import render_pdf

    return print_pdf(parent, render_pdf(interview, catalogue, superseded_by),
                     f"{_('Coverage summary')} {interview.document_number}")


def print_blank(parent: QWidget, catalogue: Catalogue, agent: Agent) -> int | None:
    from cyberdesk.services.pdf import blank_form

    return print_interview(parent, blank_form(catalogue, agent), catalogue)


def add_print_actions(window: QWidget, current: Callable[[], None],
                      blank: Callable[[], None]) -> tuple[QAction, QAction]:
    """“Print this interview…” (Ctrl+P) and “Print a blank form…” (Ctrl+Shift+P) on `window`."""
    actions = []
    for text, key, slot in ((N_("Print this interview…"), PRINT_RECORD, current),
                            (N_("Print a blank form…"), PRINT_BLANK, blank)):
        action = QAction(_(text), window)
        action.setData(text)  # the msgid, for `retranslate`
        action.setShortcut(key)
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        window.addAction(action)
        actions.append(action)
    return actions[0], actions[1]


def retranslate(actions: tuple[QAction, ...]) -> None:
    for action in actions:
        action.setText(_(action.data()))
