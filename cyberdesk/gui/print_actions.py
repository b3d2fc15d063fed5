"""Printing the current draft or a blank form, from the main window and from any wizard step:
two actions with their shortcuts, for the customer to fill in by hand when the laptop cannot be
used. What a blank form is and how a record is rendered live below the GUI (services.pdf); a
record printed is recorded in its audit trail by the session's rule (services.session).

When the print dialog is told to write a PDF file (the only choice on a machine with no
printer), the file gets the record's own PDF bytes — vector, the same as `cyberdesk render` —
never 300-dpi page images, and nobody is told that anything went to a printer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.gui import dialogs
from cyberdesk.i18n import N_, _

if TYPE_CHECKING:
    from cyberdesk.catalogue import Catalogue
    from cyberdesk.model.interview import Agent, Interview
    from cyberdesk.store.store import Store

PRINT_RECORD = QKeySequence("Ctrl+P")
PRINT_BLANK = QKeySequence("Ctrl+Shift+P")


class Printed(NamedTuple):
    """What a print did: `pages` sent to a printer, or the PDF written to `file` instead."""

    pages: int
    file: str = ""

    def message(self) -> str:
        if self.file:
            return _("Saved as {file} (nothing was sent to a printer).").format(file=self.file)
        return _("{pages} pages sent to the printer.").format(pages=self.pages)


def print_pdf(parent: QWidget, pdf: bytes, name: str, title: str | None = None) -> Printed | None:
    """Through the system print dialog, page by page at 300 dpi (or, when the dialog chose a PDF
    file, the PDF itself into that file); what was done, or None."""
    # lazy: QtPdf and QtPrintSupport only when printing, not on the way to the window or wizard
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from cyberdesk.gui.printing import new_printer, paint_pages

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
        if printer.outputFormat() is QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
            write_bytes_atomic(Path(printer.outputFileName()), pdf, mode=0o600)
            return Printed(document.pageCount(), printer.outputFileName())
        return Printed(paint_pages(document, printer))
    except OSError as error:
        dialogs.warn(parent, _("Print"), _("The printer could not be used: {reason}")
                     .format(reason=error))
        return None


def print_interview(parent: QWidget, store: Store, interview: Interview,
                    catalogue: Catalogue) -> Printed | None:
    """The stored interview's record as it stands (a replaced revision says so on every page);
    once printed, its audit trail says so."""
    # lazy: the PDF and the session's rule only when printing
    from cyberdesk.services.pdf import render_pdf
    from cyberdesk.services.session import PDF_FILE, PRINTER, record_output

    pdf = render_pdf(interview, catalogue, superseded_by=store.superseded_by(interview))
    printed = print_pdf(parent, pdf, _record_name(interview))
    if printed is not None:
        record_output(store, interview.id, PDF_FILE if printed.file else PRINTER)
    return printed


def print_blank(parent: QWidget, catalogue: Catalogue, agent: Agent,
                store: Store) -> Printed | None:
    """The form for handwriting (「手書き用」), with its recorded number; no stored interview,
    so nothing to record in a trail."""
    # lazy: the PDF only when printing
    from cyberdesk.services.pdf import blank_form, blank_form_id, render_pdf

    form = blank_form(catalogue, agent, form_id=blank_form_id(store))
    return print_pdf(parent, render_pdf(form, catalogue, handwritten=True), _record_name(form))


def _record_name(interview: Interview) -> str:
    return f"{_('Coverage summary')} {interview.document_number}"


def add_print_actions(window: QWidget, current: Callable[[], object],
                      blank: Callable[[], object]) -> tuple[QAction, QAction]:
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
