"""The checks of docs/head-office-bundles.md ("Checking a bundle without CyberDesk"), written
again from the text alone with hashlib, base64, json and cryptography — nothing of CyberDesk's
own checking code — and run on a real bundle: if the docs and the code ever disagree, this fails."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

from bundle_helpers import add_finalized
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cyberdesk.services.export import export
from cyberdesk.services.laptop import open_store

DOCS = Path(__file__).resolve().parent.parent / "docs" / "head-office-bundles.md"
MEMBERS = ["manifest.json", "interview.json", "summary.pdf", "audit.json", "signature.json"]


def fingerprint(public: bytes) -> str:
    letters = base64.b32encode(hashlib.sha256(public).digest()[:20]).decode("ascii")
    return "-".join(letters[i:i + 4] for i in range(0, 32, 4))


def check(data: bytes) -> list[str]:
    """Every problem the documented checks find (empty: the bundle holds)."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if archive.namelist() != MEMBERS:
            return ["members"]
        member = {name: archive.read(name) for name in MEMBERS}
    manifest = json.loads(member["manifest.json"])
    for name in ("interview.json", "summary.pdf", "audit.json"):
        if manifest["members"][name] != {"sha256": hashlib.sha256(member[name]).hexdigest(),
                                         "size": len(member[name])}:
            problems.append(f"hash {name}")
    signature = json.loads(member["signature.json"])
    public = base64.b64decode(signature["public_key"])
    if (signature["format"], signature["algorithm"]) != ("cyberdesk.signature", "Ed25519") \
            or fingerprint(public) != manifest["signer"]:
        problems.append("signer")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(
            base64.b64decode(signature["signature"]), member["manifest.json"])
    except Exception:
        problems.append("signature")
    trail = json.loads(member["audit.json"])
    interview_id = trail["interview_id"]
    previous = hashlib.sha256(f"cyberdesk.audit:{interview_id}".encode()).hexdigest()
    for number, event in enumerate(trail["events"], start=1):
        body = {key: event[key] for key in ("seq", "at", "agent", "event", "fields", "prev")}
        body["interview_id"] = interview_id
        text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        if event["seq"] != number or event["prev"] != previous \
                or event["hash"] != hashlib.sha256(text.encode("utf-8")).hexdigest():
            problems.append(f"audit {number}")
        if not all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]{0,63}", name) for name in event["fields"]):
            problems.append(f"audit value {number}")
        previous = event["hash"]
    if interview_id != manifest["interview_id"] or (
            trail["events"] and trail["events"][-1]["event"] != "finalized"):
        problems.append("audit trail")
    return problems


def test_the_documented_checks_hold_for_a_real_bundle_and_catch_changes():
    with open_store() as store:
        [interview_id] = add_finalized(store)
        data = export(store, interview_id).path.read_bytes()
    assert check(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member = {name: archive.read(name) for name in MEMBERS}
    trail = json.loads(member["audit.json"])
    trail["events"][0]["agent"] = "別人"  # one entry of one event changed
    altered = dict(member, **{"audit.json": json.dumps(trail, ensure_ascii=False).encode()})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in MEMBERS:
            archive.writestr(name, altered[name])
    assert "hash audit.json" in check(buffer.getvalue())
    assert "audit 1" in check(buffer.getvalue())


def test_the_docs_say_what_this_test_checks():
    text = DOCS.read_text(encoding="utf-8")
    for phrase in ("`manifest.json`, `interview.json`, `summary.pdf`,\n   `audit.json`, `signature.json`",
                   "exact bytes of the\n   `manifest.json` member", "keys **sorted**",
                   "`cyberdesk.audit:`", "first 20 bytes of SHA-256"):
        assert phrase in text, phrase
