"""The interview wizard: seven steps over one interview session, every answer saved as given.

A step's page is made the first time it is needed (shown, passed on the way to a later step, or
asked for through `context.pages`): 新規 waits for the first step only, not for all seven.

The pages only show the session (`cyberdesk.services.session`) and forward edits to it. The step
list moves to any step whose earlier steps are complete; every action has a key; Esc never closes;
the language switches and the text zooms at any time. It opens at the step the agent was on (also
after a crash: the main window reopens the interview named by the `open_interview` setting, which
is cleared only when the agent closes the wizard). A finalized interview opens read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from importlib import import_module
from typing import TYPE_CHECKING, cast, overload

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from cyberdesk.clock import now
from cyberdesk.gui import dialogs
from cyberdesk.gui.autosave import AutoSaver
from cyberdesk.gui.print_actions import Printed, add_print_actions, print_blank, print_interview
from cyberdesk.gui.print_actions import retranslate as retranslate_print_actions
from cyberdesk.gui.qt_setup import application, apply_language
from cyberdesk.gui.wizard.page import FINALIZE_KEY, SAVE_KEY, STEP_TITLES, StepPage, WizardContext
from cyberdesk.i18n import _, current_language
from cyberdesk.japanese.formatting import clock
from cyberdesk.japanese.phrases import keep_phrases
from cyberdesk.model.validation import STEPS
from cyberdesk.services.decisions import decision_of, notice
from cyberdesk.services.session import InterviewSession
from cyberdesk.store.store import LANGUAGE, OPEN_INTERVIEW, Store

if TYPE_CHECKING:
    from cyberdesk.gui.wizard.output import OutputPage

# Each step's page (module in this package, class), imported when the page is first made: 新規
# waits for step 1's module only (step 7's loads QtPdf and the signature pad).
PAGES: tuple[tuple[str, str], ...] = (
    ("customer", "CustomerPage"), ("intent_page", "InitialIntentPage"),
    ("business", "BusinessPage"), ("insured", "InsuredPage"), ("plan", "PlanPage"),
    ("confirmation", "ConfirmationPage"), ("output", "OutputPage"),
)
OUTPUT_STEP = STEPS.index("output")


def page_class(number: int) -> type[StepPage]:
    """The page class of step `number`, its module imported on the first call."""
    module, name = PAGES[number]
    return cast(type[StepPage], getattr(import_module(f"{__package__}.{module}"), name))
WINDOW_SIZE = (1280, 720)
SCREEN_MARGIN = 48
SIDE_WIDTH = 170
ZOOMS = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0)  # for the customer reading along; never below the default
NEXT_KEY = "Ctrl+PgDown"
BACK_KEY = "Ctrl+PgUp"
CLOSE_KEY = "Ctrl+W"
LANGUAGE_KEY = "Ctrl+L"
ShownState = tuple[set[str], set[str], bool]


class Pages(Sequence[StepPage]):
    """The wizard's step pages by step number, each made by `make` the first time it is asked
    for (indexing or iterating makes it); `made()` is only those that exist."""

    def __init__(self, make: Callable[[int], StepPage]) -> None:
        self._make = make
        self._made: dict[int, StepPage] = {}

    def __len__(self) -> int:
        return len(PAGES)

    @overload
    def __getitem__(self, index: int) -> StepPage: ...

    @overload
    def __getitem__(self, index: slice) -> list[StepPage]: ...

    def __getitem__(self, index: int | slice) -> StepPage | list[StepPage]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        number = range(len(self))[index]  # IndexError past the last step ends an iteration
        if number not in self._made:
            self._made[number] = self._make(number)
        return self._made[number]

    def __iter__(self) -> Iterator[StepPage]:
        return (self[number] for number in range(len(self)))

    def made(self) -> list[StepPage]:
        return [self._made[number] for number in sorted(self._made)]

    def is_made(self, number: int) -> bool:
        return number in self._made

    def forget(self) -> None:
        self._made.clear()


class InterviewWizard(QWizard):
    """`InterviewWizard(store, interview_id)`: edits the stored interview, saving as it goes."""

    language_switched = Signal()
    quit_asked = Signal()  # Ctrl+Q in the wizard: the main window answers it

    def __init__(self, store: Store, interview_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        session = InterviewSession(store, interview_id)
        saver = None if session.read_only else AutoSaver(session, parent=self)
        self.context = WizardContext(session, saver)
        self.closing_note = ""  # what the main window says once the wizard has closed
        self._zoom = 0
        self._base_point_size = self.font().pointSizeF()
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self._build_side()
        self._build_shortcuts()
        self.print_actions = add_print_actions(self, self.print_current, self.print_blank_form)
        self.print_button.menu().addActions(list(self.print_actions))
        if saver is not None:
            saver.saved.connect(self._saved)
            saver.failed.connect(self._save_failed)
        self._closed_by_app = False
        self._restoring = False
        self._shown_states: dict[int, ShownState] = {}  # of pages made before a language switch
        self.context.pages = Pages(self._make_page)
        self.currentIdChanged.connect(self._page_changed)
        self._build_pages(session.step)
        self._label_buttons()
        self._fit_screen()

    def print_current(self) -> Printed | None:
        """The interview as it stands at this step, whatever the step."""
        return print_interview(self, self.context.store, self.context.interview,
                               self.context.catalogue)

    def print_blank_form(self) -> Printed | None:
        return print_blank(self, self.context.catalogue, self.context.interview.agent,
                           self.context.store)

    @property
    def interview_id(self) -> str:
        return self.context.interview.id

    @property
    def session(self) -> InterviewSession:
        return self.context.session

    @property
    def output_page(self) -> OutputPage:
        page = self.context.pages[OUTPUT_STEP]
        if not isinstance(page, page_class(OUTPUT_STEP)):
            raise TypeError("the last step is the output page")
        return cast("OutputPage", page)

    # Building ----------------------------------------------------------------------------

    def _made_pages(self) -> list[StepPage]:
        pages = self.context.pages
        return pages.made() if isinstance(pages, Pages) else list(pages)

    def _build_pages(self, step: int) -> None:
        """Show `step` with pages made in the language now in force: the first step and those
        on the way to `step` now, the others when first needed (the session is unchanged; so is
        which fields show their problems: a red line does not vanish on a switch)."""
        pages = self.context.pages
        assert isinstance(pages, Pages)
        for made in pages.made():
            self._shown_states[STEPS.index(made.step)] = made.shown_state()
        for page_id in self.pageIds():
            page = self.page(page_id)
            self.removePage(page_id)
            page.deleteLater()
        pages.forget()
        pages[0]  # made on access: restart() starts at step 1
        self.setStartId(0)
        self._restoring = True
        try:
            self.restart()
            self._move_to(step)
        finally:
            self._restoring = False
        self._show_steps()
        self._show_title()

    def _make_page(self, number: int) -> StepPage:
        """The page of step `number`, made now and added to the wizard at its place."""
        page = page_class(number)(self.context)
        state = self._shown_states.pop(number, None)
        if state is not None:
            page.restore_shown_state(state)
        if self._zoom:
            page.setFont(self.font())
            page.zoomed(self.zoom_factor())
        if number == OUTPUT_STEP:
            cast("OutputPage", page).finalized.connect(self._finalized)
        self.setPage(number, page)
        return page

    def nextId(self) -> int:
        """The following step, made or not (QWizard would skip to the next page that exists)."""
        current = self.currentId()
        return current + 1 if 0 <= current < len(PAGES) - 1 else -1

    def validateCurrentPage(self) -> bool:
        """Next on the current step: once it may move on, the following step's page is made
        (QWizard moves only to a page it holds)."""
        if not super().validateCurrentPage():
            return False
        following = self.nextId()
        if following >= 0:
            self.context.pages[following]  # made on access
        return True

    def _build_side(self) -> None:
        side = self.side = QWidget()
        side.setFixedWidth(SIDE_WIDTH)
        layout = QVBoxLayout(side)
        self.step_list = QListWidget()
        self.step_list.setWordWrap(True)
        self.step_list.setFrameShape(QFrame.Shape.NoFrame)
        self.step_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.itemActivated.connect(lambda item: self.jump_to(self.step_list.row(item)))
        self.step_list.itemClicked.connect(lambda item: self.jump_to(self.step_list.row(item)))
        for _step in STEPS:
            self.step_list.addItem(QListWidgetItem())
        self.save_label = QLabel()
        self.save_label.setWordWrap(True)
        self.review_label = QLabel()  # head office's decision on this interview, if any
        self.review_label.setWordWrap(True)
        self.review_label.hide()
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self.language_button = QPushButton()
        self.language_button.clicked.connect(self.switch_language)
        self.print_button = QToolButton()  # the print actions, also on Ctrl+P / Ctrl+Shift+P
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setMenu(QMenu(self.print_button))
        layout.addWidget(self.step_list, 1)
        layout.addWidget(self.review_label)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.save_label)
        layout.addWidget(self.print_button)
        layout.addWidget(self.language_button)
        self.setSideWidget(side)

    def _build_shortcuts(self) -> None:
        """Every action has a key (shown in its tooltip): the whole interview works without a mouse."""
        bindings: list[tuple[str | QKeySequence.StandardKey, Callable[[], object]]] = [
                    (NEXT_KEY, self._next), (BACK_KEY, self.back), (CLOSE_KEY, self._close),
                    (LANGUAGE_KEY, self.switch_language),
                    ("Ctrl+Q", self.quit_asked.emit),
                    (QKeySequence.StandardKey.ZoomIn, lambda: self.zoom(1)),
                    ("Ctrl+=", lambda: self.zoom(1)),
                    (QKeySequence.StandardKey.ZoomOut, lambda: self.zoom(-1)),
                    ("Ctrl+0", lambda: self.zoom(-len(ZOOMS)))]
        bindings += [(f"Ctrl+{index + 1}", partial(self.jump_to, index)) for index in range(len(STEPS))]
        bindings += [(key, partial(self._output_button, name)) for key, name in (
            (SAVE_KEY, "save_button"), (FINALIZE_KEY, "finalize_button"))]
        for key, slot in bindings:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def _label_buttons(self) -> None:
        """Texts of the wizard's own buttons and side panel, in the language now in force."""
        decision = decision_of(self.context.store, self.context.interview.id)
        self.review_label.setText(keep_phrases(notice(decision)) if decision else "")
        self.review_label.setVisible(decision is not None)
        for button, text, key in (
                (QWizard.WizardButton.CancelButton, _("Close"), CLOSE_KEY),
                (QWizard.WizardButton.FinishButton, _("Close"), CLOSE_KEY),
                (QWizard.WizardButton.NextButton, None, NEXT_KEY),
                (QWizard.WizardButton.BackButton, None, BACK_KEY)):
            if text is not None:
                self.setButtonText(button, text)
            widget = self.button(button)
            widget.setToolTip(f"{widget.text().replace('&', '')} ({_key_text(key)})")
        self.step_list.setAccessibleName(_("Steps"))
        self.save_label.setAccessibleName(_("Saving"))
        self.print_button.setText(_("Print"))
        retranslate_print_actions(self.print_actions)
        self.language_button.setText(_("日本語 / English"))
        self.language_button.setToolTip(
            _("Switch the language of the app ({key})").format(key=_key_text(LANGUAGE_KEY)))

    def _show_steps(self) -> None:
        """The step list: the current step marked, steps that cannot be visited yet greyed."""
        current = max(self.currentId(), 0)
        blocked = QColor(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        last_open = self.session.first_open_step()  # what reachable() asks, checked once, not 7×
        for index, step in enumerate(STEPS):
            item = self.step_list.item(index)
            reachable = index <= last_open
            mark = "▶ " if index == current else ""
            item.setText(keep_phrases(f"{mark}{index + 1}. {_(STEP_TITLES[step])}"))
            font = QFont(self.step_list.font())  # the zoomed size, not the app's
            font.setBold(index == current)
            item.setFont(font)
            item.setForeground(self.palette().text() if reachable else blocked)
            item.setToolTip(_("Go to this step ({key})").format(key=_key_text(f"Ctrl+{index + 1}"))
                            if reachable else _("Complete the steps before this one first."))
        self.step_list.blockSignals(True)
        self.step_list.setCurrentRow(current)
        self.step_list.blockSignals(False)

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

    # Moving ------------------------------------------------------------------------------

    def jump_to(self, step: int) -> bool:
        """Go straight to `step` (the step list, Ctrl+1…7) if every step before it is complete."""
        if step == self.currentId():
            return True
        if not self.session.reachable(step):
            self._show_steps()
            return False
        self._move_to(step)
        return True

    def _move_to(self, step: int) -> None:
        self.context.moving_freely = True
        try:
            while self.currentId() > step:
                self.back()
            while 0 <= self.currentId() < step:
                self.next()
        finally:
            self.context.moving_freely = False

    def _next(self) -> None:
        if self.currentId() < len(STEPS) - 1:
            self.next()

    def _output_button(self, name: str) -> None:
        """Print, Save as and Finalize by key, on the output step."""
        if self.currentId() != STEPS.index("output"):
            return
        button = getattr(self.output_page, name)
        if button.isEnabled():
            button.click()

    def _page_changed(self, page_id: int) -> None:
        if page_id < 0:
            return
        if not self._restoring:  # a restore shows the steps and the title once it is done
            self.session.go_to(page_id)
            self._show_steps()
            self._show_title()
        QTimer.singleShot(0, self._focus_page)  # after QWizard has moved the focus itself

    def _focus_page(self) -> None:
        page = self.currentPage()
        if isinstance(page, StepPage) and shiboken6.isValid(page):
            page.focus_start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc never closes the interview (a stray key in front of the customer); Close does."""
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    # Language and zoom -------------------------------------------------------------------

    def switch_language(self) -> None:
        """日本語 ⇄ English at any time: the open interview is re-labelled where it stands."""
        language = "en" if current_language() == "ja" else "ja"
        apply_language(application(), language)
        self.context.store.set_setting(LANGUAGE, language)
        self.relabel()
        self.language_switched.emit()

    def relabel(self) -> None:
        """Show every text in the language now in force, at the same step (answers are the session's)."""
        self._build_pages(max(self.currentId(), 0))
        self._label_buttons()
        self._apply_zoom()

    def zoom(self, steps: int) -> None:
        """Ctrl+plus/minus: larger text for the customer reading along; Ctrl+0 back to normal."""
        self._zoom = min(max(self._zoom + steps, 0), len(ZOOMS) - 1)
        self._apply_zoom()

    def zoom_factor(self) -> float:
        return ZOOMS[self._zoom]

    def _apply_zoom(self) -> None:
        factor = self.zoom_factor()
        font = self.font()
        font.setPointSizeF(self._base_point_size * factor)
        self.setFont(font)
        self.side.setFixedWidth(round(SIDE_WIDTH * factor))  # 「日本語 / English」 whole at 2.0×
        self._show_steps()
        for page in self._made_pages():
            page.setFont(font)
            page.zoomed(factor)

    # Saving ------------------------------------------------------------------------------

    def _saved(self) -> None:
        self.save_label.setText(keep_phrases(_("Saved automatically at {time}.").format(
            time=clock(now()))))
        self._show_steps()  # a step completed or opened up

    def _save_failed(self) -> None:
        reason = self.session.last_error
        self.save_label.setText(keep_phrases(_("Not saved: {reason}").format(reason=reason)))

    def show_notice(self, text: str) -> None:
        """A line for the agent in the side panel (e.g. which interview a restart reopened)."""
        self.notice_label.setText(keep_phrases(text))
        self.notice_label.setVisible(bool(text))

    def _finalized(self) -> None:
        """Finalized from the output step: from now on the wizard only shows the interview."""
        self.context.saver = None  # the session closed its writer when it finalized
        for page in self._made_pages():  # those made later load the finalized interview
            page.reload()
        self.save_label.setText("")
        self._show_title()
        self._show_steps()

    def showEvent(self, event: QShowEvent) -> None:
        """While the wizard is open a restart after a crash reopens it (the session's writer
        notes it, the window not waiting for the disk)."""
        self.context.session.mark_open()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """A close the window system did not send (the app quitting with the wizard open) keeps
        the interview marked as open: the next start resumes it, as after a crash."""
        self._closed_by_app = not event.spontaneous()
        super().closeEvent(event)

    def _close(self) -> None:
        self._closed_by_app = False
        self.reject()

    def done(self, result: int) -> None:
        """Closed by the agent (Close, Ctrl+W, the window's ✕): everything is written, or the
        agent is told it was not and may keep the wizard open; there is nothing to resume."""
        if self.context.saver is not None:
            reason = self.session.flush()
            if reason and not self._closed_by_app and dialogs.ask(
                    self, _("Close"), _("The latest answers could not be saved ({reason}). Close "
                                        "anyway and lose them?").format(reason=reason),
                    [_("Keep the interview open"), _("Close and lose them")]) != 1:
                return
            self.context.saver.stop()
            self.context.saver = None
        if not self._closed_by_app:
            self.context.store.set_setting(OPEN_INTERVIEW, None)
        self.closing_note = self._closing_note()
        super().done(result)

    def _closing_note(self) -> str:
        company = self.context.interview.customer.company_name or _("(no company name yet)")
        if self.context.read_only:
            return _("“{company}” is saved (finalized).").format(company=company)
        step = self.session.step
        return _("“{company}” is saved. Opened from the list it continues at step {number}, "
                 "{title}.").format(company=company, number=step + 1,
                                    title=_(STEP_TITLES[STEPS[step]]))


def _key_text(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
