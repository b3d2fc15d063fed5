"""Revision notices: the laptop tells head office that a delivered interview is being revised.

Head office only ever sees finalized revisions, so a revision an agent started and never
finalized would stay invisible — yet it is exactly what compliance must chase (the customer was
told something changed, and no record of the new proposal exists). On every sync the laptop
writes `revisions/LINEAGE.revision.json` into the sync folder for each draft revision of an
interview it has delivered, and removes the notice once that draft is finalized or discarded.
Intake reads the notices; the report lists each one whose revision head office does not hold.

A notice carries ids, the revision number and when it was started: no customer data, and no
reason either (an agent's reason may quote the customer; the sync folder is not encrypted). The
reason reaches head office inside the revision's bundle. Version 1 notices, which carried it,
are still read.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from cyberdesk.files.atomic import write_bytes_atomic

FORMAT = "cyberdesk.revision-notice"
VERSION = 2
READ_VERSIONS = (1, 2)
FOLDER = "revisions"
SUFFIX = ".revision.json"
MAX_BYTES = 16 * 1024
_ID = re.compile(r"[0-9a-f]{32}")


class NotANotice(ValueError):
    """The file is not a revision notice of a format this CyberDesk reads."""


@dataclass(frozen=True)
class Notice:
    lineage_id: str
    interview_id: str  # the draft revision's id
    revision: int
    previous_id: str
    started_at: str  # UTC, ISO 8601
    reason: str = ""  # only in version 1 notices (no longer written)

    def to_bytes(self) -> bytes:
        document = {"format": FORMAT, "version": VERSION, **asdict(self)}
        del document["reason"]
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def path_for(folder: Path, lineage_id: str) -> Path:
    return folder / FOLDER / f"{lineage_id}{SUFFIX}"


def publish(folder: Path, notices: list[Notice], lineages: set[str]) -> None:
    """Write the notices, and remove the notices of `lineages` (this laptop's) that are over."""
    current = {notice.lineage_id: notice for notice in notices}
    if (folder / FOLDER).is_symlink():  # planted: the laptop never writes through it
        raise OSError(0, "a link in place of the revisions folder", str(folder / FOLDER))
    for notice in notices:
        target = path_for(folder, notice.lineage_id)
        data = notice.to_bytes()
        with contextlib.suppress(OSError):
            if target.read_bytes() == data:
                continue
        target.parent.mkdir(exist_ok=True)
        write_bytes_atomic(target, data, durable=False)  # written again on each sync
    for lineage_id in lineages - set(current):
        with contextlib.suppress(FileNotFoundError):
            path_for(folder, lineage_id).unlink()


def parse(data: bytes) -> Notice:
    if len(data) > MAX_BYTES:
        raise NotANotice("too large")
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotANotice("not JSON") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT \
            or document.get("version") not in READ_VERSIONS:
        raise NotANotice("not a notice")
    try:
        notice = Notice(**{key: document[key] for key in Notice.__dataclass_fields__
                           if key != "reason"}, reason=document.get("reason", ""))
    except KeyError:
        raise NotANotice("incomplete") from None
    if not all(isinstance(value, str) and _ID.fullmatch(value)
               for value in (notice.lineage_id, notice.interview_id, notice.previous_id)) \
            or type(notice.revision) is not int or not isinstance(notice.reason, str) \
            or not isinstance(notice.started_at, str):
        raise NotANotice("malformed")
    return notice


def found_under(folder: Path) -> list[Path]:
    """Every notice under `folder` (sub-folders included), by name."""
    try:
        return sorted(p for p in folder.rglob(f"{FOLDER}/*{SUFFIX}")
                      if p.is_file() and not p.name.startswith("."))
    except OSError:
        return []
