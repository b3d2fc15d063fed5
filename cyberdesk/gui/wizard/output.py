"""Step 7, 出力: the coverage summary shown in the window, printed through the system print
dialog, saved where the agent chooses, and the interview finalized (locked)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.gui import dialogs
from cyberdesk.gui.print_actions import print_pdf
from cyberdesk.gui.wizard.page import STEP_TITLES, StepPage
from cyberdesk.i18n import N_, _
from cyberdesk.model.interview import LifecycleError
from cyberdesk.model.problems import Problem, ProblemsError
from cyberdesk.model.validation import STEPS, step_of, substitutes_needed
from cyberdesk.services.session import SaveFailed
from cyberdesk.trust import audit

PRINT_KEY = "Ctrl+P"  # the wizard binds these while this step is shown
SAVE_KEY = "Ctrl+S"
FINALIZE_KEY = "Ctrl+Shift+F"
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def problem_list(problems: list[Problem]) -> str:
    """Every problem under the name of the step that owns it."""
    lines = []
    for step in STEPS:
        mine = [p for p in problems if step_of(p.field) == step]
        if mine:
            lines.append(f"{STEPS.index(step) + 1}. {_(STEP_TITLES[step])}")
            lines += [f"  ・{p.message}" for p in mine]
    return "\n".join(lines)


class OutputPage(StepPage):
    step = "output"
    subtitle = N_("Check the coverage summary with the customer, print or save it, then finalize.")
    lock_when_read_only = False
    scrolls = False

    finalized = Signal()

    def build(self) -> None:
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(_("Print…"))
        self.save_button = QPushButton(_("Save as…"))
        self.finalize_button = QPushButton(_("Finalize"))
        for button, slot, key in ((self.print_button, self.print_summary, PRINT_KEY),
                                  (self.save_button, self.save_summary, SAVE_KEY),
                                  (self.finalize_button, self.finalize, FINALIZE_KEY)):
            button.setAccessibleName(button.text().rstrip("…"))
            button.clicked.connect(slot)
            button.setToolTip(f"{button.accessibleName()} "
                              f"({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})")
            buttons.addWidget(button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons.addWidget(self.status, 1)
        layout.addLayout(buttons)
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setAccessibleName(_("Coverage summary preview"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(self.view, 1)
        self.pdf = b""
        self._buffer: QBuffer | None = None

    def isComplete(self) -> bool:
        """Finish only closes the window (everything is saved); finalizing is its own button."""
        return True

    def load(self) -> None:
        self.render()
        self.finalize_button.setEnabled(not self.context.read_only)

    def summary_text(self, problems: list[Problem]) -> str:
        if self.context.read_only:
            return _("This interview is finalized and is shown read-only.")
        missing = self.context.problems()
        if not missing:
            return _("✓ Everything is complete: the interview can be finalized.")
        return _("To finalize, complete these ({count}):").format(count=len(missing)) + "\n" + \
            problem_list(missing)

    def render(self) -> None:
        """Make the summary from the answers as they are now and show it."""
        from cyberdesk.services.pdf import render_pdf

        try:
            self.pdf = render_pdf(self.interview, self.context.catalogue)
        except Exception as error:  # the preview reports it; the answers are safe in the store
            self.pdf = b""
            self.status.setText(_("The coverage summary could not be made: {reason}")
                                .format(reason=error))
        else:
            self.status.setText("")
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.print_button.setEnabled(bool(self.pdf))
        self.save_button.setEnabled(bool(self.pdf))

    def print_summary(self) -> None:
        pages = print_pdf(self, self.pdf, self.file_stem(), _("Print the coverage summary"))
        if pages is not None:
            self.status.setText(_("{pages} pages sent to the printer.").format(pages=pages))
            self.context.store.record_event(self.interview.id, audit.PRINTED)

    def save_summary(self) -> None:
        start = str(Path.home() / f"{self.file_stem()}.pdf")
        path = dialogs.choose_save_path(self, _("Save the coverage summary"), start,
                                        _("PDF files (*.pdf)"))
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            write_bytes_atomic(target, self.pdf, mode=0o600)
        except OSError as error:
            dialogs.warn(self, _("Save as…"), _("{file} could not be written: {reason}")
                         .format(file=target, reason=error.strerror or error))
            return
        self.status.setText(_("Saved as {file}.").format(file=target))

    def file_stem(self) -> str:
        company = _UNSAFE_IN_FILE_NAMES.sub("_", self.interview.customer.company_name).strip()
        return "_".join(part for part in (_("Coverage summary"), company,
                                          self.interview.document_number) if part)

    def substitutes_accepted(self) -> bool | None:
        """Fields the print font cannot draw exactly, stored and printed forms side by side: the
        agent accepts the substitutes (True; recorded with the time and in the audit trail) or
        goes back to correct them (None). False when there is nothing to accept."""
        needed = substitutes_needed(self.interview)
        if not needed:
            return False
        lines = "\n".join(_("{field}: as typed 「{stored}」 — printed 「{printed}」").format(
            field=n.field, stored=n.stored, printed=n.printed) for n in needed)
        answer = dialogs.ask(self, _("Finalize"), _(
            "The print font cannot draw some characters as typed; they print with their usual "
            "substitute:") + "\n\n" + lines, [_("Accept and finalize"), _("Correct them")])
        return True if answer == 0 else None

    def finalize(self) -> None:
        """Lock the interview after the agent confirms; what is missing is listed if refused."""
        answer = dialogs.ask(self, _("Finalize"), _(
            "A finalized interview can no longer be changed (a change makes a new revision with "
            "a reason). Finalize now?"), [_("Finalize"), _("Cancel")])
        if answer != 0:
            return
        accept = self.substitutes_accepted()
        if accept is None:
            return
        try:
            self.context.session.finalize(accept_substitutes=accept)
        except SaveFailed as error:
            dialogs.warn(self, _("Finalize"), _(
                "The interview was not finalized: the answers on screen could not be saved "
                "({reason}). Nothing was locked; try again.").format(reason=error))
            return
        except ProblemsError as error:
            dialogs.warn(self, _("Finalize"), _("The interview cannot be finalized yet:") + "\n" +
                         problem_list(error.problems))
            return
        except LifecycleError as error:
            dialogs.warn(self, _("Finalize"), str(error))
            return
        self.finalized.emit()
        self.status.setText(_("Finalized. The interview is locked."))
