"""The laptop's two keys, made on first use and kept by cyberdesk.trust.secretstore.

- The database key: 256 random bits, used raw by SQLCipher (no passphrase derivation, so the
  start-up pays nothing for it).
- The signing key: Ed25519 (`cryptography`, imported only when a key is used), which signs the
  bundles this laptop sends; head office knows the laptop by its public key. Its fingerprint is
  short enough for an agent to read to head office over the phone.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cyberdesk.trust import secretstore

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

DATABASE_KEY = "database"
SIGNING_KEY = "signing-ed25519"
KEY_BYTES = 32
FINGERPRINT_BYTES = 20  # 160 bits of SHA-256: 32 base32 letters, read aloud in 8 groups of 4


def database_key() -> bytes:
    """The raw 256-bit SQLCipher key, made on first use."""
    return bytes.fromhex(_secret(DATABASE_KEY))


def ensure() -> bytes:
    """Make both keys on first run (neither needs `cryptography` to be made); the database key."""
    _secret(SIGNING_KEY)
    return database_key()


def _secret(name: str) -> str:
    return _cached(name, str(secretstore.keys_dir()))


@functools.cache
def _cached(name: str, _folder: str) -> str:
    """Each secret is fetched from the keychain once per process (per key folder: tests change it)."""
    return secretstore.load_or_create(name, lambda: secrets.token_bytes(KEY_BYTES).hex())


@functools.lru_cache(maxsize=256)  # head office reads the same few keys for every bundle
def fingerprint(public_key: bytes) -> str:
    """What the agent reads to head office: `XXXX-XXXX-…` (8 groups of 4, A–Z and 2–7)."""
    digest = hashlib.sha256(public_key).digest()[:FINGERPRINT_BYTES]
    letters = base64.b32encode(digest).decode("ascii")
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))


FINGERPRINT_LETTERS = re.compile(r"[A-Z2-7]{32}|[A-Z2-7]{36}")


def check_group(fingerprint_text: str) -> str:
    """Four letters computed from the fingerprint: read with it, they catch a misheard letter."""
    letters = fingerprint_text.replace("-", "")
    digest = hashlib.sha256(b"cyberdesk-fingerprint-check:" + letters.encode("ascii")).digest()
    return base64.b32encode(digest).decode("ascii")[:4]


def with_check(fingerprint_text: str) -> str:
    """The fingerprint and its check group, as `cyberdesk key` prints it (9 groups of 4)."""
    return f"{fingerprint_text}-{check_group(fingerprint_text)}"


def parse_fingerprint(text: str) -> str:
    """A fingerprint as typed (blanks, hyphens, lower case; with or without its check group) in
    the form `fingerprint` gives; ValueError with the reason when it cannot be one (letters
    outside A–Z and 2–7, such as 0 1 8 9; the wrong length; a check group that does not match)."""
    letters = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    if not FINGERPRINT_LETTERS.fullmatch(letters):
        raise ValueError("letters")
    found = "-".join(letters[i:i + 4] for i in range(0, 32, 4))
    if len(letters) == 36 and check_group(found) != letters[32:]:
        raise ValueError("check")
    return found


@dataclass(frozen=True)
class LaptopKey:
    """This installation's Ed25519 key pair."""

    private: Ed25519PrivateKey

    @property
    def public_bytes(self) -> bytes:
        """The raw 32-byte public key (what head office registers)."""
        # lazy: cryptography only when a key is used
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        return self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def public_text(self) -> str:
        """The public key as base64 text, to copy into a file or a message."""
        return base64.b64encode(self.public_bytes).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_bytes)

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


def laptop_key() -> LaptopKey:
    """This laptop's signing key, made on first use."""
    # lazy: cryptography only when a key is used
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = bytes.fromhex(_secret(SIGNING_KEY))
    return LaptopKey(Ed25519PrivateKey.from_private_bytes(raw))


def verify(public_key: bytes, signature: bytes, data: bytes) -> bool:
    """True when `signature` is `public_key`'s signature of `data`."""
    # lazy: cryptography only when a key is used
    from cryptography.exceptions import InvalidSignature

    try:
        _public_key(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


@functools.lru_cache(maxsize=256)
def _public_key(public_key: bytes) -> Ed25519PublicKey:
    """The key object of raw public key bytes (ValueError: not a key), made once per key: head
    office checks many bundles from each laptop."""
    # lazy: cryptography only when a key is used
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    return Ed25519PublicKey.from_public_bytes(public_key)
