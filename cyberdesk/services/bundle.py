"""The head-office bundle: one zip per finalized revision, and how head office checks one.

A bundle holds `manifest.json`, `interview.json` (the interview file format), `summary.pdf`
(the coverage summary), `audit.json` (the audit trail up to finalization) and, when the laptop
signs, `signature.json`, in that order. The manifest says what the bundle is (interview,
lineage, revision, agency and agent, catalogue, app version, the signing key's fingerprint) and
the SHA-256 of the members between it and the signature. With head office's recipients set, the
zip is encrypted with age before it is written anywhere (services.seal).

The zip is canonical: members stored uncompressed (no dependence on a zlib version), stamped
with the finalization time, fixed attributes and order. So re-exporting a revision gives the same
bytes, and `check` can rebuild the container from what it read and compare byte for byte: any
changed byte anywhere in the file, even one that zip readers ignore, is reported.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cyberdesk import __version__
from cyberdesk.catalogue import Catalogue, installed
from cyberdesk.clock import JST
from cyberdesk.files.inputs import InputFileError, read_bounded
from cyberdesk.files.safejson import JsonLimitError, Limits
from cyberdesk.files.safejson import loads as load_json
from cyberdesk.i18n import _
from cyberdesk.model.document import FIRST_YEAR, LAST_YEAR, dumps, loads_document
from cyberdesk.model.document import LIMITS as INTERVIEW_LIMITS
from cyberdesk.model.interview import Interview, Status
from cyberdesk.model.problems import ProblemsError
from cyberdesk.model.validation import check as validate
from cyberdesk.model.validation import missing_to_finalize
from cyberdesk.services import seal
from cyberdesk.services.filenames import safe_component, safe_filename
from cyberdesk.services.pdf import render_pdf
from cyberdesk.trust import audit

FORMAT = "cyberdesk.bundle"
VERSION = 2
MANIFEST = "manifest.json"
INTERVIEW = "interview.json"
SUMMARY = "summary.pdf"
AUDIT = "audit.json"
SIGNATURE = seal.SIGNATURE
LISTED = (INTERVIEW, SUMMARY, AUDIT)  # the members the manifest lists with their SHA-256
ORDER = (MANIFEST, *LISTED, SIGNATURE)
SUFFIX = ".zip"
SUFFIXES = (SUFFIX, seal.SEALED_SUFFIX)
COMPANY_BYTES = 90  # 30 kanji: the name stays readable and far below every length limit
CODE_BYTES = 30


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Bundle:
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return sha256(self.data)


def finalized_at(interview: Interview) -> datetime:
    """When the revision was finalized; ValueError for a draft, which has no bundle."""
    if interview.finalized_at is None:
        raise ValueError("only a finalized interview has a bundle")
    return interview.finalized_at


def as_sent(interview: Interview) -> Interview:
    """The revision as head office receives it: as it was when finalized, whatever happened since
    (export and sync move the stored status on, and would otherwise change the bytes)."""
    sent = copy.deepcopy(interview)
    sent.status = Status.FINALIZED
    sent.updated_at = finalized_at(interview)
    return sent


def bundle_name(interview: Interview, id_length: int = 8) -> str:
    """`20261118_A1234-567_株式会社さくらシステム開発_r01_3f6c2a9e.zip`: date, agency, company,
    revision, then the start of the lineage id so two companies of one name never clash."""
    parts = (
        interview.interview_date.strftime("%Y%m%d"),
        safe_component(interview.agent.agency_code, CODE_BYTES, fallback="-"),
        safe_component(interview.customer.company_name, COMPANY_BYTES),
        f"r{interview.revision:02d}",
        interview.lineage_id[:id_length],
    )
    return safe_filename("_".join(parts) + SUFFIX)


def sealed_name(interview: Interview, id_length: int = 8) -> str:
    """The name of an encrypted bundle: `20261118_A1234-567_r01_3f6c2a9e.age`, no customer data."""
    parts = (
        interview.interview_date.strftime("%Y%m%d"),
        safe_component(interview.agent.agency_code, CODE_BYTES, fallback="-"),
        f"r{interview.revision:02d}",
        interview.lineage_id[:id_length],
    )
    return safe_filename("_".join(parts) + seal.SEALED_SUFFIX)


def manifest_for(interview: Interview, members: dict[str, bytes],
                 signer: str | None = None) -> dict[str, Any]:
    agent = interview.agent
    return {
        "format": FORMAT,
        "version": VERSION,
        "document_number": interview.document_number,
        "interview_id": interview.id,
        "lineage_id": interview.lineage_id,
        "revision": interview.revision,
        "previous_id": interview.previous_id,
        "agency": {"code": agent.agency_code, "name": agent.agency_name},
        "agent": {"name": agent.agent_name, "email": agent.email, "phone": agent.phone},
        "company_name": interview.customer.company_name,
        "catalogue": {"id": interview.catalogue_id, "version": interview.catalogue_version},
        "app": {"name": "CyberDesk", "version": __version__},
        "created_at": finalized_at(interview).isoformat(),
        "signer": signer,
        "members": {name: {"sha256": sha256(data), "size": len(data)}
                    for name, data in members.items()},
    }


def _zip_time(created_at: str) -> tuple[int, int, int, int, int, int]:
    return datetime.fromisoformat(created_at).astimezone(JST).timetuple()[:6]


_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # "made by" and "needed to extract": 2.0, plain stored members
_UNIX = 3  # made on Unix whatever the OS, so the bytes are the same everywhere
_FILE_MODE = 0o100644 << 16


def _dos_time(created_at: str) -> tuple[int, int]:
    year, month, day, hour, minute, second = _zip_time(created_at)
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day


def pack(members: list[tuple[str, bytes]], created_at: str,
         crcs: dict[str, int] | None = None) -> bytes:
    """The canonical zip of `members` (in the given order): what zipfile writes for stored members
    with fixed attributes, written directly so that `check` can rebuild it cheaply (`crcs`: the
    members' CRC-32s when already computed)."""
    return b"".join(part for _member, part in _packed(members, created_at, crcs))


def is_packed(raw: bytes, members: list[tuple[str, bytes]], created_at: str,
              crcs: dict[str, int] | None = None, offsets: dict[str, int] | None = None) -> bool:
    """Whether `raw` is byte for byte `pack(members, created_at, crcs)`, compared piece by piece
    in place (no second copy of the bundle is built). `offsets`: where members' bytes were
    sliced from `raw`; one sliced from where `pack` puts it is not compared with itself (the
    summary PDF is nearly all of a bundle)."""
    at, offsets = 0, offsets or {}
    for member, part in _packed(members, created_at, crcs):
        in_place = member is not None and offsets.get(member) == at  # compared with itself
        if not in_place and not raw.startswith(part, at):
            return False
        at += len(part)
    return at == len(raw)


def _packed(members: list[tuple[str, bytes]], created_at: str,
            crcs: dict[str, int] | None) -> list[tuple[str | None, bytes]]:
    """The pieces of `pack`'s zip, in order, each member's bytes with its name (None: a header
    or the directory)."""
    dos_time, dos_date = _dos_time(created_at)
    parts: list[tuple[str | None, bytes]] = []
    central: list[bytes] = []
    offset = 0
    for name, data in members:
        encoded = name.encode("ascii")
        crc = crcs[name] if crcs else zlib.crc32(data)
        fixed = (0, zipfile.ZIP_STORED, dos_time, dos_date, crc, len(data), len(data), len(encoded))
        local = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, *fixed, 0)
        central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, *fixed, 0, 0,
                                     0, 0, _FILE_MODE, offset) + encoded)
        parts += ((None, local), (None, encoded), (name, data))
        offset += len(local) + len(encoded) + len(data)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    return [*parts, (None, directory), (None, end)]


def build(interview: Interview, catalogue: Catalogue, events: list[audit.Event] | None = None,
          sealer: seal.Sealer | None = None) -> Bundle:
    """The bundle of a finalized revision, signed and encrypted as `sealer` says. Unencrypted,
    it is a pure function of the interview, its audit trail and the app version (the same
    bytes on every export); age encryption is randomised, so an encrypted one is not."""
    if interview.finalized_at is None or not interview.status.locked:
        raise ValueError("only a finalized interview has a bundle")
    sealer = sealer or seal.Sealer()
    sent = as_sent(interview)
    members = {INTERVIEW: dumps(sent).encode("utf-8"), SUMMARY: render_pdf(sent, catalogue),
               AUDIT: audit.to_bytes(sent.id, events or [])}
    manifest = (json.dumps(manifest_for(sent, members, sealer.signer), ensure_ascii=False,
                           indent=2) + "\n").encode("utf-8")
    signature = [(SIGNATURE, sealer.signature(manifest))] if sealer.signing_key else []
    data = pack([(MANIFEST, manifest), *members.items(), *signature], finalized_at(sent).isoformat())
    if sealer.recipients:
        return Bundle(sealed_name(sent), sealer.encrypt(data))
    return Bundle(bundle_name(sent), data)


# Checking -------------------------------------------------------------------------------------

# A finalized interview that lacks what finalizing requires (an older version's rules, say).
INCOMPLETE = "interview_incomplete"


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a bundle: a stable code for scripts, a message for people."""

    code: str
    message: str


@dataclass
class Checked:
    path: Path
    manifest: dict[str, Any] | None = None
    findings: list[Finding] = field(default_factory=list)
    members: dict[str, bytes] = field(default_factory=dict)  # read and checked
    events: list[audit.Event] = field(default_factory=list)  # the audit trail, chain intact
    signed: seal.Signed | None = None  # None: unsigned (or the signature failed)
    encrypted: bool = False
    # The interview as sent and the JSON it was read from, parsed once (None: not parsed, or
    # invalid), so that a caller (head office's intake) does not parse it again.
    interview: Interview | None = None
    document: dict[str, Any] | None = None

    @property
    def damage(self) -> list[Finding]:
        """What makes the bundle untrustworthy: every finding but an incomplete record, which is
        intact as the laptop sent it (head office keeps it and chases what is missing)."""
        return [finding for finding in self.findings if finding.code != INCOMPLETE]

    @property
    def key(self) -> tuple[str, int] | None:
        """(lineage, revision): two bundles with the same key are the same document twice."""
        if self.damage or self.manifest is None:
            return None
        return self.manifest["lineage_id"], self.manifest["revision"]

    def add(self, code: str, message: str) -> Checked:
        self.findings.append(Finding(code, message))
        return self


# Limits no real bundle reaches (one is about 200 KB): beyond them a bundle is refused before it
# costs memory or time (docs/limits.md).
MAX_BUNDLE_BYTES = 32 * 1024 * 1024
MAX_MEMBERS = 8  # entries in the zip's directory (a bundle has 5)
MAX_MEMBER_BYTES = {MANIFEST: 64 * 1024, INTERVIEW: INTERVIEW_LIMITS.max_bytes,
                    SUMMARY: 24 * 1024 * 1024, AUDIT: 2 * 1024 * 1024, SIGNATURE: 4 * 1024}
MAX_RATIO = 10  # uncompressed / compressed size (a bundle is stored, so 1)
MANIFEST_LIMITS = Limits(max_bytes=MAX_MEMBER_BYTES[MANIFEST], max_depth=4, max_items=32,
                         max_digits=15)
_READ_CHUNK = 1 << 16
_EOCD = b"PK\x05\x06"


def _directory_entries(raw: bytes) -> int | None:
    """The number of entries the zip's end record announces (None: there is no end record),
    read before zipfile builds an object for each of them."""
    at = raw.rfind(_EOCD, max(0, len(raw) - 22 - 0xFFFF))
    if at < 0 or at + 22 > len(raw):
        return None
    return int.from_bytes(raw[at + 10:at + 12], "little")


def _stored_data(raw: bytes, info: zipfile.ZipInfo) -> tuple[bytes, int] | None:
    """A stored member's bytes sliced from the file (no copy through zipfile) and where they
    start, or None when its local header is not where the directory says."""
    header = raw[info.header_offset:info.header_offset + _LOCAL.size]
    if len(header) < _LOCAL.size or header[:4] != b"PK\x03\x04":
        return None
    fields = _LOCAL.unpack(header)
    start = info.header_offset + _LOCAL.size + fields[-2] + fields[-1]
    data = raw[start:start + info.compress_size]
    return (data, start) if len(data) == info.compress_size else None


def _bounded_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """A compressed member, inflated in chunks; None beyond `limit` bytes (the directory may
    understate the size)."""
    chunks, size = [], 0
    with archive.open(info) as member:
        while chunk := member.read(_READ_CHUNK):
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def _too_large(member: str, limit: int) -> str:
    return _("{member}: larger than {limit} KiB").format(member=member, limit=limit // 1024)


def _read_member(archive: zipfile.ZipFile, raw: bytes, info: zipfile.ZipInfo,
                 checked: Checked) -> tuple[bytes, int, int | None] | None:
    """The member's bytes, CRC-32 and where in `raw` they are (None: inflated) within its
    limits; None when refused (reported here)."""
    limit = MAX_MEMBER_BYTES[info.filename]
    if info.file_size > limit:
        checked.add("member_too_large", _too_large(info.filename, limit))
        return None
    if info.file_size > MAX_RATIO * max(info.compress_size, 1):
        checked.add("compression_ratio", _("{member}: compressed more than {ratio} times")
                    .format(member=info.filename, ratio=MAX_RATIO))
        return None
    start = None
    try:
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size == info.file_size:
            stored = _stored_data(raw, info)
            data, start = stored if stored else (None, None)
        else:
            data = _bounded_read(archive, info, limit)
            if data is None:
                checked.add("member_too_large", _too_large(info.filename, limit))
                return None
    except Exception:  # a damaged header can make zipfile raise almost anything
        data = None
    if data is None or zlib.crc32(data) != info.CRC:
        checked.add("member_damaged", _("{member}: damaged (its contents do not match its "
                                        "checksum)").format(member=info.filename))
        return None
    return data, info.CRC, start


def _read_members(archive: zipfile.ZipFile, raw: bytes, checked: Checked
                  ) -> tuple[dict[str, bytes | None], dict[str, int], dict[str, int]]:
    """The members by name (None for one that was refused, reported here), their CRC-32s and
    where those sliced from `raw` start."""
    members: dict[str, bytes | None] = {}
    crcs: dict[str, int] = {}
    offsets: dict[str, int] = {}
    for info in archive.infolist():
        if info.filename not in ORDER or info.filename in members:
            checked.add("unexpected_member", _("{member}: not part of a bundle")
                        .format(member=info.filename))
            continue
        read = _read_member(archive, raw, info, checked)
        members[info.filename] = read[0] if read else None
        if read:
            crcs[info.filename] = read[1]
            if read[2] is not None:
                offsets[info.filename] = read[2]
    return members, crcs, offsets


def _is(value: Any, kind: type) -> bool:
    """isinstance, except that true and false are not numbers."""
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))


_MANIFEST_KEYS = {"format": str, "version": int, "document_number": str, "interview_id": str,
                  "lineage_id": str, "revision": int, "agency": dict, "agent": dict,
                  "company_name": str, "catalogue": dict, "app": dict, "created_at": str,
                  "members": dict}
_OPTIONAL_TEXT = ("previous_id", "signer")  # text or null
_SECTION_KEYS = {"agency": ("code", "name"), "agent": ("name", "email", "phone"),
                 "catalogue": ("id", "version"), "app": ("name", "version")}


def _manifest_problem(manifest: Any) -> str | None:
    """What makes a decoded manifest unusable (its shape, its time), or None. Exactly the
    entries manifest_for writes: an unknown one would pass unchecked."""
    if not isinstance(manifest, dict) or set(manifest) != {*_MANIFEST_KEYS, *_OPTIONAL_TEXT} or any(
        not _is(manifest[key], kind) for key, kind in _MANIFEST_KEYS.items()
    ) or any(set(manifest[section]) != set(keys) or not all(
        _is(manifest[section][key], str) for key in keys) for section, keys in _SECTION_KEYS.items()
    ) or not all(manifest[key] is None or _is(manifest[key], str) for key in _OPTIONAL_TEXT):
        return _("{member}: required entries are missing or unknown ones added").format(
            member=MANIFEST)
    if manifest["format"] != FORMAT or manifest["version"] != VERSION:
        return _("{member}: not a bundle of a format this CyberDesk reads").format(member=MANIFEST)
    if _moment(manifest["created_at"]) is None:
        return _("{member}: the creation time is not a date and time from {first} to {last}")\
            .format(member=MANIFEST, first=FIRST_YEAR, last=LAST_YEAR)
    return None


def _moment(text: str) -> datetime | None:
    """An ISO time with its zone, in the years the interview format allows."""
    try:
        moment = datetime.fromisoformat(text)
        year = moment.astimezone(UTC).year if moment.tzinfo else 0
    except (ValueError, OverflowError):
        return None
    return moment if FIRST_YEAR <= year <= LAST_YEAR else None


def _manifest(data: bytes, checked: Checked) -> dict[str, Any] | None:
    try:
        manifest = load_json(data, MANIFEST_LIMITS)
    except JsonLimitError as error:
        checked.add("manifest_invalid", f"{MANIFEST}: {error}")
        return None
    problem = _manifest_problem(manifest)
    if problem or not isinstance(manifest, dict):  # the second only tells the type checker
        checked.add("manifest_invalid", problem or MANIFEST)
        return None
    return manifest


def _check_members(manifest: dict[str, Any], members: dict[str, bytes | None],
                   checked: Checked) -> None:
    listed = manifest["members"]
    for name in LISTED:
        entry, data = listed.get(name), members.get(name)
        if name not in members:
            checked.add("member_missing", _("{member}: missing").format(member=name))
        elif data is None:
            continue  # refused: already reported
        elif not isinstance(entry, dict) or entry.get("sha256") != sha256(data):
            checked.add("hash_mismatch", _("{member}: its SHA-256 does not match the manifest")
                        .format(member=name))
        elif entry != {"sha256": entry["sha256"], "size": len(data)}:
            checked.add("manifest_mismatch", _("{member} does not describe the interview it "
                                               "carries ({keys})").format(
                member=MANIFEST, keys=f"members.{name}"))
    for name in set(listed) - set(LISTED):
        checked.add("manifest_invalid", _("{member}: lists an unknown member {name}")
                    .format(member=MANIFEST, name=name))


def _check_interview(manifest: dict[str, Any], members: dict[str, bytes], checked: Checked) -> None:
    """The interview inside must be valid, complete and finalized, the manifest must say exactly
    what manifest_for says of it (the app version aside), and the summary must be its PDF."""
    try:
        interview, document = loads_document(members[INTERVIEW])
    except ProblemsError as error:
        checked.add("interview_invalid", f"{INTERVIEW}: {error.problems[0]}")
        return
    if interview.status is not Status.FINALIZED:
        checked.add("interview_invalid", _("{member}: not a finalized interview")
                    .format(member=INTERVIEW))
        return
    # What the interview says, before validation fills in a catalogue it may lack.
    expected = manifest_for(interview, {})  # the members were compared by _check_members
    sent_catalogue = interview.catalogue_id, interview.catalogue_version
    catalogue, problems = validate(interview, installed())
    if problems or catalogue is None:
        checked.add("interview_invalid", f"{INTERVIEW}: {problems[0]}")
        return
    # Consistent: only what finalizing adds is checked now (not the consistency rules again).
    missing = missing_to_finalize(interview, catalogue)
    interview.catalogue_id, interview.catalogue_version = sent_catalogue  # kept as sent
    checked.interview, checked.document = interview, document
    if missing:  # consistent, but without what finalizing requires now: a compliance exception
        checked.add(INCOMPLETE, f"{INTERVIEW}: {missing[0]}")
    differ = sorted(key for key in expected if key not in ("app", "members", "signer")
                    and manifest.get(key) != expected[key])
    if differ:
        checked.add("manifest_mismatch", _("{member} does not describe the interview it carries "
                                           "({keys})").format(member=MANIFEST, keys=", ".join(differ)))
    summary = members[SUMMARY]
    # The PDF's keywords start with the interview's id and document number (the catalogue and
    # compliance versions follow them).
    # Searched from the end, where the PDF's information dictionary is (not 200 KB of fonts).
    stamp = f"/Keywords ({interview.id} {interview.document_number}".encode()
    if not summary.startswith(b"%PDF-") or b"%%EOF" not in summary[-32:] or (
            summary.rfind(stamp + b" ") < 0 and summary.rfind(stamp + b")") < 0):
        checked.add("summary_invalid", _("{member}: not the coverage summary of this interview")
                    .format(member=SUMMARY))


def check(path: Path, identities: list[Any] | None = None) -> Checked:
    """Everything wrong with the bundle at `path` (no findings: it is complete and unaltered)."""
    try:
        raw = read_bounded(Path(path), MAX_BUNDLE_BYTES)
    except InputFileError as error:
        return Checked(Path(path)).add(error.code, str(error))
    return check_data(Path(path), raw, identities)


def check_data(path: Path, raw: bytes, identities: list[Any] | None = None) -> Checked:
    """`check` of bytes already read: decrypted with `identities` when encrypted, then checked
    member by member, the signature against the key it names, the audit trail's chain."""
    checked = Checked(path)
    checked.encrypted = seal.is_encrypted(raw)
    if checked.encrypted:
        if not identities:
            return checked.add("encrypted", _("encrypted for head office; give head office's key "
                                              "(--identity)"))
        plain = seal.decrypt(raw, identities)
        if plain is None or len(plain) > MAX_BUNDLE_BYTES:
            return checked.add("cannot_decrypt", _("cannot be decrypted with head office's keys "
                                                   "(another recipient, or damaged)"))
        raw = plain
    entries = _directory_entries(raw)
    if entries is None:
        return checked.add("not_a_zip", _("not a zip file"))
    if entries > MAX_MEMBERS:
        return checked.add("too_many_members", _("more than {limit} members")
                           .format(limit=MAX_MEMBERS))
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except Exception:  # BadZipFile, and on damaged directories EOFError, ValueError...
        return checked.add("not_a_zip", _("not a zip file"))
    with archive:
        if len(archive.infolist()) > MAX_MEMBERS:
            return checked.add("too_many_members", _("more than {limit} members")
                               .format(limit=MAX_MEMBERS))
        members, crcs, offsets = _read_members(archive, raw, checked)
    if MANIFEST not in members:
        return checked.add("member_missing", _("{member}: missing").format(member=MANIFEST))
    manifest_bytes = members[MANIFEST]
    if manifest_bytes is None:
        return checked
    manifest = _manifest(manifest_bytes, checked)
    if manifest is None:
        return checked
    _check_members(manifest, members, checked)
    # Every member refused on the way in was reported as damage: without damage, all are here.
    whole = {name: data for name, data in members.items() if data is not None}
    if not checked.damage:
        _check_interview(manifest, whole, checked)
    if not checked.damage and not is_packed(
            raw, [(name, whole[name]) for name in ORDER if name in whole], manifest["created_at"],
            crcs, offsets):
        checked.add("container_altered", _("the zip container was altered"))
    if not checked.damage:
        _check_trail(manifest, whole, checked)
    checked.manifest = manifest
    checked.members = whole
    return checked


def _check_trail(manifest: dict[str, Any], members: dict[str, bytes],
                 checked: Checked) -> None:
    """The signature (when the bundle is signed) and the audit trail's chain."""
    signature = members.get(SIGNATURE)
    if signature is not None or manifest["signer"] is not None:
        try:
            checked.signed = seal.check_signature(members[MANIFEST], manifest["signer"], signature)
        except seal.BadSignature as error:
            checked.add(error.code, str(error))
            return
    try:
        checked.events = audit.parse(members[AUDIT], manifest["interview_id"])
    except ValueError as error:
        checked.add("audit_broken", f"{AUDIT}: {error}")
        return
    problem = audit.content_problem(checked.events)
    if problem is not None:
        checked.add("audit_broken", f"{AUDIT}: {problem}")
