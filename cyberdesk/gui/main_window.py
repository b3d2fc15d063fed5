"""The main window: the stored interviews, what can be done with them, and the counts by status.

The window only wires widgets to the store; the lifecycle rules (what may be revised, trashed,
duplicated) are the store's and the model's, and their refusals are shown as they are worded.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cyberdesk.catalogue import CatalogueError, installed
from cyberdesk.gui import dialogs, print_actions
from cyberdesk.gui.forms.ui_main_window import Ui_MainWindow
from cyberdesk.gui.interview_list import COMPANY, DATE, ID_ROLE, InterviewFilter, InterviewListModel
from cyberdesk.gui.looks import ERROR_STYLE, date_style
from cyberdesk.gui.qdates import day_of
from cyberdesk.gui.qt_setup import application, apply_language
from cyberdesk.gui.sync_panel import SyncPanel
from cyberdesk.i18n import _, current_language
from cyberdesk.japanese.formatting import moment
from cyberdesk.japanese.phrases import keep_phrases
from cyberdesk.model.interview import Interview, LifecycleError, Status
from cyberdesk.services.decisions import RETURNED, all_decisions, notice, revise, revision_reason
from cyberdesk.services.profile import stored_agent
from cyberdesk.store.database import StoreError
from cyberdesk.store.store import LANGUAGE, OPEN_INTERVIEW, NotFound, Store, Summary

if TYPE_CHECKING:
    from cyberdesk.gui.settings_dialog import SettingsDialog
    from cyberdesk.gui.wizard import InterviewWizard

MESSAGE_MS = 20_000
SEARCH_PREPARE_MS = 200
NO_DATE = QDate(2000, 1, 1)  # the date fields' "any" (their minimum)
SIZE_SAMPLE_ROWS = 40  # column widths from the first rows: measuring hundreds slows the start


class DateBound(QDateEdit):
    """A date filter: Tab leaves the field (arrows change year, month, day) rather than walking
    its sections — and never stays stuck on "any", which has no sections."""

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)



def _picked(edit: QDateEdit) -> date | None:
    """The date a filter field holds, or None for its "any" (NO_DATE)."""
    return None if edit.date() == NO_DATE else day_of(edit.date())

class MainWindow(QMainWindow):
    """Lists the interviews; opens the wizard, the settings and the trash."""

    wizard_closed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.wizard: InterviewWizard | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.undo_stack: list[str] = []  # interviews moved to the trash, most recent last
        self._new_after_profile = False  # the profile was asked for by New interview: go on to it
        self.counts: dict[Status, int] = {}
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        ui = self.ui
        self.model = InterviewListModel(self)
        self.rows = InterviewFilter(self)
        self.rows.setSourceModel(self.model)
        ui.table.setModel(self.rows)
        header = ui.table.horizontalHeader()
        header.setSectionResizeMode(COMPANY, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
        ui.table.verticalHeader().hide()
        ui.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        ui.table.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)
        ui.countsLabel.setTextFormat(Qt.TextFormat.RichText)
        self._build_date_filter()
        self._build_hits()
        self.sync_panel = SyncPanel(store, self)
        ui.syncLayout.addWidget(self.sync_panel)
        self.undo_button = QPushButton(self)
        ui.statusbar.addPermanentWidget(self.undo_button)
        # Catalogue files head office dropped into the data folder that could not be used.
        self.catalogue_notice = QLabel(self)
        self.catalogue_notice.setStyleSheet(ERROR_STYLE)
        self.catalogue_notice.setVisible(bool(installed().refused))
        ui.statusbar.addWidget(self.catalogue_notice)
        # Head office's decision on the selected interview (差戻し: the reason, and what to do).
        self.review_notice = QLabel(self)
        self.review_notice.setWordWrap(True)
        self.review_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.review_notice.hide()
        ui.mainLayout.insertWidget(ui.mainLayout.indexOf(ui.table) + 1, self.review_notice)
        self._fill_status_filter()
        self.print_actions = print_actions.add_print_actions(self, self.print_selected,
                                                             self.print_blank_form)
        ui.fileMenu.insertActions(ui.actionQuit, list(self.print_actions))
        ui.fileMenu.insertSeparator(ui.actionQuit)
        self._connect()
        self.refresh()
        self.retranslate()

    def _build_date_filter(self) -> None:
        """From/to interview dates (blank: no bound) and superseded revisions, beside the search."""
        layout = self.ui.filterLayout
        at = layout.indexOf(self.ui.trashCheck)
        self.date_label = QLabel()
        self.date_from = DateBound()
        self.date_to = DateBound()
        self.date_dash = QLabel("–")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            date_style(edit)
            edit.setMinimumDate(NO_DATE)
            edit.setDate(NO_DATE)
            edit.dateChanged.connect(self._dates_changed)
        self.superseded_check = QCheckBox()
        self.superseded_check.toggled.connect(self.rows.set_show_superseded)
        for offset, widget in enumerate((self.date_label, self.date_from, self.date_dash,
                                         self.date_to, self.superseded_check)):
            layout.insertWidget(at + offset, widget)
        self.date_label.setBuddy(self.date_from)
        QWidget.setTabOrder(self.ui.statusCombo, self.date_from)
        QWidget.setTabOrder(self.date_from, self.date_to)
        QWidget.setTabOrder(self.date_to, self.superseded_check)
        QWidget.setTabOrder(self.superseded_check, self.ui.trashCheck)

    def _build_hits(self) -> None:
        """How many interviews the search and filters let through, beside the search; and, in
        the empty table, why it is empty."""
        self.hits_label = QLabel()
        self.hits_label.setAccessibleName(_("Interviews found"))
        layout = self.ui.filterLayout
        layout.insertWidget(layout.indexOf(self.ui.searchEdit) + 1, self.hits_label)
        self.empty_label = QLabel(self.ui.table.viewport())
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        empty_layout = QVBoxLayout(self.ui.table.viewport())
        empty_layout.addWidget(self.empty_label)
        self.rows.modelReset.connect(self._show_hits)

    def _show_hits(self) -> None:
        shown, stored = self.rows.rowCount(), len(self.model.all_rows)
        filtered = shown != stored
        self.hits_label.setText(_("{shown} of {stored}").format(shown=shown, stored=stored)
                                if filtered else "")
        if shown:
            text = ""
        elif stored:
            text = _("No interview matches the search or the filters.")
        elif self.ui.trashCheck.isChecked():
            text = _("The trash is empty.")
        else:
            text = _("No interviews yet. Start one with New interview ({key}).").format(
                key=self.ui.actionNew.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
        self.empty_label.setText(keep_phrases(text))
        self.empty_label.setVisible(bool(text))

    def _dates_changed(self) -> None:
        self.rows.set_dates(_picked(self.date_from), _picked(self.date_to))

    def _connect(self) -> None:
        ui = self.ui
        ui.statusCombo.currentIndexChanged.connect(
            lambda _index: self.rows.set_status(self.status_filter()))
        for signal, slot in (
            (ui.searchEdit.textChanged, self.rows.set_search),
            (ui.trashCheck.toggled, self.refresh),
            (ui.table.doubleClicked, self.open_selected),
            (ui.table.selectionModel().selectionChanged, self._update_actions),
            (self.rows.modelReset, self._update_actions),
            (self.rows.layoutChanged, self._update_actions),
            (ui.newButton.clicked, self.new_interview),
            (ui.actionNew.triggered, self.new_interview),
            (ui.openButton.clicked, self.open_selected),
            (ui.duplicateButton.clicked, self.duplicate_selected),
            (ui.reviseButton.clicked, self.revise_selected),
            (ui.trashButton.clicked, self.trash_selected),
            (ui.restoreButton.clicked, self.restore_selected),
            (ui.actionUndo.triggered, self.undo_trash),
            (self.undo_button.clicked, self.undo_trash),
            (ui.actionSettings.triggered, self.open_settings),
            (ui.actionAbout.triggered, self.open_about),
            (ui.actionQuit.triggered, self.quit_requested),
            (self.sync_panel.synced, self.refresh),
        ):
            signal.connect(slot)
        language = QShortcut(QKeySequence("Ctrl+L"), self)
        language.activated.connect(self.switch_language)
        # Keys on the list: Enter opens (`activated` is not Enter on every platform), Delete trashes.
        for key, slot in ((QKeySequence(Qt.Key.Key_Return), self.open_selected),
                          (QKeySequence(Qt.Key.Key_Enter), self.open_selected),
                          (QKeySequence(QKeySequence.StandardKey.Delete), self.trash_selected)):
            shortcut = QShortcut(key, ui.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

    # Language ---------------------------------------------------------------------------

    def _fill_status_filter(self) -> None:
        combo = self.ui.statusCombo
        current = combo.currentIndex()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("All"), None)
        for status in Status:
            combo.addItem(status.label, status.value)
        combo.setCurrentIndex(max(current, 0))
        combo.blockSignals(False)

    def status_filter(self) -> Status | None:
        value = self.ui.statusCombo.currentData()
        return Status(value) if value else None

    def retranslate(self) -> None:
        """Show every text in the language now in force (after the settings switched it)."""
        self.ui.retranslateUi(self)
        self._fill_status_filter()
        self.model.retranslate()
        self.date_label.setText(_("Date"))
        for edit, name in ((self.date_from, _("Interviews from this date")),
                           (self.date_to, _("Interviews up to this date"))):
            edit.setSpecialValueText(_("any"))
            date_style(edit)
            edit.setAccessibleName(name)
        self.superseded_check.setText(_("Superseded revisions"))
        self.superseded_check.setAccessibleName(_("Show superseded revisions too"))
        self.undo_button.setText(_("Undo"))
        refused = installed().refused
        self.catalogue_notice.setText(
            _("{count} catalogue file(s) could not be used and were set aside (the reasons are "
              "in the tooltip).")
            .format(count=len(refused)))
        self.catalogue_notice.setToolTip("\n".join(str(error) for error in refused))
        self.undo_button.setAccessibleName(_("Undo the move to the trash"))
        print_actions.retranslate(self.print_actions)
        self._show_counts()
        self._show_hits()
        self._fit_columns()  # 「Finalized」 is wider than 「確定済み」: no 「Rece…」 after a switch
        self._update_actions()

    def switch_language(self) -> None:
        """Ctrl+L: 日本語 ⇄ English, as in the wizard (kept as the app's setting)."""
        language = "en" if current_language() == "ja" else "ja"
        apply_language(application(), language)
        self.store.set_setting(LANGUAGE, language)
        self.retranslate()

    # The list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the interviews again (after any change) and keep the selection where it was."""
        selected = self.selected_id()
        in_trash = self.ui.trashCheck.isChecked()
        self.model.set_rows(self.store.summaries(trashed=in_trash), all_decisions(self.store))
        # store.counts() counts what is out of the trash: the rows just read, unless the trash is shown
        self.counts = self.store.counts() if in_trash else {
            status: 0 for status in Status} | Counter(row.status for row in self.model.all_rows)
        self._show_counts()
        self._fit_columns()
        if selected:
            self.select(selected)
        # once the window is painted, so that neither the start nor the first keystroke waits for it
        QTimer.singleShot(SEARCH_PREPARE_MS, self.model.prepare_search)

    def _fit_columns(self) -> None:
        """Columns sized to their contents once per refresh (sized on every keystroke, they cost
        a reset of 10,000 rows most of its time)."""
        header = self.ui.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            if column != COMPANY:
                header.resizeSection(column, max(header.sectionSizeHint(column),
                                                 self.ui.table.sizeHintForColumn(column)))

    def _show_counts(self) -> None:
        self.ui.countsLabel.setText("　".join(
            _("{status}: {count}").format(status=status.label, count=f"<b>{self.counts[status]}</b>")
            for status in Status))

    def selected_summary(self) -> Summary | None:
        indexes = self.ui.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.rows[self.rows.mapToSource(indexes[0]).row()]

    def selected_id(self) -> str | None:
        summary = self.selected_summary()
        return summary.id if summary else None

    def select(self, interview_id: str) -> bool:
        """Select and show the row of `interview_id`, if it is in the list as filtered."""
        for row in range(self.rows.rowCount()):
            index = self.rows.index(row, 0)
            if index.data(ID_ROLE) == interview_id:
                self.ui.table.selectionModel().select(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                self.ui.table.setCurrentIndex(index)
                self.ui.table.scrollTo(index)
                return True
        return False

    def _update_actions(self) -> None:
        summary = self.selected_summary()
        in_trash = self.ui.trashCheck.isChecked()
        live = summary is not None and not in_trash
        ui = self.ui
        ui.openButton.setEnabled(live)
        ui.duplicateButton.setEnabled(live)
        locked = summary is not None and summary.status.locked
        ui.reviseButton.setEnabled(live and locked)
        ui.trashButton.setEnabled(live and not locked)
        ui.trashButton.setVisible(not in_trash)
        ui.restoreButton.setVisible(in_trash)
        ui.restoreButton.setEnabled(summary is not None and in_trash)
        ui.newButton.setEnabled(not in_trash)
        self.print_actions[0].setEnabled(summary is not None)
        self._show_decision(summary)
        ui.actionUndo.setEnabled(bool(self.undo_stack))
        self.undo_button.setVisible(bool(self.undo_stack))

    def _show_decision(self, summary: Summary | None) -> None:
        decision = self.model.decisions.get(summary.id) if summary is not None else None
        if decision is None:
            self.review_notice.hide()
            return
        self.review_notice.setStyleSheet(ERROR_STYLE if decision.state == RETURNED else "")
        self.review_notice.setText(notice(decision))
        self.review_notice.show()

    def _refused(self, title: str, error: Exception) -> None:
        dialogs.warn(self, title, str(error))
        self.refresh()

    # Actions ----------------------------------------------------------------------------

    def new_interview(self) -> str | None:
        """A new draft with the agent profile and today's catalogue, opened in the wizard."""
        agent = stored_agent(self.store)
        if not agent.agency_name or not agent.agent_name:
            answer = dialogs.ask(
                self, _("New interview"),
                _("The agent profile (agency and agent name) is not filled in yet. It is printed "
                  "on every proposal."),
                [_("Fill in the profile"), _("Continue without it")])
            if answer == 0:
                self._new_after_profile = True  # saving the profile goes on to the interview
                self.open_settings()
                return None
            if answer is None:
                return None
        catalogue = installed().current()
        interview = Interview(agent=agent, catalogue_id=catalogue.id, catalogue_version=catalogue.version)
        # No answer yet: 新規 does not wait for the disk (7-70 ms under load)
        self.store.add(interview, durable=False)
        self._show_new(interview.id)
        self.open_wizard(interview.id)
        return interview.id

    def print_selected(self) -> print_actions.Printed | None:
        """The selected interview as it stands (a draft prints blank lines where unanswered)."""
        summary = self.selected_summary()
        if summary is None:
            return None
        interview = self.store.get(summary.id)
        catalogue = installed().get(interview.catalogue_id, interview.catalogue_version)
        if catalogue is None:
            dialogs.warn(self, _("Print"), _(
                "This interview was made with catalogue {id} {version}, which is not installed."
            ).format(id=interview.catalogue_id, version=interview.catalogue_version))
            return None
        return print_actions.print_interview(self, self.store, interview, catalogue)

    def print_blank_form(self) -> print_actions.Printed | None:
        """A form with every answer blank, for the customer to fill in by hand."""
        try:
            catalogue = installed().current()
        except CatalogueError as error:
            self._refused(_("Print"), error)
            return None
        return print_actions.print_blank(self, catalogue, stored_agent(self.store), self.store)

    def _show_new(self, interview_id: str) -> None:
        """Make a new interview visible in the list (clearing a search that would hide it)."""
        self.ui.trashCheck.setChecked(False)
        self.refresh()
        if not self.select(interview_id):
            self.ui.searchEdit.clear()
            self.ui.statusCombo.setCurrentIndex(0)
            self.select(interview_id)

    def open_selected(self) -> None:
        summary = self.selected_summary()
        if summary is not None and not self.ui.trashCheck.isChecked():
            self.open_wizard(summary.id)

    def duplicate_selected(self) -> str | None:
        summary = self.selected_summary()
        if summary is None:
            return None
        copy = self.store.duplicate(summary.id, installed().current())
        self._show_new(copy.id)
        self.ui.statusbar.showMessage(
            _("Duplicated “{company}” as a new draft.").format(company=summary.company_name), MESSAGE_MS)
        return copy.id

    def revise_selected(self) -> str | None:
        summary = self.selected_summary()
        if summary is None or not summary.status.locked:
            return None
        reason = dialogs.ask_text(
            self, _("Revise interview"),
            _("Why is “{company}” being revised? The reason is recorded with revision {revision}.")
            .format(company=summary.company_name, revision=summary.revision + 1),
            revision_reason(self.model.decisions.get(summary.id)))
        if reason is None:
            return None
        try:
            revised = revise(self.store, summary.id, reason)
        except (LifecycleError, StoreError) as error:
            self._refused(_("Revise interview"), error)
            return None
        self._show_new(revised.id)
        self.open_wizard(revised.id)
        return revised.id

    def trash_selected(self) -> None:
        summary = self.selected_summary()
        if summary is None or self.ui.trashCheck.isChecked():
            return
        try:
            self.store.trash(summary.id)
        except LifecycleError as error:
            self._refused(_("Move to trash"), error)
            return
        self.undo_stack.append(summary.id)
        self.refresh()
        self.ui.statusbar.showMessage(
            _("Moved “{company}” to the trash.").format(
                company=summary.company_name or _("(no company name yet)")), MESSAGE_MS)
        self._update_actions()

    def undo_trash(self) -> None:
        if not self.undo_stack:
            return
        interview_id = self.undo_stack.pop()
        self.store.restore(interview_id)
        self.refresh()
        self.select(interview_id)
        self.ui.statusbar.showMessage(_("Restored from the trash."), MESSAGE_MS)
        self._update_actions()

    def restore_selected(self) -> None:
        summary = self.selected_summary()
        if summary is None or not self.ui.trashCheck.isChecked():
            return
        self.store.restore(summary.id)
        if summary.id in self.undo_stack:
            self.undo_stack.remove(summary.id)
        self.ui.trashCheck.setChecked(False)
        self.select(summary.id)
        self.ui.statusbar.showMessage(_("Restored from the trash."), MESSAGE_MS)

    # The wizard -------------------------------------------------------------------------

    def open_wizard(self, interview_id: str) -> InterviewWizard | None:
        """Open the interview in the wizard. One interview is edited at a time: the list waits
        (disabled, not blocked by a modal window) so that closing it can say why it cannot."""
        # lazy: the wizard and PDF load on first use
        from cyberdesk.gui.wizard import InterviewWizard

        try:
            wizard = InterviewWizard(self.store, interview_id, self)
        except CatalogueError as error:  # made with a catalogue this installation lacks
            self._refused(_("Open interview"), error)
            return None
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished.connect(lambda _result: self._wizard_finished(interview_id))
        wizard.language_switched.connect(self.retranslate)
        wizard.quit_asked.connect(self.quit_requested)
        self.wizard = wizard
        self._set_waiting(True)
        wizard.show()
        return wizard

    def _set_waiting(self, waiting: bool) -> None:
        """The list and the window's own actions wait while an interview is open. Only this
        window's direct actions: the wizard is a child of this window, and a recursive search
        would reach (and disable) its Ctrl+P and its fields' clear buttons too."""
        self.ui.centralwidget.setEnabled(not waiting)
        for action in self.findChildren(QAction, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if action is not self.ui.actionQuit:
                action.setEnabled(not waiting)
        if not waiting:
            self._update_actions()

    def _wizard_finished(self, interview_id: str) -> None:
        note = self.wizard.closing_note if self.wizard is not None else ""
        self.wizard = None
        if self._drop_unanswered(interview_id):
            note = _("The new interview had no answers and was not kept.")
        self._set_waiting(False)
        self.refresh()
        self.sync_panel.refresh()  # a finalized interview now waits to be sent
        self.select(interview_id)
        if note:
            self.ui.statusbar.showMessage(note, MESSAGE_MS)
        self.wizard_closed.emit()

    def _drop_unanswered(self, interview_id: str) -> bool:
        """A new interview closed before anything was answered is not kept (no 「(法人名未入力)」
        drafts piling up in the list); True if it was dropped."""
        try:
            interview = self.store.get(interview_id)
            if interview.status is not Status.DRAFT or interview.previous_id or interview.has_answers():
                return False
            self.store.discard(interview_id)
        except (StoreError, LifecycleError, NotFound):
            return False  # kept: nothing is lost by keeping it
        return True

    def app_ready(self) -> None:
        """The window is up and the wizard loaded: now head office's answers are read (receipts,
        refusals, purges due), on start whether or not anything waits, then on the panel's timer."""
        self.sync_panel.check_messages()

    def resume_open_interview(self) -> bool:
        """Reopen the interview the wizard had open when the app was killed; True if it did."""
        interview_id = self.store.setting(OPEN_INTERVIEW)
        if not interview_id:
            return False
        summary = next((s for s in self.store.summaries() if s.id == interview_id), None)
        if summary is None or summary.status is not Status.DRAFT:
            self.store.set_setting(OPEN_INTERVIEW, None)
            return False
        self.select(interview_id)
        wizard = self.open_wizard(interview_id)
        if wizard is not None:
            company = summary.company_name or _("(no company name yet)")
            saved = moment(datetime.fromisoformat(summary.updated_at),
                           iso_date=current_language() != "ja", seconds=True)
            note = _("CyberDesk did not close normally last time: “{company}” was reopened at step "
                     "{number} as it was last saved, at {time}. Anything typed after that moment "
                     "is not in it.").format(company=company, number=wizard.currentId() + 1,
                                             time=saved)
            wizard.show_notice(note)
            self.ui.statusbar.showMessage(note, MESSAGE_MS)
        return wizard is not None

    def closeEvent(self, event: QCloseEvent) -> None:
        """The app does not quit under an open interview: the agent is told why and where it is."""
        if event.spontaneous() and self._interview_open():
            event.ignore()
            return
        self.sync_panel.wait()  # a copy to the sync folder finishes before the store closes
        super().closeEvent(event)

    def quit_requested(self) -> None:
        """File ▸ Quit (Ctrl+Q, also from the wizard): refused with the reason while an
        interview is open."""
        if not self._interview_open():
            self.close()

    def _interview_open(self) -> bool:
        """True (and the agent is told why the app stays) while the wizard is open."""
        if self.wizard is None:
            return False
        text = _("An interview is open. Close it first (Close, {key}); its answers are saved.") \
            .format(key=QKeySequence("Ctrl+W").toString(QKeySequence.SequenceFormat.NativeText))
        self.ui.statusbar.showMessage(text, MESSAGE_MS)
        self.wizard.raise_()
        self.wizard.activateWindow()
        dialogs.inform(self.wizard, _("Quit"), text)
        return True

    # Settings and About -----------------------------------------------------------------

    def open_about(self) -> QWidget:
        """Help ▸ About: the version, the licence and the third-party notices."""
        # lazy: off the window's start-up path (the notices' dialog loads when first opened)
        from cyberdesk.gui.about_dialog import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_settings(self) -> None:
        # lazy: off the window's start-up path (the settings load when first opened)
        from cyberdesk.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._settings_saved)
        dialog.finished.connect(self._settings_closed)
        self.settings_dialog = dialog
        dialog.open()

    def _settings_closed(self) -> None:
        self.settings_dialog = None
        self._new_after_profile = False  # cancelled: the agent chose not to go on

    def _settings_saved(self) -> None:
        apply_language(application(), self.store.setting(LANGUAGE))
        self.retranslate()
        self.sync_panel.refresh()  # the sync folder may have changed
        if self._new_after_profile:
            self._new_after_profile = False
            self.new_interview()

