"""The store: interviews and settings in the local database, every change committed as made.

The lifecycle is enforced here as well as in the model: a locked (finalized or later) interview
is never overwritten; revising it adds revision n+1 and leaves the original as it was.

Reads are one SQL query each on a short-lived read-only connection of the standard library;
writes go through the SQLAlchemy ORM, which is loaded on the first write (or when the GUI warms
it up once its window is shown), so that listing the interviews at start-up does not wait for it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlcipher3 import Row

from cyberdesk.catalogue import Catalogue
from cyberdesk.clock import now
from cyberdesk.files import paths
from cyberdesk.files.lock import FileLock
from cyberdesk.i18n import _
from cyberdesk.model.document import from_document, to_document
from cyberdesk.model.interview import Interview, LifecycleError, Status
from cyberdesk.model.problems import ProblemsError
from cyberdesk.model.validation import validate
from cyberdesk.store import database
from cyberdesk.store.audit_records import STATUS_EVENTS, AuditRecords, edit_events, step_events
from cyberdesk.store.bundles import BundleRecords
from cyberdesk.store.database import StoreError, open_database
from cyberdesk.trust import audit

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from cyberdesk.store.schema import InterviewRow

# Keys of the settings table, one name each for every part of the app that reads or writes them.
AGENT_PROFILE = "agent_profile"  # the agent's Agent fields, copied into every new interview
LANGUAGE = "language"  # "ja" or "en"
SYNC_FOLDER = "sync_folder"  # where bundles for head office are delivered
OPEN_INTERVIEW = "open_interview"  # set while the wizard is open: resumed after a crash


class Conflict(StoreError):
    """The interview cannot be stored as given (already there, a broken revision chain): bad
    input, as opposed to a fault of the database."""


class NotFound(LookupError):
    """No stored interview matches the id (or the id prefix matches several)."""


class Summary(NamedTuple):
    """One line of the interview list, read without decoding the document (a named tuple: ten
    times cheaper to make than a frozen dataclass, which counts with 10,000 interviews)."""

    id: str
    lineage_id: str
    revision: int
    status: Status
    company_name: str
    company_kana: str
    interview_date: date
    plan: str | None
    updated_at: str
    trashed: bool
    wizard_step: int
    catalogue_id: str = ""  # with the version: which catalogue names the plan
    catalogue_version: str = ""
    purged: bool = False  # a tombstone: the customer's details were removed after the receipt


SUMMARY_COLUMNS = ("id, lineage_id, revision, status, company_name, company_kana, interview_date, "
                   "plan, updated_at, trashed_at, wizard_step, catalogue_id, catalogue_version, "
                   "purged_at")


_STATUSES = {status.value: status for status in Status}


def _summary(row: Row) -> Summary:
    """A row of SUMMARY_COLUMNS, read by position (by name costs half the list's start-up time
    with 10,000 interviews)."""
    (id_, lineage_id, revision, status, company_name, company_kana, interview_date, plan,
     updated_at, trashed_at, wizard_step, catalogue_id, catalogue_version, purged_at) = row
    return Summary(id_, lineage_id, revision, _STATUSES[status], company_name, company_kana,
                   date.fromisoformat(interview_date), plan, updated_at, trashed_at is not None,
                   wizard_step, catalogue_id, catalogue_version, purged_at is not None)


def _like(text: str) -> str:
    """`text` for a LIKE pattern with ESCAPE '\\': % and _ are literal to the user."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fill(row: InterviewRow, interview: Interview) -> None:
    row.lineage_id = interview.lineage_id
    row.revision = interview.revision
    row.previous_id = interview.previous_id
    row.status = interview.status.value
    row.company_name = interview.customer.company_name
    row.company_kana = interview.customer.company_kana
    row.interview_date = interview.interview_date.isoformat()
    row.plan = interview.plan
    row.catalogue_id = interview.catalogue_id
    row.catalogue_version = interview.catalogue_version
    # In UTC, so that sorting the text sorts the moments (an imported file may say +09:00).
    row.created_at = interview.created_at.astimezone(UTC).isoformat()
    row.updated_at = interview.updated_at.astimezone(UTC).isoformat()
    row.document = json.dumps(to_document(interview), ensure_ascii=False)


def _check_chain(interview: Interview, previous: InterviewRow | None) -> None:
    """Revision n+1 follows revision n of the same lineage; revision 1 starts its own lineage."""
    if interview.revision == 1:
        if interview.lineage_id != interview.id:
            raise Conflict(_("A first revision starts its own lineage: its lineage_id must be "
                               "its id."))
        return
    if interview.previous_id is None:
        return  # validation refuses it (a revision names the one it replaces) before an import
    if previous is None:
        raise Conflict(_("The revision it replaces ({id}) is not stored; import that "
                           "one first.").format(id=interview.previous_id))
    if previous.lineage_id != interview.lineage_id:
        raise Conflict(_("The revision it replaces ({id}) belongs to another interview.")
                         .format(id=interview.previous_id))
    if previous.revision != interview.revision - 1:
        raise Conflict(_("Revision {revision} must replace revision {expected}, not {found}.")
                         .format(revision=interview.revision, expected=interview.revision - 1,
                                 found=previous.revision))
    if not Status(previous.status).locked:
        raise Conflict(_("The revision it replaces ({id}) is a draft; only a finalized "
                           "interview is revised.").format(id=interview.previous_id))


def _number_if_locked(session: Session, row: InterviewRow) -> None:
    """Give a newly locked interview the next finalization number (inside the write
    transaction, which holds SQLite's write lock: two writers cannot take the same number)."""
    from sqlalchemy import func, select

    from cyberdesk.store.schema import InterviewRow

    if row.finalized_seq is None and Status(row.status).locked:
        last = session.scalar(select(func.max(InterviewRow.finalized_seq)))
        row.finalized_seq = (last or 0) + 1


class Store(BundleRecords, AuditRecords):
    """One open database. Thread-safe for the GUI's background saver: each call has its own
    connection (a read) or session (a write)."""

    def __init__(self, locks: list[FileLock], path: Path, key: bytes,
                 busy_s: float = database.BUSY_TIMEOUT_S) -> None:
        self.path = Path(path).absolute()
        self.key = key  # the database key it was opened with, for its whole life
        self._locks = locks
        self._busy_s = busy_s  # how long a read or write waits for another's write
        self._orm_loading = threading.Lock()  # the saver thread and the GUI may write first together
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

    @classmethod
    def open(cls, path: Path | None = None, app: bool = True) -> Store:
        """The app's store (`app`: a second app on the same database is refused), or a
        command's, which runs beside the app (see database.open_database)."""
        from cyberdesk.trust import keys
        from cyberdesk.trust.secretstore import SecretError

        try:
            path = Path(path) if path else paths.database_path()
            backups = paths.backups_dir()
            key = keys.ensure()  # this installation's keys are made on its first run
        except OSError as error:
            raise StoreError(database.explain(error, paths.location())) from None
        except SecretError as error:
            raise StoreError(str(error)) from None
        return cls(open_database(path, backups, key, app=app), path, key,
                   database.BUSY_TIMEOUT_S if app else database.COMMAND_WAIT_S)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        for lock in reversed(self._locks):
            lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _orm(self) -> sessionmaker[Session]:
        """The session factory, made (and SQLAlchemy imported) on first use."""
        with self._orm_loading:
            if self._sessions is None:
                from sqlalchemy.orm import configure_mappers, sessionmaker

                from cyberdesk.store import schema  # noqa: F401 - the mapped classes, configured now

                configure_mappers()
                self._engine = database.engine(self.path, self.key, self._busy_s)
                self._sessions = sessionmaker(self._engine, expire_on_commit=False)
            return self._sessions

    @property
    def engine(self) -> Engine:
        self._orm()
        return self._engine

    def prepare_writes(self, done: Callable[[], None] | None = None) -> threading.Thread:
        """Load the ORM on a thread of its own, so that the first save does not pay for it and
        nobody waits for it (the GUI thread keeps painting); `done` is called from that thread
        once writes are ready. A write made before then waits for the load to finish."""
        def load() -> None:
            self._orm()
            if done is not None:
                done()

        thread = threading.Thread(target=load, name="cyberdesk-orm-load", daemon=True)
        thread.start()
        return thread

    def session(self) -> Session:
        """A session for writing (or reading inside a write's transaction)."""
        return self._orm()()

    def read(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[Row]:
        """The rows of one query, on a connection opened and closed for it."""
        connection = database.reader(self.path, self.key, self._busy_s)
        try:
            return connection.execute(sql, parameters).fetchall()
        except database.DB_ERRORS as error:
            if self._engine is not None and "disk i/o" in str(error).lower():
                return self._read_through_writer(sql, parameters)
            raise StoreError(database.explain(error, self.path)) from None
        finally:
            connection.close()

    def _read_through_writer(self, sql: str, parameters: tuple[Any, ...]) -> list[Row]:
        """A read on the writer's own connection: when the write-ahead log was deleted under a
        running store, a new connection sees a broken file ("disk I/O error") while the open one
        still holds the log and reads (and, on close, saves) everything."""
        raw = self._engine.raw_connection()
        try:
            raw.driver_connection.row_factory = Row
            return raw.driver_connection.execute(sql, parameters).fetchall()
        except database.DB_ERRORS as error:
            raise StoreError(database.explain(error, self.path)) from None
        finally:
            raw.driver_connection.row_factory = None
            raw.close()

    # Interviews -------------------------------------------------------------------------

    def add(self, interview: Interview) -> Interview:
        """Store a new interview (a new draft, an import, a revision)."""
        from sqlalchemy import select

        from cyberdesk.store.schema import InterviewRow

        with self.session() as session, session.begin():
            if session.get(InterviewRow, interview.id) is not None:
                raise Conflict(_("An interview with the id {id} is already stored.")
                                 .format(id=interview.id))
            clash = session.scalar(select(InterviewRow.id).where(
                InterviewRow.lineage_id == interview.lineage_id,
                InterviewRow.revision == interview.revision))
            if clash:
                raise Conflict(_("Revision {revision} of this interview is already stored.")
                                 .format(revision=interview.revision))
            _check_chain(interview, session.get(InterviewRow, interview.previous_id)
                         if interview.previous_id else None)
            row = InterviewRow(id=interview.id, trashed_at=None, wizard_step=0)
            _fill(row, interview)
            _number_if_locked(session, row)
            session.add(row)
            self.append_event(session, interview.id, interview.agent.agent_name,
                              audit.REVISED if interview.previous_id else audit.CREATED)
        return interview

    def save(self, interview: Interview, wizard_step: int | None = None) -> None:
        """Write the answers of a draft as they are now. A locked interview is refused."""
        with self.session() as session, session.begin():
            row = self._row(session, interview.id)
            if Status(row.status).locked:
                raise LifecycleError(_("This interview is {status} and can no longer be changed; "
                                       "revise it instead.").format(status=Status(row.status).label))
            interview.ensure_editable()
            interview.updated_at = now()
            before, step_before = row.document, row.wizard_step
            _fill(row, interview)
            if wizard_step is not None:
                row.wizard_step = wizard_step
            events = step_events(step_before, wizard_step)
            if before != row.document:
                events = edit_events(json.loads(before), json.loads(row.document)) + events
            for event, fields in events:
                self.append_event(session, interview.id, interview.agent.agent_name, event, fields)

    def set_step(self, interview_id: str, wizard_step: int) -> None:
        """Remember the wizard page so a restart resumes where the agent was."""
        with self.session() as session, session.begin():
            self._row(session, interview_id).wizard_step = wizard_step

    def get(self, interview_id: str) -> Interview:
        return from_document(json.loads(self._column("document", interview_id)))

    def step_of(self, interview_id: str) -> int:
        return self._column("wizard_step", interview_id)

    def _column(self, column: str, interview_id: str) -> Any:
        rows = self.read(f"SELECT {column} FROM interviews WHERE id = ?", (interview_id,))
        if not rows:
            raise NotFound(_("No stored interview has the id {id}.").format(id=interview_id))
        return rows[0][0]

    def resolve(self, id_or_prefix: str) -> str:
        """The full id for an id or an unambiguous prefix of one (as typed on the command line)."""
        text = id_or_prefix.strip().lower()
        if not text:
            raise NotFound(_("No interview id was given."))
        ids = [row[0] for row in self.read(
            "SELECT id FROM interviews WHERE id LIKE ? ESCAPE '\\' LIMIT 2", (_like(text) + "%",))]
        if len(ids) != 1:
            raise NotFound(
                (_("No stored interview has the id {id}.") if not ids
                 else _("The id {id} matches several interviews; give more of it."))
                .format(id=id_or_prefix)
            )
        return ids[0]

    def summaries(
        self,
        status: Status | None = None,
        search: str = "",
        trashed: bool = False,
    ) -> list[Summary]:
        """The stored interviews, newest change first; `search` matches company name or reading."""
        where = ["trashed_at IS NOT NULL" if trashed else "trashed_at IS NULL"]
        parameters: list[str] = []
        if status is not None:
            where.append("status = ?")
            parameters.append(status.value)
        if search.strip():
            where.append("(company_name LIKE ? ESCAPE '\\' OR company_kana LIKE ? ESCAPE '\\')")
            parameters += [f"%{_like(search.strip())}%"] * 2
        return [_summary(row) for row in self.read(
            f"SELECT {SUMMARY_COLUMNS} FROM interviews WHERE {' AND '.join(where)} "
            "ORDER BY updated_at DESC, id", tuple(parameters))]

    def counts(self) -> dict[Status, int]:
        """How many interviews (not in the trash) are in each state."""
        totals = dict.fromkeys(Status, 0)
        for row in self.read("SELECT status, count(*) FROM interviews "
                              "WHERE trashed_at IS NULL GROUP BY status"):
            totals[Status(row[0])] = row[1]
        return totals

    def finalize(self, interview_id: str, catalogue: Catalogue) -> Interview:
        """Lock a complete interview; raises ProblemsError listing everything still missing."""
        interview = self.get(interview_id)
        if interview.status is not Status.DRAFT:
            raise LifecycleError(_("This interview is already {status}.")
                                 .format(status=interview.status.label))
        problems = validate(interview, catalogue, complete=True)
        if problems:
            raise ProblemsError(problems)
        interview.advance(Status.FINALIZED)
        self._write_status(interview)
        return interview

    def mark(self, interview_id: str, status: Status,
             also: Callable[[Session], None] | None = None) -> Interview:
        """Record that an interview was exported or synced; `also` writes what goes with it
        (the bundle's delivery) in the same transaction."""
        interview = self.get(interview_id)
        interview.advance(status)
        self._write_status(interview, also)
        return interview

    def _write_status(self, interview: Interview,
                      also: Callable[[Session], None] | None = None) -> None:
        with self.session() as session, session.begin():
            self.status_in(session, interview)
            if also is not None:
                also(session)

    def status_in(self, session: Session, interview: Interview) -> None:
        """Write an interview's new status (and its audit event) inside `session`'s transaction."""
        row = self._row(session, interview.id)
        changed = row.status != interview.status.value
        _fill(row, interview)
        _number_if_locked(session, row)
        if changed and interview.status in STATUS_EVENTS:
            self.append_event(session, interview.id, interview.agent.agent_name,
                              STATUS_EVENTS[interview.status])

    def revise(self, interview_id: str, reason: str) -> Interview:
        """Revision n+1 of a locked interview, stored as a new draft; the original is unchanged."""
        revised = self.get(interview_id).revise(reason)
        latest = self.read("SELECT max(revision) FROM interviews WHERE lineage_id = ?",
                            (revised.lineage_id,))[0][0]
        if latest is not None and latest >= revised.revision:
            raise LifecycleError(_("Revision {revision} already exists; revise the latest one.")
                                 .format(revision=latest + 1))
        return self.add(revised)

    def duplicate(self, interview_id: str, catalogue: Catalogue) -> Interview:
        """A new draft from a stored interview, made with the catalogue in force today."""
        fresh = self.get(interview_id).duplicate()
        fresh.catalogue_id, fresh.catalogue_version = catalogue.key
        if fresh.plan is not None and catalogue.plan(fresh.plan) is None:
            fresh.plan = None
        return self.add(fresh)

    def trash(self, interview_id: str) -> None:
        """Move to the trash (undoable). Locked interviews are records and are kept."""
        with self.session() as session, session.begin():
            row = self._row(session, interview_id)
            if Status(row.status).locked:
                raise LifecycleError(_("A finalized interview is a record and cannot be deleted."))
            row.trashed_at = now().isoformat()

    def restore(self, interview_id: str) -> None:
        with self.session() as session, session.begin():
            self._row(session, interview_id).trashed_at = None

    def _row(self, session: Session, interview_id: str) -> InterviewRow:
        from cyberdesk.store.schema import InterviewRow

        row = session.get(InterviewRow, interview_id)
        if row is None:
            raise NotFound(_("No stored interview has the id {id}.").format(id=interview_id))
        return row

    def compact(self) -> None:
        """Rewrite the database without its free pages and empty the WAL: what a purge removed
        is then gone from the file, not merely unlinked."""
        connection = self.engine.raw_connection()
        try:
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()

    # Settings ---------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        rows = self.read("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value: Any) -> None:
        from cyberdesk.store.schema import SettingRow

        with self.session() as session, session.begin():
            session.merge(SettingRow(key=key, value=json.dumps(value, ensure_ascii=False)))
