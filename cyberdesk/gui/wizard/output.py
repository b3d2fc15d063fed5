"""Step 7, 出力・署名: the record shown at reading size (zoomable for the customer), then a
signature pad for the customer and one for the agent — signing by both is what finalizes it —
and at once the customer's copy, printed or saved as PDF. The paper path stays: finalize for
signatures by hand on the printed record."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.files.errors import os_reason
from cyberdesk.gui import dialogs
from cyberdesk.gui.print_actions import print_pdf
from cyberdesk.gui.signature_pad import SignaturePad
from cyberdesk.gui.wizard.page import FINALIZE_KEY, SAVE_KEY, STEP_TITLES, StepPage
from cyberdesk.i18n import N_, _
from cyberdesk.japanese.formatting import moment
from cyberdesk.model import signing
from cyberdesk.model.interview import LifecycleError
from cyberdesk.model.problems import Problem, ProblemsError
from cyberdesk.model.validation import STEPS, step_of, substitutes_needed
from cyberdesk.services.pdf import render_pdf
from cyberdesk.services.session import PDF_FILE, PRINTER, SaveFailed

PRINT_KEY = "Ctrl+P"  # the wizard binds these while this step is shown
ZOOM_STEPS = (0.75, 1.0, 1.25, 1.5, 2.0, 2.5)
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


class SignatureBox(QGroupBox):
    """One signer's pad with their name under it, and Clear / Sign."""

    def __init__(self, role: str, title: str, hint: str) -> None:
        super().__init__(title)
        self.role = role
        self.pad = SignaturePad(hint)
        self.pad.setAccessibleName(title)
        self.name = QLabel()
        self.name.setAccessibleName(_("Name"))
        self.caption = QLabel()
        self.caption.setAccessibleName(_("Signed"))
        self.clear_button = QPushButton(_("Clear"))
        self.sign_button = QPushButton(_("Sign"))
        self.sign_button.setEnabled(False)
        self.pad.changed.connect(lambda: self.sign_button.setEnabled(
            self.pad.isEnabled() and not self.pad.is_empty()))
        layout = QGridLayout(self)
        layout.addWidget(self.pad, 0, 0, 1, 3)
        layout.addWidget(self.name, 1, 0)
        layout.addWidget(self.caption, 1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.sign_button)
        layout.addLayout(buttons, 1, 2)
        layout.setColumnStretch(1, 1)


class OutputPage(StepPage):
    step = "output"
    subtitle = N_("Read the record with the customer, then the customer and the agent sign: "
                  "signing by both finalizes it.")
    lock_when_read_only = False
    scrolls = False

    finalized = Signal()

    def build(self) -> None:
        self._text_zoom = 1.0  # the wizard's zoom (Ctrl+plus), which the preview follows
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(_("Print…"))
        self.save_button = QPushButton(_("Save as…"))
        self.finalize_button = QPushButton(_("Finalize for signing on paper…"))
        self.zoom_out_button = QPushButton("−")
        self.zoom_out_button.setAccessibleName(_("Zoom out"))
        self.zoom_in_button = QPushButton("＋")
        self.zoom_in_button.setAccessibleName(_("Zoom in"))
        for button, slot, key in ((self.print_button, self.print_summary, PRINT_KEY),
                                  (self.save_button, self.save_summary, SAVE_KEY),
                                  (self.finalize_button, self.finalize, FINALIZE_KEY)):
            button.setAccessibleName(button.text().rstrip("…"))
            button.clicked.connect(slot)
            button.setToolTip(f"{button.accessibleName()} "
                              f"({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})")
            buttons.addWidget(button)
        for button, steps in ((self.zoom_out_button, -1), (self.zoom_in_button, 1)):
            button.setToolTip(button.accessibleName())
            button.clicked.connect(lambda _checked=False, steps=steps: self.zoom(steps))
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
        self._zoom = -1  # fit to width until the customer zooms
        signatures = QWidget()
        row = QHBoxLayout(signatures)
        row.setContentsMargins(0, 0, 0, 0)
        self.signers = {
            signing.CUSTOMER: SignatureBox(signing.CUSTOMER, _("Customer's signature"),
                                           _("Sign here")),
            signing.AGENT: SignatureBox(signing.AGENT, _("Agent's signature"), _("Sign here")),
        }
        for box in self.signers.values():
            box.clear_button.clicked.connect(lambda _checked=False, box=box: self.clear(box))
            box.sign_button.clicked.connect(lambda _checked=False, box=box: self.sign(box))
            row.addWidget(box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(signatures)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.pdf = b""
        self._buffer: QBuffer | None = None

    def zoomed(self, factor: float) -> None:
        """The preview grows with the text: at 1.0× the page fits the width, above it is that
        width × `factor` (scrolling sideways) — unless its own −/＋ buttons were used."""
        super().zoomed(factor)
        self._text_zoom = factor
        self._zoom_preview()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._zoom_preview()

    def _zoom_preview(self) -> None:
        factor = self._text_zoom
        if self._zoom >= 0:
            return  # the preview's own −/＋ chose its size
        page = self.document.pagePointSize(0) if self.document.pageCount() else None
        if factor == 1.0 or page is None or page.width() <= 0:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            return
        dots = self.view.logicalDpiX() / 72  # QPdfView's zoom 1.0 is a point per 1/72 inch
        fit = (self.view.viewport().width() - 2 * self.view.documentMargins().left()) / (
            page.width() * dots)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(fit * factor)
        self.view.horizontalScrollBar().setValue(0)  # the start of the lines, where reading begins

    def isComplete(self) -> bool:
        """Finish only closes the window (everything is saved); finalizing is signing."""
        return True

    def load(self) -> None:
        self.show_summary()
        self.show_signatures()
        self.finalize_button.setEnabled(not self.context.read_only)

    def show_signatures(self) -> None:
        """Each pad as the record stands: its signature, if valid; open to sign while the record
        is a complete draft."""
        interview = self.interview
        # A substitute still to accept is settled when signing starts (substitutes_accepted).
        open_to_sign = not self.context.read_only and all(
            problem.field == "name_substitutes" for problem in self.context.problems())
        names = {signing.CUSTOMER: interview.confirmation.confirmed_by,
                 signing.AGENT: interview.agent.agent_name}
        for role, box in self.signers.items():
            signature = signing.signature_of(interview, role)
            signed = signature is not None and signing.is_valid(interview, role)
            box.pad.set_strokes(signature.strokes if signature is not None and signed else [])
            box.pad.setEnabled(open_to_sign and not signed)
            box.name.setText(names[role])
            box.caption.setText(_("✓ Signed {moment}").format(moment=moment(signature.signed_at))
                                if signature is not None and signed and signature.signed_at else "")
            box.clear_button.setEnabled(open_to_sign)
            box.sign_button.setEnabled(False)

    def summary_text(self, problems: list[Problem]) -> str:
        if self.context.read_only:
            if self.interview.signatures.paper:
                return _("This interview is finalized for signing on paper and is shown "
                         "read-only.")
            return _("This interview is finalized and is shown read-only.")
        missing = self.context.problems()
        if not missing:
            return _("✓ Everything is complete: the customer and the agent can sign.")
        return _("To sign, complete these ({count}):").format(count=len(missing)) + "\n" + \
            problem_list(missing)

    def zoom(self, steps: int) -> None:
        """Larger or smaller type for the customer reading along."""
        if self._zoom < 0:
            self._zoom = 1
        self._zoom = min(max(self._zoom + steps, 0), len(ZOOM_STEPS) - 1)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(ZOOM_STEPS[self._zoom])

    def show_summary(self) -> None:
        """Make the summary from the answers as they are now and show it."""
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
        self._zoom_preview()
        self.print_button.setEnabled(bool(self.pdf))
        self.save_button.setEnabled(bool(self.pdf))

    def print_summary(self) -> None:
        printed = print_pdf(self, self.pdf, self.file_stem(), _("Print the coverage summary"))
        if printed is not None:
            self.status.setText(printed.message())
            self.context.session.record_output(PDF_FILE if printed.file else PRINTER)

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
                         .format(file=target, reason=os_reason(error)))
            return
        self.context.session.record_output(PDF_FILE)
        self.status.setText(_("Saved as {file}.").format(file=target))

    def file_stem(self) -> str:
        company = _UNSAFE_IN_FILE_NAMES.sub("_", self.interview.customer.company_name).strip()
        return "_".join(part for part in (_("Coverage summary"), company,
                                          self.interview.document_number) if part)

    def substitutes_accepted(self) -> bool:
        """Before anyone signs (signing binds the content): fields the print font cannot draw
        exactly, stored and printed forms side by side. The agent accepts the substitutes
        (recorded with the time and in the audit trail: True) or goes back to correct them
        (False). True when there is nothing to accept."""
        needed = substitutes_needed(self.interview)
        if not needed:
            return True
        lines = "\n".join(_("{field}: as typed 「{stored}」 — printed 「{printed}」").format(
            field=n.field, stored=n.stored, printed=n.printed) for n in needed)
        answer = dialogs.ask(self, _("Sign"), _(
            "The print font cannot draw some characters as typed; they print with their usual "
            "substitute:") + "\n\n" + lines, [_("Accept the substitutes"), _("Correct them")])
        return answer == 0 and self._refused(_("Sign"), self.context.session.accept_substitutes)

    def _refused(self, title: str, action) -> bool:
        """Run `action`; a refusal is explained in a dialog. True when it went through."""
        try:
            action()
        except SaveFailed as error:
            dialogs.warn(self, title, _(
                "The interview was not finalized: the answers on screen could not be saved "
                "({reason}). Nothing was locked; try again.").format(reason=error))
        except ProblemsError as error:
            dialogs.warn(self, title, _("The interview cannot be finalized yet:") + "\n" +
                         problem_list(error.problems))
        except LifecycleError as error:
            dialogs.warn(self, title, str(error))
        else:
            return True
        return False

    def sign(self, box: SignatureBox) -> None:
        """Record the signer's strokes, bound to the record as it is; the second finalizes."""
        result: list[bool] = []
        if not self.substitutes_accepted():
            return
        if not self._refused(_("Sign"), lambda: result.append(
                self.context.session.sign(box.role, box.pad.strokes()))):
            return
        if result[0]:
            self._done(_("Signed by both: the interview is finalized and locked."))
        else:
            self.show_summary()
            self.show_signatures()
            self.status.setText(_("Signature recorded."))

    def clear(self, box: SignatureBox) -> None:
        """Clear the pad to sign again (a recorded signature is removed)."""
        if signing.signature_of(self.interview, box.role) is not None:
            if not self._refused(_("Clear"),
                                 lambda: self.context.session.clear_signature(box.role)):
                return
            self.show_summary()
            self.show_signatures()
        box.pad.clear()

    def finalize(self) -> None:
        """The paper path: lock the record for signatures by hand after the agent confirms."""
        answer = dialogs.ask(self, _("Finalize"), _(
            "Finalize for signing on paper: the finalized record is printed and signed by hand. "
            "A finalized interview can no longer be changed (a change makes a new revision with "
            "a reason). Finalize now?"), [_("Finalize"), _("Cancel")])
        if answer != 0:
            return
        if not self.substitutes_accepted():
            return
        if self._refused(_("Finalize"), lambda: self.context.session.finalize(paper=True)):
            self._done(_("Finalized for signing on paper. The interview is locked."))

    def _done(self, message: str) -> None:
        """Finalized: show the record as locked and offer the customer's copy at once."""
        self.finalized.emit()  # the wizard reloads every page, this one included
        self.status.setText(message)
        self.offer_copy()

    def offer_copy(self) -> None:
        """The customer's copy (お客さま控), printed or saved as the record's own PDF."""
        answer = dialogs.ask(self, _("The customer's copy"), _(
            "Give the customer their copy now: print it, or save it as a PDF."),
            [_("Print…"), _("Save as PDF…"), _("Later")])
        if answer == 0:
            self.print_summary()
        elif answer == 1:
            self.save_summary()
