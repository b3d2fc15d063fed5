"""Sync: deliver every waiting bundle into the folder the company syncs to head office.

Each bundle is copied under a temporary name (`.NAME.xxxxxxxx.tmp`, by cyberdesk.files.atomic),
hashed as it is copied (it must be the exported bundle's SHA-256), flushed to disk and renamed
into place; once every bundle is there, one flush of the folder makes the renames durable and
one transaction marks them all synced (killed before that, the next run finds them intact in
the folder and marks them then). A folder that is missing, read-only, full, or vanishes
mid-copy stops the run with a message naming the folder; what was not flushed on the other side
stays waiting, no partial file is left under a bundle's name, and the next run finishes the job.
A bundle already there intact is not copied again.

After delivering, the run applies head office's signed messages in the folder (services.inbox):
a receipt whose signature checks and that matches a bundle this laptop delivered marks its
interview received and removes the bundle from the outbox. Then it publishes a notice for each
delivered interview being revised (services.revision_notice), and purges the received
interviews past the retention days (services.purge).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from cyberdesk.files import outputs, paths
from cyberdesk.files.atomic import folder_flush, write_atomic
from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import _
from cyberdesk.model.interview import Interview, Status
from cyberdesk.services import refusals, revision_notice
from cyberdesk.services.export import ExportError, export, file_sha256, readable
from cyberdesk.services.inbox import apply_messages
from cyberdesk.services.purge import purge_due, retention_days
from cyberdesk.store.bundles import StoredBundle
from cyberdesk.store.store import Store

CHUNK = 1 << 20


class SyncError(Exception):
    """The sync folder cannot be used at all; nothing was copied."""


@dataclass(frozen=True)
class Progress:
    """Where a run is: bundle `index` of `total` (0-based), `copied` of its `size` bytes."""

    index: int
    total: int
    name: str
    copied: int
    size: int

    @property
    def fraction(self) -> float:
        """0..1 over the whole run, for a progress bar."""
        if not self.total:
            return 1.0
        return (self.index + (self.copied / self.size if self.size else 1)) / self.total


@dataclass
class SyncResult:
    folder: Path
    copied: list[str] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)  # found intact, marked synced
    problems: list[str] = field(default_factory=list)  # each names the folder or the interview
    remaining: int = 0  # still waiting after this run
    received: list[str] = field(default_factory=list)  # bundles head office's receipts confirm
    ignored_messages: list[str] = field(default_factory=list)  # each names the file and why
    purged: list[str] = field(default_factory=list)  # document numbers left as tombstones
    refused: list[str] = field(default_factory=list)  # head office's refusals standing, in words

    @property
    def complete(self) -> bool:
        return not self.problems and not self.remaining


def check_folder(folder: Path) -> None:
    """Refuse a folder that is not there (a path through a file, a disconnected share), or that is
    the data folder (cyberdesk.files.outputs decides)."""
    if not folder.is_dir():
        raise SyncError(_("The sync folder {folder} does not exist or is not a folder. Connect "
                          "the drive or choose the folder in the settings.").format(folder=folder))
    try:
        outputs.check_folder(folder)
    except outputs.OutputRefused as error:
        raise SyncError(str(error)) from None


def _failure(error: OSError, folder: Path, name: str) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        text = _("The sync folder {folder} is full: {name} could not be copied. Free some space "
                 "and send again.")
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        text = _("The sync folder {folder} cannot be written ({reason}). Check the drive and "
                 "the permissions, then send again.")
    elif error.errno in (errno.ENOENT, errno.ENOTDIR) or not folder.is_dir():
        text = _("The sync folder {folder} disappeared while {name} was being copied. Connect "
                 "the drive and send again.")
    else:
        text = _("{name} could not be copied to the sync folder {folder} ({reason}). Send again.")
    return text.format(folder=folder, name=name, reason=os_reason(error))


def _remove_strays(folder: Path, names: set[str]) -> None:
    """Temporary files that interrupted earlier copies of these bundles left behind (`.NAME.*.tmp`,
    see cyberdesk.files.atomic): one listing of the folder per run, not one per bundle."""
    for stray in folder.glob(".*.tmp"):
        if stray.name[1:].rsplit(".", 2)[0] in names:
            with contextlib.suppress(OSError):
                stray.unlink()


class _SourceChanged(Exception):
    """The outbox copy is gone or no longer the exported bundle: export it again."""


def _copy(source: Path, target: Path, sha256: str, report: Callable[[int], None],
          chunk: int) -> None:
    """Temporary name, fsync, rename: complete under `target` or not there at all. The bytes are
    hashed once, as they are copied, so what lands is the exported bundle or nothing; the
    folder's own flush is the caller's, once per run."""

    def write(handle: BinaryIO) -> None:
        digest = hashlib.sha256()
        try:
            reader = open(source, "rb")  # noqa: SIM115 (closed below; a missing file is news)
        except FileNotFoundError:
            raise _SourceChanged from None
        with reader:
            copied = 0
            while data := reader.read(chunk):
                handle.write(data)
                digest.update(data)
                copied += len(data)
                report(copied)
        if digest.hexdigest() != sha256:
            raise _SourceChanged

    write_atomic(target, write, flush_folder=False)


def _deliver(store: Store, row: StoredBundle, folder: Path, report: Callable[[int], None],
             chunk: int) -> tuple[bool, Interview]:
    """Copy one bundle (True) or find it already there intact (False); with the interview, to be
    marked synced once the folder is flushed."""
    interview = readable(store, row.interview_id)  # ExportError, before copying, when it no
    target = folder / row.file_name  # longer reads
    if target.exists() and file_sha256(target) == row.sha256:
        return False, interview
    try:
        _copy(paths.outbox_dir() / row.file_name, target, row.sha256, report, chunk)
    except _SourceChanged:  # deleted or changed in the outbox since the export
        rebuilt = export(store, row.interview_id)  # the same interview again, from the store
        try:
            _copy(rebuilt.path, target, rebuilt.sha256, report, chunk)
        except _SourceChanged:
            raise OSError(errno.EIO, _("the bundle changed in the outbox while it was copied")) \
                from None
    return True, interview


def _deliver_all(store: Store, folder: Path, flush: Callable[[], None], result: SyncResult,
                 progress: Callable[[Progress], None] | None, chunk: int) -> None:
    """Deliver every waiting bundle, then flush the folder once and mark them all synced in one
    transaction. Killed before that transaction, nothing is marked: the next run finds the
    bundles intact in the folder and marks them then."""
    rows = store.waiting_bundles()
    _remove_strays(folder, {row.file_name for row in rows})
    delivered: list[Interview] = []
    for index, row in enumerate(rows):
        def report(copied: int, index: int = index, row: StoredBundle = row) -> None:
            if progress:
                progress(Progress(index, len(rows), row.file_name, copied, row.size))

        report(0)
        try:
            copied, interview = _deliver(store, row, folder, report, chunk)
        except OSError as error:
            result.problems.append(_failure(error, folder, row.file_name))
            break
        except ExportError as error:
            result.problems.append(str(error))
            continue
        (result.copied if copied else result.already_there).append(row.file_name)
        delivered.append(interview)
    if not delivered:
        return
    try:
        flush()
    except OSError as error:
        result.problems.append(_failure(error, folder, result.copied[-1] if result.copied
                                        else result.already_there[-1]))
        result.copied, result.already_there = [], []
        return
    store.record_deliveries(delivered, str(folder))


def sync(store: Store, folder: Path, progress: Callable[[Progress], None] | None = None,
         chunk: int = CHUNK) -> SyncResult:
    """Export what is finalized, then deliver every waiting bundle to `folder`.

    `progress` is called before each bundle and after each chunk written (from the calling
    thread): the GUI's progress bar, and the tests' way to pull the folder away mid-copy.
    """
    folder = Path(folder)
    check_folder(folder)
    result = SyncResult(folder)
    for interview_id in store.unexported():
        try:
            export(store, interview_id)
        except (ExportError, OSError) as error:
            result.problems.append(str(error))
    try:
        with folder_flush(folder) as flush:
            _deliver_all(store, folder, flush, result, progress, chunk)
    except OSError as error:  # the folder cannot even be opened to be flushed
        result.problems.append(_failure(error, folder, ""))
    result.remaining = len(store.waiting_bundles()) + len(store.unexported())
    take_messages(store, folder, result)
    try:
        announce_revisions(store, folder)
    except OSError as error:
        result.problems.append(_failure(error, folder, revision_notice.FOLDER))
    result.purged = [p.document_number for p in purge_due(store, retention_days())]
    return result


def announce_revisions(store: Store, folder: Path) -> None:
    """Tell head office which delivered interviews have a revision in progress (see
    services.revision_notice); withdraw the notices of revisions finalized or discarded since."""
    delivered = {row.lineage_id for row in store.delivered_bundles()}
    notices = []
    for summary in store.summaries(status=Status.DRAFT):
        if summary.revision > 1 and summary.lineage_id in delivered:
            draft = store.get(summary.id)
            notices.append(revision_notice.Notice(
                lineage_id=draft.lineage_id, interview_id=draft.id, revision=draft.revision,
                previous_id=draft.previous_id or "", started_at=draft.created_at.isoformat()))
    revision_notice.publish(folder, notices, delivered)


def take_messages(store: Store, folder: Path, result: SyncResult) -> None:
    """Apply head office's signed messages in `folder` (services.inbox) into `result`."""
    applied = apply_messages(store, folder)
    result.received += applied.received
    result.ignored_messages += applied.ignored
    result.refused = [refusal.text() for refusal in refusals.current(store)]
