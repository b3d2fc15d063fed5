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
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cyberdesk.catalogue import Catalogue, installed
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.i18n import N_, _
from cyberdesk.model.document import from_document
from cyberdesk.model.intent import unexplained
from cyberdesk.model.interview import Interview
from cyberdesk.office.store import OfficeStore, document_of

# Code → what is missing, in the order of the interview.
EXCEPTIONS = {
    "no_initial_wishes": N_("initial wishes (意向把握) not recorded"),
    "no_proposal_reason": N_("no reason for the proposal"),
    "unexplained_differences": N_("differences from the initial wishes not explained"),
    "disclosure_not_handed_over": N_("重要事項説明書 not handed over"),
    "disclosure_not_explained": N_("重要事項説明書 not explained"),
    "not_confirmed": N_("customer's confirmation (意向確認) missing"),
}
# From the audit trail (not from the interview file): the order in which things happened.
PLANS_BEFORE_WISHES = "plans_before_wishes"
NO_AUDIT_TRAIL = "no_audit_trail"
LABELS = {**EXCEPTIONS, PLANS_BEFORE_WISHES: N_("a plan was shown before the initial wishes were "
                                                "recorded (audit trail)"),
          NO_AUDIT_TRAIL: N_("no audit trail (finalized before trails existed, or removed)")}

# The CSV core systems import: these columns, in this order, one row per current interview.
CSV_COLUMNS = (
    "document_number", "interview_id", "lineage_id", "revision", "previous_id", "revision_reason",
    "agency_code", "agency_name", "agent_name", "agent_email", "company_name", "company_kana",
    "interview_date", "plan", "catalogue_id", "catalogue_version", "business_categories",
    "annual_sales_thousand_yen", "employees", "finalized_at", "received_at", "bundle_sha256",
    "compliance_exceptions",
)


def exceptions_of(interview: Interview) -> list[str]:
    """The codes of what is missing from the interview's 意向把握→意向確認."""
    confirmation = interview.confirmation
    catalogue = installed().get(interview.catalogue_id, interview.catalogue_version)
    found = {
        "no_initial_wishes": interview.initial_intent.is_empty(),
        "no_proposal_reason": not interview.proposal_reason.strip(),
        "unexplained_differences": catalogue is not None and bool(unexplained(interview, catalogue)),
        "disclosure_not_handed_over": not confirmation.disclosure_handed_over,
        "disclosure_not_explained": not confirmation.disclosure_explained,
        "not_confirmed": not (confirmation.customer_confirmed and confirmation.confirmed_by.strip()
                              and confirmation.confirmed_on),
    }
    return [code for code, missing in found.items() if missing]


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
    def by_agency(self) -> Counter[str]:
        return Counter(f"{c.row['agency_code'] or '-'} {c.row['agency_name']}".strip()
                       for c in self.current)

    @property
    def by_agent(self) -> Counter[tuple[str, str]]:
        return Counter((c.row["agency_code"] or "-", c.row["agent_name"]) for c in self.current)

    @property
    def by_month(self) -> Counter[str]:
        return Counter(sorted(c.row["interview_date"].strftime("%Y-%m") for c in self.current))

    @property
    def plans(self) -> Counter[str]:
        return Counter(plan_label(c.interview) for c in self.current)

    @property
    def business_types(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for item in self.current:
            counts.update(category_label(item.interview, n) for n in item.interview.business_categories)
        return counts

    @property
    def exceptions(self) -> list[Current]:
        return [c for c in self.current if c.exceptions]


def _catalogue(interview: Interview) -> Catalogue | None:
    return installed().get(interview.catalogue_id, interview.catalogue_version)


def plan_label(interview: Interview) -> str:
    catalogue = _catalogue(interview)
    plan = catalogue.plan(interview.plan) if catalogue else None
    return plan.name if plan else (interview.plan or _("no plan"))


def category_label(interview: Interview, number: int) -> str:
    catalogue = _catalogue(interview)
    category = catalogue.category(number) if catalogue else None
    return category.label if category else str(number)


def trail_events(text: str | None) -> int:
    """How many events the audit trail kept for a revision holds (0: none, or none kept)."""
    try:
        return len(json.loads(text or "{}").get("events") or [])
    except (ValueError, AttributeError):
        return 0


def build(store: OfficeStore, since: date | None = None) -> Report:
    report = Report(since)
    for row in store.revisions(since):
        if row["current"]:
            interview = from_document(document_of(row))
            order = [PLANS_BEFORE_WISHES] if row.get("wishes_before_plans") is False else []
            if not trail_events(row.get("audit")):
                order.append(NO_AUDIT_TRAIL)
            report.current.append(Current(row, interview, exceptions_of(interview) + order))
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


def text_lines(report: Report) -> list[str]:
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
    return lines
