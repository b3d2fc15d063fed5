"""The audit trail of one interview: what happened, when, by which agent — never a customer value.

Events are append-only and hash-chained: each holds the hash of the one before (the first, a
hash of the interview id), and its own hash covers everything in it. Changing, removing or
reordering any event breaks every hash after it. The trail up to finalization travels in the
bundle, where it is signed with the rest, and head office checks the chain on intake.

An event names fields (`liability_events`, a wizard page), never what was typed into them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any

from cyberdesk.i18n import _

FORMAT = "cyberdesk.audit"
VERSION = 1
CREATED = "created"
STEP_SHOWN = "step_shown"
INITIAL_WISHES = "initial_wishes_recorded"
PLANS_SHOWN = "plans_shown"
PLAN_CHOSEN = "plan_chosen"
FINAL_WISHES = "final_wishes_recorded"
PRINTED = "printed"
SIGNED = "signed"  # fields: the role ("customer" or "agent"), never the strokes
SIGNATURE_VOIDED = "signature_voided"  # the content changed after that role signed
SIGNED_ON_PAPER = "signed_on_paper"  # finalized for signatures by hand on the printed record
FINALIZED = "finalized"
SUBSTITUTES_ACCEPTED = "substitutes_accepted"  # fields: those whose printed form was accepted
REVISED = "revised"
EXPORTED = "exported"
SYNCED = "synced"
RECEIPT = "receipt"
PURGED = "purged"
EVENTS = frozenset({CREATED, STEP_SHOWN, INITIAL_WISHES, PLANS_SHOWN, PLAN_CHOSEN, FINAL_WISHES,
                    PRINTED, SIGNED, SIGNATURE_VOIDED, SIGNED_ON_PAPER, SUBSTITUTES_ACCEPTED,
                    FINALIZED, REVISED, EXPORTED, SYNCED, RECEIPT, PURGED})
MAX_EVENTS = 10_000
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,63}")  # a name, never what was typed


@dataclass(frozen=True)
class Event:
    seq: int
    at: str  # UTC, ISO 8601
    agent: str
    event: str
    fields: list[str] = field(default_factory=list)
    prev: str = ""
    hash: str = ""


def genesis(interview_id: str) -> str:
    """The `prev` of an interview's first event."""
    return hashlib.sha256(f"{FORMAT}:{interview_id}".encode()).hexdigest()


# What an event's hash covers: all of it but the hash.
_HASHED = tuple(f.name for f in dataclass_fields(Event) if f.name != "hash")


# The hashed text's encoder, made once (json.dumps with options makes one per call: head office
# checks every event of every bundle).
_HASH_TEXT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def event_hash(interview_id: str, event: Event) -> str:
    # The values as they are (asdict would deep-copy each, for every event head office checks).
    body = {name: getattr(event, name) for name in _HASHED}
    body["interview_id"] = interview_id
    return hashlib.sha256(_HASH_TEXT(body).encode("utf-8")).hexdigest()


def follow(interview_id: str, last: Event | None, at: str, agent: str, event: str,
           fields: list[str] | tuple[str, ...] = ()) -> Event:
    """The event after `last` (None: the first), chained to it."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event}")
    unhashed = Event(seq=last.seq + 1 if last else 1, at=at, agent=agent, event=event,
                     fields=sorted(fields), prev=last.hash if last else genesis(interview_id))
    return Event(**{**asdict(unhashed), "hash": event_hash(interview_id, unhashed)})


def to_bytes(interview_id: str, events: list[Event]) -> bytes:
    """`audit.json` of a bundle."""
    document = {"format": FORMAT, "version": VERSION, "interview_id": interview_id,
                "events": [asdict(event) for event in events]}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def parse(data: bytes, interview_id: str) -> list[Event]:
    """The events of `audit.json`, checked: a ValueError with a message when the chain is broken
    or the file is not an audit trail of this interview."""
    try:
        document = json.loads(data)
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            raise TypeError
        raw = document["events"]
        if not isinstance(raw, list) or len(raw) > MAX_EVENTS:
            raise TypeError
        events = [_event(item) for item in raw]
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        raise ValueError(_("not an audit trail")) from None
    if document.get("interview_id") != interview_id:
        raise ValueError(_("the audit trail is of another interview"))
    problem = broken(interview_id, events)
    if problem:
        raise ValueError(problem)
    return events


_KINDS = {"seq": int, "at": str, "agent": str, "event": str, "fields": list, "prev": str,
          "hash": str}  # an event's entries, each of exactly its type


def _event(item: Any) -> Event:
    if not isinstance(item, dict) or item.keys() != _KINDS.keys() or any(
            type(item[key]) is not kind for key, kind in _KINDS.items()) \
            or not all(isinstance(name, str) for name in item["fields"]):
        raise TypeError
    return Event(**item)


def broken(interview_id: str, events: list[Event]) -> str | None:
    """Why the chain is not intact (None: it is): a number, a link or a hash out of place."""
    previous = genesis(interview_id)
    for number, event in enumerate(events, start=1):
        if event.seq != number or event.prev != previous or event.event not in EVENTS:
            return _("audit event {seq} is out of place").format(seq=number)
        if event.hash != event_hash(interview_id, event):
            return _("audit event {seq} was altered").format(seq=number)
        previous = event.hash
    return None


def content_problem(events: list[Event]) -> str | None:
    """Why a bundle's trail (up to finalization) is not what a laptop writes (None: it is): an
    event carries a value instead of field names, or something follows finalizing. An empty trail
    is what an interview finalized before trails existed carries: head office's report lists it
    (`no_audit_trail`) rather than refusing the record."""
    if not events:
        return None
    for event in events:
        if not all(FIELD_NAME.fullmatch(name) for name in event.fields):
            return _("audit event {seq} holds a value, not field names").format(seq=event.seq)
    finalized = [event.seq for event in events if event.event == FINALIZED]
    if not finalized:
        return _("the audit trail does not end with the finalization")
    if finalized[0] != events[-1].seq:
        return _("audit event {seq} comes after the finalization").format(seq=finalized[0] + 1)
    return None


def wishes_before_plans(events: list[Event]) -> bool | None:
    """Whether the initial wishes were recorded before any plan was shown (None: no plan shown)."""
    for event in events:
        if event.event == INITIAL_WISHES:
            return True
        if event.event == PLANS_SHOWN:
            return False
    return None
