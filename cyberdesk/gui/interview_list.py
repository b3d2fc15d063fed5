"""The table of stored interviews behind the main window: one row per Summary, plus its filter.

Rows are read from the store once per refresh. Search, the filters and the sort then work on
those rows in Python, in the model itself: a keystroke filters 10,000 prepared texts (a few
milliseconds; the next keystroke of a word only what the last one found) and resets the model
when the rows shown change, and the view asks only for the rows it shows. (A
QSortFilterProxyModel would call back into Python for every row on every keystroke and for every
comparison of a sort: most of a second with 10,000 interviews.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from operator import attrgetter

from PySide6.QtCore import QAbstractTableModel, QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cyberdesk.catalogue import plan_name
from cyberdesk.i18n import N_, _, current_language
from cyberdesk.japanese.formatting import seireki
from cyberdesk.model.interview import Status
from cyberdesk.model.search import Query, parse_query, searchable
from cyberdesk.services.decisions import RETURNED, Decision
from cyberdesk.store.store import Summary

RETURNED_COLOUR = "#b00020"  # a return waits for the agent

COMPANY, DATE, PLAN, STATUS, REVISION = range(5)
HEADERS = (N_("Company"), N_("Interview date"), N_("Plan"), N_("Status"), N_("Revision"))
ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def superseded_ids(rows: list[Summary]) -> set[str]:
    """Interviews of which a later revision is listed: kept, marked, hidden unless asked for."""
    latest: dict[str, int] = {}
    for row in rows:
        latest[row.lineage_id] = max(latest.get(row.lineage_id, 0), row.revision)
    return {row.id for row in rows if row.revision < latest[row.lineage_id]}


class InterviewListModel(QAbstractTableModel):
    """All listed interviews (`all_rows`), and those the filters let through, sorted (`rows`)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.all_rows: list[Summary] = []
        self.rows: list[Summary] = []
        self.superseded: set[str] = set()
        self.decisions: dict[str, Decision] = {}  # head office's review, by interview id
        self._texts: list[tuple[str, date]] | None = None
        self._query = Query((), ())
        self._found: tuple[Query, list[int]] | None = None  # the last search and its matches
        self._shown: list[int] | None = None  # indexes in all_rows of `rows`; None: to be reset
        self._status: Status | None = None
        self._dates: tuple[date | None, date | None] = (None, None)
        self._show_superseded = False
        self._sort = (DATE, Qt.SortOrder.DescendingOrder)

    def set_rows(self, rows: list[Summary], decisions: dict[str, Decision] | None = None) -> None:
        self.all_rows = rows
        self.decisions = decisions or {}
        self.superseded = superseded_ids(rows)
        self._sort_rows()
        self._apply()

    def _sort_rows(self) -> None:
        column, order = self._sort
        # The start's order (newest interview first) and the revision: keys read in C, not
        # through a Python call per row (10,000 rows at every start).
        key = (attrgetter("interview_date", "updated_at") if column == DATE
               else attrgetter("revision") if column == REVISION
               else lambda row: self._sort_key(row, column))
        self.all_rows.sort(key=key, reverse=order is Qt.SortOrder.DescendingOrder)
        self._forget()

    def _forget(self) -> None:
        """The rows or their texts changed: no earlier search result nor shown list holds."""
        self._texts = None
        self._found = None
        self._shown = None

    def prepare_search(self) -> list[tuple[str, date]]:
        """Each row's search text (in the language shown), prepared once per refresh."""
        if self._texts is not None:
            return self._texts
        labels = {status: status.label for status in Status}
        mark = _("superseded")
        self._texts = [(searchable(
            row.company_name, row.company_kana,
            plan_name(row.catalogue_id, row.catalogue_version, row.plan) if row.plan else "",
            labels[row.status], row.interview_date.isoformat(),
            mark if row.id in self.superseded else ""), row.interview_date) for row in self.all_rows]
        return self._texts

    def _search(self) -> Sequence[int]:
        """The indexes of the rows the search finds; a query that narrows the last one (the
        next keystroke of a word) searches only the last one's matches."""
        if not self._query:
            return range(len(self.all_rows))
        texts = self.prepare_search()
        within = None
        if self._found is not None and self._query.narrows(self._found[0]):
            within = self._found[1]
        found = self._query.filter(texts, within)
        self._found = (self._query, found)
        return found

    def _apply(self) -> None:
        """Show the rows every filter lets through, in the sorted order. When they are the rows
        shown already (the first letters of a name most rows share), the view is left alone:
        a reset of 10,000 rows is most of a keystroke's time."""
        indexes = self._search()
        all_rows = self.all_rows
        if self._status is not None:
            indexes = [i for i in indexes if all_rows[i].status is self._status]
        if not self._show_superseded and self.superseded:
            indexes = [i for i in indexes if all_rows[i].id not in self.superseded]
        first, last = self._dates
        if first or last:
            indexes = [i for i in indexes if (not first or all_rows[i].interview_date >= first)
                       and (not last or all_rows[i].interview_date <= last)]
        shown = list(indexes)
        if shown == self._shown:
            return
        self.beginResetModel()
        self._shown = shown
        self.rows = [all_rows[i] for i in shown]
        self.endResetModel()

    # Filters ----------------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        self._query = parse_query(text)
        self._apply()

    def set_status(self, status: Status | None) -> None:
        self._status = status
        self._apply()

    def set_dates(self, first: date | None, last: date | None) -> None:
        """Interviews dated from `first` to `last` (both included; None: no bound)."""
        self._dates = (first, last)
        self._apply()

    def set_show_superseded(self, shown: bool) -> None:
        self._show_superseded = shown
        self._apply()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) != self._sort:
            self._sort = (column, order)
            self._sort_rows()
            self._apply()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        self._forget()  # status names and marks are searched in the language shown
        self._apply()

    # The table --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == REVISION:
            return Qt.AlignmentFlag.AlignCenter
        decision = self.decisions.get(row.id)
        if role == Qt.ItemDataRole.ToolTipRole and column == STATUS and decision is not None:
            return _("Head office: {decision}").format(decision=decision.label) + (
                "\n" + decision.note if decision.note else "")
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS and decision is not None \
                and decision.state == RETURNED:
            return QBrush(QColor(RETURNED_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole and row.id in self.superseded:
            return _("A later revision of this interview exists.")
        return None

    def _text(self, row: Summary, column: int) -> str:
        if column == COMPANY:
            if row.purged:
                return _("(removed after head office's receipt)")
            return row.company_name or _("(no company name yet)")
        if column == DATE:
            day = row.interview_date
            return seireki(day) if current_language() == "ja" else day.isoformat()
        if column == PLAN:
            return plan_name(row.catalogue_id, row.catalogue_version, row.plan) if row.plan else "—"
        if column == STATUS:
            decision = self.decisions.get(row.id)
            return decision.label if decision is not None else row.status.label
        if row.id in self.superseded:
            return _("{revision} (superseded)").format(revision=row.revision)
        return str(row.revision)

    def _sort_key(self, row: Summary, column: int) -> str | int | tuple[date, str]:
        if column == COMPANY:
            return row.company_kana or row.company_name
        if column == DATE:
            return (row.interview_date, row.updated_at)
        if column == STATUS:
            return list(Status).index(row.status)
        if column == REVISION:
            return row.revision
        return self._text(row, column)


class InterviewFilter(QIdentityProxyModel):
    """What the main window talks to: the filters and the sort, done by the model itself."""

    def model(self) -> InterviewListModel:
        source = self.sourceModel()
        if not isinstance(source, InterviewListModel):
            raise TypeError("an InterviewFilter filters an InterviewListModel")
        return source

    def set_search(self, text: str) -> None:
        self.model().set_search(text)

    def set_status(self, status: Status | None) -> None:
        self.model().set_status(status)

    def set_dates(self, first: date | None, last: date | None) -> None:
        self.model().set_dates(first, last)

    def set_show_superseded(self, shown: bool) -> None:
        self.model().set_show_superseded(shown)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.model().sort(column, order)
