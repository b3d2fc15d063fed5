"""Export: a finalized interview becomes a bundle in the outbox, recorded in the `bundles` table.

Exporting is idempotent: the same revision always has the same bundle, under the same name, and
a bundle already in the outbox intact is not written again. A new revision is a new interview id,
so it gets a new bundle beside the older one, which is never replaced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from cyberdesk import paths
from cyberdesk.atomicfile import write_bytes_atomic
from cyberdesk.i18n import _
from cyberdesk.model.interview import Interview, Status, now
from cyberdesk.model.problems import ProblemsError
from cyberdesk.services.bundle import build, bundle_name
from cyberdesk.store.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

HASH_CHUNK = 1 << 20


class ExportError(Exception):
    """The interview cannot be exported; the message names it and says why."""


@dataclass(frozen=True)
class Exported:
    interview_id: str
    path: Path
    sha256: str
    written: bool  # False: the outbox already held this very bundle


def file_sha256(path: Path) -> str | None:
    """The file's SHA-256, or None when it cannot be read (gone, unreadable)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(HASH_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


@dataclass
class StoredBundle:
    """A row of the `bundles` table as read (store.schema.BundleRow is the one written)."""

    interview_id: str
    lineage_id: str
    revision: int
    file_name: str
    sha256: str
    size: int
    created_at: str
    synced_at: str | None
    synced_to: str | None


def _bundles(store: Store, where: str, parameters: tuple[str, ...] = ()) -> list[StoredBundle]:
    columns = ", ".join(f"b.{field.name}" for field in fields(StoredBundle))
    return [StoredBundle(*row) for row in store.read(
        f"SELECT {columns} FROM bundles AS b JOIN interviews AS i ON i.id = b.interview_id "
        f"WHERE {where} ORDER BY i.finalized_seq", parameters)]


def bundle_row(store: Store, interview_id: str) -> StoredBundle | None:
    found = _bundles(store, "b.interview_id = ?", (interview_id,))
    return found[0] if found else None


def _free_name(store: Store, interview: Interview) -> str:
    """The bundle's name; the whole lineage id in the rare case the short one is taken."""
    name = bundle_name(interview)
    taken = _bundles(store, "b.file_name = ?", (name,))
    return (name if not taken or taken[0].interview_id == interview.id
            else bundle_name(interview, id_length=32))


def readable(store: Store, interview_id: str) -> Interview:
    """The stored interview, or ExportError when what is stored no longer reads as a valid
    interview (stored before a rule was added, or changed behind CyberDesk's back): that one is
    reported, the others are still exported and sent."""
    try:
        return store.get(interview_id)
    except ProblemsError as error:
        raise ExportError(_("{id}: the stored interview cannot be exported ({problem}).")
                          .format(id=interview_id, problem=error.problems[0])) from None


def export(store: Store, interview_id: str, outbox: Path | None = None) -> Exported:
    """Write (or find intact) the bundle of a finalized interview and mark it exported."""
    from cyberdesk.catalogue import installed
    from cyberdesk.model.validation import catalogue_for

    outbox = outbox or paths.outbox_dir()
    interview = readable(store, interview_id)
    if not interview.status.locked:
        raise ExportError(_("{id}: this interview is a draft; finalize it before exporting it.")
                          .format(id=interview_id))
    row = bundle_row(store, interview_id)
    if row is not None and file_sha256(outbox / row.file_name) == row.sha256:
        _settle(store, interview, delivered=row.synced_at is not None)
        return Exported(interview_id, outbox / row.file_name, row.sha256, written=False)
    catalogue = catalogue_for(interview, installed())
    if catalogue is None:
        raise ExportError(_("{id}: catalogue {version} is not installed")
                          .format(id=interview_id, version=interview.catalogue_version))
    bundle = build(interview, catalogue)
    name = row.file_name if row is not None else _free_name(store, interview)
    try:
        write_bytes_atomic(outbox / name, bundle.data)
    except OSError as error:
        raise ExportError(_("{file}: cannot be written ({reason})").format(
            file=outbox / name, reason=error.strerror or error)) from None
    delivered = row is not None and row.sha256 == bundle.sha256 and row.synced_at is not None

    def record(session: Session) -> None:
        from cyberdesk.store.schema import BundleRow

        stored = session.get(BundleRow, interview_id) or BundleRow(
            interview_id=interview_id, lineage_id=interview.lineage_id,
            revision=interview.revision, file_name=name)
        if not delivered:  # new, or rebuilt differently (another app version): send it
            stored.synced_at = stored.synced_to = None
        stored.sha256, stored.size = bundle.sha256, len(bundle.data)
        stored.created_at = now().isoformat()
        session.add(stored)

    _settle(store, interview, delivered, record)
    return Exported(interview_id, outbox / name, bundle.sha256, written=True)


def _settle(store: Store, interview: Interview, delivered: bool,
            also: Callable[[Session], None] | None = None) -> None:
    """Bring the stored status in line with the bundle, in the transaction that records it:
    synced once delivered, exported while it waits (a revision already delivered is not sent
    twice)."""
    target = Status.SYNCED if delivered else Status.EXPORTED
    if interview.status is not target:
        store.mark(interview.id, target, also=also)
    elif also is not None:
        with store.session() as session, session.begin():
            also(session)


def waiting(store: Store) -> list[StoredBundle]:
    """Bundles not yet delivered to the sync folder, oldest first."""
    return _bundles(store, "b.synced_at IS NULL")


def unexported(store: Store) -> list[str]:
    """Finalized interviews that have no bundle yet (the sync exports them first)."""
    return [row[0] for row in store.read(
        "SELECT id FROM interviews WHERE status = ? AND id NOT IN (SELECT interview_id FROM "
        "bundles) ORDER BY finalized_seq", (Status.FINALIZED.value,))]


def waiting_count(store: Store) -> int:
    """What the main window shows as waiting to be sent."""
    return len(waiting(store)) + len(unexported(store))
