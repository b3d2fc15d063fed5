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
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cyberdesk.catalogue import Catalogue, installed
from cyberdesk.clock import JST
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.files.inputs import InputFileError, read_bounded
from cyberdesk.i18n import _
from cyberdesk.model.document import from_document
from cyberdesk.model.interview import Interview
from cyberdesk.office.compliance import EXCEPTIONS, LABELS, exceptions_of  # noqa: F401 (re-exported)
from cyberdesk.office.review import ON_HOLD, STATES, UNREVIEWED, state_label, waiting_days
from cyberdesk.office.store import OfficeStore, document_of

# The CSV core systems import: these columns, in this order, one row per current interview
# (they only ever grow at the end; docs/head-office.md describes each).
CSV_COLUMNS = (
    "document_number", "interview_id", "lineage_id", "revision", "previous_id", "revision_reason",
    "agency_code", "agency_name", "agent_name", "agent_email", "company_name", "company_kana",
    "interview_date", "plan", "catalogue_id", "catalogue_version", "business_categories",
    "annual_sales_thousand_yen", "employees", "finalized_at", "received_at", "bundle_sha256",
    "compliance_exceptions", "quote_number", "annual_premium_yen", "period_start", "period_end",
    "imported_from_file", "review_state", "reviewed_at", "review_note",
)
# A cell starting with one of these is a formula to Excel (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUARANTINE_NOTE_LIMIT = 64 * 1024  # a reason file intake wrote is a few lines


def inert(value: object) -> object:
    """A cell Excel shows as text, never runs: a leading ' before a formula's first character."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def jst_iso(moment: str | None) -> str:
    """An ISO 8601 time in Japan time (+09:00), as every time in the report."""
    if not moment:
        return ""
    try:
        return datetime.fromisoformat(moment).astimezone(JST).isoformat(timespec="seconds")
    except ValueError:
        return moment


@dataclass(frozen=True)
class QuarantinedBundle:
    """A bundle intake refused, from its `NAME.reason.txt` in the quarantine folder."""
    name: str
    moved_at: str  # JST, ISO 8601
    reasons: list[str]


def quarantined_in(folder: Path | None) -> list[QuarantinedBundle]:
    """The bundles in the quarantine folder with intake's reasons, newest first."""
    found: list[QuarantinedBundle] = []
    if folder is None or not folder.is_dir():
        return found
    for note in folder.glob("*.reason.txt"):
        try:
            lines = read_bounded(note, QUARANTINE_NOTE_LIMIT).decode("utf-8", "replace").splitlines()
            moved = datetime.fromtimestamp(note.stat().st_mtime, UTC).isoformat()
        except (InputFileError, OSError):
            continue
        found.append(QuarantinedBundle(note.name.removesuffix(".reason.txt"), jst_iso(moved),
                                       [line for line in lines[1:] if line.strip()]))
    return sorted(found, key=lambda q: q.moved_at, reverse=True)


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
    quarantined: list[QuarantinedBundle] = field(default_factory=list)

    # The charts and tables keep a fixed order (months in time, agencies by code, plans and
    # business types in the catalogue's order), never the order of the counts.

    @property
    def by_agency(self) -> Counter[str]:
        return Counter(dict(sorted(Counter(
            f"{c.row['agency_code'] or '-'} {c.row['agency_name']}".strip()
            for c in self.current).items())))

    @property
    def by_agent(self) -> Counter[tuple[str, str]]:
        return Counter((c.row["agency_code"] or "-", c.row["agent_name"]) for c in self.current)

    @property
    def months(self) -> list[str]:
        return sorted({c.row["interview_date"].strftime("%Y-%m") for c in self.current})

    @property
    def by_month(self) -> Counter[str]:
        return Counter(dict(sorted(Counter(c.row["interview_date"].strftime("%Y-%m")
                                           for c in self.current).items())))

    @property
    def agency_month(self) -> dict[str, Counter[str]]:
        """Agency code → interviews per month."""
        table: dict[str, Counter[str]] = {}
        for c in sorted(self.current, key=lambda c: c.row["agency_code"]):
            table.setdefault(c.row["agency_code"] or "-", Counter())[
                c.row["interview_date"].strftime("%Y-%m")] += 1
        return table

    @property
    def agent_rates(self) -> list[tuple[str, str, int, int]]:
        """(agency, agent, interviews, with an exception) per agent, by agency then agent."""
        counts: dict[tuple[str, str], list[int]] = {}
        for c in self.current:
            tally = counts.setdefault((c.row["agency_code"] or "-", c.row["agent_name"]), [0, 0])
            tally[0] += 1
            tally[1] += bool(c.exceptions)
        return [(agency, agent, total, flagged)
                for (agency, agent), (total, flagged) in sorted(counts.items())]

    @property
    def plans(self) -> Counter[str]:
        ranked = sorted(self.current, key=lambda c: _plan_rank(c.interview))
        return Counter(plan_label(c.interview) for c in ranked)

    @property
    def business_types(self) -> Counter[str]:
        numbers: Counter[tuple[int, str]] = Counter()
        for item in self.current:
            numbers.update((n, category_label(item.interview, n))
                           for n in item.interview.business_categories)
        return Counter({label: count for (_n, label), count in sorted(numbers.items())})

    @property
    def exceptions(self) -> list[Current]:
        return [c for c in self.current if c.exceptions]

    @property
    def imported(self) -> list[Current]:
        """Made outside the wizard (imported from a file): no wizard trail, so the order of
        wishes and plans cannot be checked."""
        return [c for c in self.current if c.row["wishes_before_plans"] is None]

    @property
    def review_states(self) -> Counter[str]:
        counts = Counter(c.row["review_state"] for c in self.current)
        return Counter({state: counts.get(state, 0) for state in STATES})

    @property
    def awaiting(self) -> list[tuple[Current, int]]:
        """Current revisions not decided or on hold, with the days they waited, longest first."""
        found = [(c, waiting_days({**c.row, "reviewed_at": None})) for c in self.current
                 if c.row["review_state"] in (UNREVIEWED, ON_HOLD)]
        return sorted(found, key=lambda item: -item[1])


def _catalogue(interview: Interview) -> Catalogue | None:
    return installed().get(interview.catalogue_id, interview.catalogue_version)


def _plan_rank(interview: Interview) -> tuple[int, str]:
    catalogue = _catalogue(interview)
    plans = [plan.id for plan in catalogue.plans] if catalogue else []
    return (plans.index(interview.plan), "") if interview.plan in plans else (len(plans),
                                                                                interview.plan or "")


def plan_label(interview: Interview) -> str:
    catalogue = _catalogue(interview)
    plan = catalogue.plan(interview.plan) if catalogue else None
    return plan.name if plan else (interview.plan or _("no plan"))


def category_label(interview: Interview, number: int) -> str:
    catalogue = _catalogue(interview)
    category = catalogue.category(number) if catalogue else None
    return category.label if category else str(number)


def build(store: OfficeStore, since: date | None = None,
          quarantine: Path | None = None) -> Report:
    """The report's data; `quarantine` is intake's quarantine folder (its bundles are listed)."""
    report = Report(since, quarantined=quarantined_in(quarantine))
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
        quote = iv.quote
        rows.append({key: inert(value) for key, value in {
            "document_number": row["document_number"], "interview_id": row["id"],
            "lineage_id": row["lineage_id"], "revision": row["revision"],
            "previous_id": row["previous_id"] or "", "revision_reason": row["revision_reason"],
            "agency_code": row["agency_code"], "agency_name": row["agency_name"],
            "agent_name": row["agent_name"], "agent_email": row["agent_email"],
            "company_name": row["company_name"], "company_kana": iv.customer.company_kana,
            "interview_date": row["interview_date"].isoformat(), "plan": row["plan"] or "",
            "catalogue_id": row["catalogue_id"], "catalogue_version": row["catalogue_version"],
            "business_categories": ";".join(str(n) for n in iv.business_categories),
            "annual_sales_thousand_yen": _number(iv.customer.annual_sales),
            "employees": _number(iv.customer.employees),
            "finalized_at": jst_iso(row["finalized_at"]),
            "received_at": jst_iso(row["received_at"]),
            "bundle_sha256": row["bundle_sha256"],
            "compliance_exceptions": ";".join(item.exceptions),
            "quote_number": quote.number, "annual_premium_yen": _number(quote.annual_premium),
            "period_start": quote.period_start.isoformat() if quote.period_start else "",
            "period_end": quote.period_end.isoformat() if quote.period_end else "",
            "imported_from_file": "1" if row["wishes_before_plans"] is None else "0",
            "review_state": row["review_state"], "reviewed_at": jst_iso(row["reviewed_at"]),
            "review_note": row["review_note"],
        }.items()})
    return rows


def _number(value: int | None) -> int | str:
    return "" if value is None else value


def write_csv(report: Report, path: Path) -> None:
    """UTF-8 with a BOM (Excel opens it as UTF-8), CRLF line ends, every field quoted, the fixed
    CSV_COLUMNS, formulas made inert."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n",
                            quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(csv_rows(report))
    write_bytes_atomic(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def text_lines(report: Report) -> list[str]:
    """What `office report` prints: the totals and every exception, one line each."""
    lines = [_("{count} current interviews, {revisions} later revisions, {waiting} waiting, "
               "{exceptions} with compliance exceptions, {open} revisions not finalized").format(
        count=len(report.current), revisions=len(report.revisions), waiting=len(report.waiting),
        exceptions=len(report.exceptions), open=len(report.open_revisions))]
    lines.append(_("review: {states}; {imported} imported from a file; {quarantined} "
                   "quarantined").format(
        states=", ".join(f"{state_label(state)} {count}"
                         for state, count in report.review_states.items()),
        imported=len(report.imported), quarantined=len(report.quarantined)))
    for item in report.exceptions:
        lines.append(_("exception {document}: {missing}").format(
            document=item.row["document_number"],
            missing="; ".join(_(LABELS[code]) for code in item.exceptions)))
    for bundle in report.quarantined:
        lines.append(_("quarantined {file}: {reasons}").format(
            file=bundle.name, reasons="; ".join(bundle.reasons)))
    for notice, held in report.open_revisions:
        lines.append(_("not finalized: revision {revision} of {document}, started {started}").format(
            revision=notice["revision"], started=notice["started_at"][:10],
            document=held["document_number"] if held else notice["lineage_id"]))
    return lines
