"""Head office's report: the figures (by agency, agent, month; plan mix; business types) and the
compliance exceptions to chase, built from the database as plain data first; then written as
text, as the CSV core systems import, or as a self-contained web page (office/html.py).

Compliance exceptions are checked on every current revision, whatever the laptop checked: each
part of 意向把握→意向確認 that is missing is one code (EXCEPTIONS), and the bundle's signed audit
trail adds one when a plan was shown before the initial wishes were recorded (LABELS).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.i18n import _
from cyberdesk.model.document import from_document
from cyberdesk.model.interview import Interview
from cyberdesk.office.compliance import EXCEPTIONS, LABELS, exceptions_of  # noqa: F401 (re-exported)
from cyberdesk.office.store import OfficeStore, document_of

# The CSV core systems import: these columns, in this order, one row per current interview.
CSV_COLUMNS = (
    "document_number", "interview_id", "lineage_id", "revision", "previous_id", "revision_reason",
    "agency_code", "agency_name", "agent_name", "agent_email", "company_name", "company_kana",
    "interview_date", "plan", "catalogue_id", "catalogue_version", "business_categories",
    "annual_sales_thousand_yen", "employees", "finalized_at", "received_at", "bundle_sha256",
    "compliance_exceptions",
)


@dataclass
class Current:
    """A current revision: its database row and the interview it carries."""

    row: dict[str, Any]
    interview: Interview
    exceptions: list[str]


@dataclass
class Report:
    since: date | None
    current: list[Current] = field(default_factory=list)
    revisions: list[dict[str, Any]] = field(default_factory=list)  # every revision after the first
    waiting: list[dict[str, Any]] = field(default_factory=list)
    # Revisions started on a laptop and not finalized (not held), with the held revision's row.
    open_revisions: list[tuple[dict[str, Any], dict[str, Any] | None]] = field(default_factory=list)

    @property
    def by_agency(self) -> Counter:
        return Counter(f"{c.row['agency_code'] or '-'} {c.row['agency_name']}".strip()
                       for c in self.current)

    @property
    def by_agent(self) -> Counter:
        return Counter((c.row["agency_code"] or "-", c.row["agent_name"]) for c in self.current)

    @property
    def by_month(self) -> Counter:
        return Counter(sorted(c.row["interview_date"].strftime("%Y-%m") for c in self.current))

    @property
    def plans(self) -> Counter:
        return Counter(plan_label(c.interview) for c in self.current)

    @property
    def business_types(self) -> Counter:
        counts: Counter = Counter()
        for item in self.current:
            counts.update(category_label(item.interview, n) for n in item.interview.business_categories)
        return counts

    @property
    def exceptions(self) -> list[Current]:
        return [c for c in self.current if c.exceptions]


def _catalogue(interview: Interview):
    from cyberdesk.catalogue import installed

    return installed().get(interview.catalogue_id, interview.catalogue_version)


def plan_label(interview: Interview) -> str:
    catalogue = _catalogue(interview)
    plan = catalogue.plan(interview.plan) if catalogue else None
    return plan.name if plan else (interview.plan or _("no plan"))


def category_label(interview: Interview, number: int) -> str:
    catalogue = _catalogue(interview)
    category = catalogue.category(number) if catalogue else None
    return category.label if category else str(number)


def build(store: OfficeStore, since: date | None = None) -> Report:
    report = Report(since)
    for row in store.revisions(since):
        if row["current"]:
            interview = from_document(document_of(row))
            codes = row["exceptions"].split(";") if row["exceptions"] else []
            report.current.append(Current(row, interview, codes))
        if row["revision"] > 1:
            report.revisions.append(row)
    report.waiting = store.waiting()
    held = {c.row["lineage_id"]: c.row for c in report.current}
    report.open_revisions = [(notice, held.get(notice["lineage_id"]))
                             for notice in store.open_revisions()
                             if since is None or notice["lineage_id"] in held]
    return report


def csv_rows(report: Report) -> list[dict[str, Any]]:
    rows = []
    for item in report.current:
        row, iv = item.row, item.interview
        rows.append({
            "document_number": row["document_number"], "interview_id": row["id"],
            "lineage_id": row["lineage_id"], "revision": row["revision"],
            "previous_id": row["previous_id"] or "", "revision_reason": row["revision_reason"],
            "agency_code": row["agency_code"], "agency_name": row["agency_name"],
            "agent_name": row["agent_name"], "agent_email": row["agent_email"],
            "company_name": row["company_name"], "company_kana": iv.customer.company_kana,
            "interview_date": row["interview_date"].isoformat(), "plan": row["plan"] or "",
            "catalogue_id": row["catalogue_id"], "catalogue_version": row["catalogue_version"],
            "business_categories": ";".join(str(n) for n in iv.business_categories),
            "annual_sales_thousand_yen": "" if iv.customer.annual_sales is None
            else iv.customer.annual_sales,
            "employees": "" if iv.customer.employees is None else iv.customer.employees,
            "finalized_at": row["finalized_at"], "received_at": row["received_at"],
            "bundle_sha256": row["bundle_sha256"],
            "compliance_exceptions": ";".join(item.exceptions),
        })
    return rows


def write_csv(report: Report, path: Path) -> None:
    """UTF-8 with a BOM (Excel opens it as UTF-8), CRLF line ends, the fixed CSV_COLUMNS."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(csv_rows(report))
    write_bytes_atomic(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def write_html(report: Report, path: Path) -> None:
    from cyberdesk.office.html import page

    write_bytes_atomic(path, page(report).encode("utf-8"))


def text(report: Report) -> str:
    """What `office report` prints: the totals and every exception, one line each."""
    lines = [_("{count} current interviews, {revisions} later revisions, {waiting} waiting, "
               "{exceptions} with compliance exceptions, {open} revisions not finalized").format(
        count=len(report.current), revisions=len(report.revisions), waiting=len(report.waiting),
        exceptions=len(report.exceptions), open=len(report.open_revisions))]
    for item in report.exceptions:
        lines.append(_("exception {document}: {missing}").format(
            document=item.row["document_number"],
            missing="; ".join(_(LABELS[code]) for code in item.exceptions)))
    for notice, held in report.open_revisions:
        lines.append(_("not finalized: revision {revision} of {document}, started {started}").format(
            revision=notice["revision"], started=notice["started_at"][:10],
            document=held["document_number"] if held else notice["lineage_id"]))
    return "\n".join(lines)
