"""Head office's check of what arrived: each bundle ok, damaged, or a duplicate of another.

A duplicate is the same interview revision (lineage and revision) seen a second time, whatever
the file is called: the first one found (in the order the paths are given, files of a folder by
name) is ok, later ones are duplicates naming it. Each bundle is judged on its own: nothing in
one file stops the others being checked. What a folder holds besides bundles (hidden files, other
files, folders that cannot be read, special files) is reported as skipped, never silently passed.

Encrypted bundles (`.age`) are opened with head office's identities; a signed bundle's signature
is checked against the key it names, and with the register of agents' keys (`senders`), that key
must be registered to the agency the manifest names. A bundle that fails there is untrusted.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import N_, _
from cyberdesk.services import messages, revision_notice
from cyberdesk.services.bundle import SUFFIXES, Checked, Finding, check


class Verdict(StrEnum):
    OK = "ok"
    DAMAGED = "damaged"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"  # found in a folder but not a bundle, or not readable: never checked
    UNTRUSTED = "untrusted"  # intact, but unsigned, badly signed, or from a key not registered
    ENCRYPTED = "encrypted"  # encrypted for head office, and no key given: not opened, not damaged

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {Verdict.OK: N_("ok"), Verdict.DAMAGED: N_("damaged"), Verdict.DUPLICATE: N_("duplicate"),
           Verdict.SKIPPED: N_("skipped"), Verdict.UNTRUSTED: N_("untrusted"),
           Verdict.ENCRYPTED: N_("encrypted — not opened")}
# Findings about who sent a bundle rather than about its bytes.
SENDER_CODES = frozenset({"unsigned", "bad_signature", "unknown_sender", "wrong_sender"})


@dataclass
class Report:
    path: Path
    verdict: Verdict
    findings: list[Finding] = field(default_factory=list)
    manifest: dict[str, Any] | None = None
    duplicate_of: Path | None = None

    def as_json(self) -> dict[str, Any]:
        """What `verify --json` prints for this bundle."""
        m = self.manifest or {}
        return {
            "path": str(self.path),
            "status": self.verdict.value,
            "problems": [{"code": f.code, "message": f.message} for f in self.findings],
            "duplicate_of": str(self.duplicate_of) if self.duplicate_of else None,
            "document_number": m.get("document_number"),
            "interview_id": m.get("interview_id"),
            "lineage_id": m.get("lineage_id"),
            "revision": m.get("revision"),
            "agency_code": m.get("agency", {}).get("code"),
            "agent_name": m.get("agent", {}).get("name"),
            "company_name": m.get("company_name"),
            "signer": m.get("signer"),
        }


class NotFoundError(LookupError):
    """Paths given to verify that do not exist, one message line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Skipped:
    path: Path
    finding: Finding


def _is_copy_in_progress(name: str) -> bool:
    """`.NAME.zip.xxxxxxxx.tmp`: a bundle being written by cyberdesk.files.atomic (sync)."""
    return name.startswith(".") and name.endswith(".tmp") and any(
        suffix in name.lower() for suffix in SUFFIXES)


# Folders the sync protocol keeps beside the bundles (head office's messages, the laptop's
# revision notices, and `receipts/` of earlier versions): passed over, as they hold no bundles.
PROTOCOL_FOLDERS = (messages.FOLDER, "receipts", revision_notice.FOLDER)


def walk(folder: Path) -> Iterator[Path | Skipped]:
    """Every bundle under `folder` (names sorted, `.zip` in any case) and everything else found,
    as Skipped; symbolic links to folders are not followed (a link may loop)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield Skipped(folder, Finding("unreadable_folder", _("folder cannot be read ({reason})")
                                      .format(reason=os_reason(error))))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            mode = entry.stat(follow_symlinks=True).st_mode
        except OSError:
            yield Skipped(path, Finding("unreadable", _("cannot be read (a broken link?)")))
            continue
        if stat.S_ISDIR(mode) and entry.is_symlink():
            yield Skipped(path, Finding("linked_folder", _("a link to a folder (not followed)")))
        elif stat.S_ISDIR(mode) and entry.name in PROTOCOL_FOLDERS:
            continue  # the sync folder's own receipts and revision notices: not bundles, not junk
        elif stat.S_ISDIR(mode):
            yield from walk(path)
        elif _is_copy_in_progress(entry.name):
            yield Skipped(path, Finding("copy_in_progress", _("a copy still in progress")))
        elif entry.name.startswith("."):
            yield Skipped(path, Finding("hidden", _("a hidden file")))
        elif not stat.S_ISREG(mode):
            yield Skipped(path, Finding("not_a_file", _("is not a regular file")))
        elif not entry.name.lower().endswith(SUFFIXES):
            yield Skipped(path, Finding("not_a_bundle", _("not a bundle (not a .zip or .age file)")))
        else:
            yield path


def bundles_in(path: Path) -> list[Path]:
    """A file as given; a folder's bundles (sub-folders included, `.zip` or `.age` in any case), by name,
    without what `verify` reports as skipped (head office's intake reads folders through it)."""
    if path.is_dir():
        return [found for found in walk(path) if isinstance(found, Path)]
    return [path]


def all_ok(reports: Iterable[Report]) -> bool:
    """Every bundle ok and nothing skipped but copies still in progress (the next run sees them)."""
    return all(report.verdict is Verdict.OK or (
        report.verdict is Verdict.SKIPPED and report.findings[0].code == "copy_in_progress")
        for report in reports)


def _guarded_check(file: Path, identities: list[Any] | None) -> Checked:
    """`check`, with a last line of defence: whatever escapes it is this bundle's problem only."""
    try:
        return check(file, identities)
    except Exception:
        return Checked(file).add("check_failed", _("could not be checked"))


def check_sender(checked: Checked, senders: Mapping[str, str],
                 revoked: Mapping[str, str] | None = None) -> None:
    """Add the finding when an intact bundle's signer is not a registered key of the agency the
    manifest names (`senders`: registered fingerprint → agency code)."""
    if checked.damage or checked.manifest is None:
        return
    if checked.signed is None:
        checked.add("unsigned", _("the bundle is not signed"))
        return
    found = sender_finding(checked.signed.fingerprint, checked.manifest["agency"]["code"],
                           senders, revoked)
    if found is not None:
        checked.add(*found)


def sender_finding(signer: str, agency_code: str, senders: Mapping[str, str],
                   revoked: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(code, message) when the key `signer` (a fingerprint) is not a registered key of the
    agency `agency_code`; None when it is."""
    agency = senders.get(signer)
    if agency is None and signer in (revoked or {}):
        return "unknown_sender", _("signed by key {key}, which head office revoked on {at}"
                                   ).format(key=signer, at=(revoked or {})[signer])
    if agency is None:
        return "unknown_sender", _("signed by key {key}, which is not registered").format(
            key=signer)
    if agency != agency_code:
        return "wrong_sender", _("signed by key {key}, registered to agency {agency}, not "
                                 "to the agency the bundle names").format(key=signer,
                                                                          agency=agency)
    return None


def verdict_of(checked: Checked) -> Verdict:
    """Damaged, or untrusted when every finding is about the sender (None of them: ok). A record
    that lacks what finalizing requires now (a rule added after it was finalized) is intact as
    the laptop sent it: reported, not damaged — head office chases what is missing."""
    findings = checked.damage
    if not findings:
        return Verdict.OK
    if [finding.code for finding in findings] == ["encrypted"]:
        return Verdict.ENCRYPTED
    if all(finding.code in SENDER_CODES for finding in findings):
        return Verdict.UNTRUSTED
    return Verdict.DAMAGED


def verify(paths: Iterable[Path], identities: list[Any] | None = None,
           senders: Mapping[str, str] | None = None,
           revoked: Mapping[str, str] | None = None) -> list[Report]:
    """A report for every bundle under `paths`, in order, and for everything skipped; encrypted
    ones opened with `identities`, senders checked against `senders` when given (a key in
    `revoked` said to be revoked, and when)."""
    paths = [Path(path) for path in paths]
    missing = [path for path in paths if not os.path.lexists(path)]
    if missing:
        raise NotFoundError([_("{path}: no such file or folder").format(path=path)
                             for path in missing])
    reports: list[Report] = []
    seen: dict[tuple[str, int], Path] = {}
    done: set[Path] = set()  # a file given twice is one file, not a duplicate
    for given in paths:
        for found in (walk(given) if given.is_dir() else [given]):
            if isinstance(found, Skipped):
                reports.append(Report(found.path, Verdict.SKIPPED, [found.finding]))
                continue
            key = found.resolve()
            if key in done:
                continue
            done.add(key)
            checked = _guarded_check(found, identities)
            if senders is not None:
                check_sender(checked, senders, revoked)
            document = checked.key  # None only when something was found
            if checked.findings or document is None:
                reports.append(Report(found, verdict_of(checked), checked.findings,
                                      checked.manifest))
            elif document in seen:
                reports.append(Report(found, Verdict.DUPLICATE, manifest=checked.manifest,
                                      duplicate_of=seen[document]))
            else:
                seen[document] = found
                reports.append(Report(found, Verdict.OK, manifest=checked.manifest))
    return reports
