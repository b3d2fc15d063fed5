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
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from cyberdesk import __version__, audit
from cyberdesk.catalogue import Catalogue
from cyberdesk.i18n import _
from cyberdesk.model.document import dumps, loads
from cyberdesk.model.interview import Interview, Status
from cyberdesk.model.problems import ProblemsError
from cyberdesk.services import seal
from cyberdesk.services.filenames import safe_component, safe_filename

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
JST = timezone(timedelta(hours=9), "JST")  # zip times have no zone: the agents' clock, no DST
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


def as_sent(interview: Interview) -> Interview:
    """The revision as head office receives it: as it was when finalized, whatever happened since
    (export and sync move the stored status on, and would otherwise change the bytes)."""
    sent = copy.deepcopy(interview)
    sent.status = Status.FINALIZED
    sent.updated_at = interview.finalized_at
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
        "created_at": interview.finalized_at.isoformat(),
        "signer": signer,
        "members": {name: {"sha256": sha256(data), "size": len(data)}
                    for name, data in members.items()},
    }


def _zip_time(created_at: str) -> tuple[int, int, int, int, int, int]:
    return datetime.fromisoformat(created_at).astimezone(JST).timetuple()[:6]


def pack(members: list[tuple[str, bytes]], created_at: str) -> bytes:
    """The canonical zip of `members` (in the given order)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_zip_time(created_at))
            info.create_system = 3  # zipfile would say 0 on Windows: the same bytes everywhere
            info.create_version = info.extract_version = 20
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, data)
    return buffer.getvalue()


def build(interview: Interview, catalogue: Catalogue, events: list[audit.Event] | None = None,
          sealer: seal.Sealer | None = None) -> Bundle:
    """The bundle of a finalized revision, signed and encrypted as `sealer` says. Unencrypted,
    it is a pure function of the interview, its audit trail and the app version (the same
    bytes on every export); age encryption is randomised, so an encrypted one is not."""
    from cyberdesk.services.pdf import render_pdf

    if interview.finalized_at is None or not interview.status.locked:
        raise ValueError("only a finalized interview has a bundle")
    sealer = sealer or seal.Sealer()
    sent = as_sent(interview)
    members = {INTERVIEW: dumps(sent).encode("utf-8"), SUMMARY: render_pdf(sent, catalogue),
               AUDIT: audit.to_bytes(sent.id, events or [])}
    manifest = (json.dumps(manifest_for(sent, members, sealer.signer), ensure_ascii=False,
                           indent=2) + "\n").encode("utf-8")
    signature = [(SIGNATURE, sealer.signature(manifest))] if sealer.signing_key else []
    data = pack([(MANIFEST, manifest), *members.items(), *signature], sent.finalized_at.isoformat())
    if sealer.recipients:
        return Bundle(sealed_name(sent), sealer.encrypt(data))
    return Bundle(bundle_name(sent), data)


# Checking -------------------------------------------------------------------------------------

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

    @property
    def key(self) -> tuple[str, int] | None:
        """(lineage, revision): two bundles with the same key are the same document twice."""
        if self.findings or self.manifest is None:
            return None
        return self.manifest["lineage_id"], self.manifest["revision"]

    def add(self, code: str, message: str) -> Checked:
        self.findings.append(Finding(code, message))
        return self


def _read_members(archive: zipfile.ZipFile, checked: Checked) -> dict[str, bytes | None]:
    """The members by name; None for one whose stored checksum fails (reported here)."""
    members: dict[str, bytes | None] = {}
    for info in archive.infolist():
        if info.filename not in ORDER:
            checked.add("unexpected_member", _("{member}: not part of a bundle")
                        .format(member=info.filename))
            continue
        try:
            members[info.filename] = archive.read(info)
        except Exception:  # a damaged header can make zipfile raise almost anything
            members[info.filename] = None
            checked.add("member_damaged", _("{member}: damaged (its contents do not match its "
                                            "checksum)").format(member=info.filename))
    return members


_MANIFEST_KEYS = {"format": str, "version": int, "interview_id": str, "lineage_id": str,
                  "revision": int, "agency": dict, "agent": dict, "catalogue": dict,
                  "app": dict, "created_at": str, "members": dict, "signer": (str, type(None))}


def _manifest(data: bytes, checked: Checked) -> dict[str, Any] | None:
    try:
        manifest = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        checked.add("manifest_invalid", _("{member}: not valid JSON").format(member=MANIFEST))
        return None
    if not isinstance(manifest, dict) or any(
        not isinstance(manifest.get(key), kind) for key, kind in _MANIFEST_KEYS.items()
    ):
        checked.add("manifest_invalid", _("{member}: required entries are missing")
                    .format(member=MANIFEST))
        return None
    if manifest["format"] != FORMAT or manifest["version"] != VERSION:
        checked.add("manifest_invalid", _("{member}: not a bundle of a format this CyberDesk "
                                          "reads").format(member=MANIFEST))
        return None
    try:
        _zip_time(manifest["created_at"])
    except (ValueError, OverflowError):
        checked.add("manifest_invalid", _("{member}: the creation time is not a date and time")
                    .format(member=MANIFEST))
        return None
    return manifest


def _check_members(manifest: dict[str, Any], members: dict[str, bytes | None],
                   checked: Checked) -> None:
    listed = manifest["members"]
    for name in LISTED:
        entry = listed.get(name)
        if name not in members:
            checked.add("member_missing", _("{member}: missing").format(member=name))
        elif members[name] is None:
            continue  # damaged: already reported
        elif not isinstance(entry, dict) or entry.get("sha256") != sha256(members[name]):
            checked.add("hash_mismatch", _("{member}: its SHA-256 does not match the manifest")
                        .format(member=name))
    for name in set(listed) - set(LISTED):
        checked.add("manifest_invalid", _("{member}: lists an unknown member {name}")
                    .format(member=MANIFEST, name=name))


def _check_interview(manifest: dict[str, Any], data: bytes, checked: Checked) -> None:
    """The manifest must describe the interview it carries (who sent it, which revision)."""
    try:
        interview = loads(data)
    except ProblemsError as error:
        checked.add("interview_invalid", f"{INTERVIEW}: {error.problems[0]}")
        return
    facts = {
        "interview_id": interview.id, "lineage_id": interview.lineage_id,
        "revision": interview.revision,
        "agency": {"code": interview.agent.agency_code, "name": interview.agent.agency_name},
        "catalogue": {"id": interview.catalogue_id, "version": interview.catalogue_version},
        "created_at": interview.finalized_at.isoformat() if interview.finalized_at else None,
    }
    if interview.status is not Status.FINALIZED or any(manifest[k] != v for k, v in facts.items()) \
            or manifest["agent"].get("name") != interview.agent.agent_name:
        checked.add("manifest_mismatch", _("{member} does not describe the interview it carries")
                    .format(member=MANIFEST))


def check(path: Path, identities: list[Any] | None = None) -> Checked:
    """Everything wrong with the bundle at `path` (no findings: it is complete and unaltered)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        return Checked(Path(path)).add("unreadable", _("cannot be read ({reason})")
                                       .format(reason=error.strerror or error))
    return check_data(Path(path), raw, identities)


def check_data(path: Path, raw: bytes, identities: list[Any] | None = None) -> Checked:
    """`check` of bytes already read: decrypted with `identities` when encrypted, then checked
    member by member, the signature against the key it names, the audit trail's chain."""
    checked = Checked(path)
    if seal.is_encrypted(raw):
        checked.encrypted = True
        if not identities:
            return checked.add("encrypted", _("encrypted for head office; give head office's key "
                                              "(--identity)"))
        plain = seal.decrypt(raw, identities)
        if plain is None:
            return checked.add("cannot_decrypt", _("cannot be decrypted with head office's keys "
                                                   "(another recipient, or damaged)"))
        raw = plain
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except Exception:  # BadZipFile, and on damaged directories EOFError, ValueError...
        return checked.add("not_a_zip", _("not a zip file"))
    with archive:
        members = _read_members(archive, checked)
    if MANIFEST not in members:
        return checked.add("member_missing", _("{member}: missing").format(member=MANIFEST))
    if members[MANIFEST] is None:
        return checked
    manifest = _manifest(members[MANIFEST], checked)
    if manifest is None:
        return checked
    _check_members(manifest, members, checked)
    if not checked.findings:
        _check_interview(manifest, members[INTERVIEW], checked)
    if not checked.findings:
        canonical = pack([(name, members[name]) for name in ORDER if name in members],
                         manifest["created_at"])
        if canonical != raw:
            checked.add("container_altered", _("the zip container was altered"))
    if not checked.findings:
        _check_trail(manifest, members, checked)
    checked.manifest = manifest
    checked.members = {name: data for name, data in members.items() if data is not None}
    return checked


def _check_trail(manifest: dict[str, Any], members: dict[str, bytes | None],
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
