"""The desk's window: the filters above the queue, the record beside it, and the decisions on
the keyboard (A approve, R return, H hold; Ctrl+F the search; ↑↓ the queue)."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cyberdesk.gui import dialogs
from cyberdesk.gui.qt_setup import apply_language
from cyberdesk.i18n import _, current_language
from cyberdesk.office import review
from cyberdesk.office.compliance import LABELS
from cyberdesk.office.desk.queue import QueueModel
from cyberdesk.office.desk.reason import ReasonDialog
from cyberdesk.office.desk.record import RecordPanel
from cyberdesk.office.record import exception_labels
from cyberdesk.office.store import Filters, OfficeStore, Review

if TYPE_CHECKING:
    from cyberdesk.services.messages import OfficeKey

SEARCH_DELAY_MS = 250  # typing in the search waits for a pause
MAX_COLUMN_WIDTH = 260
RECORD_DELAY_MS = 60  # moving through the queue with ↑↓ opens the record where it stops


class Counter(QObject):
    """Counts what the filters keep on a thread of its own: on 100,000 revisions a count reads
    every row kept, and the queue must not wait for it. Only the latest count is shown."""

    counted = Signal(int, int)  # generation, count

    def __init__(self, review: Review, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.generation = 0

    def start(self, filters: Filters) -> int:
        self.generation += 1
        generation = self.generation
        threading.Thread(target=self._count, args=(filters, generation), daemon=True).start()
        return generation

    def _count(self, filters: Filters, generation: int) -> None:
        try:
            total = self.review.count(filters)
        except Exception:  # the queue itself reports a database that fails
            total = -1
        self.counted.emit(generation, total)


class DeskWindow(QMainWindow):
    def __init__(self, store: OfficeStore, key: OfficeKey | None = None) -> None:
        super().__init__()
        self.store = store
        self.key = key  # head office's signing key: decisions go back to the agents signed
        self.last_filter_ms = 0.0
        self.last_decision: review.Decision | None = None
        self.reason_dialog: ReasonDialog | None = None
        central = QWidget()
        layout = QVBoxLayout(central)
        bar = QHBoxLayout()
        self.state = QComboBox()
        self.agency = QComboBox()
        self.agent = QComboBox()
        self.month = QComboBox()
        self.exception = QComboBox()
        self.origin = QComboBox()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.filter_labels: list[QLabel] = []
        for combo in (self.state, self.agency, self.agent, self.month, self.exception, self.origin):
            label = QLabel()
            label.setBuddy(combo)
            self.filter_labels.append(label)
            bar.addWidget(label)
            bar.addWidget(combo)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(self.apply_filters)
        bar.addWidget(self.search, 1)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_filters)
        bar.addWidget(self.clear_button)
        layout.addLayout(bar)
        self.total: int | None = None
        self.counter = Counter(store.review, self)
        self.counter.counted.connect(self._counted)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.model = QueueModel(store.review, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.record_timer = QTimer(self, singleShot=True, interval=RECORD_DELAY_MS)
        self.record_timer.timeout.connect(self._show_current)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.record_timer.start())
        self.record = RecordPanel(store)
        split = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton()
        self.return_button = QPushButton()
        self.hold_button = QPushButton()
        for button in (self.approve_button, self.return_button, self.hold_button):
            buttons.addWidget(button)
        left_layout.addLayout(buttons)
        split.addWidget(left)
        split.addWidget(self.record)
        split.setSizes([640, 960])
        layout.addWidget(split, 1)
        self.setCentralWidget(central)
        # Without head office's signing key, decisions are logged but reach no agent: say so.
        self.key_notice = QLabel()
        self.key_notice.setStyleSheet("color: #b00020;")
        self.key_notice.setVisible(key is None)
        self.statusBar().addPermanentWidget(self.key_notice)
        self.search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self.search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        self._actions()
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(lambda: self.ask_reason(review.RETURNED))
        self.hold_button.clicked.connect(lambda: self.ask_reason(review.ON_HOLD))
        self.resize(1600, 960)
        self.retranslate()
        self.apply_filters()
        self._fit_columns()
        self.table.setFocus()

    def _actions(self) -> None:
        self.approve_action = QAction(self, shortcut=QKeySequence("A"))
        self.approve_action.triggered.connect(self.approve)
        self.return_action = QAction(self, shortcut=QKeySequence("R"))
        self.return_action.triggered.connect(lambda: self.ask_reason(review.RETURNED))
        self.hold_action = QAction(self, shortcut=QKeySequence("H"))
        self.hold_action.triggered.connect(lambda: self.ask_reason(review.ON_HOLD))
        self.find_action = QAction(self, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.triggered.connect(lambda: self.search.setFocus())
        for action in (self.approve_action, self.return_action, self.hold_action):
            # Letters decide only while the queue has the focus, never while typing a search.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        self.addAction(self.find_action)
        self.decide_menu = self.menuBar().addMenu("")
        for action in (self.approve_action, self.return_action, self.hold_action):
            self.decide_menu.addAction(action)
        self.view_menu = self.menuBar().addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions = {}
        for code, name in (("ja", "日本語"), ("en", "English")):
            action = QAction(name, self, checkable=True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _checked, c=code: self.switch_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

    # Language ---------------------------------------------------------------------------

    def switch_language(self, language: str) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_language(app, language)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("CyberDesk review desk — head office"))
        texts = (_("Review"), _("Agency"), _("Agent"), _("Month"), _("Exception"), _("Made in"))
        for label, text in zip(self.filter_labels, texts, strict=True):
            label.setText(text)
        self._fill(self.state, [(None, _("All")), *((s, review.state_label(s))
                                                     for s in review.STATES)])
        choices = self.store.review.choices()
        self._fill(self.agency, [(None, _("All")), *((a, a) for a in choices["agencies"])])
        self._fill(self.agent, [(None, _("All")), *((a, a) for a in choices["agents"])])
        self._fill(self.month, [(None, _("All")), *((m, m) for m in choices["months"])])
        self._fill(self.exception, [(None, _("All")), ("", _("Any exception")),
                                    *((code, _(label)) for code, label in LABELS.items())])
        self._fill(self.origin, [(None, _("All")), (True, _("imported from a file")),
                                 (False, _("the wizard"))])
        self.clear_button.setText(_("Clear filters"))
        self.key_notice.setText(_("No head office signing key: decisions are logged but not "
                                  "sent to the agents (--signing-key)"))
        self.search.setPlaceholderText(_("Search company or document number (Ctrl+F)"))
        self.search.setAccessibleName(_("Search company or document number"))
        self.approve_action.setText(_("Approve (A)"))
        self.return_action.setText(_("Return to the agent… (R)"))
        self.hold_action.setText(_("Hold… (H)"))
        self.approve_button.setText(self.approve_action.text())
        self.return_button.setText(self.return_action.text())
        self.hold_button.setText(self.hold_action.text())
        self.decide_menu.setTitle(_("Decide"))
        self.view_menu.setTitle(_("View"))
        self.language_menu.setTitle(_("Language"))
        self.model.retranslate()
        self.record.retranslate()
        self._show_count()

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[object, str]]) -> None:
        """Refill a filter keeping its choice (after a language switch or new rows)."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for value, text in items:
            combo.addItem(text, value)
        found = next((n for n, (value, _text) in enumerate(items) if value == chosen
                      and value is not None), 0)
        combo.setCurrentIndex(found)
        combo.blockSignals(False)

    # The queue --------------------------------------------------------------------------

    def filters(self) -> Filters:
        return Filters(state=self.state.currentData(), agency=self.agency.currentData(),
                       agent=self.agent.currentData(), month=self.month.currentData(),
                       exception=self.exception.currentData(), imported=self.origin.currentData(),
                       text=self.search.text())

    def apply_filters(self) -> None:
        """Show the first page of what the filters keep and select its first row; the count
        and the record follow."""
        self.search_timer.stop()
        started = time.perf_counter()
        filters = self.filters()
        self.model.set_filters(filters)
        self.total = None
        self.counter.start(filters)
        self._show_count()
        if self.model.rowCount():
            self.select_row(0)
        else:
            self.record_timer.stop()
            self.record.show_record(None)
        self.last_filter_ms = (time.perf_counter() - started) * 1000

    def clear_filters(self) -> None:
        for combo in (self.state, self.agency, self.agent, self.month, self.exception,
                      self.origin):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filters()

    def _counted(self, generation: int, total: int) -> None:
        if generation == self.counter.generation:
            self.total = total if total >= 0 else None
            self._show_count()

    def _fit_columns(self) -> None:
        """Columns as wide as the first page needs (once: on every filter change it would cost
        more than the query)."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(MAX_COLUMN_WIDTH, max(
                header.sectionSizeHint(column), self.table.sizeHintForColumn(column))))

    def _show_count(self) -> None:
        if self.total is None:
            self.count_label.setText(_("counting… (exceptions first, then the newest)"))
        else:
            self.count_label.setText(_("{count} revisions (exceptions first, then the newest)")
                                     .format(count=self.total))

    def select_row(self, number: int) -> None:
        index = self.model.index(number, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def current_row(self) -> dict[str, Any] | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _show_current(self) -> None:
        row = self.current_row()
        self.record.show_record(row["id"] if row else None)

    # Deciding ---------------------------------------------------------------------------

    def approve(self) -> None:
        self.decide(review.APPROVED, "")

    def ask_reason(self, decision: str) -> None:
        """Open the reason dialog (window-modal, not blocking); the decision is made when it is
        accepted."""
        row = self.current_row()
        if row is None:
            return
        phrases = self.store.review.phrases(decision) + exception_labels(row["exceptions"])
        dialog = ReasonDialog(decision, row["document_number"], phrases, self)
        dialog.accepted.connect(lambda: self.decide(decision, dialog.reason()))
        dialog.finished.connect(lambda _result: setattr(self, "reason_dialog", None))
        self.reason_dialog = dialog
        dialog.open()

    def decide(self, decision: str, note: str) -> None:
        row = self.current_row()
        if row is None:
            return
        try:
            made = review.decide(self.store, row["id"], decision, note, key=self.key)
        except review.ReviewRefused as error:
            dialogs.warn(self, _("Review"), str(error))
            return
        self.last_decision = made
        number = self.table.currentIndex().row()
        self.model.refresh_row(row["id"])
        if number + 1 < self.model.rowCount():
            self.select_row(number + 1)  # on to the next one
        else:
            self.record.show_record(row["id"])
        shown = _("{document}: {state}").format(document=made.document_number,
                                                state=review.state_label(made.decision))
        self.statusBar().showMessage(f"{shown} — {made.unsent}" if made.unsent else shown,
                                     0 if made.unsent else 8000)
