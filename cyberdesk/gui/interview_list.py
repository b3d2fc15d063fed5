"""The table of stored interviews behind the main window: one row per Summary, plus its filter.

Rows are read from the store once per refresh; search, status filter and sort then work on
those rows in memory, so typing in the search field never waits for the database.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from cyberdesk.catalogue import installed
from cyberdesk.formatting import seireki
from cyberdesk.i18n import N_, _, current_language
from cyberdesk.model.interview import Status
from cyberdesk.store.store import Summary
from cyberdesk.textnorm import clean_kana, clean_text

COMPANY, DATE, PLAN, STATUS, REVISION = range(5)
HEADERS = (N_("Company"), N_("Interview date"), N_("Plan"), N_("Status"), N_("Revision"))
SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


@cache
def plan_name(catalogue_id: str, version: str, plan: str) -> str:
    """The plan's name in the catalogue the interview was made with (its id if that is gone)."""
    catalogue = installed().get(catalogue_id, version)
    found = catalogue.plan(plan) if catalogue else None
    return found.name if found else plan


class InterviewListModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Summary] = []

    def set_rows(self, rows: list[Summary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(HEADERS) - 1))

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
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == REVISION:
            return Qt.AlignmentFlag.AlignCenter
        return None

    @staticmethod
    def _text(row: Summary, column: int) -> str:
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
            return row.status.label
        return str(row.revision)

    @staticmethod
    def _sort_key(row: Summary, column: int) -> str | int:
        if column == COMPANY:
            return row.company_kana or row.company_name
        if column == DATE:
            return f"{row.interview_date.isoformat()} {row.updated_at}"
        if column == STATUS:
            return list(Status).index(row.status)
        if column == REVISION:
            return row.revision
        return InterviewListModel._text(row, column)


class InterviewFilter(QSortFilterProxyModel):
    """Search by company name or reading (hiragana finds katakana) and filter by status."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._search = ""
        self._kana = ""
        self._status: Status | None = None

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._search = clean_text(text).casefold()
        self._kana = clean_kana(text).casefold()
        self.endFilterChange()

    def set_status(self, status: Status | None) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        row: Summary = self.sourceModel().rows[source_row]
        if self._status is not None and row.status is not self._status:
            return False
        if not self._search:
            return True
        name, kana = row.company_name.casefold(), row.company_kana.casefold()
        return self._search in name or self._search in kana or self._kana in kana
