"""The store's bundle records: every read and write of the `bundles` table, and the status that
goes with each one, in one transaction. Export and sync call these; they never touch a table.

Bundles are listed in the order their interviews were finalized (`finalized_seq`), so exports
and syncs deliver them in that order whatever their timestamps say.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from cyberdesk.clock import now
from cyberdesk.model.interview import Interview, Status
from cyberdesk.trust import audit

if TYPE_CHECKING:
    from cyberdesk.store.store import Store


@dataclass(frozen=True)
class Received:
    """A revision head office confirmed: when its receipt arrived, whether it is a tombstone."""

    interview_id: str
    document_number: str
    received_at: str  # UTC, ISO 8601: the retention days count from here
    purged_at: str | None


@dataclass
class StoredBundle:
    """A bundle in the outbox as recorded: what was written, and where and when it was delivered."""

    interview_id: str
    lineage_id: str
    revision: int
    file_name: str
    sha256: str
    size: int
    created_at: str
    synced_at: str | None
    synced_to: str | None


_COLUMNS = ", ".join(f"b.{field.name}" for field in fields(StoredBundle))


class BundleRecords:
    """Mixed into Store: the outbox's bookkeeping."""

    def _bundles(self: Store, where: str, parameters: tuple[str, ...] = ()) -> list[StoredBundle]:
        return [StoredBundle(*row) for row in self.read(
            f"SELECT {_COLUMNS} FROM bundles AS b JOIN interviews AS i ON i.id = b.interview_id "
            f"WHERE {where} ORDER BY i.finalized_seq", parameters)]

    def bundle(self, interview_id: str) -> StoredBundle | None:
        """The recorded bundle of an interview revision, if it was exported."""
        found = self._bundles("b.interview_id = ?", (interview_id,))
        return found[0] if found else None

    def bundle_named(self, file_name: str) -> StoredBundle | None:
        """The bundle recorded under `file_name` (names are unique in the outbox)."""
        found = self._bundles("b.file_name = ?", (file_name,))
        return found[0] if found else None

    def waiting_bundles(self) -> list[StoredBundle]:
        """Bundles not yet delivered to the sync folder, in finalization order."""
        return self._bundles("b.synced_at IS NULL")

    def delivered_bundles(self) -> list[StoredBundle]:
        """Bundles delivered to the sync folder, in finalization order (receipts may name them)."""
        return self._bundles("b.synced_at IS NOT NULL")

    def unexported(self: Store) -> list[str]:
        """Finalized interviews that have no bundle yet, in finalization order."""
        return [row[0] for row in self.read(
            "SELECT id FROM interviews WHERE status = ? AND id NOT IN (SELECT interview_id FROM "
            "bundles) ORDER BY finalized_seq", (Status.FINALIZED.value,))]

    def record_bundle(self: Store, interview: Interview, status: Status, file_name: str,
                      sha256: str, size: int, delivered: bool) -> None:
        """Record the bundle written for `interview` and move it to `status`, together.
        Unless it was already `delivered` (the same bytes reached the sync folder), it waits to
        be sent (again)."""
        from cyberdesk.store.schema import BundleRow

        def record(session) -> None:
            stored = session.get(BundleRow, interview.id) or BundleRow(
                interview_id=interview.id, lineage_id=interview.lineage_id,
                revision=interview.revision, file_name=file_name)
            if not delivered:
                stored.synced_at = stored.synced_to = None
            stored.sha256, stored.size = sha256, size
            stored.created_at = now().isoformat()
            session.add(stored)

        self.mark(interview.id, status, also=record)

    def record_delivery(self: Store, interview_id: str, folder: str) -> Interview:
        """The bundle reached the sync folder: synced, with where and when, in one transaction."""
        interview = self.get(interview_id)
        self.record_deliveries([interview], folder)
        return interview

    def record_deliveries(self: Store, interviews: list[Interview], folder: str) -> None:
        """Bundles that reached the sync folder (once it was flushed): all synced, with where
        and when, in one transaction — one commit per sync, not one per bundle."""
        from sqlalchemy import select

        from cyberdesk.store.schema import BundleRow, InterviewRow

        at = now().isoformat()
        ids = [interview.id for interview in interviews]
        with self.session() as session, session.begin(), session.no_autoflush:
            # Every row loaded by a few queries, and written by one flush at the commit (each
            # interview appears once, so no event waits for another's to be flushed).
            for start in range(0, len(ids), 500):
                part = ids[start:start + 500]
                session.scalars(select(InterviewRow).where(InterviewRow.id.in_(part))).all()
                session.scalars(select(BundleRow).where(BundleRow.interview_id.in_(part))).all()
            for interview in interviews:
                interview.advance(Status.SYNCED)
                self.status_in(session, interview)
                stored = session.get(BundleRow, interview.id)
                stored.synced_at, stored.synced_to = at, folder

    def record_receipt(self: Store, interview_id: str) -> Interview:
        """Head office's receipt arrived: received, with when, in one transaction."""
        from cyberdesk.store.schema import BundleRow

        def received(session) -> None:
            session.get(BundleRow, interview_id).received_at = now().isoformat()

        return self.mark(interview_id, Status.RECEIVED, also=received)

    def received(self: Store) -> list[Received]:
        """Every revision head office confirmed, oldest receipt first (only these are ever
        purged: nothing without a receipt)."""
        from cyberdesk.model.interview import Interview

        return [Received(row[0], Interview(lineage_id=row[1], revision=row[2]).document_number,
                         row[3], row[4]) for row in self.read(
            "SELECT i.id, i.lineage_id, i.revision, b.received_at, i.purged_at FROM bundles AS b "
            "JOIN interviews AS i ON i.id = b.interview_id WHERE b.received_at IS NOT NULL "
            "AND i.status = ? ORDER BY b.received_at, i.id", (Status.RECEIVED.value,))]

    def purge(self: Store, interview_id: str) -> None:
        """Leave only a tombstone of a received interview: ids, document number, dates, status,
        plan and agent stay; every customer detail and answer goes. Refused without a receipt."""
        from cyberdesk.model.interview import LifecycleError
        from cyberdesk.store.schema import BundleRow
        from cyberdesk.store.store import _fill

        interview = self.get(interview_id)
        with self.session() as session, session.begin():
            row = self._row(session, interview_id)
            bundle = session.get(BundleRow, interview_id)
            if row.status != Status.RECEIVED.value or bundle is None or bundle.received_at is None:
                raise LifecycleError(f"{interview_id}: no receipt; never purged")
            if row.purged_at is not None:
                return
            _fill(row, tombstone(interview))
            row.purged_at = now().isoformat()
            self.append_event(session, interview_id, interview.agent.agent_name, audit.PURGED)


def tombstone(interview: Interview) -> Interview:
    """What is kept of a purged interview (no customer value)."""
    from cyberdesk.model.interview import Interview

    return Interview(
        id=interview.id, lineage_id=interview.lineage_id, revision=interview.revision,
        previous_id=interview.previous_id, status=interview.status,
        catalogue_id=interview.catalogue_id, catalogue_version=interview.catalogue_version,
        interview_date=interview.interview_date, created_at=interview.created_at,
        updated_at=interview.updated_at, finalized_at=interview.finalized_at,
        agent=interview.agent, plan=interview.plan)
