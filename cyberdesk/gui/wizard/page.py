"""What every wizard step shares: the answers it edits, its problems in place, and saving.

A page never judges an answer itself: its problems are those the session reports for its step
(plus "this is not a number" while a number field holds letters). Validation is calm: a field
shows its problem only once the agent has been in it or tried Next, and the summary is a short
list ("and N more"), never a paragraph. Next stays enabled; trying it on an incomplete step shows
every problem of the step and puts the cursor in the first one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from cyberdesk.catalogue import Catalogue
from cyberdesk.gui.autosave import AutoSaver
from cyberdesk.gui.looks import locked, readable_when_disabled
from cyberdesk.i18n import N_, _
from cyberdesk.japanese.phrases import keep_phrases
from cyberdesk.japanese.textnorm import clean_text
from cyberdesk.model.document import clean_field
from cyberdesk.model.interview import Interview
from cyberdesk.model.problems import Problem
from cyberdesk.model.validation import STEPS, print_warnings, problems_for_step
from cyberdesk.services.session import InterviewSession
from cyberdesk.store.store import Store

SAVE_KEY = "Ctrl+S"  # step 7's buttons, also the wizard's shortcuts from any step
FINALIZE_KEY = "Ctrl+Shift+F"
STEP_TITLES = {
    "customer": N_("Customer details"),
    "initial_intent": N_("Grasping the wishes"),
    "business": N_("Business types"),
    "insured": N_("Insured parties"),
    "plan": N_("Plan selection"),
    "confirmation": N_("Confirming the wishes"),
    "output": N_("Output"),
}
PROBLEM_COLOUR = QColor("#a4161a")
FOCUS_COLOUR = QColor("#cfe2ff")  # the band behind a checkbox or radio that has the keyboard
MULTILINE_HEIGHT = 64
STACK_FROM = 1.3  # zoom from which columns laid side by side are stacked (they no longer fit)
SUMMARY_HEIGHT = 96  # at 1.0×; fixed, so a problem appearing never moves the fields above
SUMMARY_LINES = 3  # a few problems by name; the rest are counted


@dataclass
class WizardContext:
    """The session the pages show and edit, and the saver that drives it from the event loop
    (None once the interview is locked)."""

    session: InterviewSession
    saver: AutoSaver | None
    pages: Sequence[StepPage] = field(default_factory=list)  # made on first use
    moving_freely: bool = False  # the step list or a reopen moves past incomplete steps

    @property
    def store(self) -> Store:
        return self.session.store

    @property
    def interview(self) -> Interview:
        return self.session.interview

    @property
    def catalogue(self) -> Catalogue:
        return self.session.catalogue

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    def problems(self) -> list[Problem]:
        return self.session.problems()

    def warnings(self) -> list[Problem]:
        """Characters the printed record cannot show: said under the field, never blocking."""
        return print_warnings(self.interview)


def coloured(widget: QWidget, colour: QColor, role: QPalette.ColorRole = QPalette.ColorRole.WindowText,
             ) -> None:
    """A colour through the palette, not a style sheet: a style sheet stops the zoomed font from
    reaching the widget (the highlighted rows stayed small at 2.0×)."""
    palette = widget.palette()
    palette.setColor(role, colour)
    widget.setPalette(palette)


class ProblemLabel(QLabel):
    """A field's problem line: its room is kept while it is hidden (at least one line at the
    current zoom), so a problem appearing never pushes down the field the agent is about to click."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        coloured(self, PROBLEM_COLOUR)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.hide()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self.fontMetrics().lineSpacing()))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self.fontMetrics().lineSpacing()))

    def heightForWidth(self, width: int) -> int:
        return max(super().heightForWidth(width), self.fontMetrics().lineSpacing())


def problem_label() -> QLabel:
    return ProblemLabel()


class FocusMark(QObject):
    """A checkbox or radio with the keyboard focus is shown on a coloured band (with its words,
    for a WrapCheck): the style's own dotted ring is barely visible, so entering a step whose
    first field is a checkbox looked like nothing had the focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut) and isinstance(
                watched, QCheckBox | QRadioButton):
            parent = watched.parentWidget()
            band = parent if isinstance(parent, WrapCheck) else watched
            coloured(band, FOCUS_COLOUR, band.backgroundRole())  # Button for a radio
            band.setAutoFillBackground(event.type() == QEvent.Type.FocusIn)
        return False


def multiline(accessible: str) -> QPlainTextEdit:
    """A free-text field; Tab moves on (the agent never needs a tab character in an answer)."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setAccessibleName(accessible)
    edit.setMinimumHeight(MULTILINE_HEIGHT)
    edit.setMaximumHeight(MULTILINE_HEIGHT * 3 // 2)
    return edit


class BoxLabel(QLabel):
    """A checkbox's long text beside it, wrapping (QCheckBox never wraps): clicking the text
    clicks the box (nothing when it is disabled), as an ordinary checkbox's own text does."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(keep_phrases(text))
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.box.click()


class WrapCheck(QWidget):
    """A checkbox whose long text wraps (QCheckBox never wraps): the seed's wording stays readable
    without hovering. Clicking the text toggles the box, as with an ordinary checkbox."""

    toggled = Signal(bool)

    def __init__(self, mark: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.box = QCheckBox()  # the mark goes with the words: one font, one line (ア was apart)
        self.box.setAccessibleName(f"{mark} {text}")
        self.text = BoxLabel(f"{mark} {text}", self.box)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # beside its box
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.box.toggled.connect(self.toggled)

    def isChecked(self) -> bool:
        return self.box.isChecked()

    def setChecked(self, checked: bool) -> None:
        self.box.setChecked(checked)


_ARROW_STEPS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1),
                Qt.Key.Key_Down: (0, 1)}


class ArrowGroup(QObject):
    """A group of checkboxes is one Tab stop; the arrow keys move among them (by row and column
    in a grid of `columns`), Space ticks. Eleven expense items no longer cost eleven Tabs."""

    def __init__(self, boxes: list[QAbstractButton], columns: int = 1,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.boxes = boxes
        self.columns = columns
        for index, box in enumerate(boxes):
            box.setFocusPolicy(Qt.FocusPolicy.StrongFocus if index == 0 else Qt.FocusPolicy.ClickFocus)
            box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress \
                or watched not in self.boxes:
            return False
        step = _ARROW_STEPS.get(Qt.Key(event.key()))
        if step is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        across, down = step
        target = self.boxes.index(watched) + across + down * self.columns
        if 0 <= target < len(self.boxes):
            self.boxes[target].setFocus(Qt.FocusReason.TabFocusReason)
        return True


class StepPage(QWizardPage):
    """One step: scrollable body, problems in place, a summary, complete when nothing is missing."""

    step = ""
    subtitle = ""
    lock_when_read_only = True
    scrolls = True  # long pages scroll so that the window fits a 1366×768 screen

    def __init__(self, context: WizardContext) -> None:
        super().__init__()
        self.context = context
        self.setTitle(_(STEP_TITLES[self.step]))
        if self.subtitle:
            self.setSubTitle(_(self.subtitle))
        self._labels: dict[str, QLabel] = {}
        self._parse_problems: dict[str, Problem] = {}
        self.notes: dict[str, str] = {}  # said under a field, never blocking (an unknown postal code)
        self._spoken: set[str] = set()  # fields the agent has edited and left: problems shown
        self._edited: set[str] = set()  # typed in: leaving it then shows its problems (a Tab past
        # an empty field does not)
        self._fields: dict[str, QWidget] = {}  # where the cursor goes for a field's problem
        self.tried = False  # Next was tried: every problem of the step is shown
        self._loaders: list[Callable[[], None]] = []
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.body = QWidget()
        if self.scrolls:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(self.body)
            outer.addWidget(scroll, 1)
        else:
            outer.addWidget(self.body, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("summary")
        self.summary.setAccessibleName(_("What is missing"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary_scroll = QScrollArea()
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        summary_scroll.setFixedHeight(SUMMARY_HEIGHT)
        summary_scroll.setWidget(self.summary)
        self.summary_scroll = summary_scroll
        outer.addWidget(summary_scroll)
        self.focus_mark = FocusMark(self)
        self.side_by_side: list[QBoxLayout] = []  # columns build() lays out, stacked when zoomed
        self.build()

    @property
    def interview(self) -> Interview:
        return self.context.interview

    # For subclasses ----------------------------------------------------------------------

    def build(self) -> None:
        """Create the widgets in `self.body` once."""

    def load(self) -> None:
        """Show the interview's answers in the widgets (their signals are blocked meanwhile)."""

    def zoomed(self, factor: float) -> None:
        """The wizard's text is now `factor` × normal (its font has reached this page already):
        sizes that are not the font's follow."""
        # half the zoom's growth: at 2.0× the step keeps room for its fields (the summary scrolls)
        self.summary_scroll.setFixedHeight(round(SUMMARY_HEIGHT * (1 + factor) / 2))
        for columns in self.side_by_side:
            columns.setDirection(QBoxLayout.Direction.TopToBottom if factor >= STACK_FROM
                                 else QBoxLayout.Direction.LeftToRight)

    # Problems ----------------------------------------------------------------------------

    def problem_label_for(self, path: str, label: QLabel | None = None,
                          widget: QWidget | None = None) -> QLabel:
        """The label that shows the problems of the field `path` (created if not given);
        `widget` is the input the cursor goes to for them."""
        self._labels[path] = label or problem_label()
        if widget is not None:
            self._fields[path] = widget
        return self._labels[path]

    def forget_problem_labels(self, prefix: str) -> None:
        for path in [p for p in self._labels if p.startswith(prefix)]:
            del self._labels[path]
            self._fields.pop(path, None)

    def set_parse_problem(self, path: str, message: str | None) -> None:
        if message:
            self._parse_problems[path] = Problem(path, message)
        else:
            self._parse_problems.pop(path, None)

    def problems(self) -> list[Problem]:
        found = [p for p in problems_for_step(self.context.problems(), self.step)
                 if p.field not in self._parse_problems]
        return list(self._parse_problems.values()) + found

    def isComplete(self) -> bool:
        """Next stays enabled: trying it is how the agent asks to see what is missing."""
        return True

    def validatePage(self) -> bool:
        """Next on an incomplete step shows its problems and the cursor goes to the first one."""
        problems = [] if self.context.read_only else self.problems()
        if not problems or self.context.moving_freely:
            return True
        self.tried = True
        self.refresh()
        self.focus_field(problems[0].field)
        return False

    def shown_state(self) -> tuple[set[str], set[str], bool]:
        """Which problems this page shows (fields left after an edit, Next tried)."""
        return set(self._spoken), set(self._edited), self.tried

    def restore_shown_state(self, state: tuple[set[str], set[str], bool]) -> None:
        """The same problems shown again, by the page rebuilt in another language."""
        spoken, edited, self.tried = state
        self._spoken |= spoken
        self._edited |= edited

    def shown(self, path: str) -> bool:
        return self.tried or path in self._spoken or path in self._parse_problems

    def refresh(self) -> None:
        """Show the problems of the fields the agent has been in, and the short summary."""
        problems = [] if self.context.read_only else self.problems()
        warnings = [] if self.context.read_only else problems_for_step(
            self.context.warnings(), self.step)
        by_field: dict[str, list[str]] = {}
        notes = [Problem(path, message) for path, message in self.notes.items()]
        for problem in [*problems, *warnings, *notes]:
            by_field.setdefault(problem.field, []).append(problem.message)
        for path, label in self._labels.items():
            messages = by_field.get(path, []) if self.shown(path) else []
            label.setText(keep_phrases("\n".join(messages)))
            label.setVisible(bool(messages))
        self.summary.setText(keep_phrases(self.summary_text(problems)))

    def summary_text(self, problems: list[Problem]) -> str:
        if self.context.read_only:
            return _("This interview is finalized and is shown read-only.")
        if not problems:
            return _("✓ This step is complete.")
        return "\n".join([_("Still to fill in on this step:"), *short_list(problems)])

    # Changes -----------------------------------------------------------------------------

    def changed(self, path: str | None = None) -> None:
        """An answer was given (to the field `path`, whose problems are shown from now on):
        save it soon and re-check the step."""
        if self._loading:
            return
        if path is not None:
            self._spoken.add(path)
        if self.context.saver is not None:
            self.context.saver.changed()
        self.refresh()

    def focus_field(self, path: str) -> None:
        """Put the cursor in the field of `path` (or the nearest one registered above it)."""
        widget = self._fields.get(path) or next(
            (w for p, w in self._fields.items() if path.startswith(p)), None)
        if widget is not None and widget.isEnabled():
            self.ensure_visible(widget)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def ensure_visible(self, widget: QWidget) -> None:
        scroll = self.findChild(QScrollArea)
        if self.scrolls and scroll is not None:
            scroll.ensureWidgetVisible(widget)

    def first_field(self) -> QWidget | None:
        """The first input of this step in Tab order."""
        widget = self.body
        for _hop in range(len(self.body.findChildren(QWidget)) * 2 + 8):
            following = widget.nextInFocusChain()
            if following is None or following is self.body:
                break
            widget = following
            if (self.body.isAncestorOf(widget) and widget.isEnabled() and widget.isVisibleTo(self)
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and not isinstance(widget, QScrollArea | QLabel)):
                return widget
        return None

    def focus_start(self) -> None:
        """Where the cursor goes when the step opens: its first shown problem, else its first field."""
        problems = [] if self.context.read_only else self.problems()
        shown = next((p.field for p in problems if self.shown(p.field)), None)
        if shown is not None:
            self.focus_field(shown)
            return
        first = self.first_field()
        if first is not None:
            first.setFocus(Qt.FocusReason.TabFocusReason)

    def initializePage(self) -> None:
        """Shown: the session hears of it first (the first entry to a step may start answers)."""
        self.context.session.enter(STEPS.index(self.step))
        self.reload()

    def cleanupPage(self) -> None:
        """Qt would reset the fields on Back; the answers are kept instead."""

    def reload(self) -> None:
        self._loading = True
        widgets = self.body.findChildren(QWidget)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.load()
        finally:
            for widget in widgets:
                if shiboken6.isValid(widget):  # rows rebuilt by load() are gone
                    widget.blockSignals(False)
            self._loading = False
        if self.context.read_only and self.lock_when_read_only:
            make_read_only(self.body)
        for button in self.body.findChildren(QCheckBox) + self.body.findChildren(QRadioButton):
            button.installEventFilter(self.focus_mark)  # again for rows load() made: no double
        self.refresh()

    # Binding helpers ---------------------------------------------------------------------

    def bind_line(self, edit: QLineEdit, holder: Callable[[], Any], name: str, path: str) -> QLabel:
        """A one-line answer stored normalised (full-width digits folded, NFC, trimmed) as typed;
        the field shows the normalised form once the agent leaves it."""

        def store(text: str) -> None:
            setattr(holder(), name, clean_field(name, text))
            self.edited(path)

        def tidy() -> None:
            value = getattr(holder(), name)
            if edit.text() != value:
                edit.setText(value)
            self.left(path)

        edit.textChanged.connect(store)
        edit.editingFinished.connect(tidy)
        self._loaders.append(lambda: self._load_text(edit.setText, getattr(holder(), name), path))
        return self.problem_label_for(path, widget=edit)

    def bind_parsed(self, edit: QLineEdit, holder: Callable[[], Any], name: str, path: str,
                    parse: Callable[[str], Any], show: Callable[[Any], str], refusal: str) -> QLabel:
        """A typed value kept parsed (an amount, a date): what does not parse is said under the
        field (`refusal`) and stored as not given; the field shows the tidy form once left."""

        def store(text: str) -> None:
            try:
                value = parse(text)
            except ValueError:
                value = None
                self.set_parse_problem(path, _(refusal))
            else:
                self.set_parse_problem(path, None)
            setattr(holder(), name, value)
            self.edited(path)

        def tidy() -> None:
            value = getattr(holder(), name)
            if value is not None:
                edit.setText(show(value))
            self.left(path)

        def load() -> None:
            value = getattr(holder(), name)
            self._load_text(edit.setText, "" if value is None else show(value), path)
            self.set_parse_problem(path, None)

        edit.textChanged.connect(store)
        edit.editingFinished.connect(tidy)
        self._loaders.append(load)
        return self.problem_label_for(path)

    def bind_text(self, edit: QPlainTextEdit, holder: Callable[[], Any], name: str, path: str) -> QLabel:
        def store() -> None:
            setattr(holder(), name, clean_text(edit.toPlainText()))
            self.changed()

        edit.textChanged.connect(store)
        edit.textChanged.connect(lambda: self.speak_up(path))
        self._loaders.append(
            lambda: self._load_text(lambda value: _set_plain(edit, value), getattr(holder(), name), path))
        return self.problem_label_for(path, widget=edit)

    def _load_text(self, show: Callable[[str], None], value: str, path: str) -> None:
        """Show a stored text; an empty one is not called missing until the agent has been there."""
        show(value)
        if value:
            self._spoken.add(path)
        elif path not in self._edited:  # emptied by the agent, it stays called missing
            self._spoken.discard(path)

    def edited(self, path: str) -> None:
        """The agent typed in the field `path`: save, re-check; its problems show once it is left."""
        if not self._loading:
            self._edited.add(path)
        self.changed()

    def left(self, path: str) -> None:
        """The cursor left the field `path`: an edited field speaks up, a field tabbed past does not."""
        if path in self._edited:
            self.speak_up(path)

    def speak_up(self, path: str) -> None:
        """The agent has been in this field: its problems are shown from now on."""
        if path not in self._spoken:
            self._spoken.add(path)
            self.refresh()

    def load_bound(self) -> None:
        for loader in self._loaders:
            loader()


def short_list(problems: list[Problem], lines: int = SUMMARY_LINES) -> list[str]:
    """At most `lines` problems by name, the rest counted: a summary is read at a glance."""
    shown = [f"・{p.message}" for p in problems[:lines]]
    if len(problems) > lines:
        shown.append(_("…and {count} more").format(count=len(problems) - lines))
    return shown


def _set_plain(edit: QPlainTextEdit, text: str) -> None:
    if clean_text(edit.toPlainText()) != text:
        edit.setPlainText(text)


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab visits `widgets` in this order (rows made later would otherwise come last)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def clear(layout: QLayout) -> None:
    """Remove every widget from `layout` (deleted once control returns to the event loop)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def label_row(form: QFormLayout, label: QWidget) -> int:
    """The row of `label` in `form` (PySide6 types getWidgetPosition's (row, role) as object)."""
    row, _role = cast(tuple[int, QFormLayout.ItemRole], form.getWidgetPosition(label))
    return row


def add_problem_rows(form: QFormLayout, page: StepPage, fields: Mapping[QWidget, str]) -> None:
    """Put each field's problem label on the row below it and name the field after its label."""
    for widget, path in fields.items():
        row = _form_row(form, widget)
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            widget.setAccessibleName(label.text().replace("&", ""))
        form.insertRow(row + 1, "", page.problem_label_for(path, page._labels.get(path), widget))


def _form_row(form: QFormLayout, widget: QWidget) -> int:
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if item is None:
            continue
        if item.widget() is widget:
            return row
        layout = item.layout()
        if layout is not None and layout.indexOf(widget) >= 0:
            return row
    raise LookupError(widget.objectName())


def make_read_only(root: QWidget) -> None:
    """A finalized interview is shown, never changed: inputs become read-only or disabled."""
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            locked(widget)  # not white: nothing here looks as if it could be typed in
        elif isinstance(widget, QAbstractButton | QComboBox | QDateEdit):
            widget.setEnabled(False)
            readable_when_disabled(widget)
