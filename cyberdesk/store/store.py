"""The store: interviews and settings in the local database, every change committed as made.

The lifecycle is enforced here as well as in the model: a locked (finalized or later) interview
is never overwritten; revising it adds revision n+1 and leaves the original as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session, sessionmaker

from cyberdesk import paths
from cyberdesk.catalogue import Catalogue
from cyberdesk.i18n import _
from cyberdesk.model.document import from_document, to_document
from cyberdesk.model.interview import Interview, LifecycleError, Status, now
from cyberdesk.model.problems import ProblemsError
from cyberdesk.model.validation import validate
from cyberdesk.store.database import StoreError, open_database
from cyberdesk.store.lock import FileLock
from cyberdesk.store.schema import InterviewRow, SettingRow

# Keys of the settings table, one name each for every part of the app that reads or writes them.
AGENT_PROFILE = "agent_profile"  # the agent's Agent fields, copied into every new interview
LANGUAGE = "language"  # "ja" or "en"
SYNC_FOLDER = "sync_folder"  # where bundles for head office are delivered
OPEN_INTERVIEW = "open_interview"  # set while the wizard is open: resumed after a crash


class NotFound(LookupError):
    """No stored interview matches the id (or the id prefix matches several)."""


@dataclass(frozen=True)
class Summary:
    """One line of the interview list, read without decoding the document."""

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


def _summary(row: InterviewRow) -> Summary:
    return Summary(
        id=row.id, lineage_id=row.lineage_id, revision=row.revision, status=Status(row.status),
        company_name=row.company_name, company_kana=row.company_kana,
        interview_date=date.fromisoformat(row.interview_date), plan=row.plan,
        updated_at=row.updated_at, trashed=row.trashed_at is not None,
        wizard_step=row.wizard_step, catalogue_id=row.catalogue_id,
        catalogue_version=row.catalogue_version,
    )


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


class Store:
    """One open database. Thread-safe for the GUI's background saver: each call has its session."""

    def __init__(self, engine: Engine, lock: FileLock, path: Path) -> None:
        self.engine = engine
        self.path = path
        self._lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        path = Path(path) if path else paths.database_path()
        engine, lock = open_database(path, paths.backups_dir())
        return cls(engine, lock, path)

    def close(self) -> None:
        self.engine.dispose()
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def session(self) -> Session:
        return self._sessions()

    # Interviews -------------------------------------------------------------------------

    def add(self, interview: Interview) -> Interview:
        """Store a new interview (a new draft, an import, a revision)."""
        with self.session() as session, session.begin():
            if session.get(InterviewRow, interview.id) is not None:
                raise StoreError(_("An interview with the id {id} is already stored.")
                                 .format(id=interview.id))
            clash = session.scalar(select(InterviewRow.id).where(
                InterviewRow.lineage_id == interview.lineage_id,
                InterviewRow.revision == interview.revision))
            if clash:
                raise StoreError(_("Revision {revision} of this interview is already stored.")
                                 .format(revision=interview.revision))
            if interview.previous_id and session.get(InterviewRow, interview.previous_id) is None:
                raise StoreError(_("The revision it replaces ({id}) is not stored; import that "
                                   "one first.").format(id=interview.previous_id))
            row = InterviewRow(id=interview.id, trashed_at=None, wizard_step=0)
            _fill(row, interview)
            session.add(row)
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
            _fill(row, interview)
            if wizard_step is not None:
                row.wizard_step = wizard_step

    def set_step(self, interview_id: str, wizard_step: int) -> None:
        """Remember the wizard page so a restart resumes where the agent was."""
        with self.session() as session, session.begin():
            self._row(session, interview_id).wizard_step = wizard_step

    def get(self, interview_id: str) -> Interview:
        with self.session() as session:
            row = self._row(session, interview_id)
            return from_document(json.loads(row.document))

    def step_of(self, interview_id: str) -> int:
        with self.session() as session:
            return self._row(session, interview_id).wizard_step

    def resolve(self, id_or_prefix: str) -> str:
        """The full id for an id or an unambiguous prefix of one (as typed on the command line)."""
        text = id_or_prefix.strip().lower()
        if not text:
            raise NotFound(_("No interview id was given."))
        with self.session() as session:
            ids = session.scalars(
                select(InterviewRow.id).where(InterviewRow.id.startswith(text, autoescape=True))
                .limit(2)).all()
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
        query = select(InterviewRow).where(
            InterviewRow.trashed_at.is_not(None) if trashed else InterviewRow.trashed_at.is_(None)
        )
        if status is not None:
            query = query.where(InterviewRow.status == status.value)
        if search.strip():
            text = search.strip()  # literally: % and _ are not wildcards to the user
            query = query.where(or_(InterviewRow.company_name.contains(text, autoescape=True),
                                    InterviewRow.company_kana.contains(text, autoescape=True)))
        query = query.order_by(InterviewRow.updated_at.desc(), InterviewRow.id)
        with self.session() as session:
            return [_summary(row) for row in session.scalars(query)]

    def counts(self) -> dict[Status, int]:
        """How many interviews (not in the trash) are in each state."""
        totals = dict.fromkeys(Status, 0)
        for summary in self.summaries():
            totals[summary.status] += 1
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
            _fill(self._row(session, interview.id), interview)
            if also is not None:
                also(session)

    def revise(self, interview_id: str, reason: str) -> Interview:
        """Revision n+1 of a locked interview, stored as a new draft; the original is unchanged."""
        revised = self.get(interview_id).revise(reason)
        with self.session() as session:
            latest = session.scalar(select(InterviewRow.revision).where(
                InterviewRow.lineage_id == revised.lineage_id).order_by(
                InterviewRow.revision.desc()).limit(1))
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
        row = session.get(InterviewRow, interview_id)
        if row is None:
            raise NotFound(_("No stored interview has the id {id}.").format(id=interview_id))
        return row

    # Settings ---------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        with self.session() as session:
            row = session.get(SettingRow, key)
            return json.loads(row.value) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.session() as session, session.begin():
            session.merge(SettingRow(key=key, value=json.dumps(value, ensure_ascii=False)))
