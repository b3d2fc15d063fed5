"""The store's bundle records: every read and write of the `bundles` table, and the status that
goes with each one, in one transaction. Export and sync call these; they never touch a table.

Bundles are listed in the order their interviews were finalized (`finalized_seq`), so exports
and syncs deliver them in that order whatever their timestamps say.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from cyberdesk.model.interview import Interview, Status, now

if TYPE_CHECKING:
    from cyberdesk.store.store import Store


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
        from cyberdesk.store.schema import BundleRow

        def delivered(session) -> None:
            stored = session.get(BundleRow, interview_id)
            stored.synced_at, stored.synced_to = now().isoformat(), folder

        return self.mark(interview_id, Status.SYNCED, also=delivered)
