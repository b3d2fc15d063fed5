"""Export: a finalized interview becomes a bundle in the outbox, recorded in the `bundles` table.

Exporting is idempotent: the same revision always has the same bundle, under the same name, and
a bundle already in the outbox intact is not written again. A new revision is a new interview id,
so it gets a new bundle beside the older one, which is never replaced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cyberdesk import paths
from cyberdesk.atomicfile import write_bytes_atomic
from cyberdesk.i18n import _
from cyberdesk.model.interview import Interview, Status, now
from cyberdesk.services.bundle import build, bundle_name
from cyberdesk.store.schema import BundleRow, InterviewRow
from cyberdesk.store.store import Store

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


def bundle_row(store: Store, interview_id: str) -> BundleRow | None:
    with store.session() as session:
        return session.get(BundleRow, interview_id)


def _free_name(store: Store, interview: Interview) -> str:
    """The bundle's name; the whole lineage id in the rare case the short one is taken."""
    name = bundle_name(interview)
    with store.session() as session:
        taken = session.scalar(select(BundleRow.interview_id).where(BundleRow.file_name == name))
    return name if taken in (None, interview.id) else bundle_name(interview, id_length=32)


def export(store: Store, interview_id: str, outbox: Path | None = None) -> Exported:
    """Write (or find intact) the bundle of a finalized interview and mark it exported."""
    from cyberdesk.catalogue import installed
    from cyberdesk.model.validation import catalogue_for

    outbox = outbox or paths.outbox_dir()
    interview = store.get(interview_id)
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


def waiting(store: Store) -> list[BundleRow]:
    """Bundles not yet delivered to the sync folder, oldest first."""
    with store.session() as session:
        return list(session.scalars(select(BundleRow).where(BundleRow.synced_at.is_(None))
                                    .order_by(BundleRow.created_at, BundleRow.file_name)))


def unexported(store: Store) -> list[str]:
    """Finalized interviews that have no bundle yet (the sync exports them first)."""
    with store.session() as session:
        return list(session.scalars(
            select(InterviewRow.id).outerjoin(BundleRow, BundleRow.interview_id == InterviewRow.id)
            .where(InterviewRow.status == Status.FINALIZED.value, BundleRow.interview_id.is_(None))
            .order_by(InterviewRow.updated_at, InterviewRow.id)))


def waiting_count(store: Store) -> int:
    """What the main window shows as waiting to be sent."""
    return len(waiting(store)) + len(unexported(store))
