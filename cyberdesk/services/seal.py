"""Bundles sealed for head office: signed by the laptop (Ed25519), encrypted to head office (age).

Signing: the manifest names the laptop key's fingerprint (`signer`); `signature.json`, the last
member of the zip, holds the raw public key and the Ed25519 signature of the manifest's bytes. The
manifest lists the SHA-256 of every other member, so the signature covers the whole bundle.

Encrypting: the signed zip is encrypted with age (X25519) to every recipient in the deployment
file, so head office opens it with any one of its keys, old or new (rotation), with CyberDesk or
with the `age` command-line tool. Only the ciphertext is ever written to the outbox or the sync
folder, under a name that carries no customer data.

`cryptography` and `pyrage` are imported when first needed: the CLI and the app start without them.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cyberdesk.clock import now
from cyberdesk.files.errors import os_reason
from cyberdesk.i18n import _
from cyberdesk.trust import deployment, keys
from cyberdesk.trust.keys import fingerprint, verify

if TYPE_CHECKING:
    from cyberdesk.trust.keys import LaptopKey

AGE_MAGIC = b"age-encryption.org/v1\n"
SIGNATURE = "signature.json"
SIGNATURE_FORMAT = "cyberdesk.signature"
ALGORITHM = "Ed25519"
SEALED_SUFFIX = ".age"
MAX_IDENTITY_BYTES = 64 * 1024


class SealError(Exception):
    """A key or recipient cannot be used; the message says which and why (no key material)."""


def normal_fingerprint(text: str) -> str:
    """A fingerprint as typed (blanks instead of hyphens, lower case) in the form
    cyberdesk.trust.keys.fingerprint prints (`XXXX-XXXX-…`)."""
    letters = "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))


@dataclass
class Sealer:
    """What a laptop seals with: its signing key (None: unsigned) and head office's age
    recipients (empty: not encrypted, as without a deployment file)."""

    signing_key: LaptopKey | None = None
    recipients: list[str] = field(default_factory=list)

    @property
    def signer(self) -> str | None:
        return self.signing_key.fingerprint if self.signing_key else None

    def signature(self, manifest: bytes) -> bytes:
        """`signature.json` for the manifest's bytes."""
        key = self.signing_key
        if key is None:
            raise ValueError("a sealer without a signing key signs nothing")  # a caller's mistake
        document = {"format": SIGNATURE_FORMAT, "algorithm": ALGORITHM,
                    "public_key": base64.b64encode(key.public_bytes).decode("ascii"),
                    "signature": base64.b64encode(key.sign(manifest)).decode("ascii")}
        return (json.dumps(document, indent=2) + "\n").encode("ascii")

    def encrypt(self, data: bytes) -> bytes:
        """`data` encrypted to every recipient (unchanged when there is none)."""
        if not self.recipients:
            return data
        # lazy: pyrage (~17 ms) only when sealing or opening
        import pyrage

        sealed: bytes = pyrage.encrypt(data, [parse_recipient(text) for text in self.recipients])
        return sealed


class NoDeployment(Exception):
    """No deployment file: nothing is sent, since it could only be sent in clear."""

    def __init__(self) -> None:
        super().__init__(_("No deployment file on this computer: bundles are not sent without "
                           "head office's keys. Ask IT to place the file made by \"cyberdesk "
                           "office deployment\" at {places}.").format(
            places=_(" or ").join(str(path) for path in deployment.candidates()[-2:])))


def laptop_sealer() -> Sealer:
    """This laptop's: its signing key, and the deployment file's recipients (none only when the
    file allows plain bundles for a pilot). NoDeployment without a file, DeploymentError when it
    is there but wrong: nothing is ever sent in clear by accident."""
    fixed = deployment.load()
    if fixed is None:
        raise NoDeployment
    return Sealer(keys.laptop_key(), list(fixed.recipients))


def parse_recipient(text: str) -> Any:  # pyrage.x25519.Recipient (pyrage has no types)
    """An age X25519 recipient (`age1…`)."""
    # lazy: pyrage (~17 ms) only when sealing or opening
    import pyrage

    try:
        return pyrage.x25519.Recipient.from_str(text.strip())
    except Exception:  # pyrage raises its own RecipientError, or ValueError
        raise SealError(_("{key}: not an age public key (age1…)").format(key=text.strip()[:20])) \
            from None


def is_encrypted(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC)


def read_identities(path: Path) -> list[Any]:
    """The age identities in a key file (`AGE-SECRET-KEY-1…` lines; `#` comments), as written by
    `cyberdesk office keygen` or `age-keygen`."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(MAX_IDENTITY_BYTES + 1)
    except OSError as error:
        raise SealError(_("{file}: cannot be read ({reason})").format(
            file=path, reason=os_reason(error))) from None
    # lazy: pyrage (~17 ms) only when sealing or opening
    import pyrage

    identities = []
    try:
        lines = text.decode("utf-8").splitlines()
        for line in lines:
            if line.strip() and not line.lstrip().startswith("#"):
                identities.append(pyrage.x25519.Identity.from_str(line.strip()))
    except Exception:  # not UTF-8, or a line that is not a key
        raise SealError(_("{file}: not an age key file").format(file=path)) from None
    if not identities or len(text) > MAX_IDENTITY_BYTES:
        raise SealError(_("{file}: not an age key file").format(file=path))
    return identities


def decrypt(data: bytes, identities: list[Any]) -> bytes | None:
    """The plaintext, or None when none of the identities opens it (or it is damaged)."""
    # lazy: pyrage (~17 ms) only when sealing or opening
    import pyrage

    try:
        plain: bytes = pyrage.decrypt(data, identities)
    except Exception:  # DecryptError for a wrong key and for damaged ciphertext alike
        return None
    return plain


def new_identity() -> tuple[str, str]:
    """A new head-office key pair: (the identity file's text, the public key)."""
    # lazy: pyrage (~17 ms) only when sealing or opening
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    public = str(identity.to_public())
    created = now().isoformat()
    return f"# created: {created}\n# public key: {public}\n{identity}\n", public


# Checking a signature --------------------------------------------------------------------

@dataclass(frozen=True)
class Signed:
    """A verified signature: who signed (the key's fingerprint)."""

    fingerprint: str


class BadSignature(Exception):
    """The signature is missing, malformed, by another key than the manifest names, or wrong."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def check_signature(manifest_bytes: bytes, signer: Any, signature: bytes | None) -> Signed:
    """The manifest's signature checked against the key it carries, which must be the key the
    manifest names. Whether that key belongs to the sender is the registry's question."""
    if signature is None or not isinstance(signer, str):
        raise BadSignature("unsigned", _("the bundle is not signed"))
    try:
        public, value = _signature_fields(signature)
    except Exception:  # JSON, base64, key length: all "not a signature we read"
        raise BadSignature("bad_signature", _("{member}: not a signature").format(
            member=SIGNATURE)) from None
    if fingerprint(public) != signer:
        raise BadSignature("bad_signature", _("signed by another key than the manifest names"))
    if not verify(public, value, manifest_bytes):
        raise BadSignature("bad_signature", _("the signature does not match the manifest"))
    return Signed(signer)


def signer_public_key(signature: bytes | str | None) -> bytes | None:
    """The laptop's raw public key in a bundle's `signature.json` (as head office stores it), or
    None when there is none to read: what head office seals its answers to."""
    try:
        return _signature_fields(signature or "")[0]
    except Exception:  # not a signature we read: nothing to seal to
        return None


def _signature_fields(signature: bytes | str) -> tuple[bytes, bytes]:
    """(public key, signature value) of a `signature.json`; ValueError (or JSON's, base64's)
    for anything else."""
    document = json.loads(signature)
    public = base64.b64decode(document["public_key"], validate=True)
    value = base64.b64decode(document["signature"], validate=True)
    if document.get("format") != SIGNATURE_FORMAT or document.get("algorithm") != ALGORITHM \
            or len(public) != 32:
        raise ValueError
    return public, value


# Sealing to a laptop --------------------------------------------------------------------------
# Head office's answers (receipts, refusals, decisions) are sealed to the laptop's own Ed25519
# signing key, as an age `ssh-ed25519` recipient: head office learns that key from the bundle's
# signature, so no second key is made, enrolled or backed up, and only that laptop opens them.

def seal_to_key(data: bytes, public_key: bytes) -> bytes:
    """`data` encrypted (age) so that only the holder of the Ed25519 key `public_key` opens it."""
    # lazy: pyrage (~17 ms) only when sealing or opening
    import pyrage

    blob = b"".join(len(part).to_bytes(4, "big") + part for part in (b"ssh-ed25519", public_key))
    recipient = pyrage.ssh.Recipient.from_str(
        "ssh-ed25519 " + base64.b64encode(blob).decode("ascii"))
    sealed: bytes = pyrage.encrypt(data, [recipient])
    return sealed


def key_identity(key: LaptopKey) -> Any:  # pyrage.ssh.Identity (pyrage has no types)
    """The laptop's signing key as the age identity that opens what was sealed to it."""
    # lazy: cryptography and pyrage only when a sealed answer is opened
    import pyrage
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    return pyrage.ssh.Identity.from_buffer(
        key.private.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption()))
