"""The deployment file: what IT sets for every laptop of an agency, read-only for the agent.

A TOML file, found at the first of these places that has one (docs/security.md):

1. the file named by `CYBERDESK_DEPLOYMENT`;
2. `deployment.toml` in the data folder;
3. the machine's own: `%PROGRAMDATA%\\CyberDesk\\deployment.toml` (Windows),
   `/Library/Application Support/CyberDesk/deployment.toml` (macOS),
   `/etc/cyberdesk/deployment.toml` (Linux).

    format = "cyberdesk.deployment"
    version = 1
    recipients = ["age1…", "age1…"]   # head office's public age keys (two during a rotation)
    sync_folder = '\\\\fileserver\\cyberdesk'
    office_signing_key = "…"          # head office's Ed25519 public key (base64): it signs receipts
    agency_code = "A123456"
    retention_days = 90
    purge_after = "approval"           # or "receipt": when the retention days start counting
    allow_unencrypted = false          # a pilot only: bundles sent signed but not encrypted
    key_store = "keychain"             # or "file", for laptops without a keychain

Without a file nothing is sent to head office (it could only go in clear). A file
that is there but wrong is never half-used: every problem is reported, naming the file and the
field, and nothing is sent until it is fixed.
"""

from __future__ import annotations

import base64
import os
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cyberdesk.files import paths
from cyberdesk.files.inputs import InputFileError, read_bounded
from cyberdesk.i18n import N_, _

FILE_NAME = "deployment.toml"
FORMAT = "cyberdesk.deployment"
VERSION = 1
MAX_BYTES = 64 * 1024
MAX_RECIPIENTS = 20
MAX_RETENTION_DAYS = 3650
# An age X25519 public key: "age1" and 58 letters of bech32's alphabet.
AGE_RECIPIENT = re.compile(r"age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}")
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
AGENCY_CODE = re.compile(r"[0-9A-Za-z-]{1,20}")
FIELDS = ("format", "version", "recipients", "office_signing_key", "sync_folder", "agency_code",
          "retention_days", "purge_after", "allow_unencrypted", "key_store")
PURGE_AFTER = ("approval", "receipt")  # head office's 承認 (the default), or its receipt


class DeploymentError(Exception):
    """The file is there but cannot be used: one translated line per problem, each naming the
    file and the field."""
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Deployment:
    path: Path
    recipients: tuple[str, ...]
    sync_folder: Path | None
    agency_code: str | None
    retention_days: int | None
    office_signing_key: bytes = b""  # head office's Ed25519 public key (raw)
    allow_unencrypted: bool = False  # a pilot: bundles signed but sent in clear
    key_store: str = "keychain"  # or "file": IT's choice for machines without a keychain
    purge_after: str = "approval"  # the retention days count from head office's approval


def machine_path() -> Path:
    """The per-machine place IT writes the file to."""
    if os.name == "nt":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / paths.APP_NAME / FILE_NAME
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / paths.APP_NAME / FILE_NAME
    return Path("/etc/cyberdesk") / FILE_NAME


def candidates() -> list[Path]:
    """The places looked at, first wins."""
    override = os.environ.get("CYBERDESK_DEPLOYMENT")
    found = [Path(override).expanduser()] if override else []
    return [*found, paths.location() / FILE_NAME, machine_path()]


def find() -> Path | None:
    """The deployment file in force (the variable's file even when missing: that is an error)."""
    if os.environ.get("CYBERDESK_DEPLOYMENT"):
        return candidates()[0]
    return next((path for path in candidates() if os.path.lexists(path)), None)


def load() -> Deployment | None:
    """The deployment in force, None without a file; DeploymentError when it is wrong."""
    path = find()
    return None if path is None else read(path)


def read(path: Path) -> Deployment:
    try:
        data = tomllib.loads(read_bounded(path, MAX_BYTES).decode("utf-8"))
    except RecursionError:  # deeply nested tables within the size limit
        raise DeploymentError([_("{file}: not a TOML file ({reason}).").format(
            file=path, reason=_("nested too deeply"))]) from None
    except InputFileError as error:
        raise DeploymentError([f"{path}: {error}"]) from None
    except UnicodeDecodeError:
        raise DeploymentError([_("{file}: the file is not UTF-8 text.").format(file=path)]) from None
    except tomllib.TOMLDecodeError as error:
        raise DeploymentError([_("{file}: not a TOML file ({reason}).").format(
            file=path, reason=error)]) from None
    problems: list[str] = []

    def problem(field: str, message: str) -> None:
        problems.append(f"{path}: {field}: {_(message)}")

    if data.get("format") != FORMAT:
        problem("format", N_("must be \"cyberdesk.deployment\"."))
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        problem("version", N_("must be 1 (this version of CyberDesk reads version 1)."))
    for name in sorted(set(data) - set(FIELDS)):
        problem(name, N_("is not a field of the deployment file."))
    allow = data.get("allow_unencrypted", False)
    if not isinstance(allow, bool):
        problem("allow_unencrypted", N_("must be true or false."))
    recipients = data.get("recipients", [])
    if not isinstance(recipients, list) or len(recipients) > MAX_RECIPIENTS \
            or (not recipients and allow is not True):
        problem("recipients", N_("must be a list of 1 to 20 age public keys (age1…)."))
        recipients = []
    for index, recipient in enumerate(recipients):
        if not isinstance(recipient, str) or not AGE_RECIPIENT.fullmatch(recipient):
            problem(f"recipients[{index}]", N_("is not an age public key (age1… , 62 letters)."))
        elif not _age_checksum_ok(recipient):
            problem(f"recipients[{index}]", N_("is not an age public key: its checksum does not "
                                               "match (a letter was changed?)."))
    signing_key = _signing_key(data.get("office_signing_key"))
    if signing_key is None:
        problem("office_signing_key", N_("must be head office's signing key (base64, as cyberdesk "
                                         "office deployment writes it)."))
    key_store = data.get("key_store", "keychain")
    if key_store not in ("keychain", "file"):
        problem("key_store", N_("must be \"keychain\" or \"file\"."))
    folder = data.get("sync_folder")
    if folder is not None and (not isinstance(folder, str) or not folder.strip()):
        problem("sync_folder", N_("must be the path of a folder."))
    code = data.get("agency_code")
    if code is not None and (not isinstance(code, str) or not AGENCY_CODE.fullmatch(code)):
        problem("agency_code", N_("must be 1 to 20 letters, digits or hyphens."))
    days = data.get("retention_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int)
                             or not 1 <= days <= MAX_RETENTION_DAYS):
        problem("retention_days", N_("must be a whole number of days from 1 to 3650."))
    after = data.get("purge_after", PURGE_AFTER[0])
    if after not in PURGE_AFTER:
        problem("purge_after", N_("must be \"approval\" or \"receipt\"."))
    if problems or signing_key is None:
        raise DeploymentError(problems)
    return Deployment(path=path, recipients=tuple(recipients), purge_after=after,
                      sync_folder=Path(folder).expanduser() if folder else None,
                      agency_code=code, retention_days=days, office_signing_key=signing_key,
                      allow_unencrypted=allow, key_store=key_store)


def parse_signing_key(text: str) -> bytes:
    """The raw public key of `office_signing_key` (base64 of 32 bytes); ValueError otherwise."""
    raw = base64.b64decode(text.strip(), validate=True)
    if len(raw) != 32:
        raise ValueError("not 32 bytes")
    return raw


def _age_checksum_ok(recipient: str) -> bool:
    """The bech32 checksum age puts in every public key (BIP 173, which age uses) matches: a
    one-letter typo fails here, not at every export. Done here rather than through pyrage so
    that reading the file loads no cryptography."""
    prefix, _sep, data = recipient.lower().rpartition("1")
    values = [ord(char) >> 5 for char in prefix] + [0] + [ord(char) & 31 for char in prefix]
    values += [BECH32.index(char) for char in data]
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            check ^= generator if top >> bit & 1 else 0
    return check == 1


def _signing_key(value: object) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_signing_key(value)
    except ValueError:
        return None
