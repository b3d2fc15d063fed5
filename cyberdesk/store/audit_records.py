"""The store's audit trail (cyberdesk.trust.audit): every event appended in the transaction of the
change it records, so the trail and the interview never disagree. Events name fields, never
their values.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cyberdesk.clock import now
from cyberdesk.model.interview import Status
from cyberdesk.model.validation import STEPS
from cyberdesk.store.repository import Repository, Row, Transaction
from cyberdesk.trust import audit

STATUS_EVENTS = {Status.FINALIZED: audit.FINALIZED, Status.EXPORTED: audit.EXPORTED,
                  Status.SYNCED: audit.SYNCED, Status.RECEIVED: audit.RECEIPT}
_INTENT_KEYS = ("liability_events", "expense_items", "other_wishes")


def _filled(intent: dict[str, Any] | None) -> list[str]:
    """The names of the wishes' parts that hold something."""
    return [key for key in _INTENT_KEYS if (intent or {}).get(key)]


def edit_events(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """What a save of a draft records: the initial wishes, the plan, the final wishes when they
    changed (as field names)."""
    events: list[tuple[str, list[str]]] = []
    if before.get("initial_intent") != after.get("initial_intent") \
            and _filled(after.get("initial_intent")):
        events.append((audit.INITIAL_WISHES, _filled(after["initial_intent"])))
    if before.get("plan") != after.get("plan") and after.get("plan"):
        events.append((audit.PLAN_CHOSEN, ["plan"]))
    final_before = (before.get("confirmation") or {}).get("final_intent")
    final_after = (after.get("confirmation") or {}).get("final_intent")
    if final_before != final_after and _filled(final_after):
        events.append((audit.FINAL_WISHES, _filled(final_after)))
    return events + _signature_events(before.get("signatures") or {},
                                      after.get("signatures") or {})


def _signature_events(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """A signature made or voided (named by its role, never its strokes); signed on paper."""
    events: list[tuple[str, list[str]]] = []
    for role in ("customer", "agent"):
        if after.get(role) and after.get(role) != before.get(role):
            events.append((audit.SIGNED, [role]))
        elif before.get(role) and not after.get(role):
            events.append((audit.SIGNATURE_VOIDED, [role]))
    if after.get("paper") and not before.get("paper"):
        events.append((audit.SIGNED_ON_PAPER, []))
    return events


def step_events(before: int, after: int | None) -> list[tuple[str, list[str]]]:
    """A wizard page shown: its name; the plan page also means the plans were shown."""
    if after is None or after == before or not 0 <= after < len(STEPS):
        return []
    events = [(audit.STEP_SHOWN, [STEPS[after]])]
    if STEPS[after] == "plan":
        events.append((audit.PLANS_SHOWN, []))
    return events


def append_event(transaction: Transaction, interview_id: str, agent: str, event: str,
                 fields: Sequence[str] = ()) -> None:
    """Append one event inside the caller's transaction (which holds the write lock, so the
    chain's last link cannot change under it)."""
    row = transaction.row("SELECT seq, at, agent, event, fields, prev, hash FROM audit_events "
                          "WHERE interview_id = ? ORDER BY seq DESC LIMIT 1", (interview_id,))
    new = audit.follow(interview_id, _event(row) if row is not None else None, now().isoformat(),
                       agent, event, list(fields))
    transaction.execute(
        "INSERT INTO audit_events (interview_id, seq, at, agent, event, fields, prev, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (interview_id, new.seq, new.at, new.agent, new.event,
                                            json.dumps(new.fields), new.prev, new.hash))


def trail(repository: Repository, interview_id: str, through: str | None = None
          ) -> list[audit.Event]:
    """The interview's events in order; with `through`, up to the first such event."""
    events = [_event(row) for row in repository.rows(
        "SELECT seq, at, agent, event, fields, prev, hash FROM audit_events "
        "WHERE interview_id = ? ORDER BY seq", (interview_id,))]
    if through is not None:
        ends = [e.seq for e in events if e.event == through]
        events = events[:ends[0]] if ends else events
    return events


def _event(row: Row) -> audit.Event:
    seq, at, agent, event, fields, prev, hash_ = row
    return audit.Event(seq=seq, at=at, agent=agent, event=event, fields=json.loads(fields),
                       prev=prev, hash=hash_)
