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
import dataclasses
import json
import os
import shutil
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from cyberdesk.clock import now
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.files.errors import os_reason
from cyberdesk.files.inputs import InputFileError, read_bounded
from cyberdesk.files.paths import ensure_private_dir
from cyberdesk.i18n import _
from cyberdesk.office.checking import (
    BATCH,
    IN_FLIGHT,
    Answer,
    Arrival,
    Found,
    Known,
    Locked,
    Opened,
    Rejected,
    Start,
    TooLarge,
    Unreadable,
    Verified,
    open_in_worker,
    send_answers,
    send_in_worker,
    sender_refusal,
    set_identities,
    start,
)
from cyberdesk.office.store import Held, OfficeStore
from cyberdesk.services import messages, revision_notice
from cyberdesk.services.seal import signer_public_key


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
    in_clear: list[Path] = field(default_factory=list)  # taken in, but sent unencrypted (a pilot)

    @property
    def ok(self) -> bool:
        return not self.quarantined and not self.problems


# The steps ---------------------------------------------------------------------------------

def receipt_for(path: Path, held: Held) -> messages.Message:
    """The receipt of a bundle held: a message of kind `receipt` (services.messages)."""
    return messages.message(
        messages.RECEIPT, {"bundle_name": path.name, "bundle_sha256": held.bundle_sha256,
                           "received_at": held.received_at},
        interview_id=held.id, lineage_id=held.lineage_id, revision=held.revision,
        document_number=held.document_number, issued_at=held.received_at)


def refusal_for(path: Path, sha256: str, reasons: list[str],
                manifest: dict[str, Any] | None) -> messages.Message:
    """The refusal notice of a quarantined bundle: the reasons (finding code first), about the
    interview its manifest names when it could be read."""
    found = [dict(zip(("code", "message"), reason.split(": ", 1), strict=False))
             for reason in reasons][:50]
    for item in found:
        item.setdefault("message", "")
        item["message"] = item["message"][:messages.MAX_TEXT]
        item["code"] = item["code"][:40]
    m = manifest or {}
    ids = {"interview_id": m.get("interview_id"), "lineage_id": m.get("lineage_id"),
           "revision": m.get("revision"), "document_number": m.get("document_number")}
    body = {"bundle_name": path.name, "bundle_sha256": sha256, "reasons": found,
            "refused_at": now().isoformat()}
    try:
        return messages.message(messages.REFUSAL, body, **ids)
    except ValueError:  # a manifest too odd to name: the notice names the bundle only
        return messages.message(messages.REFUSAL, body)


def quarantine(path: Path, folder: Path, reasons: list[str]) -> Path | None:
    """Move a refused bundle into `folder` with `NAME.reason.txt` beside it; None when the file
    is no longer there (another worker moved it). Never through a link in place of the folder."""
    if folder.is_symlink():
        raise OSError(0, _("the quarantine folder is a link; nothing is moved through it"),
                      str(folder))
    ensure_private_dir(folder)
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
    with contextlib.suppress(OSError):  # the laptop wrote it 0600; a copy may be wider
        os.chmod(target, 0o600)
    text = "\n".join([str(path), *reasons]) + "\n"
    write_bytes_atomic(target.with_name(target.name + ".reason.txt"), text.encode("utf-8"))
    return target


def release_quarantine(folder: Path) -> tuple[list[Path], list[str]]:
    """Put every quarantined bundle back where it was found (the first line of its reason file),
    for a run after the cause was fixed (a laptop registered since): the folders to take in
    again, and one line for each bundle that cannot go back (its place is taken, its folder
    gone). Answers then go where that laptop looks, as for any bundle."""
    folders: list[Path] = []
    problems: list[str] = []
    for reason in sorted(Path(folder).glob("*.reason.txt")):
        bundle = reason.with_name(reason.name.removesuffix(".reason.txt"))
        try:
            origin = Path(read_bounded(reason, 64 * 1024).decode("utf-8").splitlines()[0])
        except (InputFileError, UnicodeDecodeError, IndexError):
            problems.append(_("{file}: not a reason file; left in the quarantine").format(
                file=reason))
            continue
        if not bundle.is_file() or bundle.is_symlink():
            continue
        if os.path.lexists(origin) or not origin.parent.is_dir():
            problems.append(_("{file}: cannot go back to {origin} (taken, or the folder is "
                              "gone); left in the quarantine").format(file=bundle, origin=origin))
            continue
        try:
            os.replace(bundle, origin)
        except OSError as error:
            problems.append(_("{file}: cannot go back to {origin} ({reason})").format(
                file=bundle, origin=origin, reason=os_reason(error)))
            continue
        reason.unlink(missing_ok=True)
        if origin.parent not in folders:
            folders.append(origin.parent)
    return folders, problems


# The run -----------------------------------------------------------------------------------

class _Run:
    """One intake run's state: what this run took in, what waits."""

    def __init__(self, store: OfficeStore, quarantine_dir: Path, identities: list[Any] | None,
                 office_key: messages.OfficeKey | None) -> None:
        self.store = store
        self.pool: ProcessPoolExecutor | None = None  # verification's worker processes
        self.office_key = office_key
        self.outbox = messages.Outbox()  # closed by intake() when the run ends
        self.answers: list[Answer] = []  # step 4 of the batch at hand, sent by `send_answers`
        self.sending: list[Future[list[str]]] = []  # answers the workers are writing
        self.identities = identities
        self.senders = store.senders()
        self.revoked = store.revoked_keys()
        self.quarantine_dir = quarantine_dir
        self.result = IntakeResult()
        self.seen: dict[tuple[str, int], Path] = {}  # verified this run: revision → its file
        self.pending: list[Arrival] = []  # predecessor not held yet

    def answer(self, path: Path, held: Held) -> None:
        self.send(path, receipt_for(path, held), signer_public_key(held.signature))

    def send(self, path: Path, built: messages.Message, to: bytes | None) -> None:
        """Step 4: head office's signed message into the laptop's folder (the bundle's), unless
        the same one is there already, sealed to the laptop key `to` when it is known; without
        head office's signing key nothing is sent (reported). Held until `send_answers`."""
        if self.office_key is None:
            if not self.result.unanswered:
                self.result.problems.append(_(
                    "no head office signing key: no receipt was written (give --signing-key, or "
                    "keep the key cyberdesk office keygen made beside the age key file)"))
            self.result.unanswered += 1
            return
        self.answers.append((path, built, to))

    def send_answers(self) -> None:
        """The batch's answers handed to the workers (the writer goes on to the next batch), or
        written here when there are none."""
        answers, self.answers = self.answers, []
        if not answers:
            return
        if self.pool is None:
            self.result.problems += send_answers(self.outbox, answers, self.office_key)
        else:
            self.sending.append(self.pool.submit(send_in_worker, answers))

    def answered(self) -> None:
        """Wait for the workers' answers; their problems reported."""
        self.send_answers()
        for future in self.sending:
            self.result.problems += future.result()
        self.sending.clear()

    def refuse(self, path: Path, reasons: list[str], sha256: str | None = None,
               manifest: dict[str, Any] | None = None, to: bytes | None = None) -> None:
        """Quarantine, and tell the laptop (a signed refusal, when the bundle's bytes were read:
        the notice names their SHA-256, which is how the laptop knows its bundle), sealed to
        the laptop key `to` when one checked."""
        if sha256 is not None:
            self.send(path, refusal_for(path, sha256, reasons, manifest), to)
        try:
            moved = quarantine(path, self.quarantine_dir, reasons)
        except OSError as error:  # left where it is, reported; the run goes on
            moved = None
            self.result.problems.append(_("{file}: cannot be moved to the quarantine folder "
                                          "({reason})").format(file=path,
                                                               reason=os_reason(error)))
        self.result.quarantined.append(Quarantined(path, moved, reasons))

    def read(self, paths: Sequence[Path]) -> Iterator[Found]:
        """Steps 1 and 2 of a batch begun: each file read once and verified, in the worker
        processes while this one stores the batch before (here when there are none). Bytes
        held already under the file's name are only hashed (checking.open_in_worker)."""
        held = self.store.held_by_name(path.name for path in paths)
        hints = [held.get(path.name) for path in paths]
        if self.pool is None:
            set_identities(self.identities, self.office_key)
            return map(open_in_worker, paths, hints)
        return self.pool.map(open_in_worker, paths, hints, chunksize=4)

    def found(self, results: Iterator[Found]) -> tuple[list[Opened], Iterator[Verified]]:
        """A batch the workers read and verified: the files gone or unreadable reported, the
        bytes held already answered (whatever the verdict), the others' verdicts acted on by
        `take`. Bytes held under their name a moment ago and gone from the database since
        (Known) are verified here."""
        opened: list[Opened] = []
        verdicts: dict[Path, Verified | Known] = {}
        for path, sha256, verdict in results:
            if isinstance(verdict, Unreadable):
                if os.path.lexists(path):
                    self.result.problems.append(_("{file}: cannot be read by this account; not "
                                                  "taken in").format(file=path))
            elif isinstance(verdict, TooLarge):
                self.refuse(path, ["too_large: " + _("far larger than a bundle; not read")])
            elif sha256 is not None:
                opened.append(Opened(path, b"", sha256))
                verdicts[path] = verdict
        held = self.store.held_by_sha256(o.sha256 for o in opened)
        for item in opened:
            if item.sha256 in held:
                self._same_bytes(item, held[item.sha256])
        fresh = [item for item in opened if item.sha256 not in held]
        return fresh, iter([self._verdict(item, verdicts[item.path]) for item in fresh])

    def _verdict(self, item: Opened, verdict: Verified | Known) -> Verified:
        if not isinstance(verdict, Known):
            return verdict
        set_identities(self.identities, self.office_key)
        _path, _sha256, again = open_in_worker(item.path)
        return again if isinstance(again, Verified) else Rejected([
            "unreadable: " + _("the file changed or went while it was read")])

    def take(self, opened: list[Opened], verdicts: Iterator[Verified]) -> None:
        """Steps 2 and 3 of a batch finished: the verdicts acted on (the sender checked against
        the register), the good ones stored."""
        fresh: list[Arrival] = []
        for item, verified in zip(opened, verdicts, strict=True):
            if isinstance(verified, Arrival):
                verified = sender_refusal(verified, self.senders, self.revoked) or verified
            if isinstance(verified, Locked):
                self.result.problems.append(_("{file}: encrypted for head office; give head "
                                              "office's key (--identity)").format(file=item.path))
            elif isinstance(verified, Rejected):
                self.refuse(item.path, verified.reasons, item.sha256, verified.manifest,
                            verified.laptop_key)
            elif verified.key in self.seen:
                self.refuse(item.path, [_("duplicate: the same revision as {path}")
                                        .format(path=self.seen[verified.key])], item.sha256,
                            json.loads(verified.manifest_text), _laptop_key(verified))
            else:
                self.seen[verified.key] = item.path
                fresh.append(verified)
        self.store_all(fresh)
        self.send_answers()

    def _same_bytes(self, item: Opened, held: Held) -> None:
        """Bytes held already: where they were taken in from (a run again, its receipt written
        if missing), or a replay of them under another name."""
        if item.path.name == held.bundle_name:
            self.result.already_had.append(item.path)
            self.answer(item.path, held)
        else:
            self.refuse(item.path, ["replayed: " + _("the same bundle as {file}, taken in "
                                                     "already").format(file=held.bundle_name)],
                        item.sha256, to=signer_public_key(held.signature))

    def store_all(self, arrivals: list[Arrival]) -> None:
        """Step 3 for a batch: revisions already held elsewhere are duplicates; those whose
        predecessor is not held wait; the rest are stored, then get their receipts."""
        if not arrivals:
            return
        clashes = self.store.held_by_key(a.key for a in arrivals)
        known = {held.id: (held.lineage_id, held.revision) for held in self.store.held_by_id(
            a.previous_id for a in arrivals if a.previous_id).values()}
        ready: list[Arrival] = []
        for arrival in sorted(arrivals, key=lambda a: a.revision):
            previous = arrival.previous_id
            chain = chain_problem(arrival, known.get(previous) if previous else None)
            if chain is not None:
                self.refuse(arrival.path, [f"revision_chain: {chain}"], arrival.sha256,
                            json.loads(arrival.manifest_text), _laptop_key(arrival))
            elif arrival.key in clashes:
                self._held_already(arrival, clashes[arrival.key])
            elif previous is None or previous in known:
                ready.append(arrival)
                known[arrival.id] = arrival.key  # its own successor may follow in this batch
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
        if held.id == arrival.id and held.bundle_name == arrival.path.name \
                and held.manifest_sha256 is not None \
                and held.manifest_sha256 == arrival.columns.get("manifest_sha256"):
            # The same signed content under its own name in a new envelope (the laptop exported
            # it again, and age's encryption is randomised): a resend, not a replay. Its receipt
            # names the new bytes.
            self.result.already_had.append(arrival.path)
            self.answer(arrival.path, dataclasses.replace(
                held, bundle_name=arrival.path.name, bundle_sha256=arrival.sha256))
            return
        manifest = json.loads(arrival.manifest_text)
        if held.id == arrival.id:  # the very revision, signed, in another envelope
            self.refuse(arrival.path, ["replayed: " + _("revision {revision} of this interview "
                                                        "was taken in already ({file})").format(
                revision=held.revision, file=held.bundle_name)], arrival.sha256, manifest,
                _laptop_key(arrival))
            return
        self.refuse(arrival.path, [_("duplicate: revision {revision} of this interview is held "
                                     "already ({file})").format(revision=held.revision,
                                                               file=held.bundle_name)],
                    arrival.sha256, manifest, _laptop_key(arrival))

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
                if not arrival.encrypted:
                    self.result.in_clear.append(arrival.path)
                self.answer(arrival.path, _held(arrival, received_at))
            elif arrival.key in theirs:
                self._held_already(arrival, theirs[arrival.key])
            else:
                self.refuse(arrival.path, [_("refused by the database (another bundle claims its "
                                             "id)")], arrival.sha256,
                            json.loads(arrival.manifest_text), _laptop_key(arrival))

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


def chain_problem(arrival: Arrival, previous: tuple[str, int] | None) -> str | None:
    """Why a revision cannot follow the one it names, as the laptop's store would refuse it
    (None: it can, or its predecessor is not known yet). `previous`: its (lineage, revision)."""
    lineage, revision = arrival.key
    if arrival.previous_id is None:
        if revision != 1 or arrival.id != lineage:
            return _("revision {revision} names no revision it replaces").format(revision=revision)
        return None
    if revision < 2:
        return _("revision 1 cannot replace another revision")
    if previous is None:
        return None
    if previous[0] != lineage:
        return _("it replaces a revision of another interview")
    if previous[1] != revision - 1:
        return _("revision {revision} cannot replace revision {previous}").format(
            revision=revision, previous=previous[1])
    return None


def _held(arrival: Arrival, received_at: str) -> Held:
    c = arrival.columns
    return Held(c["id"], c["lineage_id"], c["revision"], c["document_number"], arrival.path.name,
                arrival.sha256, received_at, c.get("manifest_sha256"), c.get("signature"))


def _laptop_key(arrival: Arrival) -> bytes | None:
    """The key that signed a verified arrival: head office's answer about it is sealed to it."""
    return signer_public_key(arrival.columns.get("signature"))


def intake(store: OfficeStore, folders: Iterable[Path], quarantine_dir: Path,
           batch: int = BATCH, identities: list[Any] | None = None,
           office_key: messages.OfficeKey | None = None,
           workers: int | None = None, begun: Start | None = None) -> IntakeResult:
    """Take in every bundle under `folders` (see the module's description); encrypted ones are
    opened with `identities` (head office's age keys, old and new), and the answers signed with
    `office_key` (by default the one named by CYBERDESK_OFFICE_SIGNING_KEY). Memory holds three
    batches of bundles at a time (and the revisions waiting for their predecessor). Bundles are
    verified, and answered, in `workers` processes (default: one more than the cores, see
    verification_pool) and stored by this one: two processes writing race each other for the
    database's lock. `begun`: the run as `checking.start` began it over the same folders before
    the database was open (its signing key is the workers', so it is the run's)."""
    if begun is None:
        begun = start(folders, quarantine_dir, identities, batch, workers,
                      office_key or messages.default_office_key())
    run = _Run(store, quarantine_dir, identities, begun.office_key)
    run.pool = begun.pool
    paths, size = begun.paths, begun.batch
    try:
        # Two batches ahead: the workers verify batches n+1 and n+2 while this process stores
        # batch n and waits for its commit to reach the disk (with one, they ran out of work
        # during the longer commits: 10,000 bundles took 40.8 / 42.9 s against 37.6 / 40.7 s).
        # Memory: a third batch of results, ~30 MB (peak 150–170 MB at 10,000).
        pending: deque[Iterator[Found]] = deque(begun.begun)
        for first in begun.starts:
            while len(pending) > IN_FLIGHT:
                run.take(*run.found(pending.popleft()))
            pending.append(run.read(paths[first:first + size]))
        while pending:
            run.take(*run.found(pending.popleft()))
        run.finish()
        run.answered()
    finally:
        begun.shutdown()
        run.outbox.close()
    run.result.problems[:0] = begun.passed_over
    take_notices(store, folders, run.result)
    return run.result


def take_notices(store: OfficeStore, folders: Iterable[Path], result: IntakeResult) -> None:
    """Record the revisions the laptops announce (services.revision_notice) and forget those
    whose notice was withdrawn. Each notice is read within its size limit (a 1.5 GB file there
    is refused unread), never through a FIFO."""
    found: list[tuple[revision_notice.Notice, str]] = []
    roots = [Path(folder).resolve() for folder in folders]
    for root in roots:
        for path in revision_notice.found_under(root):
            try:
                data = read_bounded(path, revision_notice.MAX_BYTES)
                found.append((revision_notice.parse(data), str(path)))
            except (OSError, revision_notice.NotANotice):
                result.problems.append(_("{file}: not a revision notice; ignored").format(file=path))
    paths = {path for _notice, path in found}
    gone = [row["notice_path"] for row in store.open_revisions()
            if row["notice_path"] not in paths
            and any(Path(row["notice_path"]).is_relative_to(root) for root in roots)]
    store.note_revisions(found, gone, now().isoformat())
