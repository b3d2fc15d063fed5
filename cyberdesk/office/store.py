"""Head office's store: every read and write of its database, as the laptop's store is for the
laptop (intake and the report never write SQL of their own).

Writes let the database decide between concurrent workers: rows are inserted with ON CONFLICT
DO NOTHING and RETURNING, so a worker learns which rows it stored and which another worker had
stored first, and nothing is stored twice. Rows are inserted in id order, so two workers taking
in overlapping batches wait for each other instead of deadlocking.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Select, and_, delete, func, insert, or_, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import InstrumentedAttribute

from cyberdesk.office.checking import Arrival
from cyberdesk.office.database import open_engine, url_from
from cyberdesk.office.schema import (
    AgentKeyEventRow,
    AgentKeyRow,
    Base,
    InterviewRow,
    OpenRevisionRow,
    ReviewLogRow,
    SummaryPdfRow,
    WaitingRow,
)

if TYPE_CHECKING:
    # lazy: the PostgreSQL dialect only on PostgreSQL (see OfficeStore._insert)
    from sqlalchemy.dialects import postgresql

CHUNK = 500  # ids per IN (...) query
RETRIES = 5  # a deadlock or serialization failure between workers is retried


@dataclass(frozen=True)
class Held:
    """What head office holds of one revision: enough to recognise it and write its receipt."""

    id: str
    lineage_id: str
    revision: int
    document_number: str
    bundle_name: str
    bundle_sha256: str
    received_at: str
    manifest_sha256: str | None = None  # None: taken in by a version that did not record it
    signature: str | None = None  # signature.json as received: the key answers are sealed to


@dataclass(frozen=True)
class Registration:
    """What `register_key` did: `ok` (also the truth value), the outcome (`added`, `unchanged`,
    `renamed`, `moved`, `reinstated`; refused: `other_agency`, `revoked`), and the key's agency
    and revocation time as they now stand."""

    ok: bool
    outcome: str
    agency_code: str
    revoked_at: str | None

    def __bool__(self) -> bool:
        return self.ok


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class OfficeStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> OfficeStore:
        return cls(open_engine(url_from(url)))

    def close(self) -> None:
        self.engine.dispose()

    @property
    def review(self) -> Review:
        return Review(self.engine)

    def __enter__(self) -> OfficeStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _insert(self, table: type[Base]) -> postgresql.Insert | sqlite.Insert:
        """An INSERT that can say ON CONFLICT DO NOTHING in this database's dialect."""
        if self.engine.dialect.name == "postgresql":
            # lazy: SQLAlchemy's PostgreSQL dialect (~50 ms of imports) only on PostgreSQL
            from sqlalchemy.dialects.postgresql import insert as postgresql_insert

            return postgresql_insert(table)
        return sqlite.insert(table)

    # Reading ------------------------------------------------------------------------------

    def _held(self, column: InstrumentedAttribute[str], values: Iterable[Any]) -> list[Held]:
        values = list(values)
        found: list[Held] = []
        with self.engine.connect() as connection:
            for part in _chunks(values):
                found += [Held(*row) for row in connection.execute(select(
                    InterviewRow.id, InterviewRow.lineage_id, InterviewRow.revision,
                    InterviewRow.document_number, InterviewRow.bundle_name,
                    InterviewRow.bundle_sha256, InterviewRow.received_at,
                    InterviewRow.manifest_sha256, InterviewRow.signature)
                    .where(column.in_(part)))]
        return found

    def held_by_sha256(self, digests: Iterable[str]) -> dict[str, Held]:
        return {held.bundle_sha256: held for held in self._held(InterviewRow.bundle_sha256, digests)}

    def held_by_name(self, names: Iterable[str]) -> dict[str, str]:
        """name → SHA-256 of the bundles held under these file names: a hint for verification
        (intake), which checks the bytes against it."""
        names = list(names)
        found: dict[str, str] = {}
        with self.engine.connect() as connection:
            for part in _chunks(names):
                found.update((name, sha256) for name, sha256 in connection.execute(
                    select(InterviewRow.bundle_name, InterviewRow.bundle_sha256)
                    .where(InterviewRow.bundle_name.in_(part))))
        return found

    def held_by_id(self, ids: Iterable[str]) -> dict[str, Held]:
        return {held.id: held for held in self._held(InterviewRow.id, ids)}

    def held_by_key(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Held]:
        keys = set(keys)
        lineages = {lineage for lineage, _revision in keys}
        return {(h.lineage_id, h.revision): h for h in self._held(InterviewRow.lineage_id, lineages)
                if (h.lineage_id, h.revision) in keys}

    def reply_folder(self, interview_id: str) -> Path | None:
        """The folder a revision was taken in from: head office's messages about it go to that
        folder's `from-head-office/` (services.messages.send). None: not held, or taken in by a
        version that did not record it."""
        with self.engine.connect() as connection:
            value = connection.execute(select(InterviewRow.reply_folder).where(
                InterviewRow.id == interview_id)).scalar()
        return Path(value) if value else None

    def revisions(self, since: date | None = None) -> list[dict[str, Any]]:
        """Every revision held (without its PDF), as dicts, oldest interview first; `current` is
        True for the highest revision of its lineage. `since` keeps lineages whose current
        revision is dated on or after it."""

        latest = (select(InterviewRow.lineage_id, func.max(InterviewRow.revision).label("top"))
                  .group_by(InterviewRow.lineage_id).subquery())
        columns = [c for c in InterviewRow.__table__.columns]
        query = (select(*columns, (InterviewRow.revision == latest.c.top).label("current"))
                 .join(latest, latest.c.lineage_id == InterviewRow.lineage_id)
                 .order_by(InterviewRow.interview_date, InterviewRow.lineage_id, InterviewRow.revision))
        with self.engine.connect() as connection:
            rows = [dict(row._mapping) for row in connection.execute(query)]
        if since is not None:
            recent = {r["lineage_id"] for r in rows if r["current"] and r["interview_date"] >= since}
            rows = [r for r in rows if r["lineage_id"] in recent]
        return rows

    def waiting(self) -> list[dict[str, Any]]:
        """Revisions that arrived before the one they replace, oldest first."""

        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(
                select(*WaitingRow.__table__.columns).order_by(WaitingRow.first_seen))]

    def open_revisions(self) -> list[dict[str, Any]]:
        """Revisions the laptops announced and head office does not hold, oldest first."""

        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(
                select(*OpenRevisionRow.__table__.columns).where(OpenRevisionRow.interview_id.not_in(select(InterviewRow.id)))
                .order_by(OpenRevisionRow.started_at))]

    def note_revisions(self, notices: list[tuple[Any, str]], gone: list[str], seen: str) -> None:
        """Record announced revisions (notice, path) once; forget those whose notice is `gone`."""

        with self.engine.begin() as connection:
            if gone:
                connection.execute(delete(OpenRevisionRow).where(OpenRevisionRow.notice_path.in_(gone)))
            if notices:
                connection.execute(self._insert(OpenRevisionRow).on_conflict_do_nothing(), [{
                    "interview_id": n.interview_id, "lineage_id": n.lineage_id,
                    "revision": n.revision, "previous_id": n.previous_id, "reason": n.reason,
                    "started_at": n.started_at, "notice_path": path, "first_seen": seen}
                    for n, path in notices])

    def records(self, document_number: str) -> list[dict[str, Any]]:
        """The revision(s) held under a document number, every column (and `pdf`)."""
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(
                select(*InterviewRow.__table__.columns, SummaryPdfRow.data.label("pdf"))
                .join(SummaryPdfRow, SummaryPdfRow.interview_id == InterviewRow.id, isouter=True)
                .where(InterviewRow.document_number == document_number.strip().upper()))]

    def summary_pdf(self, interview_id: str) -> bytes | None:
        with self.engine.connect() as connection:
            return connection.execute(select(SummaryPdfRow.data).where(
                SummaryPdfRow.interview_id == interview_id)).scalar()

    # Agents' keys -----------------------------------------------------------------------

    def senders(self) -> dict[str, str]:
        """The registered keys that may sign: fingerprint → agency code (revoked ones left out)."""

        with self.engine.connect() as connection:
            return dict(connection.execute(select(AgentKeyRow.fingerprint, AgentKeyRow.agency_code)
                                           .where(AgentKeyRow.revoked_at.is_(None))).all())

    def agent_keys(self) -> list[dict[str, Any]]:
        """Every registered key, revoked ones included, by agency then agent."""

        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(
                select(*AgentKeyRow.__table__.columns)
                .order_by(AgentKeyRow.agency_code, AgentKeyRow.agent_name, AgentKeyRow.fingerprint))]

    def register_key(self, fingerprint: str, agency_code: str, agent_name: str, at: str,
                     operator: str = "", move: bool = False,
                     reinstate: bool = False) -> Registration:
        """Register a laptop's key. A key registered to another agency moves only with `move`,
        a revoked key comes back only with `reinstate` (never silently); every change is
        recorded in `agent_key_events` with who and when."""
        with self.engine.begin() as connection:
            row = connection.execute(
                select(AgentKeyRow).where(AgentKeyRow.fingerprint == fingerprint)).first()
            if row is None:
                connection.execute(insert(AgentKeyRow).values(
                    fingerprint=fingerprint, agency_code=agency_code, agent_name=agent_name,
                    registered_at=at, revoked_at=None))
                outcome = "added"
            elif row.revoked_at is not None and not reinstate:
                return Registration(False, "revoked", row.agency_code, row.revoked_at)
            elif row.agency_code != agency_code and not move:
                return Registration(False, "other_agency", row.agency_code, row.revoked_at)
            elif (row.agency_code, row.agent_name, row.revoked_at) == (agency_code, agent_name,
                                                                      None):
                return Registration(True, "unchanged", row.agency_code, None)
            else:
                connection.execute(update(AgentKeyRow).where(
                    AgentKeyRow.fingerprint == fingerprint).values(
                    agency_code=agency_code, agent_name=agent_name, revoked_at=None))
                outcome = ("reinstated" if row.revoked_at is not None
                           else "moved" if row.agency_code != agency_code else "renamed")
            _key_event(connection, fingerprint, outcome, agency_code, agent_name, operator, at)
            return Registration(True, outcome, agency_code, None)

    def revoke_key(self, fingerprint: str, at: str, operator: str = "") -> bool:
        """Revoke a key (a lost laptop): False when it is not registered (or revoked already)."""
        with self.engine.begin() as connection:
            row = connection.execute(
                select(AgentKeyRow).where(AgentKeyRow.fingerprint == fingerprint)).first()
            if row is None or row.revoked_at is not None:
                return False
            connection.execute(update(AgentKeyRow).where(
                AgentKeyRow.fingerprint == fingerprint).values(revoked_at=at))
            _key_event(connection, fingerprint, "revoked", row.agency_code, row.agent_name,
                       operator, at)
            return True

    def revoked_keys(self) -> dict[str, str]:
        """Revoked keys: fingerprint → when (so a bundle they sign is said to be revoked)."""
        with self.engine.connect() as connection:
            return {row.fingerprint: row.revoked_at or "" for row in connection.execute(
                select(AgentKeyRow.fingerprint, AgentKeyRow.revoked_at)
                .where(AgentKeyRow.revoked_at.is_not(None)))}

    def key_events(self) -> list[dict[str, Any]]:
        """The register's history, oldest first (rows are only ever added)."""
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(
                select(*AgentKeyEventRow.__table__.columns).order_by(AgentKeyEventRow.id))]

    # Writing ------------------------------------------------------------------------------

    def take_in(self, arrivals: Sequence[Arrival], received_at: str) -> set[str]:
        """Store the arrivals (and their PDFs) in one transaction; the ids this call stored.
        An arrival another worker stored first is simply not among them."""

        ordered = sorted(arrivals, key=lambda a: (a.revision, a.id))
        by_id = {a.id: a for a in ordered}
        rows = [_row(a, received_at) for a in ordered]
        for attempt in range(RETRIES):
            try:
                with self.engine.begin() as connection:
                    stored = set(connection.execute(
                        self._insert(InterviewRow).on_conflict_do_nothing()
                        .returning(InterviewRow.id, sort_by_parameter_order=True), rows).scalars())
                    if stored:
                        connection.execute(self._insert(SummaryPdfRow).on_conflict_do_nothing(), [
                            {"interview_id": i, "data": by_id[i].pdf} for i in sorted(stored)])
                        connection.execute(delete(WaitingRow).where(WaitingRow.interview_id.in_(stored)))
                        replaced = sorted(p for p in {by_id[i].previous_id for i in stored} if p)
                        if replaced:  # the desk's queue shows current revisions
                            connection.execute(update(InterviewRow).where(
                                InterviewRow.id.in_(replaced)).values(superseded=True))
                return stored
            except DBAPIError as error:
                if not _retryable(error) or attempt == RETRIES - 1:
                    raise
        return set()

    def wait(self, arrival: Arrival, first_seen: str) -> None:
        """Record a revision whose predecessor is not held yet (once, whoever sees it first)."""
        c = arrival.columns
        with self.engine.begin() as connection:
            connection.execute(self._insert(WaitingRow).on_conflict_do_nothing(), [{
                "interview_id": c["id"], "lineage_id": c["lineage_id"], "revision": c["revision"],
                "previous_id": c["previous_id"], "agency_code": c["agency_code"],
                "agent_name": c["agent_name"], "company_name": c["company_name"],
                "bundle_path": str(arrival.path), "first_seen": first_seen}])


def _retryable(error: BaseException) -> bool:
    """PostgreSQL's deadlock_detected and serialization_failure: try the transaction again."""
    return getattr(getattr(error, "orig", None), "sqlstate", None) in ("40P01", "40001")


def _key_event(connection: Connection, fingerprint: str, action: str, agency_code: str, agent_name: str,
               operator: str, at: str) -> None:
    """Append one change to the register's history (never updated, never deleted)."""
    connection.execute(insert(AgentKeyEventRow).values(
        fingerprint=fingerprint, action=action, agency_code=agency_code, agent_name=agent_name,
        operator=operator, at=at))


def _row(arrival: Arrival, received_at: str) -> dict[str, Any]:
    return {**arrival.columns, "received_at": received_at, "bundle_name": arrival.path.name,
            "reply_folder": str(arrival.path.parent),
            "bundle_sha256": arrival.sha256, "manifest": arrival.manifest_text,
            "document": arrival.document_text}


def document_of(row: dict[str, Any]) -> dict[str, Any]:
    """The interview file of a row of `revisions()`, decoded."""
    document: dict[str, Any] = json.loads(row["document"])
    return document


# Review ----------------------------------------------------------------------------------------

R, L, K = InterviewRow, ReviewLogRow, AgentKeyRow  # the review queries' short names

@dataclass(frozen=True)
class Filters:
    """What the review desk's queue shows: current revisions, narrowed by each field given."""

    state: str | None = None  # review_state
    agency: str | None = None  # agency_code
    agent: str | None = None  # agent_name
    month: str | None = None  # YYYY-MM of the interview date
    exception: str | None = None  # an exception code; "" for any exception
    imported: bool | None = None  # True: made outside the wizard (no plan shown in it)
    text: str = ""  # part of the company name or the document number
    superseded: bool = False  # True: earlier revisions too

    def where(self) -> list[Any]:
        clauses: list[Any] = [] if self.superseded else [R.superseded.is_(False)]
        if self.state:
            clauses.append(R.review_state == self.state)
        if self.agency:
            clauses.append(R.agency_code == self.agency)
        if self.agent:
            clauses.append(R.agent_name == self.agent)
        if self.month:
            year, month = (int(part) for part in self.month.split("-"))
            first = date(year, month, 1)
            after = date(year + month // 12, month % 12 + 1, 1)
            clauses.append(and_(R.interview_date >= first, R.interview_date < after))
        if self.exception == "":
            clauses.append(R.flagged.is_(True))
        elif self.exception:
            clauses.append(or_(R.exceptions == self.exception,
                               R.exceptions.like(f"{self.exception};%"),
                               R.exceptions.like(f"%;{self.exception}"),
                               R.exceptions.like(f"%;{self.exception};%")))
        if self.imported is not None:
            clauses.append(R.wishes_before_plans.is_(None) if self.imported
                           else R.wishes_before_plans.is_not(None))
        text = self.text.strip()
        if text:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(or_(R.company_name.like(pattern, escape="\\"),
                               R.document_number.ilike(pattern, escape="\\")))
        return clauses


# The queue's columns, in the order the desk shows them (the sort key last).
QUEUE_COLUMNS = ("id", "document_number", "review_state", "exceptions", "agency_code",
                 "agent_name", "company_name", "interview_date", "revision", "received_at",
                 "wishes_before_plans", "flagged", "reviewed_at")


class Review:
    """Head office's review of the revisions it holds (store.review): the desk's queue, a record,
    and the decisions, appended to `review_log` and mirrored in the revision's state."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def page(self, filters: Filters, after: tuple[bool, str, str] | None = None,
             limit: int = 200) -> list[dict[str, Any]]:
        """Up to `limit` queue rows after the row whose key (flagged, received_at, id) is
        `after`: exceptions first, then the newest (keyset pagination on the queue's index, read
        backwards, so page 500 costs what page 1 does)."""
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(
                self.page_query(filters, after, limit))]

    @staticmethod
    def page_query(filters: Filters, after: tuple[bool, str, str] | None = None,
                   limit: int = 200) -> Select[Any]:
        clauses = filters.where()
        if after is not None:
            flagged, received, ident = after
            later = or_(R.received_at < received, and_(R.received_at == received, R.id < ident))
            clauses.append(or_(R.flagged.is_(False), and_(R.flagged.is_(True), later)) if flagged
                           else and_(R.flagged.is_(False), later))
        return (select(*(getattr(R, name) for name in QUEUE_COLUMNS)).where(*clauses)
                .order_by(R.flagged.desc(), R.received_at.desc(), R.id.desc()).limit(limit))

    def count(self, filters: Filters) -> int:
        with self.engine.connect() as connection:
            total: int = connection.execute(self.count_query(filters)).scalar_one()
            return total

    @staticmethod
    def count_query(filters: Filters) -> Select[Any]:
        """Counting what a filter keeps of the current revisions reads their index alone
        (office_0006), not every row kept."""
        return select(func.count()).select_from(R).where(*filters.where())

    def choices(self) -> dict[str, list[str]]:
        """The agencies, agents and months there are, for the desk's filters."""

        with self.engine.connect() as connection:
            agencies = list(connection.execute(select(R.agency_code).distinct()).scalars())
            agents = list(connection.execute(select(R.agent_name).distinct()).scalars())
            first = connection.execute(select(R.interview_date).order_by(R.interview_date)
                                       .limit(1)).scalar()
            last = connection.execute(select(R.interview_date).order_by(R.interview_date.desc())
                                      .limit(1)).scalar()
            agencies += connection.execute(select(K.agency_code).distinct()).scalars()
        months: list[str] = []
        if first is not None and last is not None:
            year, month = first.year, first.month
            while (year, month) <= (last.year, last.month):
                months.append(f"{year:04d}-{month:02d}")
                year, month = year + month // 12, month % 12 + 1
        return {"agencies": sorted(set(agencies)), "agents": sorted(set(agents)),
                "months": months[::-1]}

    def find(self, reference: str) -> dict[str, Any] | None:
        """A revision by its interview id or document number (the current one's, for a number
        written without the revision), with every column but the PDF."""
        reference = reference.strip()
        query = select(*R.__table__.columns).where(or_(
            R.id == reference.lower(), R.document_number == reference.upper()))
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return dict(row._mapping) if row is not None else None

    def lineage(self, lineage_id: str) -> list[dict[str, Any]]:
        """Every revision of a lineage held, first to last (the record's earlier revisions)."""
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(
                select(R.id, R.revision, R.document_number, R.revision_reason, R.received_at,
                       R.review_state, R.review_note).where(R.lineage_id == lineage_id)
                .order_by(R.revision))]

    def log(self, interview_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """The decisions on these revisions (all, when None), oldest first."""
        query = select(*L.__table__.columns).order_by(L.seq)
        if interview_ids is not None:
            query = query.where(L.interview_id.in_(list(interview_ids)))
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def phrases(self, decision: str, limit: int = 20) -> list[str]:
        """The notes reviewers wrote most often with this decision: the desk offers them again."""
        with self.engine.connect() as connection:
            return list(connection.execute(
                select(L.note).where(L.decision == decision, L.note != "").group_by(L.note)
                .order_by(func.count().desc(), func.max(L.seq).desc()).limit(limit)).scalars())

    def decide(self, interview_id: str, decision: str, note: str, reviewer: str,
               at: str) -> dict[str, Any]:
        """Append a decision and set the revision's state, in one transaction; the log row as
        stored (on PostgreSQL the reviewer is the role connected, whatever was given)."""

        with self.engine.begin() as connection:
            row = connection.execute(insert(L).values(
                interview_id=interview_id, decision=decision, note=note, reviewer=reviewer,
                decided_at=at).returning(*L.__table__.columns)).one()
            connection.execute(update(R).where(R.id == interview_id).values(
                review_state=decision, reviewed_at=at, review_note=note))
        return dict(row._mapping)
