"""Receipts: head office's "we have it" for one bundle, the only message back to a laptop.

Intake writes a receipt for every bundle it holds into `receipts/` beside that bundle, in the
sync folder the bundle came through, named after the bundle (`NAME.receipt.json`). The laptop
reads that folder on its next sync: a receipt that names a bundle it delivered, with the same
SHA-256, moves the interview to received (受領済み). Any other receipt (a bundle this laptop never
sent, bytes that do not match, a file that is not a receipt) changes nothing and is reported.

Receipts are not signed yet: what they prove rests on the sync folder's access control, like
the bundles themselves (signing comes with the bundle encryption).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from cyberdesk.files.atomic import write_bytes_atomic

FORMAT = "cyberdesk.receipt"
VERSION = 1
FOLDER = "receipts"
SUFFIX = ".receipt.json"
MAX_BYTES = 16 * 1024  # a receipt is ~400 bytes: anything far larger is not one
_ID = re.compile(r"[0-9a-f]{32}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class NotAReceipt(ValueError):
    """The file is not a receipt of a format this CyberDesk reads."""


@dataclass(frozen=True)
class Receipt:
    interview_id: str
    lineage_id: str
    revision: int
    document_number: str
    bundle_name: str
    bundle_sha256: str
    received_at: str  # when head office took the bundle in (UTC, ISO 8601)

    def to_bytes(self) -> bytes:
        document = {"format": FORMAT, "version": VERSION, **asdict(self)}
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def path_for(bundle: Path) -> Path:
    """Where the receipt of the bundle at `bundle` goes: `receipts/` beside it."""
    return bundle.parent / FOLDER / (bundle.name.removesuffix(".zip").removesuffix(".age") + SUFFIX)


def write(bundle: Path, receipt: Receipt) -> bool:
    """Write the receipt for `bundle` unless the same one is there; True when written."""
    target = path_for(bundle)
    data = receipt.to_bytes()
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(exist_ok=True)
    # Not flushed to disk: a receipt a crash loses is written again by the next intake run.
    write_bytes_atomic(target, data, mode=0o644, durable=False)
    return True


def parse(data: bytes) -> Receipt:
    """The receipt in `data`; NotAReceipt when it is anything else."""
    if len(data) > MAX_BYTES:
        raise NotAReceipt("too large")
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotAReceipt("not JSON") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT \
            or document.get("version") != VERSION:
        raise NotAReceipt("not a receipt")
    try:
        receipt = Receipt(**{key: document[key] for key in Receipt.__dataclass_fields__})
    except KeyError:
        raise NotAReceipt("incomplete") from None
    if not (isinstance(receipt.interview_id, str) and _ID.fullmatch(receipt.interview_id)
            and isinstance(receipt.bundle_sha256, str) and _SHA256.fullmatch(receipt.bundle_sha256)
            and type(receipt.revision) is int):
        raise NotAReceipt("malformed")
    return receipt


def found_in(folder: Path) -> list[Path]:
    """The receipts waiting in a sync folder, by name (none when it has no receipts folder);
    whatever else bears a receipt's name is listed too, to be reported."""
    try:
        return sorted(p for p in (folder / FOLDER).glob(f"*{SUFFIX}")
                      if not p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []
