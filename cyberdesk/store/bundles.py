"""The store's bundle records: every read and write of the `bundles` table (the store runs each
with the status that goes with it, in one transaction). Export and sync call the store; they
never touch a table.

Bundles are listed in the order their interviews were finalized (`finalized_seq`), so exports
and syncs deliver them in that order whatever their timestamps say.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from cyberdesk.clock import now
from cyberdesk.model.interview import Interview, Status
from cyberdesk.store.repository import Repository, Transaction


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


def listed(repository: Repository, where: str, parameters: tuple[str, ...] = ()
           ) -> list[StoredBundle]:
    """The bundles matching `where` (over `b`, the bundle, and `i`, its interview), in
    finalization order."""
    return [StoredBundle(*row) for row in repository.rows(
        f"SELECT {_COLUMNS} FROM bundles AS b JOIN interviews AS i ON i.id = b.interview_id "
        f"WHERE {where} ORDER BY i.finalized_seq", parameters)]


def unexported(repository: Repository) -> list[str]:
    """Finalized interviews that have no bundle yet, in finalization order."""
    return [row[0] for row in repository.rows(
        "SELECT id FROM interviews WHERE status = ? AND id NOT IN (SELECT interview_id FROM "
        "bundles) ORDER BY finalized_seq", (Status.FINALIZED.value,))]


def record(transaction: Transaction, interview: Interview, file_name: str, sha256: str,
           size: int, delivered: bool) -> None:
    """Record the bundle written for `interview`. Unless it was already `delivered` (the same
    bytes reached the sync folder), it waits to be sent (again)."""
    created = now().isoformat()
    if transaction.row("SELECT 1 FROM bundles WHERE interview_id = ?", (interview.id,)) is None:
        transaction.execute(
            "INSERT INTO bundles (interview_id, lineage_id, revision, file_name, sha256, size, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", (interview.id, interview.lineage_id,
                                                         interview.revision, file_name, sha256,
                                                         size, created))
        return
    transaction.execute("UPDATE bundles SET sha256 = ?, size = ?, created_at = ? "
                        "WHERE interview_id = ?", (sha256, size, created, interview.id))
    if not delivered:
        transaction.execute("UPDATE bundles SET synced_at = NULL, synced_to = NULL "
                            "WHERE interview_id = ?", (interview.id,))


def delivered(transaction: Transaction, interview_id: str, folder: str) -> None:
    """The bundle reached the sync folder `folder`, now."""
    transaction.execute("UPDATE bundles SET synced_at = ?, synced_to = ? WHERE interview_id = ?",
                        (now().isoformat(), folder, interview_id))


def received(transaction: Transaction, interview_id: str) -> None:
    """Head office's receipt of the bundle arrived, now."""
    transaction.execute("UPDATE bundles SET received_at = ? WHERE interview_id = ?",
                        (now().isoformat(), interview_id))


def receipts(repository: Repository) -> list[Received]:
    """Every revision head office confirmed, oldest receipt first (only these are ever purged:
    nothing without a receipt)."""
    return [Received(row[0], Interview(lineage_id=row[1], revision=row[2]).document_number,
                     row[3], row[4]) for row in repository.rows(
        "SELECT i.id, i.lineage_id, i.revision, b.received_at, i.purged_at FROM bundles AS b "
        "JOIN interviews AS i ON i.id = b.interview_id WHERE b.received_at IS NOT NULL "
        "AND i.status = ? ORDER BY b.received_at, i.id", (Status.RECEIVED.value,))]


def tombstone(interview: Interview) -> Interview:
    """What is kept of a purged interview (no customer value)."""
    return Interview(
        id=interview.id, lineage_id=interview.lineage_id, revision=interview.revision,
        previous_id=interview.previous_id, status=interview.status,
        catalogue_id=interview.catalogue_id, catalogue_version=interview.catalogue_version,
        interview_date=interview.interview_date, created_at=interview.created_at,
        updated_at=interview.updated_at, finalized_at=interview.finalized_at,
        agent=interview.agent, plan=interview.plan)
