"""`office verify-record`: what head office keeps proves itself, from its database alone.

For a revision held, the manifest's signature (`signature.json` as received) is checked again
against the key the manifest names, each member's SHA-256 against the manifest (the interview
file, the summary PDF and the audit trail are kept byte for byte), the audit trail's hash chain,
and whether that key is registered to the agency the bundle names (revoked since is said, not a
failure: it was registered when the bundle was taken in).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from cyberdesk.i18n import _
from cyberdesk.office.store import OfficeStore
from cyberdesk.services import seal
from cyberdesk.services.bundle import AUDIT, INTERVIEW, SUMMARY
from cyberdesk.trust import audit


@dataclass
class Proof:
    document_number: str
    interview_id: str
    checked: list[str] = field(default_factory=list)  # what holds, one line each
    problems: list[str] = field(default_factory=list)  # what does not

    @property
    def ok(self) -> bool:
        return not self.problems


def prove(store: OfficeStore, row: dict[str, Any]) -> Proof:
    """Every check of one stored revision (a row of OfficeStore.records)."""
    proof = Proof(row["document_number"], row["id"])
    manifest_bytes = row["manifest"].encode("utf-8")
    try:
        manifest = json.loads(manifest_bytes)
        members = manifest["members"]
    except (ValueError, KeyError, TypeError):
        proof.problems.append(_("the manifest kept is not a manifest"))
        return proof
    stored = {INTERVIEW: row["document"].encode("utf-8"), SUMMARY: row["pdf"] or b"",
              AUDIT: (row["audit"] or "").encode("utf-8")}
    for name, data in stored.items():
        entry = members.get(name) or {}
        if entry.get("sha256") == hashlib.sha256(data).hexdigest() and entry.get("size") == len(data):
            proof.checked.append(_("{member}: SHA-256 as in the manifest").format(member=name))
        else:
            proof.problems.append(_("{member}: differs from the manifest").format(member=name))
    if not row["signature"]:
        proof.problems.append(_("no signature kept (taken in by an earlier version)"))
    else:
        try:
            signed = seal.check_signature(manifest_bytes, manifest.get("signer"),
                                          row["signature"].encode("utf-8"))
            proof.checked.append(_("signature by {key} checks").format(key=signed.fingerprint))
            _registration(store, signed.fingerprint, manifest, proof)
        except seal.BadSignature as error:
            proof.problems.append(f"{error.code}: {error}")
    try:
        events = audit.parse(stored[AUDIT], row["id"])
        proof.checked.append(_("audit trail: {count} events, chain intact").format(
            count=len(events)))
    except ValueError as error:
        proof.problems.append(_("audit trail: {reason}").format(reason=error))
    return proof


def _registration(store: OfficeStore, fingerprint: str, manifest: dict[str, Any],
                  proof: Proof) -> None:
    agency = (manifest.get("agency") or {}).get("code")
    row = next((k for k in store.agent_keys() if k["fingerprint"] == fingerprint), None)
    if row is None or row["agency_code"] != agency:
        proof.problems.append(_("{key} is not registered to agency {agency}").format(
            key=fingerprint, agency=agency))
    elif row["revoked_at"]:
        proof.checked.append(_("{key} registered to {agency}, revoked since {at}").format(
            key=fingerprint, agency=agency, at=row["revoked_at"]))
    else:
        proof.checked.append(_("{key} registered to {agency}").format(key=fingerprint,
                                                                     agency=agency))
