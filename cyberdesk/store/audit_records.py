"""The store's audit trail (cyberdesk.trust.audit): every event appended in the transaction of the
change it records, so the trail and the interview never disagree. Events name fields, never
their values.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cyberdesk.clock import now
from cyberdesk.model.interview import Status
from cyberdesk.model.validation import STEPS
from cyberdesk.trust import audit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from cyberdesk.store.store import Store

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


class AuditRecords:
    """Mixed into Store: appending to and reading the audit trail."""

    def append_event(self, session: Session, interview_id: str, agent: str, event: str,
                     fields: list[str] | tuple[str, ...] = ()) -> None:
        """Append one event inside the caller's transaction (which holds the write lock)."""
        from sqlalchemy import select

        from cyberdesk.store.schema import AuditRow

        row = session.scalars(select(AuditRow).where(AuditRow.interview_id == interview_id)
                              .order_by(AuditRow.seq.desc()).limit(1)).first()
        last = _event(row) if row is not None else None
        new = audit.follow(interview_id, last, now().isoformat(), agent, event, fields)
        session.add(AuditRow(interview_id=interview_id, seq=new.seq, at=new.at, agent=new.agent,
                             event=new.event, fields=json.dumps(new.fields), prev=new.prev,
                             hash=new.hash))

    def record_event(self: Store, interview_id: str, event: str,
                     fields: list[str] | tuple[str, ...] = ()) -> None:
        """Append one event in a transaction of its own (printing, a purge)."""
        agent = self.get(interview_id).agent.agent_name
        with self.session() as session, session.begin():
            self.append_event(session, interview_id, agent, event, fields)

    def audit_trail(self: Store, interview_id: str, through: str | None = None) -> list[audit.Event]:
        """The interview's events in order; with `through`, up to the first such event."""
        events = [audit.Event(seq=r["seq"], at=r["at"], agent=r["agent"], event=r["event"],
                              fields=json.loads(r["fields"]), prev=r["prev"], hash=r["hash"])
                  for r in self.read("SELECT seq, at, agent, event, fields, prev, hash FROM "
                                     "audit_events WHERE interview_id = ? ORDER BY seq",
                                     (interview_id,))]
        if through is not None:
            ends = [e.seq for e in events if e.event == through]
            events = events[:ends[0]] if ends else events
        return events


def _event(row) -> audit.Event:
    return audit.Event(seq=row.seq, at=row.at, agent=row.agent, event=row.event,
                       fields=json.loads(row.fields), prev=row.prev, hash=row.hash)
