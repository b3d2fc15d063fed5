"""Head office's signed messages to a laptop: receipts, refusals and review decisions.

Everything head office sends back travels through the sync folder, which others may write to;
so every message is signed with head office's own Ed25519 key (`OfficeKey`, made by
`cyberdesk office keygen` beside the age key file) and the laptop acts on a message only when
the signature checks against the key in its deployment file (`office_signing_key`). Anything
else changes nothing on the laptop: no status, no deletion, no purge.

Nothing travels in clear: whenever head office knows the laptop's key (from the bundle's
signature, which is every receipt and decision, and every refusal of a bundle whose signature
could be read), the signed file is sealed with age to that key (`seal.seal_to_key`) and named
`….age`, so only that laptop reads a reviewer's reason or a document number. Only a refusal of
a bundle that could not be opened at all goes signed but unsealed: it carries the bundle's SHA-256
and why it was refused, nothing of the interview.

Layout: head office writes each message into `from-head-office/` in the folder the bundle was
found in (the laptop's own sync folder), named `SUBJECT.KIND.DIGEST.json` (SUBJECT: the interview
id, or the start of the bundle's SHA-256 when the bundle could not be opened; DIGEST: the start of
the payload's SHA-256, so the same message is the same file and a new one never replaces an old
one; `.age` instead of `.json` when sealed). The file (inside the seal, when sealed) is

    {"format": "cyberdesk.signed-message", "version": 1, "signer": "XXXX-…",
     "payload": "<the payload as JSON text>", "signature": "<base64 Ed25519 of the payload's
     UTF-8 bytes>"}

and the payload `{"format": "cyberdesk.office-message", "version": 1, "kind", "interview_id",
"lineage_id", "revision", "document_number", "issued_at", "body"}` (docs/head-office.md lists each
kind's body). The payload is signed as the exact text carried, so nothing depends on how JSON is
re-serialised.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import functools
import hashlib
import json
import os
import re
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from cyberdesk.clock import now
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.files.errors import os_reason
from cyberdesk.files.inputs import InputFileError, read_bounded
from cyberdesk.files.paths import ensure_private_dir
from cyberdesk.i18n import _
from cyberdesk.services import seal
from cyberdesk.trust import deployment, keys
from cyberdesk.trust.keys import fingerprint, verify
from cyberdesk.trust.secretstore import SecretError

if TYPE_CHECKING:
    # lazy: cryptography only when a key is used
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

FOLDER = "from-head-office"
SUFFIX = ".json"
SEALED_SUFFIX = seal.SEALED_SUFFIX
ENVELOPE = "cyberdesk.signed-message"
PAYLOAD = "cyberdesk.office-message"
VERSION = 1
RECEIPT, REFUSAL, DECISION = "receipt", "refusal", "decision"
KINDS = (RECEIPT, REFUSAL, DECISION)
DECISION_STATES = ("approved", "returned", "on_hold")
MAX_BYTES = 64 * 1024  # a message is under 2 KB; a decision's reason at most a few
MAX_TEXT = 4000  # characters of a reason, a note, a name
MAX_MESSAGES = 10_000  # files read per folder and run
MAX_KEY_FILE_BYTES = 4096
KEY_PREFIX = "CYBERDESK-OFFICE-SIGNING-KEY-1"
_ID = re.compile(r"[0-9a-f]{32}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class MessageRefused(Exception):
    """A file in the messages folder that is not a message the laptop acts on; `code` for
    programs (`unreadable`, `not_a_file`, `too_large`, `not_a_message`, `not_for_this_laptop`,
    `key_unavailable`, `no_key`, `bad_signature`), the message in the user's words."""
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class OfficeKeyError(Exception):
    """Head office's signing key file cannot be used; the message names the file and why."""


# Head office's key ---------------------------------------------------------------------------

def public_text(public: bytes) -> str:
    """How a public key is written in the deployment file: base64 of the 32 raw bytes."""
    return base64.b64encode(public).decode("ascii")


@dataclass(frozen=True)
class OfficeKey:
    """Head office's Ed25519 signing key."""
    private: Ed25519PrivateKey

    @functools.cached_property
    def public_bytes(self) -> bytes:
        # lazy: cryptography only when a key is used
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        return self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @functools.cached_property
    def fingerprint(self) -> str:
        """Computed once per key (every message names it: 500 receipts recomputed it 500
        times)."""
        return fingerprint(self.public_bytes)

    def file_text(self) -> str:
        """The key file: comments for people, then the one line that holds the key."""
        # lazy: cryptography only when a key is used
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
        )

        raw = self.private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return (f"# CyberDesk head office signing key (Ed25519): it signs receipts, refusals and "
                f"decisions.\n# created: {now().isoformat()}\n"
                f"# office_signing_key = \"{public_text(self.public_bytes)}\"\n"
                f"# fingerprint: {self.fingerprint}\n{KEY_PREFIX}{raw.hex()}\n")


def new_office_key() -> OfficeKey:
    # lazy: cryptography only when a key is used
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return OfficeKey(Ed25519PrivateKey.generate())


def signing_key_path(identity: Path) -> Path:
    """Where `office keygen` puts the signing key beside the age key file:
    `office-2026.txt` → `office-2026.signing.txt`."""
    identity = Path(identity)
    return identity.with_name(f"{identity.stem}.signing{identity.suffix}")


def read_office_key(path: Path) -> OfficeKey:
    """Head office's signing key from its file (read with a limit, never through a FIFO)."""
    # lazy: cryptography only when a key is used
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        text = read_bounded(Path(path), MAX_KEY_FILE_BYTES).decode("ascii")
    except InputFileError as error:
        raise OfficeKeyError(f"{path}: {error}") from None
    except UnicodeDecodeError:
        text = ""
    lines = [line.strip() for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    try:
        if len(lines) != 1 or not lines[0].startswith(KEY_PREFIX):
            raise ValueError
        raw = bytes.fromhex(lines[0].removeprefix(KEY_PREFIX))
        return OfficeKey(Ed25519PrivateKey.from_private_bytes(raw))
    except ValueError:
        raise OfficeKeyError(_("{file}: not head office's signing key file (made by cyberdesk "
                               "office keygen)").format(file=path)) from None


# Messages --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Message:
    """A message from head office whose signature checked."""
    kind: str
    interview_id: str | None
    lineage_id: str | None
    revision: int | None
    document_number: str | None
    issued_at: str
    body: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None  # where the laptop found it
    digest: str = ""  # SHA-256 of the file (what the laptop remembers having reported)

    def payload(self) -> str:
        return json.dumps({"format": PAYLOAD, "version": VERSION, "kind": self.kind,
                           "interview_id": self.interview_id, "lineage_id": self.lineage_id,
                           "revision": self.revision, "document_number": self.document_number,
                           "issued_at": self.issued_at, "body": self.body},
                          ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def message(kind: str, body: dict[str, Any], interview_id: str | None = None,
            lineage_id: str | None = None, revision: int | None = None,
            document_number: str | None = None, issued_at: str | None = None) -> Message:
    """A message of `kind` about one interview (or, for a refusal of a bundle that could not be
    opened, about none), checked as the laptop will check it."""
    built = Message(kind, interview_id, lineage_id, revision, document_number,
                    issued_at or now().isoformat(), body)
    _check(built)
    return built


def sign(built: Message, key: OfficeKey) -> bytes:
    """The message's file: the payload and head office's signature of it."""
    return _signed(built.payload(), key)


def _signed(payload: str, key: OfficeKey) -> bytes:
    envelope = {"format": ENVELOPE, "version": VERSION, "signer": key.fingerprint,
                "payload": payload,
                "signature": base64.b64encode(key.private.sign(payload.encode("utf-8")))
                .decode("ascii")}
    return (json.dumps(envelope, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def file_name(built: Message, sealed: bool = False) -> str:
    return _file_name(built, built.payload(), sealed)


def _file_name(built: Message, payload: str, sealed: bool = False) -> str:
    subject = built.interview_id or str(built.body.get("bundle_sha256", ""))[:32] or "none"
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
    return f"{subject}.{built.kind}.{digest}{SEALED_SUFFIX if sealed else SUFFIX}"


def send(folder: Path, built: Message, key: OfficeKey, to: bytes | None = None) -> Path:
    """Write the signed message into `folder`'s messages folder (the laptop's sync folder),
    atomically, unless the same message is there already; sealed to the laptop key `to` (raw
    Ed25519 public key) when head office knows it. Never through a link: a planted
    `from-head-office` link or a link under the message's name is refused (OSError)."""
    with Outbox() as outbox:
        return outbox.send(folder, built, key, to)


class Outbox:
    """Many messages sent in one run (intake's receipts): each messages folder is checked and
    opened once, and the messages are written relative to that handle — the folder itself, so
    a link put in its place meanwhile is never written through — each by a temporary name and
    a rename, unless the same message is there already. 500 receipts: 0.25 s of CPU through
    paths (the folder made and checked for each), about half through the handle. Where the
    system has no folder handles (Windows), each message is sent through its path."""

    def __init__(self) -> None:
        self._boxes: dict[Path, int] = {}
        self._handles = os.name == "posix" and {os.open, os.rename} <= os.supports_dir_fd

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        for handle in self._boxes.values():
            os.close(handle)
        self._boxes.clear()

    def _box(self, box: Path) -> int:
        handle = self._boxes.get(box)
        if handle is None:
            if box.is_symlink():
                raise OSError(_("{folder}: is a link; head office's messages are not written "
                                "through it").format(folder=box))
            ensure_private_dir(box)
            try:
                handle = os.open(box, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
            except OSError as error:
                if error.errno == errno.ELOOP:  # made a link since the check above
                    raise OSError(_("{folder}: is a link; head office's messages are not "
                                    "written through it").format(folder=box)) from None
                raise
            self._boxes[box] = handle
        return handle

    def send(self, folder: Path, built: Message, key: OfficeKey, to: bytes | None = None
             ) -> Path:
        """`send` (see there), through the folder's handle where there is one."""
        box = Path(folder) / FOLDER
        payload = built.payload()
        name = _file_name(built, payload, sealed=to is not None)
        data = _signed(payload, key)
        if not self._handles:
            return _send_by_path(box, name, data, to)
        handle = self._box(box)
        target = box / name
        try:  # the same message there already: nothing to write (a FIFO never blocks this)
            existing = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=handle)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise OSError(_("{file}: is a link; not written through").format(
                    file=target)) from None
        else:
            with contextlib.suppress(OSError), os.fdopen(existing, "rb") as present:
                if _sent_already(present, data, sealed=to is not None):
                    return target
        if to is not None:
            data = seal.seal_to_key(data, to)
        # Not flushed to disk: a message a crash loses is sent again by the next run.
        temporary = f".{name}.{secrets.token_hex(4)}.tmp"  # cyberdesk.files.atomic's pattern
        written = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                          0o600, dir_fd=handle)
        try:
            with os.fdopen(written, "wb") as out:
                os.fchmod(out.fileno(), 0o600)  # whatever the umask
                out.write(data)
            os.rename(temporary, name, src_dir_fd=handle, dst_dir_fd=handle)  # replaces
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=handle)
            raise
        return target


def _sent_already(present: BinaryIO, data: bytes, sealed: bool) -> bool:
    """Whether the file under the message's name is the message: the same bytes, or — sealing
    is randomised, so a sealed copy cannot be compared — a regular file under the sealed name
    (the name is the payload's digest)."""
    if sealed:
        return stat.S_ISREG(os.fstat(present.fileno()).st_mode)
    return present.read(MAX_BYTES + 1) == data


def _send_by_path(box: Path, name: str, data: bytes, to: bytes | None) -> Path:
    if box.is_symlink():
        raise OSError(_("{folder}: is a link; head office's messages are not written through it")
                      .format(folder=box))
    ensure_private_dir(box)
    target = box / name
    if target.is_symlink():
        raise OSError(_("{file}: is a link; not written through").format(file=target))
    try:
        with open(target, "rb") as present:
            if _sent_already(present, data, sealed=to is not None):
                return target
    except OSError:
        pass
    if to is not None:
        data = seal.seal_to_key(data, to)
    # Not flushed to disk: a message a crash loses is sent again by the next run.
    write_bytes_atomic(target, data, mode=0o600, durable=False)
    return target


def found_in(folder: Path) -> list[Path]:
    """The files in the sync folder's messages folder, by name (hidden copies in progress left
    out); none when there is no such folder or it is a link."""
    box = Path(folder) / FOLDER
    if box.is_symlink() or not box.is_dir():
        return []
    try:
        names = sorted(entry.name for entry in os.scandir(box))
    except OSError:
        return []
    return [box / name for name in names if not name.startswith(".")][:MAX_MESSAGES]


def read(path: Path, public_key: bytes | None, opener: Callable[[], Any] | None = None
         ) -> Message:
    """The message in `path`, opened with `opener()` (this laptop's age identity, asked for only
    when the file is sealed) and its signature checked against head office's key from the
    deployment file; MessageRefused (with the reason) for anything else."""
    data = _read_limited(path)
    digest = hashlib.sha256(data).hexdigest()
    if seal.is_encrypted(data):
        try:
            identity = opener() if opener is not None else None
        except SecretError as error:
            raise MessageRefused("key_unavailable", _(
                "sealed for this laptop, whose key cannot be read now ({reason}); read again at "
                "the next sync").format(reason=error)) from None
        opened = seal.decrypt(data, [identity]) if identity is not None else None
        if opened is None or len(opened) > MAX_BYTES:
            raise MessageRefused("not_for_this_laptop", _("sealed for another laptop's key; "
                                                          "ignored"))
        data = opened
    try:
        envelope = json.loads(data)
        if not isinstance(envelope, dict) or envelope.get("format") != ENVELOPE \
                or envelope.get("version") != VERSION:
            raise ValueError
        payload = envelope["payload"]
        signature = base64.b64decode(envelope["signature"], validate=True)
        if not isinstance(payload, str):
            raise ValueError
    except (ValueError, TypeError, KeyError, RecursionError, UnicodeDecodeError):
        raise MessageRefused("not_a_message", _("not a message from head office")) from None
    if public_key is None:
        raise MessageRefused("no_key", _("the deployment file names no head office signing key; "
                                         "nothing from head office can be checked"))
    if not verify(public_key, signature, payload.encode("utf-8")):
        raise MessageRefused("bad_signature", _("not signed by head office's key; ignored"))
    try:
        document = json.loads(payload)
        if not isinstance(document, dict) or document.get("format") != PAYLOAD \
                or document.get("version") != VERSION:
            raise ValueError
        found = Message(document["kind"], document["interview_id"], document["lineage_id"],
                        document["revision"], document["document_number"],
                        document["issued_at"], document["body"], Path(path), digest)
        _check(found)
    except (ValueError, TypeError, KeyError, RecursionError):
        raise MessageRefused("not_a_message", _("signed by head office, but not a message this "
                                                "version reads")) from None
    return found


def _read_limited(path: Path) -> bytes:
    """The file's bytes: a regular file (not a link, not a FIFO) within the size limit."""
    try:
        info = os.lstat(path)
    except OSError as error:
        raise MessageRefused("unreadable", _("cannot be read ({reason})").format(
            reason=os_reason(error))) from None
    if not stat.S_ISREG(info.st_mode):
        raise MessageRefused("not_a_file", _("is not a regular file (a link, a folder, a FIFO)"))
    if info.st_size > MAX_BYTES:
        raise MessageRefused("too_large", _("larger than a message from head office"))
    try:
        return read_bounded(path, MAX_BYTES)
    except InputFileError as error:
        raise MessageRefused(error.code, str(error)) from None


def _text(value: Any, limit: int = MAX_TEXT) -> bool:
    return isinstance(value, str) and len(value) <= limit


def _optional(value: Any, check: Callable[[Any], bool]) -> bool:
    return value is None or check(value)


def _id(value: Any) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _sha(value: Any) -> bool:
    return isinstance(value, str) and bool(_SHA256.fullmatch(value))


def _check(found: Message) -> None:
    """ValueError unless the message is well-formed for its kind."""
    ok = (found.kind in KINDS and isinstance(found.body, dict) and _text(found.issued_at, 40)
          and _optional(found.interview_id, _id) and _optional(found.lineage_id, _id)
          and _optional(found.revision, lambda v: type(v) is int and 1 <= v <= 999)
          and _optional(found.document_number, lambda v: _text(v, 96)))
    if not ok:
        raise ValueError("malformed message")
    body = found.body
    if found.kind == RECEIPT:
        ok = (found.interview_id is not None and found.revision is not None
              and _text(body.get("bundle_name"), 400) and _sha(body.get("bundle_sha256"))
              and _optional(body.get("manifest_sha256"), _sha)
              and _text(body.get("received_at"), 40))
    elif found.kind == REFUSAL:
        reasons = body.get("reasons")
        ok = (_text(body.get("bundle_name"), 400) and _sha(body.get("bundle_sha256"))
              and _optional(body.get("manifest_sha256"), _sha)
              and _text(body.get("refused_at"), 40) and isinstance(reasons, list)
              and 1 <= len(reasons) <= 50 and all(
                  isinstance(r, dict) and _text(r.get("code"), 40) and _text(r.get("message"))
                  for r in reasons))
    else:
        ok = (found.interview_id is not None and found.lineage_id is not None
              and found.revision is not None and found.document_number is not None
              and body.get("state") in DECISION_STATES and _text(body.get("reason"))
              and _text(body.get("reviewer"), 200) and _text(body.get("decided_at"), 40))
    if not ok:
        raise ValueError(f"malformed {found.kind}")


def default_office_key(explicit: Path | None = None, identities: list[Path] | None = None
                       ) -> OfficeKey | None:
    """Head office's signing key: the file given (`--signing-key`), else the one `office keygen`
    put beside the first age key file given, else the one named by
    `CYBERDESK_OFFICE_SIGNING_KEY`; None when there is none. OfficeKeyError when the file found
    is not usable."""
    if explicit is None and identities:
        beside = signing_key_path(identities[0])
        explicit = beside if os.path.lexists(beside) else None
    if explicit is None and os.environ.get("CYBERDESK_OFFICE_SIGNING_KEY"):
        explicit = Path(os.environ["CYBERDESK_OFFICE_SIGNING_KEY"]).expanduser()
    return None if explicit is None else read_office_key(explicit)


def laptop_opener() -> Callable[[], Any]:
    """What opens head office's sealed answers on this laptop: its signing key as an age
    identity, looked up at the first sealed file (never when there is none)."""
    held: list[Any] = []

    def opener() -> Any:
        if not held:
            held.append(seal.key_identity(keys.laptop_key()))
        return held[0]
    return opener


def laptop_office_key() -> bytes | None:
    """Head office's public signing key from this laptop's deployment file (None: no file, a
    broken one, or none named): without it no message is acted on."""
    try:
        fixed = deployment.load()
    except deployment.DeploymentError:
        return None
    return fixed.office_signing_key if fixed is not None else None
