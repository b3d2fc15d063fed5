"""Intake: take in every bundle under the given folders, in steps that each do one thing —
open (read the file) → verify (decrypt with head office's keys, everything `cyberdesk verify`
checks, the signature against the key registered for the agency, the audit trail's chain) →
store (head office's database) → receipt (back to the agent's sync folder).

Idempotent: a bundle already held (the same bytes) is not stored again, only its receipt is
written if it is missing. A revision whose predecessor is not held waits (recorded, and taken
in by the run that finds its predecessor). A damaged bundle, or another bundle of a revision
already held, is moved to the quarantine folder with a reason file; it never stops the run.
So is a bundle from an unknown sender, with a bad signature, or replayed (bundle bytes or a
signed revision head office holds already, arriving again under another name or envelope).
An encrypted bundle met without head office's keys is left where it is and reported.
Several workers may run at once over the same folders and database: the database's
constraints decide who stores what. Last, the laptops' revision notices are recorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from cyberdesk.clock import now
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import _
from cyberdesk.office.compliance import codes_of
from cyberdesk.office.store import Arrival, Held, OfficeStore, columns_of
from cyberdesk.services import messages, revision_notice
from cyberdesk.services.bundle import AUDIT, INTERVIEW, MANIFEST, SIGNATURE, SUMMARY, check_data
from cyberdesk.services.verify import bundles_in, check_sender
from cyberdesk.trust import audit

BATCH = 200  # bundles per transaction
MAX_BUNDLE_BYTES = 64 << 20  # a bundle is ~200 KB (the summary PDF is most of it)


@dataclass
class Quarantined:
    path: Path  # where the bundle was found
    moved_to: Path | None  # None: another worker moved it first
    reasons: list[str]


@dataclass
class IntakeResult:
    taken_in: list[Path] = field(default_factory=list)
    already_had: list[Path] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # faults: a receipt that cannot be written
    unanswered: int = 0  # receipts not written for want of head office's signing key

    @property
    def ok(self) -> bool:
        return not self.quarantined and not self.problems


# The steps ---------------------------------------------------------------------------------

@dataclass
class Opened:
    path: Path
    data: bytes
    sha256: str


class Unreadable(Exception):
    """The file is gone (another worker moved it) or cannot be read."""


class TooLarge(Exception):
    """Far larger than any bundle: refused before it is read."""


def open_bundle(path: Path) -> Opened:
    """Step 1: the file's bytes (a regular file of bundle size only: never block on a FIFO,
    never read a huge file into memory)."""
    try:
        with open(path, "rb", opener=_nonblocking) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Unreadable(path)
            if info.st_size > MAX_BUNDLE_BYTES:
                raise TooLarge(path)
            data = handle.read(MAX_BUNDLE_BYTES + 1)
    except OSError:
        raise Unreadable(path) from None
    if len(data) > MAX_BUNDLE_BYTES:
        raise TooLarge(path)
    return Opened(path, data, hashlib.sha256(data).hexdigest())


def _nonblocking(name: str, flags: int) -> int:
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


class Locked(Exception):
    """Encrypted, and head office's keys were not given: left where it is."""


def verify(opened: Opened, identities: list[Any] | None = None,
           senders: dict[str, str] | None = None) -> Arrival | list[str]:
    """Step 2: decrypt, everything `cyberdesk verify` checks, the sender; the arrival, or the
    reasons it is refused. The bytes checked are the bytes opened (read once)."""
    checked = check_data(opened.path, opened.data, identities)
    if [finding.code for finding in checked.findings] == ["encrypted"]:
        raise Locked(opened.path)
    check_sender(checked, senders or {})
    manifest, signed = checked.manifest, checked.signed  # both there when nothing is damaged
    if checked.damage or manifest is None or signed is None:
        # an incomplete record is taken in: the report lists what is missing
        return [f"{finding.code}: {finding.message}" for finding in checked.damage]
    members = checked.members
    document = json.loads(members[INTERVIEW])
    columns = columns_of(manifest, document)
    order = audit.wishes_before_plans(checked.events)
    codes = codes_of(document, order)
    columns.update(signer=signed.fingerprint, audit=members[AUDIT].decode("utf-8"),
                   wishes_before_plans=order, exceptions=codes, flagged=bool(codes),
                   signature=members[SIGNATURE].decode("ascii"),
                   manifest_sha256=hashlib.sha256(members[MANIFEST]).hexdigest())
    return Arrival(opened.path, opened.sha256, members[MANIFEST].decode("utf-8"),
                   members[INTERVIEW].decode("utf-8"), members[SUMMARY], columns)


def receipt_for(path: Path, held: Held) -> messages.Message:
    """The receipt of a bundle held: a message of kind `receipt` (services.messages)."""
    return messages.message(
        messages.RECEIPT, {"bundle_name": path.name, "bundle_sha256": held.bundle_sha256,
                           "received_at": held.received_at},
        interview_id=held.id, lineage_id=held.lineage_id, revision=held.revision,
        document_number=held.document_number, issued_at=held.received_at)


def answer(path: Path, built: messages.Message, key: messages.OfficeKey | None,
           result: IntakeResult) -> None:
    """Step 4: head office's signed message into the laptop's folder (the bundle's), unless the
    same one is there already; without head office's signing key nothing is sent (reported)."""
    if key is None:
        if not result.unanswered:
            result.problems.append(_("no head office signing key: no receipt was written (give "
                                     "--signing-key, or keep the key cyberdesk office keygen "
                                     "made beside the age key file)"))
        result.unanswered += 1
        return
    try:
        messages.send(path.parent, built, key)
    except OSError as error:
        result.problems.append(_("{folder}: head office's answer cannot be written ({reason})")
                               .format(folder=path.parent / messages.FOLDER,
                                       reason=os_reason(error)))


def quarantine(path: Path, folder: Path, reasons: list[str]) -> Path | None:
    """Move a refused bundle into `folder` with `NAME.reason.txt` beside it; None when the file
    is no longer there (another worker moved it)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{path.stem}.{counter}{path.suffix}"
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return None
    except OSError:  # another file system: copy, then remove

        try:
            shutil.move(str(path), str(target))
        except FileNotFoundError:
            return None
    text = "\n".join([str(path), *reasons]) + "\n"

    write_bytes_atomic(target.with_name(target.name + ".reason.txt"), text.encode("utf-8"))
    return target


# The run -----------------------------------------------------------------------------------

def bundles_under(folders: Iterable[Path], skip: Path) -> list[Path]:
    """Every bundle under the folders (by name, each once), outside the quarantine folder."""
    skip = skip.resolve()
    found: dict[Path, Path] = {}
    for folder in folders:
        for path in bundles_in(Path(folder)):
            real = path.resolve()
            if skip not in real.parents:
                found.setdefault(real, path)
    return list(found.values())


class _Run:
    """One intake run's state: what this run took in, what waits."""

    def __init__(self, store: OfficeStore, quarantine_dir: Path, identities: list[Any] | None,
                 office_key: messages.OfficeKey | None) -> None:
        self.store = store
        self.office_key = office_key
        self.identities = identities
        self.senders = store.senders()
        self.quarantine_dir = quarantine_dir
        self.result = IntakeResult()
        self.seen: dict[tuple[str, int], Path] = {}  # verified this run: revision → its file
        self.pending: list[Arrival] = []  # predecessor not held yet

    def answer(self, path: Path, held: Held) -> None:
        answer(path, receipt_for(path, held), self.office_key, self.result)

    def refuse(self, path: Path, reasons: list[str]) -> None:
        try:
            moved = quarantine(path, self.quarantine_dir, reasons)
        except OSError as error:  # left where it is, reported; the run goes on
            moved = None
            self.result.problems.append(_("{file}: cannot be moved to the quarantine folder "
                                          "({reason})").format(file=path,
                                                               reason=os_reason(error)))
        self.result.quarantined.append(Quarantined(path, moved, reasons))

    def batch(self, paths: Sequence[Path]) -> None:
        opened: list[Opened] = []
        for path in paths:
            try:
                opened.append(open_bundle(path))
            except Unreadable:  # moved away by another worker meanwhile
                continue
            except TooLarge:
                self.refuse(path, ["too_large: " + _("far larger than a bundle; not read")])
        held = self.store.held_by_sha256(o.sha256 for o in opened)
        fresh: list[Arrival] = []
        for item in opened:
            if item.sha256 in held:
                self._same_bytes(item, held[item.sha256])
                continue
            try:
                verified = verify(item, self.identities, self.senders)
            except Locked:
                self.result.problems.append(_("{file}: encrypted for head office; give head "
                                              "office's key (--identity)").format(file=item.path))
                continue
            if isinstance(verified, list):
                self.refuse(item.path, verified)
            elif verified.key in self.seen:
                self.refuse(item.path, [_("duplicate: the same revision as {path}")
                                        .format(path=self.seen[verified.key])])
            else:
                self.seen[verified.key] = item.path
                fresh.append(verified)
        self.store_all(fresh)

    def _same_bytes(self, item: Opened, held: Held) -> None:
        """Bytes held already: where they were taken in from (a run again, its receipt written
        if missing), or a replay of them under another name."""
        if item.path.name == held.bundle_name:
            self.result.already_had.append(item.path)
            self.answer(item.path, held)
        else:
            self.refuse(item.path, ["replayed: " + _("the same bundle as {file}, taken in "
                                                     "already").format(file=held.bundle_name)])

    def store_all(self, arrivals: list[Arrival]) -> None:
        """Step 3 for a batch: revisions already held elsewhere are duplicates; those whose
        predecessor is not held wait; the rest are stored, then get their receipts."""
        if not arrivals:
            return
        clashes = self.store.held_by_key(a.key for a in arrivals)
        known = set(self.store.held_by_id(
            a.previous_id for a in arrivals if a.previous_id))
        ready: list[Arrival] = []
        for arrival in sorted(arrivals, key=lambda a: a.revision):
            previous = arrival.previous_id
            if arrival.key in clashes:
                self._held_already(arrival, clashes[arrival.key])
            elif previous is None or previous in known:
                ready.append(arrival)
                known.add(arrival.id)  # its own successor may follow in this batch
            else:
                self.pending.append(arrival)
        self._store(ready)

    def _held_already(self, arrival: Arrival, held: Held) -> None:
        """The revision is held: these very bytes (another worker stored them a moment ago), or
        another bundle of the same revision (a duplicate)."""
        if held.bundle_sha256 == arrival.sha256:
            self.result.already_had.append(arrival.path)
            self.answer(arrival.path, held)
            return
        if held.id == arrival.id:  # the very revision, signed, in another envelope
            self.refuse(arrival.path, ["replayed: " + _("revision {revision} of this interview "
                                                        "was taken in already ({file})").format(
                revision=held.revision, file=held.bundle_name)])
            return
        self.refuse(arrival.path, [_("duplicate: revision {revision} of this interview is held "
                                     "already ({file})").format(revision=held.revision,
                                                               file=held.bundle_name)])

    def _store(self, ready: list[Arrival]) -> None:
        if not ready:
            return
        received_at = now().isoformat()
        stored = self._take_in(ready, received_at)
        lost = [a for a in ready if a.id not in stored]  # another worker stored these first
        theirs = self.store.held_by_key(a.key for a in lost)
        for arrival in ready:
            if arrival.id in stored:
                self.result.taken_in.append(arrival.path)
                self.answer(arrival.path, _held(arrival, received_at))
            elif arrival.key in theirs:
                self._held_already(arrival, theirs[arrival.key])
            else:
                self.refuse(arrival.path, [_("refused by the database (another bundle claims its id)")])

    def _take_in(self, ready: list[Arrival], received_at: str) -> set[str]:
        """The batch in one transaction; should the database refuse it (a predecessor that lost
        its place to a forged bundle), one by one, so that only the refused ones are left out."""
        try:
            return self.store.take_in(ready, received_at)
        except IntegrityError:
            stored: set[str] = set()
            for arrival in ready:
                with contextlib.suppress(IntegrityError):
                    stored |= self.store.take_in([arrival], received_at)
            return stored

    def finish(self) -> None:
        """Take in the waiting revisions whose predecessors this run stored; record the rest."""
        while self.pending:
            waiting, self.pending = self.pending, []
            before = len(self.result.taken_in)
            self.store_all(waiting)
            if len(self.result.taken_in) == before:
                break
        first_seen = now().isoformat()
        for arrival in self.pending:
            self.store.wait(arrival, first_seen)
            self.result.waiting.append(arrival.path)


def _held(arrival: Arrival, received_at: str) -> Held:
    c = arrival.columns
    return Held(c["id"], c["lineage_id"], c["revision"], c["document_number"], arrival.path.name,
                arrival.sha256, received_at)


def intake(store: OfficeStore, folders: Iterable[Path], quarantine_dir: Path,
           batch: int = BATCH, identities: list[Any] | None = None,
           office_key: messages.OfficeKey | None = None) -> IntakeResult:
    """Take in every bundle under `folders` (see the module's description); encrypted ones are
    opened with `identities` (head office's age keys, old and new), and the answers signed with
    `office_key` (by default the one named by CYBERDESK_OFFICE_SIGNING_KEY). Memory holds one
    batch of bundles at a time (and the revisions waiting for their predecessor)."""
    paths = bundles_under(folders, quarantine_dir)
    run = _Run(store, quarantine_dir, identities, office_key or messages.default_office_key())
    # Batches in a random order: workers running side by side mostly work on different
    # batches, and find the others' work already held (a cheap hash lookup, no verification).
    starts = list(range(0, len(paths), batch))
    random.shuffle(starts)
    for start in starts:
        run.batch(paths[start:start + batch])
    run.finish()
    take_notices(store, folders, run.result)
    return run.result


def take_notices(store: OfficeStore, folders: Iterable[Path], result: IntakeResult) -> None:
    """Record the revisions the laptops announce (services.revision_notice) and forget those
    whose notice was withdrawn."""
    found: list[tuple[revision_notice.Notice, str]] = []
    roots = [Path(folder).resolve() for folder in folders]
    for root in roots:
        for path in revision_notice.found_under(root):
            try:
                found.append((revision_notice.parse(path.read_bytes()), str(path)))
            except (OSError, revision_notice.NotANotice):
                result.problems.append(_("{file}: not a revision notice; ignored").format(file=path))
    paths = {path for _notice, path in found}
    gone = [row["notice_path"] for row in store.open_revisions()
            if row["notice_path"] not in paths
            and any(Path(row["notice_path"]).is_relative_to(root) for root in roots)]
    store.note_revisions(found, gone, now().isoformat())
