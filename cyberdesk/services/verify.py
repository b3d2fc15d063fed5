"""Head office's check of what arrived: each bundle ok, damaged, or a duplicate of another.

A duplicate is the same interview revision (lineage and revision) seen a second time, whatever
the file is called: the first one found (in the order the paths are given, files of a folder by
name) is ok, later ones are duplicates naming it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from cyberdesk.i18n import N_, _
from cyberdesk.services.bundle import SUFFIX, Checked, Finding, check


class Verdict(StrEnum):
    OK = "ok"
    DAMAGED = "damaged"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {Verdict.OK: N_("ok"), Verdict.DAMAGED: N_("damaged"), Verdict.DUPLICATE: N_("duplicate")}


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
        }


class NotFoundError(LookupError):
    """Paths given to verify that do not exist, one message line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def bundles_in(path: Path) -> list[Path]:
    """A file as given; a folder's bundles (sub-folders included), by name, without the hidden
    temporary files of a copy in progress."""
    if path.is_dir():
        return sorted(p for p in path.rglob(f"*{SUFFIX}")
                      if p.is_file() and not p.name.startswith("."))
    return [path]


def verify(paths: Iterable[Path]) -> list[Report]:
    """A report for every bundle under `paths`, in order."""
    paths = [Path(path) for path in paths]
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise NotFoundError([_("{path}: no such file or folder").format(path=path)
                             for path in missing])
    reports: list[Report] = []
    seen: dict[tuple[str, int], Path] = {}
    files = {file.resolve(): file for path in paths for file in bundles_in(path)}
    for file in files.values():  # a file given twice is one file, not a duplicate
        checked: Checked = check(file)
        if checked.findings:
            reports.append(Report(file, Verdict.DAMAGED, checked.findings, checked.manifest))
        elif checked.key in seen:
            reports.append(Report(file, Verdict.DUPLICATE, manifest=checked.manifest,
                                  duplicate_of=seen[checked.key]))
        else:
            seen[checked.key] = file
            reports.append(Report(file, Verdict.OK, manifest=checked.manifest))
    return reports
