"""Enrolment files: how a laptop's signing key reaches head office without anyone reading 32
letters aloud.

`cyberdesk enrol -o FILE` writes a small JSON file signed by the laptop's own key (which proves
the file was made by whoever holds that key); IT hands it to head office, and `cyberdesk office
agents --enrol FILE` registers the key for the agency and agent it names. The file holds no
secret: the public key, its fingerprint, the agency code, the agent's name and when it was made.

    {"format": "cyberdesk.enrolment", "version": 1,
     "payload": "{\"agency_code\":…,\"agent_name\":…,\"created_at\":…,\"fingerprint\":…,
                 \"public_key\":…}",
     "signature": "<base64 Ed25519 of the payload's UTF-8 bytes, by that public key>"}
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

from cyberdesk.clock import now
from cyberdesk.files.inputs import InputFileError, read_bounded
from cyberdesk.i18n import _
from cyberdesk.trust.deployment import AGENCY_CODE
from cyberdesk.trust.keys import LaptopKey, fingerprint, verify

FORMAT = "cyberdesk.enrolment"
VERSION = 1
MAX_BYTES = 8 * 1024
MAX_NAME = 100


class NotAnEnrolment(ValueError):
    """The file cannot be used to register a key; the message says why (one line)."""


@dataclass(frozen=True)
class Enrolment:
    fingerprint: str
    public_key: bytes
    agency_code: str
    agent_name: str
    created_at: str


def build(key: LaptopKey, agency_code: str, agent_name: str) -> bytes:
    """The enrolment file of this laptop's key, signed by it."""
    if not AGENCY_CODE.fullmatch(agency_code or ""):
        raise NotAnEnrolment(_("the agency code must be 1 to 20 letters, digits or hyphens"))
    payload = json.dumps({"fingerprint": key.fingerprint, "public_key": key.public_text,
                          "agency_code": agency_code, "agent_name": agent_name[:MAX_NAME],
                          "created_at": now().isoformat()},
                         ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    document = {"format": FORMAT, "version": VERSION, "payload": payload,
                "signature": base64.b64encode(key.sign(payload.encode("utf-8"))).decode("ascii")}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read(path: Path) -> Enrolment:
    """The enrolment in `path`, its signature checked against the key it carries."""
    try:
        document = json.loads(read_bounded(path, MAX_BYTES))
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            raise ValueError
        payload = document["payload"]
        signature = base64.b64decode(document["signature"], validate=True)
        fields = json.loads(payload)
        public = base64.b64decode(fields["public_key"], validate=True)
        found = Enrolment(fields["fingerprint"], public, fields["agency_code"],
                          fields["agent_name"], fields["created_at"])
        if not all(isinstance(v, str) for v in (found.fingerprint, found.agency_code,
                                                found.agent_name, found.created_at)) \
                or len(public) != 32 or len(found.agent_name) > MAX_NAME:
            raise ValueError
    except InputFileError as error:
        raise NotAnEnrolment(f"{path}: {error}") from None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, UnicodeDecodeError):
        raise NotAnEnrolment(_("{file}: not an enrolment file (made by cyberdesk enrol)")
                             .format(file=path)) from None
    if fingerprint(public) != found.fingerprint or not verify(public, signature,
                                                               payload.encode("utf-8")):
        raise NotAnEnrolment(_("{file}: its signature does not match the key it carries")
                             .format(file=path))
    if not AGENCY_CODE.fullmatch(found.agency_code):
        raise NotAnEnrolment(_("{file}: the agency code is not 1 to 20 letters, digits or "
                               "hyphens").format(file=path))
    return found
