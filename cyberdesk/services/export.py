"""Export: a finalized interview becomes a bundle in the outbox, recorded by the store.

Exporting is idempotent: the same revision always has the same bundle, under the same name, and
a bundle already in the outbox intact is not written again. A new revision is a new interview id,
so it gets a new bundle beside the older one, which is never replaced.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from cyberdesk.catalogue import installed
from cyberdesk.files import paths
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import _
from cyberdesk.model.interview import Interview, Status
from cyberdesk.model.problems import ProblemsError
from cyberdesk.model.validation import catalogue_for
from cyberdesk.services.bundle import build, bundle_name, sealed_name
from cyberdesk.services.seal import SEALED_SUFFIX, NoDeployment, Sealer, laptop_sealer
from cyberdesk.store.store import Store
from cyberdesk.trust import audit
from cyberdesk.trust.deployment import DeploymentError

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


def _free_name(store: Store, interview: Interview, name: str) -> str:
    """The bundle's name; the whole lineage id in the rare case the short one is taken."""
    taken = store.bundle_named(name)
    if taken is None or taken.interview_id == interview.id:
        return name
    return (sealed_name if name.endswith(SEALED_SUFFIX) else bundle_name)(interview, id_length=32)


def readable(store: Store, interview_id: str) -> Interview:
    """The stored interview, or ExportError when what is stored no longer reads as a valid
    interview (stored before a rule was added, or changed behind CyberDesk's back): that one is
    reported, the others are still exported and sent."""
    try:
        return store.get(interview_id)
    except ProblemsError as error:
        raise ExportError(_("{id}: the stored interview cannot be exported ({problem}).")
                          .format(id=interview_id, problem=error.problems[0])) from None


def export(store: Store, interview_id: str, outbox: Path | None = None,
           sealer: Sealer | None = None) -> Exported:
    """Write (or find intact) the bundle of a finalized interview and mark it exported: signed
    with the laptop's key and encrypted to head office's recipients (`sealer`, by default this
    laptop's, from its keys and deployment file)."""
    outbox = outbox or paths.outbox_dir()
    interview = readable(store, interview_id)
    if not interview.status.locked:
        raise ExportError(_("{id}: this interview is a draft; finalize it before exporting it.")
                          .format(id=interview_id))
    row = store.bundle(interview_id)
    if row is not None and interview.status is Status.RECEIVED:  # head office has it: done
        return Exported(interview_id, outbox / row.file_name, row.sha256, written=False)
    if row is not None and file_sha256(outbox / row.file_name) == row.sha256:
        _settle(store, interview, delivered=row.synced_at is not None)
        return Exported(interview_id, outbox / row.file_name, row.sha256, written=False)
    catalogue = catalogue_for(interview, installed())
    if catalogue is None:
        raise ExportError(_("{id}: catalogue {version} is not installed")
                          .format(id=interview_id, version=interview.catalogue_version))
    try:
        sealer = sealer or laptop_sealer()
    except DeploymentError as error:
        raise ExportError("\n".join(error.problems)) from None
    except NoDeployment as error:
        raise ExportError(str(error)) from None
    bundle = build(interview, catalogue, store.audit_trail(interview_id, through=audit.FINALIZED),
                   sealer)
    name = row.file_name if row is not None else _free_name(store, interview, bundle.name)
    try:
        write_bytes_atomic(outbox / name, bundle.data)
    except OSError as error:
        raise ExportError(_("{file}: cannot be written ({reason})").format(
            file=outbox / name, reason=os_reason(error))) from None
    # Sent before with the same bytes: not sent twice. Rebuilt differently (another app
    # version): sent again, unless head office already acknowledged this revision.
    delivered = row is not None and row.synced_at is not None and (
        row.sha256 == bundle.sha256 or interview.status is Status.RECEIVED)
    store.record_bundle(interview, _target(interview, delivered), name, bundle.sha256,
                        len(bundle.data), delivered)
    return Exported(interview_id, outbox / name, bundle.sha256, written=True)


def _target(interview: Interview, delivered: bool) -> Status:
    """The status that matches the bundle: received stays received, synced once delivered,
    exported while it waits."""
    if interview.status is Status.RECEIVED and delivered:
        return Status.RECEIVED
    return Status.SYNCED if delivered else Status.EXPORTED


def _settle(store: Store, interview: Interview, delivered: bool) -> None:
    target = _target(interview, delivered)
    if interview.status is not target:
        store.mark(interview.id, target)
