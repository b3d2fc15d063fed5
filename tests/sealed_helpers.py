"""Head office's keys, a deployment file naming them, and bundles forged from real ones, for the
tests of encrypted and signed bundles."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from cyberdesk.services import seal
from cyberdesk.services.bundle import LISTED, MANIFEST, ORDER, SIGNATURE, pack, sha256
from cyberdesk.trust.keys import LaptopKey


def head_office_key(folder: Path, name: str = "office-key.txt") -> tuple[Path, str]:
    """A key file as `cyberdesk office keygen` writes it, and its public key."""
    text, public = seal.new_identity()
    path = folder / name
    path.write_text(text, encoding="ascii")
    return path, public


def deploy(home: Path, recipients: list[str], retention_days: int | None = None,
           purge_after: str = "receipt") -> Path:
    """The deployment file in the data folder (where IT may put it), naming the test's head
    office signing key; with retention days, purged after the receipt unless told otherwise."""
    from conftest import deployment_text

    extra = (f'retention_days = {retention_days}\npurge_after = "{purge_after}"\n'
             if retention_days is not None else "")
    text = deployment_text(recipients, extra)
    path = home / "deployment.toml"
    path.write_text(text, encoding="utf-8")
    return path


def other_key() -> LaptopKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return LaptopKey(Ed25519PrivateKey.generate())


def opened(data: bytes, key_file: Path) -> dict[str, bytes]:
    """The members of an encrypted bundle."""
    plain = seal.decrypt(data, seal.read_identities(key_file))
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def repacked(members: dict[str, bytes], recipients: list[str], signer: LaptopKey | None = None,
             edit_interview=None) -> bytes:
    """The members packed again and encrypted: the interview edited when asked (its hash in the
    manifest recomputed), signed by `signer` (its fingerprint in the manifest), or with the
    original signature kept when `signer` is None."""
    members = dict(members)
    manifest = json.loads(members[MANIFEST])
    if edit_interview is not None:
        document = json.loads(members["interview.json"])
        edit_interview(document)
        members["interview.json"] = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    manifest["members"] = {name: {"sha256": sha256(members[name]), "size": len(members[name])}
                           for name in LISTED}
    if signer is not None:
        manifest["signer"] = signer.fingerprint
    members[MANIFEST] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
    if signer is not None:
        members[SIGNATURE] = seal.Sealer(signer).signature(members[MANIFEST])
    zipped = pack([(name, members[name]) for name in ORDER], manifest["created_at"])
    return seal.Sealer(recipients=recipients).encrypt(zipped)
