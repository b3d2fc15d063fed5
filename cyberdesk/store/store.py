"""The store: interviews and settings in the local database, every change committed as made.

The lifecycle is enforced here as well as in the model: a locked (finalized or later) interview
is never overwritten; revising it adds revision n+1 and leaves the original as it was.

Every read and write goes through one DB-API connection (cyberdesk.store.repository), each write
in a transaction of its own that also appends the audit events it causes. The caller hands over
the database key (cyberdesk.trust.keys): the store never looks for keys itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date
from pathlib import Path
from typing import Any, NamedTuple

from cyberdesk.catalogue import Catalogue
from cyberdesk.clock import now
from cyberdesk.files import paths
from cyberdesk.files.lock import FileLock
from cyberdesk.i18n import _
from cyberdesk.model.document import from_document, to_document
from cyberdesk.model.interview import Interview, LifecycleError, Status
from cyberdesk.model.problems import ProblemsError
from cyberdesk.model.validation import accept_substitutes as accept_substitutes_of
from cyberdesk.model.validation import validate
from cyberdesk.store import bundles, database
from cyberdesk.store.audit_records import STATUS_EVENTS, append_event, edit_events, step_events, trail
from cyberdesk.store.bundles import Received, StoredBundle, tombstone
from cyberdesk.store.database import StoreError, open_database
from cyberdesk.store.repository import Repository, Row, Transaction
from cyberdesk.trust import audit

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


_INTERVIEW_COLUMNS = ("lineage_id", "revision", "previous_id", "status", "company_name",
                      "company_kana", "interview_date", "plan", "catalogue_id",
                      "catalogue_version", "created_at", "updated_at", "document")
_LOCKED = tuple(status.value for status in Status if status.locked)


def _columns(interview: Interview) -> tuple[Any, ...]:
    """The values of _INTERVIEW_COLUMNS for `interview`, in that order."""
    return (interview.lineage_id, interview.revision, interview.previous_id,
            interview.status.value, interview.customer.company_name,
            interview.customer.company_kana, interview.interview_date.isoformat(), interview.plan,
            interview.catalogue_id, interview.catalogue_version,
            # In UTC, so that sorting the text sorts the moments (an imported file may say +09:00).
            interview.created_at.astimezone(UTC).isoformat(),
            interview.updated_at.astimezone(UTC).isoformat(),
            json.dumps(to_document(interview), ensure_ascii=False))


def _update(transaction: Transaction, interview: Interview) -> None:
    """Write every column of `interview` over its stored row."""
    assignments = ", ".join(f"{column} = ?" for column in _INTERVIEW_COLUMNS)
    transaction.execute(f"UPDATE interviews SET {assignments} WHERE id = ?",
                        (*_columns(interview), interview.id))


def _number_if_locked(transaction: Transaction, interview_id: str) -> None:
    """Give a newly locked interview the next finalization number (inside the write
    transaction, which holds SQLite's write lock: two writers cannot take the same number)."""
    transaction.execute(
        "UPDATE interviews SET finalized_seq = (SELECT coalesce(max(finalized_seq), 0) + 1 "
        f"FROM interviews) WHERE id = ? AND finalized_seq IS NULL AND status IN "
        f"({', '.join('?' * len(_LOCKED))})", (interview_id, *_LOCKED))


def _check_chain(interview: Interview, previous: Row | None) -> None:
    """Revision n+1 follows revision n of the same lineage; revision 1 starts its own lineage.
    `previous` is the replaced revision's (lineage_id, revision, status), if stored."""
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
    lineage_id, revision, status = previous
    if lineage_id != interview.lineage_id:
        raise Conflict(_("The revision it replaces ({id}) belongs to another interview.")
                         .format(id=interview.previous_id))
    if revision != interview.revision - 1:
        raise Conflict(_("Revision {revision} must replace revision {expected}, not {found}.")
                         .format(revision=interview.revision, expected=interview.revision - 1,
                                 found=revision))
    if not Status(status).locked:
        raise Conflict(_("The revision it replaces ({id}) is a draft; only a finalized "
                           "interview is revised.").format(id=interview.previous_id))


def _not_found(interview_id: str) -> NotFound:
    return NotFound(_("No stored interview has the id {id}.").format(id=interview_id))


class Store:
    """One open database. Thread-safe for the GUI's background saver: every call is whole on
    the one connection (see cyberdesk.store.repository)."""

    def __init__(self, locks: list[FileLock], path: Path, key: bytes,
                 busy_s: float = database.BUSY_TIMEOUT_S) -> None:
        self.path = Path(path).absolute()
        self.key = key  # the database key it was opened with, for its whole life
        self._locks = locks
        try:
            self._repository = Repository(self.path, key, busy_s)
        except BaseException:
            self._release()
            raise

    @classmethod
    def open(cls, key: bytes, path: Path | None = None, app: bool = True) -> Store:
        """The database at `path` (the data folder's by default) opened with `key`: the app's
        (`app`: a second app on the same database is refused), or a command's, which runs
        beside the app (see database.open_database)."""
        try:
            path = Path(path) if path else paths.database_path()
            backups = paths.backups_dir()
        except OSError as error:
            raise StoreError(database.explain(error, paths.location())) from None
        return cls(open_database(path, backups, key, app=app), path, key,
                   database.BUSY_TIMEOUT_S if app else database.command_wait())

    def close(self) -> None:
        self._repository.close()
        database.record_clean_close(self.path)  # the state it leaves, for the next start
        self._release()

    def _release(self) -> None:
        for lock in reversed(self._locks):
            lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def read(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[Row]:
        """The rows of one query (for checks and tools; the app's reads are the methods below)."""
        return self._repository.rows(sql, parameters)

    # Interviews -------------------------------------------------------------------------

    def add(self, interview: Interview, durable: bool = True) -> Interview:
        """Store a new interview (a new draft, an import, a revision). Not `durable`: the commit
        does not wait for the disk (Repository.transaction), for a new draft that holds no
        answer yet, whose first answer's durable save takes it to the disk too."""
        with self._repository.transaction(durable) as transaction:
            if transaction.row("SELECT 1 FROM interviews WHERE id = ?", (interview.id,)):
                raise Conflict(_("An interview with the id {id} is already stored.")
                                 .format(id=interview.id))
            if transaction.row("SELECT 1 FROM interviews WHERE lineage_id = ? AND revision = ?",
                               (interview.lineage_id, interview.revision)):
                raise Conflict(_("Revision {revision} of this interview is already stored.")
                                 .format(revision=interview.revision))
            _check_chain(interview, transaction.row(
                "SELECT lineage_id, revision, status FROM interviews WHERE id = ?",
                (interview.previous_id,)) if interview.previous_id else None)
            transaction.execute(
                f"INSERT INTO interviews (id, wizard_step, {', '.join(_INTERVIEW_COLUMNS)}) "
                f"VALUES (?, 0, {', '.join('?' * len(_INTERVIEW_COLUMNS))})",
                (interview.id, *_columns(interview)))
            _number_if_locked(transaction, interview.id)
            append_event(transaction, interview.id, interview.agent.agent_name,
                         audit.REVISED if interview.previous_id else audit.CREATED)
        return interview

    def save(self, interview: Interview, wizard_step: int | None = None) -> None:
        """Write the answers of a draft as they are now. A locked interview is refused."""
        with self._repository.transaction() as transaction:
            status, before, step_before = self._row(
                transaction, "status, document, wizard_step", interview.id)
            if Status(status).locked:
                raise LifecycleError(_("This interview is {status} and can no longer be changed; "
                                       "revise it instead.").format(status=Status(status).label))
            interview.ensure_editable()
            interview.updated_at = now()
            _update(transaction, interview)
            if wizard_step is not None:
                transaction.execute("UPDATE interviews SET wizard_step = ? WHERE id = ?",
                                    (wizard_step, interview.id))
            events = step_events(step_before, wizard_step)
            after = _columns(interview)[-1]
            if before != after:
                events = edit_events(json.loads(before), json.loads(after)) + events
            for event, fields in events:
                append_event(transaction, interview.id, interview.agent.agent_name, event, fields)

    def set_step(self, interview_id: str, wizard_step: int) -> None:
        """Remember the wizard page so a restart resumes where the agent was."""
        with self._repository.transaction() as transaction:
            if not transaction.execute("UPDATE interviews SET wizard_step = ? WHERE id = ?",
                                       (wizard_step, interview_id)):
                raise _not_found(interview_id)

    def get(self, interview_id: str) -> Interview:
        return from_document(json.loads(self._column("document", interview_id)))

    def step_of(self, interview_id: str) -> int:
        return int(self._column("wizard_step", interview_id))

    def _column(self, column: str, interview_id: str) -> Any:
        row = self._repository.row(f"SELECT {column} FROM interviews WHERE id = ?",
                                   (interview_id,))
        if row is None:
            raise _not_found(interview_id)
        return row[0]

    @staticmethod
    def _row(transaction: Transaction, columns: str, interview_id: str) -> Row:
        row = transaction.row(f"SELECT {columns} FROM interviews WHERE id = ?", (interview_id,))
        if row is None:
            raise _not_found(interview_id)
        return row

    def resolve(self, id_or_prefix: str) -> str:
        """The full id for an id or an unambiguous prefix of one (as typed on the command line)."""
        text = id_or_prefix.strip().lower()
        if not text:
            raise NotFound(_("No interview id was given."))
        ids = [row[0] for row in self._repository.rows(
            "SELECT id FROM interviews WHERE id LIKE ? ESCAPE '\\' LIMIT 2", (_like(text) + "%",))]
        if len(ids) != 1:
            raise NotFound(
                (_("No stored interview has the id {id}.") if not ids
                 else _("The id {id} matches several interviews; give more of it."))
                .format(id=id_or_prefix)
            )
        return str(ids[0])

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
        return [_summary(row) for row in self._repository.rows(
            f"SELECT {SUMMARY_COLUMNS} FROM interviews WHERE {' AND '.join(where)} "
            "ORDER BY updated_at DESC, id", parameters)]

    def counts(self) -> dict[Status, int]:
        """How many interviews (not in the trash) are in each state."""
        totals = dict.fromkeys(Status, 0)
        for status, count in self._repository.rows("SELECT status, count(*) FROM interviews "
                                                   "WHERE trashed_at IS NULL GROUP BY status"):
            totals[Status(status)] = count
        return totals

    def finalize(self, interview_id: str, catalogue: Catalogue,
                 accept_substitutes: bool = False, paper: bool = False) -> Interview:
        """Lock a complete interview; raises ProblemsError listing everything still missing.

        `accept_substitutes`: the agent saw each field that prints differently from how it is
        stored (𠮷 → 吉) and accepts it; recorded in the interview and the audit trail.
        `paper`: locked for signatures by hand on the printed record, recorded as such (in the
        same transaction, so a refused finalize leaves no mark)."""
        interview = self.get(interview_id)
        if interview.status is not Status.DRAFT:
            raise LifecycleError(_("This interview is already {status}.")
                                 .format(status=interview.status.label))
        accepted = accept_substitutes_of(interview) if accept_substitutes else []
        problems = validate(interview, catalogue, complete=True)
        if problems:
            raise ProblemsError(problems)
        on_paper = paper and not interview.signatures.paper
        interview.signatures.paper = interview.signatures.paper or paper
        interview.advance(Status.FINALIZED)
        with self._repository.transaction() as transaction:
            # what the agent confirmed comes before `finalized`: nothing may follow it in the trail
            if accepted:
                append_event(transaction, interview.id, interview.agent.agent_name,
                             audit.SUBSTITUTES_ACCEPTED, [n.field for n in accepted])
            if on_paper:
                append_event(transaction, interview.id, interview.agent.agent_name,
                             audit.SIGNED_ON_PAPER)
            self._status_in(transaction, interview)
        return interview

    def mark(self, interview_id: str, status: Status,
             also: Callable[[Transaction], None] | None = None) -> Interview:
        """Record that an interview was exported or synced; `also` writes what goes with it
        (the bundle's delivery) in the same transaction."""
        interview = self.get(interview_id)
        interview.advance(status)
        self._write_status(interview, also)
        return interview

    def _write_status(self, interview: Interview,
                      also: Callable[[Transaction], None] | None = None) -> None:
        with self._repository.transaction() as transaction:
            self._status_in(transaction, interview)
            if also is not None:
                also(transaction)

    def _status_in(self, transaction: Transaction, interview: Interview) -> None:
        """An interview's new status (and its audit event) written inside `transaction`."""
        (status,) = self._row(transaction, "status", interview.id)
        _update(transaction, interview)
        _number_if_locked(transaction, interview.id)
        if status != interview.status.value and interview.status in STATUS_EVENTS:
            append_event(transaction, interview.id, interview.agent.agent_name,
                         STATUS_EVENTS[interview.status])

    def superseded_by(self, interview: Interview) -> int | None:
        """The latest locked revision that replaced `interview`, None while it is in force."""
        latest = self.read("SELECT max(revision) FROM interviews WHERE lineage_id = ? AND "
                           "revision > ? AND status != ?",
                           (interview.lineage_id, interview.revision, Status.DRAFT.value))[0][0]
        return int(latest) if latest is not None else None

    def revise(self, interview_id: str, reason: str) -> Interview:
        """Revision n+1 of a locked interview, stored as a new draft; the original is unchanged."""
        revised = self.get(interview_id).revise(reason)
        latest = self._repository.rows("SELECT max(revision) FROM interviews WHERE lineage_id = ?",
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
        with self._repository.transaction() as transaction:
            (status,) = self._row(transaction, "status", interview_id)
            if Status(status).locked:
                raise LifecycleError(_("A finalized interview is a record and cannot be deleted."))
            transaction.execute("UPDATE interviews SET trashed_at = ? WHERE id = ?",
                                (now().isoformat(), interview_id))

    def discard(self, interview_id: str) -> None:
        """Remove a first draft that holds no answers, with its audit trail (which only says it
        was created and shown): the agent opened a new interview and closed it unused. Anything
        else is refused: a revision, a locked record, a draft with answers."""
        with self._repository.transaction() as transaction:
            status, document = self._row(transaction, "status, document", interview_id)
            interview = from_document(json.loads(document))
            if Status(status) is not Status.DRAFT or interview.previous_id or interview.has_answers():
                raise LifecycleError(_("Only a new interview without answers can be discarded."))
            transaction.execute("DELETE FROM audit_events WHERE interview_id = ?", (interview_id,))
            transaction.execute("DELETE FROM interviews WHERE id = ?", (interview_id,))

    def restore(self, interview_id: str) -> None:
        with self._repository.transaction() as transaction:
            if not transaction.execute("UPDATE interviews SET trashed_at = NULL WHERE id = ?",
                                       (interview_id,)):
                raise _not_found(interview_id)

    def compact(self) -> None:
        """Rewrite the database without its free pages and empty the WAL: what a purge removed
        is then gone from the file, not merely unlinked."""
        self._repository.maintain("VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)")

    # Audit trail ------------------------------------------------------------------------

    def record_event(self, interview_id: str, event: str, fields: list[str] | tuple[str, ...] = ()
                     ) -> None:
        """Append one event in a transaction of its own (printing, a purge)."""
        agent = self.get(interview_id).agent.agent_name
        with self._repository.transaction() as transaction:
            append_event(transaction, interview_id, agent, event, fields)

    def audit_trail(self, interview_id: str, through: str | None = None) -> list[audit.Event]:
        """The interview's events in order; with `through`, up to the first such event."""
        return trail(self._repository, interview_id, through)

    # Bundles (the outbox) ---------------------------------------------------------------

    def bundle(self, interview_id: str) -> StoredBundle | None:
        """The recorded bundle of an interview revision, if it was exported."""
        found = bundles.listed(self._repository, "b.interview_id = ?", (interview_id,))
        return found[0] if found else None

    def bundle_named(self, file_name: str) -> StoredBundle | None:
        """The bundle recorded under `file_name` (names are unique in the outbox)."""
        found = bundles.listed(self._repository, "b.file_name = ?", (file_name,))
        return found[0] if found else None

    def waiting_bundles(self) -> list[StoredBundle]:
        """Bundles not yet delivered to the sync folder, in finalization order."""
        return bundles.listed(self._repository, "b.synced_at IS NULL")

    def delivered_bundles(self) -> list[StoredBundle]:
        """Bundles delivered to the sync folder, in finalization order (receipts may name them)."""
        return bundles.listed(self._repository, "b.synced_at IS NOT NULL")

    def unexported(self) -> list[str]:
        """Finalized interviews that have no bundle yet, in finalization order."""
        return bundles.unexported(self._repository)

    def record_bundle(self, interview: Interview, status: Status, file_name: str,
                      sha256: str, size: int, delivered: bool) -> None:
        """Record the bundle written for `interview` and move it to `status`, together."""
        self.mark(interview.id, status, also=lambda transaction: bundles.record(
            transaction, interview, file_name, sha256, size, delivered))

    def record_delivery(self, interview_id: str, folder: str) -> Interview:
        """The bundle reached the sync folder: synced, with where and when, in one transaction."""
        interview = self.get(interview_id)
        self.record_deliveries([interview], folder)
        return interview

    def record_deliveries(self, interviews: list[Interview], folder: str) -> None:
        """Bundles that reached the sync folder (once it was flushed): all synced, with where
        and when, in one transaction — one commit per sync, not one per bundle."""
        with self._repository.transaction() as transaction:
            for interview in interviews:
                interview.advance(Status.SYNCED)
                self._status_in(transaction, interview)
                bundles.delivered(transaction, interview.id, folder)

    def record_receipt(self, interview_id: str) -> Interview:
        """Head office's receipt arrived: received, with when, in one transaction."""
        return self.mark(interview_id, Status.RECEIVED, also=lambda transaction: bundles.received(
            transaction, interview_id))

    def received(self) -> list[Received]:
        """Every revision head office confirmed, oldest receipt first."""
        return bundles.receipts(self._repository)

    def purge(self, interview_id: str) -> None:
        """Leave only a tombstone of a received interview: ids, document number, dates, status,
        plan and agent stay; every customer detail and answer goes. Refused without a receipt."""
        interview = self.get(interview_id)
        with self._repository.transaction() as transaction:
            found = transaction.row(
                "SELECT i.status, i.purged_at, b.received_at FROM interviews AS i LEFT JOIN "
                "bundles AS b ON b.interview_id = i.id WHERE i.id = ?", (interview_id,))
            if found is None:
                raise _not_found(interview_id)
            status, purged_at, received_at = found
            if status != Status.RECEIVED.value or received_at is None:
                raise LifecycleError(f"{interview_id}: no receipt; never purged")
            if purged_at is not None:
                return
            _update(transaction, tombstone(interview))
            transaction.execute("UPDATE interviews SET purged_at = ? WHERE id = ?",
                                (now().isoformat(), interview_id))
            append_event(transaction, interview_id, interview.agent.agent_name, audit.PURGED)

    # Settings ---------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        row = self._repository.row("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self._repository.transaction() as transaction:
            transaction.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)))
