"""The queue: current revisions, exceptions first, then the newest, fetched a page at a
time (keyset pagination on the queue's index), so 100,000 revisions open as fast as 100."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cyberdesk.i18n import N_, _
from cyberdesk.office.record import exception_labels, jst
from cyberdesk.office.review import state_label, waiting_days
from cyberdesk.office.store import Filters, Review

PAGE = 200
COLUMNS = (
    ("document_number", N_("Document")),
    ("review_state", N_("Review")),
    ("exceptions", N_("Exceptions")),
    ("agency_code", N_("Agency")),
    ("agent_name", N_("Agent")),
    ("company_name", N_("Company")),
    ("interview_date", N_("Interview date")),
    ("received_at", N_("Received")),
    ("waiting", N_("Days waiting")),
)
EXCEPTION_BACKGROUND = QColor("#fdecea")
STATE_COLOURS = {"approved": QColor("#1b5e20"), "returned": QColor("#b00020"),
                 "on_hold": QColor("#8a5a00")}

Index = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractTableModel):
    def __init__(self, review: Review, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.filters = Filters()
        self.rows: list[dict[str, Any]] = []
        self.complete = True

    def set_filters(self, filters: Filters) -> None:
        """Show the first page of what `filters` keeps (counting them is the caller's: it
        reads every row kept, so the desk counts on a thread of its own)."""
        self.beginResetModel()
        self.filters = filters
        self.rows = self.review.page(filters, limit=PAGE)
        self.complete = len(self.rows) < PAGE
        self.endResetModel()

    def refresh_row(self, interview_id: str) -> None:
        """Read one row again after a decision (its place in the queue does not change)."""
        for number, row in enumerate(self.rows):
            if row["id"] == interview_id:
                fresh = self.review.find(interview_id)
                if fresh is not None:
                    row.update({key: fresh[key] for key in row if key in fresh})
                    self.dataChanged.emit(self.index(number, 0),
                                          self.index(number, len(COLUMNS) - 1))

    def row_at(self, number: int) -> dict[str, Any] | None:
        return self.rows[number] if 0 <= number < len(self.rows) else None

    # Qt's model ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.complete

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self.complete or not self.rows:
            return
        last = self.rows[-1]
        more = self.review.page(self.filters, after=(last["flagged"], last["received_at"],
                                                     last["id"]), limit=PAGE)
        self.complete = len(more) < PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows += more
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section][1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, key = self.rows[index.row()], COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole and key == "exceptions":
            return "\n".join(exception_labels(row["exceptions"])) or None
        if role == Qt.ItemDataRole.BackgroundRole and row["flagged"]:
            return QBrush(EXCEPTION_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and key == "review_state":
            colour = STATE_COLOURS.get(row["review_state"])
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("waiting", "exceptions"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(row: dict[str, Any], key: str) -> str:
        if key == "review_state":
            return state_label(row["review_state"])
        if key == "exceptions":
            count = len([code for code in row["exceptions"].split(";") if code])
            imported = _("file") if row["wishes_before_plans"] is None else ""
            return " ".join(part for part in (str(count) if count else "", imported) if part)
        if key == "interview_date":
            return str(row["interview_date"].isoformat())
        if key == "received_at":
            return jst(row["received_at"])
        if key == "waiting":
            return str(waiting_days(row))
        return str(row[key])

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))
