"""The record beside the queue: the summary PDF the customer received (QPdfView) next to the
data, the audit trail as a timeline, the checks, and the earlier revisions with the decisions."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cyberdesk.i18n import _
from cyberdesk.office import record
from cyberdesk.office.review import state_label
from cyberdesk.office.store import OfficeStore

OK, BAD = "#1b5e20", "#b00020"


def _table(rows: Sequence[tuple[str, ...]], headers: tuple[str, ...] = ()) -> str:
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(
        (f"<th align='left' valign='top'>{escape(cell)}</th>" if number == 0 and not headers
         else f"<td valign='top'>{escape(cell)}</td>") for number, cell in enumerate(row)) + "</tr>"
        for row in rows)
    return (f"<table cellspacing='0' cellpadding='4' border='0'>"
            f"{'<tr>' + head + '</tr>' if head else ''}{body}</table>")


class RecordPanel(QWidget):
    def __init__(self, store: OfficeStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.row: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.title)
        self.split = QSplitter()
        self.pdf = QPdfDocument(self)
        self.pdf_view = QPdfView(self)
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._buffer: QBuffer | None = None
        self.split.addWidget(self.pdf_view)
        self.tabs = QTabWidget()
        self.data = QTextBrowser()
        self.trail = QTextBrowser()
        self.checks = QTextBrowser()
        self.history = QTextBrowser()
        for widget in (self.data, self.trail, self.checks, self.history):
            self.tabs.addTab(widget, "")
        self.split.addWidget(self.tabs)
        self.split.setSizes([520, 480])
        layout.addWidget(self.split, 1)
        self.retranslate()

    def retranslate(self) -> None:
        for number, label in enumerate((_("Data"), _("Audit trail"), _("Checks"),
                                        _("Revisions and decisions"))):
            self.tabs.setTabText(number, label)
        self.show_record(self.row["id"] if self.row else None)

    def show_record(self, interview_id: str | None) -> None:
        """Show the revision (None: nothing chosen)."""
        review = self.store.review
        self.row = review.find(interview_id) if interview_id else None
        row = self.row
        self.pdf.close()
        if row is None:
            self.title.setText(_("Choose a revision in the queue."))
            for browser in (self.data, self.trail, self.checks, self.history):
                browser.clear()
            return
        self.title.setText(f"<b>{escape(row['document_number'])}</b>　"
                           f"{escape(row['company_name'])}　—　{escape(state_label(row['review_state']))}"
                           + (f"：{escape(row['review_note'])}" if row["review_note"] else ""))
        pdf = self.store.summary_pdf(row["id"])
        if pdf:
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(pdf))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.pdf.load(self._buffer)
        self.data.setHtml(_table(record.facts(row)))
        events = record.timeline(row)
        self.trail.setHtml(_table(events, (_("time (JST)"), _("what happened"), _("fields")))
                           if events else escape(_("No audit trail (made outside the wizard).")))
        self.checks.setHtml(self._checks_html(pdf))
        self.history.setHtml(self._history_html(row))

    def _checks_html(self, pdf: bytes | None) -> str:
        assert self.row is not None
        lines = []
        for check in record.checks(self.row, pdf, self.store.agent_keys()):
            colour, mark = (OK, "✓") if check.ok else (BAD, "✗")
            lines.append(f"<p><span style='color:{colour}'><b>{mark}</b></span> "
                         f"{escape(check.label)}<br><small>{escape(check.detail)}</small></p>")
        return "".join(lines)

    def _history_html(self, row: dict[str, Any]) -> str:
        review = self.store.review
        revisions = review.lineage(row["lineage_id"])
        decisions = review.log(r["id"] for r in revisions)
        numbers = {r["id"]: r["document_number"] for r in revisions}
        return (f"<h4>{escape(_('Revisions'))}</h4>" + _table(
            [(r["document_number"], r["revision_reason"], record.jst(r["received_at"]),
              state_label(r["review_state"])) for r in revisions],
            (_("document"), _("reason"), _("received"), _("review")))
            + f"<h4>{escape(_('Decisions'))}</h4>" + (_table(
                [(record.jst(d["decided_at"]), numbers.get(d["interview_id"], ""),
                  state_label(d["decision"]), d["note"], d["reviewer"]) for d in decisions],
                (_("time (JST)"), _("document"), _("decision"), _("reason"), _("reviewer")))
                if decisions else escape(_("none"))))
