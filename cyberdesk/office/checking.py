"""Intake's first two steps, open (read a bundle file) and verify (decrypt with head office's
keys, everything `cyberdesk verify` checks, the audit trail's chain), its last, answer (head
office's signed, sealed message back), and the worker processes that do them while intake's one
writer stores (office/intake.py).

Nothing here imports SQLAlchemy: the workers are forked before the writer imports it and opens
the database (~0.5 s of CPU, half an intake of 500 bundles' start-up), so they verify the first
batches meanwhile. Whom head office knows (the key register) is read from the database, so
the sender is checked by the writer (`sender_refusal`), a dictionary lookup per bundle.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import random
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import _
from cyberdesk.model.interview import document_number
from cyberdesk.office.compliance import codes_for, codes_of
from cyberdesk.services import messages
from cyberdesk.services.bundle import AUDIT, INTERVIEW, MANIFEST, SIGNATURE, SUMMARY, check_data
from cyberdesk.services.seal import is_encrypted, signer_public_key
from cyberdesk.services.verify import Skipped, sender_finding, walk
from cyberdesk.trust import audit

BATCH = 100  # bundles per transaction (three in memory: one stored, two verified meanwhile)
IN_FLIGHT = 2  # batches with the workers while the writer stores one (see intake.intake)
MAX_BUNDLE_BYTES = 64 << 20  # a bundle is ~200 KB (the summary PDF is most of it)


@dataclass
class Arrival:
    """A verified bundle, ready to be stored: the file's facts and the interview's columns."""

    path: Path  # the bundle file
    sha256: str
    manifest_text: str
    document_text: str
    pdf: bytes
    columns: dict[str, Any]  # InterviewRow's columns that come from the interview file
    encrypted: bool = True  # False: sent in clear (a pilot deployment), flagged by intake
    agency: str = ""  # the agency code the manifest names (its signer must be registered to it)

    @property
    def id(self) -> str:
        id_: str = self.columns["id"]
        return id_

    @property
    def revision(self) -> int:
        revision: int = self.columns["revision"]
        return revision

    @property
    def previous_id(self) -> str | None:
        previous: str | None = self.columns["previous_id"]
        return previous

    @property
    def key(self) -> tuple[str, int]:
        return self.columns["lineage_id"], self.columns["revision"]


def columns_of(manifest: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """The columns of a revision, from a manifest and interview file already verified (read
    directly: parsing the interview again would double the cost of an intake)."""
    agent, customer = document.get("agent") or {}, document.get("customer") or {}
    return {
        "id": manifest["interview_id"], "lineage_id": manifest["lineage_id"],
        "revision": manifest["revision"], "previous_id": document.get("previous_id"),
        "revision_reason": document.get("revision_reason") or "",
        "document_number": document_number(manifest["lineage_id"], manifest["revision"]),
        "agency_code": agent.get("agency_code") or "", "agency_name": agent.get("agency_name") or "",
        "agent_name": agent.get("agent_name") or "", "agent_email": agent.get("email") or "",
        "company_name": customer.get("company_name") or "",
        "interview_date": date.fromisoformat(document["interview_date"]),
        "plan": document.get("plan"), "catalogue_id": manifest["catalogue"]["id"],
        "catalogue_version": manifest["catalogue"]["version"],
        "finalized_at": manifest["created_at"],
    }


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
            # Its size and one byte more, not the limit: asked for 64 MB, Python allocates
            # 64 MB and shrinks it (500 bundles read and hashed: 150–200 ms → ~90 ms of CPU).
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # grown since: read on, within the limit
                data += handle.read(MAX_BUNDLE_BYTES + 1 - len(data))
    except OSError:
        raise Unreadable(path) from None
    if len(data) > MAX_BUNDLE_BYTES:
        raise TooLarge(path)
    return Opened(path, data, hashlib.sha256(data).hexdigest())


def _nonblocking(name: str, flags: int) -> int:
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


@dataclass
class Rejected:
    """Why a bundle is refused, and its manifest when it could be read (to answer the laptop
    about that interview)."""

    reasons: list[str]
    manifest: dict[str, Any] | None = None
    laptop_key: bytes | None = None  # the key whose signature checked: the refusal is sealed to it


class Locked(Exception):
    """Encrypted, and head office's keys were not given: left where it is."""


def verify(opened: Opened, identities: list[Any] | None = None,
           senders: dict[str, str] | None = None,
           revoked: dict[str, str] | None = None) -> Arrival | Rejected:
    """Step 2: decrypt, everything `cyberdesk verify` checks, the sender; the arrival, or the
    reasons it is refused. The bytes checked are the bytes opened (read once)."""
    examined = examine(opened, identities)
    if isinstance(examined, Arrival):
        return sender_refusal(examined, senders or {}, revoked) or examined
    return examined


def examine(opened: Opened, identities: list[Any] | None = None) -> Arrival | Rejected:
    """`verify` but the sender (whom head office knows is in the database; the workers check
    without it): Locked when encrypted and no key was given."""
    checked = check_data(opened.path, opened.data, identities)
    if [finding.code for finding in checked.findings] == ["encrypted"]:
        raise Locked(opened.path)
    if not checked.damage and checked.manifest is not None and checked.signed is None:
        checked.add("unsigned", _("the bundle is not signed"))
    manifest, signed = checked.manifest, checked.signed  # both there when nothing is damaged
    if checked.damage or manifest is None or signed is None:
        # an incomplete record is taken in: the report lists what is missing
        return Rejected([f"{finding.code}: {finding.message}" for finding in checked.damage],
                        manifest, signer_public_key(checked.members.get(SIGNATURE))
                        if signed is not None and checked.members else None)
    members = checked.members
    order = audit.wishes_before_plans(checked.events)
    if checked.document is not None and checked.interview is not None:  # parsed once by the check
        document = checked.document
        codes = codes_for(checked.interview, order, len(checked.events))
    else:
        document = json.loads(members[INTERVIEW])
        codes = codes_of(document, order, len(checked.events))
    columns = columns_of(manifest, document)
    columns.update(signer=signed.fingerprint, audit=members[AUDIT].decode("utf-8"),
                   wishes_before_plans=order, exceptions=codes, flagged=bool(codes),
                   signature=members[SIGNATURE].decode("ascii"),
                   manifest_sha256=hashlib.sha256(members[MANIFEST]).hexdigest())
    return Arrival(opened.path, opened.sha256, members[MANIFEST].decode("utf-8"),
                   members[INTERVIEW].decode("utf-8"), members[SUMMARY], columns,
                   encrypted=is_encrypted(opened.data), agency=manifest["agency"]["code"])


def sender_refusal(arrival: Arrival, senders: Mapping[str, str],
                   revoked: Mapping[str, str] | None = None) -> Rejected | None:
    """The refusal of an arrival whose signer is not a registered key of the agency its manifest
    names (services.verify.sender_finding); None when it is."""
    found = sender_finding(arrival.columns["signer"], arrival.agency, senders, revoked)
    if found is None:
        return None
    return Rejected([f"{found[0]}: {found[1]}"], json.loads(arrival.manifest_text),
                    signer_public_key(arrival.columns.get("signature")))


# Verification in worker processes: the one writer (this process) reads, stores and answers
# while the workers decrypt and check. Forked, so they start with the modules and keys loaded.

POOL_MIN_BUNDLES = 32  # fewer: forking costs more than it saves
_worker_identities: list[Any] | None = None  # head office's keys, inherited by the fork


def verification_pool(bundles: int, workers: int | None = None) -> ProcessPoolExecutor | None:
    """Worker processes for `bundles` bundles: one more than the cores this process may use
    (`workers` to choose), none with one core, few bundles, or where processes cannot be forked.
    One more, because a worker also waits — on a file not in memory, on the file system while
    the writer's commit flushes it — and its core then goes to another: 10,000 bundles, two
    cores, interleaved, the files in memory: 37.6 / 40.7 s with three workers, 38.7 / 42.2 s
    with two (with files read from the disk, 51.6 / 57.1 s against 63.4 / 77.8 s). Its cost:
    ~3 % at 1,000 bundles, and two intake processes side by side on two cores take 1.7–1.8× as
    long as one (1.2–1.4× with a worker per core)."""
    if workers is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        workers = cores + 1 if cores > 1 and bundles >= POOL_MIN_BUNDLES else 0
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


Verified = Arrival | Rejected | Locked
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters


def keep_freed_memory() -> None:
    """For a process that takes in many bundles (the command line's intake): freed memory is
    kept for the next bundle. By default glibc gives every bundle-sized buffer (a few hundred
    KB: the file, its plaintext, the PDF carried to and from the workers) fresh pages from the
    kernel, which zeroes each of them (carrying 100 MB of PDFs back from two workers cost them
    0.25 s of CPU, 0.10 s with this; about 0.15 s per 500 bundles in all, within the machine's
    noise). Memory stays bounded by the batches held (three; peak ~170 MB at 10,000 either
    way). Only on glibc (Linux); elsewhere nothing is changed."""
    if not sys.platform.startswith("linux"):
        return
    # lazy: ctypes only for this one call, on Linux
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # another C library (musl has no such tuning)
        return
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # the largest glibc allows
    mallopt(_M_TRIM_THRESHOLD, 256 << 20)


def _verify_in_worker(opened: Opened) -> Verified:
    try:
        return examine(opened, _worker_identities)
    except Locked as locked:  # returned, not raised: the writer reports it with the others
        return locked


@dataclass(frozen=True)
class Known:
    """The verdict on bytes head office holds already under the file's name (the hint given
    with the job): not verified again; the writer finds them held by their SHA-256."""


Found = tuple[Path, str, Verified | Known] | tuple[Path, None, Unreadable | TooLarge]


def open_in_worker(path: Path, held: str | None = None) -> Found:
    """Steps 1 and 2 in a worker: the file read once, its SHA-256, and the verdict on those
    bytes — or Known when they hash to `held`, the SHA-256 of the bundle head office holds
    under this name (a laptop's folder keeps every bundle it sent, so every run meets them)."""
    try:
        opened = open_bundle(path)
    except (Unreadable, TooLarge) as error:
        return path, None, error
    if opened.sha256 == held:
        return path, opened.sha256, Known()
    return path, opened.sha256, _verify_in_worker(opened)


def set_identities(identities: list[Any] | None,
                   office_key: messages.OfficeKey | None = None) -> None:
    """Head office's keys for the verification in this process, and in workers forked after;
    and its signing key, with which they answer (`send_in_worker`)."""
    global _worker_identities, _worker_office_key
    _worker_identities, _worker_office_key = identities, office_key


# Head office's answers, signed, sealed and written by the workers: ~0.7 ms of CPU each
# (Ed25519, age, a new file), which the one writer would otherwise spend between its commits.

# The bundle's path, the message, and the laptop key it is sealed to (None: not sealed).
Answer = tuple[Path, messages.Message, bytes | None]
_worker_office_key: messages.OfficeKey | None = None
_worker_outbox: messages.Outbox | None = None  # each folder opened once per worker process


def send_in_worker(answers: list[Answer]) -> list[str]:
    """Write head office's answers about bundles (each into the messages folder beside its
    bundle, sealed to the laptop key when known); one problem line for each that cannot be."""
    global _worker_outbox
    if _worker_outbox is None:
        _worker_outbox = messages.Outbox()
    return send_answers(_worker_outbox, answers, _worker_office_key)


def send_answers(outbox: messages.Outbox, answers: list[Answer],
                 key: messages.OfficeKey | None) -> list[str]:
    """`send_in_worker` through `outbox`, signed with `key`."""
    problems: list[str] = []
    if key is None:
        return problems
    for path, built, to in answers:
        try:
            outbox.send(path.parent, built, key, to)
        except OSError as error:
            problems.append(_("{folder}: head office's answer cannot be written ({reason})")
                            .format(folder=path.parent / messages.FOLDER,
                                    reason=os_reason(error)))
    return problems


@dataclass
class Start:
    """An intake begun before the database is open (`start`): the bundles found, in batches
    in the order to take them, the worker processes, and the first batches being verified."""

    paths: list[Path]
    starts: list[int]  # each batch's first index in `paths`, in the order they are taken
    batch: int
    pool: ProcessPoolExecutor | None
    passed_over: list[str] = field(default_factory=list)
    begun: list[Iterator[Found]] = field(default_factory=list)  # verified by the workers
    office_key: messages.OfficeKey | None = None  # what the workers sign answers with

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


EARLY_BATCHES = 2  # verified while the writer starts: about what two workers do meanwhile


def start(folders: Iterable[Path], quarantine_dir: Path, identities: list[Any] | None,
          batch: int = BATCH, workers: int | None = None,
          office_key: messages.OfficeKey | None = None) -> Start:
    """Find the bundles, fork the workers (verification_pool) and have them read and verify
    the first batches while this process goes on to open the database. Those batches are
    checked against the database (bytes held already, the sender) when their verdicts come.
    `office_key` signs the answers the workers write."""
    passed_over: list[str] = []
    paths = bundles_under(folders, quarantine_dir, passed_over)
    set_identities(identities, office_key)  # before the pool forks: the workers start with them
    # What the workers inherit (every module loaded so far) lives as long as they do: kept out
    # of the garbage collector's passes, which would walk it again and again and, writing to
    # each object's header, copy every page the fork shares (~6 % of an intake's CPU).
    gc.freeze()
    pool = verification_pool(len(paths), workers)
    # Batches in a random order: workers running side by side mostly work on different
    # batches, and find the others' work already held (a cheap hash lookup, no verification).
    starts = list(range(0, len(paths), batch))
    random.shuffle(starts)
    begun: list[Iterator[Found]] = []
    if pool is not None:
        for first in starts[:EARLY_BATCHES]:
            begun.append(pool.map(open_in_worker, paths[first:first + batch], chunksize=4))
        del starts[:EARLY_BATCHES]
    return Start(paths, starts, batch, pool, passed_over, begun, office_key)


def bundles_under(folders: Iterable[Path], skip: Path,
                  passed_over: list[str] | None = None) -> list[Path]:
    """Every bundle under the folders (by name, each once), outside the quarantine folder. What
    is not taken as a bundle (unreadable, special, oddly named or hidden files, linked folders)
    is added to `passed_over`, one line each; only copies still in progress are not."""
    skip = skip.resolve()
    found: dict[Path, Path] = {}
    # Each folder resolved once (not each file: 500 resolutions were ~0.1 s of CPU); a file
    # that is itself a link is resolved on its own.
    places: dict[Path, tuple[Path, bool]] = {}  # folder → (its real path, inside `skip`)

    def place(folder: Path) -> tuple[Path, bool]:
        known = places.get(folder)
        if known is None:
            real = folder.resolve()
            known = places[folder] = (real, real == skip or skip in real.parents)
        return known

    for folder in folders:
        for path in walk(Path(folder)):
            if isinstance(path, Skipped):
                if path.finding.code != "copy_in_progress" and passed_over is not None \
                        and skip not in path.path.resolve().parents:
                    passed_over.append(_("{file}: not taken in ({code}: {reason})").format(
                        file=path.path, code=path.finding.code, reason=path.finding.message))
                continue
            if path.is_symlink():
                real = path.resolve()
                skipped = skip in real.parents
            else:
                parent, skipped = place(path.parent)
                real = parent / path.name
            if not skipped:
                found.setdefault(real, path)
    return list(found.values())


