"""The interview wizard: seven steps over one stored interview, every answer saved as given.

It opens at the step the agent was on (also after a crash: the main window reopens the interview
named by the `open_interview` setting, which is cleared only when the wizard is closed normally).
A finalized interview opens read-only.
"""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import QLabel, QMenu, QToolButton, QVBoxLayout, QWidget, QWizard

from cyberdesk.catalogue import CatalogueError, installed
from cyberdesk.gui.autosave import AutoSaver
from cyberdesk.gui.print_actions import add_print_actions, print_blank, print_interview
from cyberdesk.gui.wizard.business import BusinessPage
from cyberdesk.gui.wizard.confirmation import ConfirmationPage
from cyberdesk.gui.wizard.customer import CustomerPage
from cyberdesk.gui.wizard.insured import InsuredPage
from cyberdesk.gui.wizard.intent_page import InitialIntentPage
from cyberdesk.gui.wizard.output import OutputPage
from cyberdesk.gui.wizard.page import STEP_TITLES, StepPage, WizardContext
from cyberdesk.gui.wizard.plan import PlanPage
from cyberdesk.i18n import _
from cyberdesk.model.validation import STEPS, check
from cyberdesk.store.store import OPEN_INTERVIEW, Store

PAGES: tuple[type[StepPage], ...] = (
    CustomerPage, InitialIntentPage, BusinessPage, InsuredPage, PlanPage, ConfirmationPage, OutputPage,
)
WINDOW_SIZE = (1280, 720)
SCREEN_MARGIN = 48
SIDE_WIDTH = 170


class InterviewWizard(QWizard):
    """`InterviewWizard(store, interview_id)`: edits the stored interview, saving as it goes."""

    def __init__(self, store: Store, interview_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        interview = store.get(interview_id)
        catalogue, problems = check(interview, installed())
        if catalogue is None:
            raise CatalogueError(problems[0].message)
        step = min(max(store.step_of(interview_id), 0), len(STEPS) - 1)
        read_only = interview.status.locked
        saver = None if read_only else AutoSaver(store, interview, step, parent=self)
        self.context = WizardContext(store, interview, catalogue, saver, read_only)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Close"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Close"))
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self._build_side()
        for page_class in PAGES:
            page = page_class(self.context)
            self.context.pages.append(page)
            self.addPage(page)
        self.output_page.finalized.connect(self._finalized)
        self.print_actions = add_print_actions(self, self.print_current, self.print_blank_form)
        self.print_button.menu().addActions(list(self.print_actions))
        if saver is not None:
            saver.saved.connect(self._saved)
            saver.failed.connect(self._save_failed)
        self._closed_by_app = False
        self._restoring = True
        self.currentIdChanged.connect(self._page_changed)
        self.restart()
        for _step in range(step):
            self.next()
        self._restoring = False
        self._show_steps()
        self._show_title()
        self._fit_screen()

    def print_current(self) -> int | None:
        """The interview as it stands at this step, whatever the step."""
        return print_interview(self, self.context.interview, self.context.catalogue)

    def print_blank_form(self) -> int | None:
        return print_blank(self, self.context.catalogue, self.context.interview.agent)

    @property
    def interview_id(self) -> str:
        return self.context.interview.id

    @property
    def output_page(self) -> OutputPage:
        return self.context.pages[STEPS.index("output")]

    def _build_side(self) -> None:
        side = self.side = QWidget()
        side.setFixedWidth(SIDE_WIDTH)
        layout = QVBoxLayout(side)
        self.steps_label = QLabel()
        self.steps_label.setWordWrap(True)
        self.steps_label.setAccessibleName(_("Steps"))
        self.save_label = QLabel()
        self.save_label.setWordWrap(True)
        self.save_label.setAccessibleName(_("Saving"))
        layout.addWidget(self.steps_label)
        layout.addStretch(1)
        self.print_button = QToolButton()  # the print actions, also on Ctrl+P / Ctrl+Shift+P
        self.print_button.setText(_("Print"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setMenu(QMenu(self.print_button))
        layout.addWidget(self.print_button)
        layout.addWidget(self.save_label)
        self.setSideWidget(side)

    def _show_steps(self) -> None:
        current = max(self.currentId(), 0)
        lines = []
        for index, step in enumerate(STEPS):
            text = f"{index + 1}. {_(STEP_TITLES[step])}"
            lines.append(f"<p><b>▶ {text}</b></p>" if index == current else f"<p>{text}</p>")
        self.steps_label.setText("".join(lines))

    def _show_title(self) -> None:
        interview = self.context.interview
        company = interview.customer.company_name or _("New interview")
        title = _("Interview: {company}").format(company=company)
        if self.context.read_only:
            title += " " + _("(finalized, read-only)")
        self.setWindowTitle(title)

    def _fit_screen(self) -> None:
        """At most the window size that leaves room on a 1366×768 laptop screen."""
        width, height = WINDOW_SIZE
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width() - SCREEN_MARGIN)
            height = min(height, available.height() - SCREEN_MARGIN)
        self.resize(width, height)

    # Saving ------------------------------------------------------------------------------

    def _page_changed(self, page_id: int) -> None:
        self._show_steps()
        self._show_title()
        if not self._restoring and self.context.saver is not None and page_id >= 0:
            self.context.saver.step_changed(page_id)

    def _saved(self) -> None:
        self.save_label.setText(_("Saved automatically at {time}.").format(
            time=QTime.currentTime().toString("HH:mm:ss")))

    def _save_failed(self) -> None:
        reason = self.context.saver.last_error if self.context.saver else ""
        self.save_label.setText(_("Not saved: {reason}").format(reason=reason))

    def _finalized(self) -> None:
        """Finalized from the output step: from now on the wizard only shows the interview."""
        if self.context.saver is not None:
            self.context.saver.stop()
            self.context.saver = None
        self.context.read_only = True
        for page in self.context.pages:
            page.reload()
        self.save_label.setText("")
        self._show_title()

    def showEvent(self, event: QShowEvent) -> None:
        """While the wizard is open a restart after a crash reopens it."""
        self.context.store.set_setting(OPEN_INTERVIEW, self.interview_id)
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """A close the window system did not send (the app quitting with the wizard open) keeps
        the interview marked as open: the next start resumes it, as after a crash."""
        self._closed_by_app = not event.spontaneous()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        """Closed by the agent (Close, Finish, Esc, the window's ✕): everything is written and
        there is nothing to resume."""
        if self.context.saver is not None:
            self.context.saver.stop()
            self.context.saver = None
        if not self._closed_by_app:
            self.context.store.set_setting(OPEN_INTERVIEW, None)
        super().done(result)
