"""The purge follows head office: once its receipt has arrived the bundle leaves the outbox at
once, and the interview itself is reduced to a tombstone after the deployment file's retention
days, so the list still shows what was done. Nothing is ever purged without a receipt, and
without a deployment file's `retention_days` nothing is purged at all.

By default the days count from head office's approval (承認, services.decisions): only approved
interviews are purged — an earlier revision with its approved successor. A deployment may choose
`purge_after = "receipt"`: then the days count from the receipt, except that an interview head
office returned (差戻し) is kept until a later revision of it has been received.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cyberdesk.clock import local_date
from cyberdesk.clock import today as clock_today
from cyberdesk.services.decisions import APPROVED, RETURNED, all_decisions
from cyberdesk.store.store import Store
from cyberdesk.trust.deployment import DeploymentError, load


@dataclass(frozen=True)
class Planned:
    """A received interview and the day it is (or was) purged."""
    interview_id: str
    document_number: str
    received_on: date
    purge_on: date
    purged: bool


def retention_days() -> int | None:
    """The deployment file's retention days (None: no file, or it sets none: nothing is purged).
    A broken file purges nothing (it is reported where it matters: export and Settings)."""
    try:
        fixed = load()
    except DeploymentError:
        return None
    return fixed.retention_days if fixed else None


def purge_after() -> str:
    """"approval" (the default) or "receipt", as the deployment file says."""
    try:
        fixed = load()
    except DeploymentError:
        return "approval"
    return fixed.purge_after if fixed else "approval"


def schedule(store: Store, days: int | None, after: str | None = None) -> list[Planned]:
    """Every received interview that may be purged, with its purge day, soonest first (empty
    when `days` is None); `after` is purge_after() unless given."""
    if days is None:
        return []
    after = after or purge_after()
    decided = all_decisions(store)
    received = store.received()
    held = {item.interview_id for item in received}
    lines = {s.id: (s.lineage_id, s.revision) for s in store.summaries()}
    approved: dict[str, list[tuple[int, str]]] = {}  # lineage → (revision, decided_at)
    for decision in decided.values():
        if decision.state == APPROVED:
            approved.setdefault(decision.lineage_id, []).append(
                (decision.revision, decision.decided_at))
    planned = []
    for item in received:
        lineage, revision = lines.get(item.interview_id, ("", 0))
        if after == "receipt":
            returned = decided.get(item.interview_id)
            answered = any(other_lineage == lineage and other_revision > revision and other in held
                           for other, (other_lineage, other_revision) in lines.items())
            if returned is not None and returned.state == RETURNED and not answered:
                continue  # returned, and its revision is not in head office's hands yet
            start = item.received_at
        else:
            approvals = [at for later, at in approved.get(lineage, []) if later >= revision]
            if not approvals:
                continue
            start = min(approvals)
        counted_from = local_date(datetime.fromisoformat(start))
        planned.append(Planned(item.interview_id, item.document_number, counted_from,
                               counted_from + timedelta(days=days), item.purged_at is not None))
    return sorted(planned, key=lambda p: (p.purge_on, p.document_number))


def purge_due(store: Store, days: int | None, today: date | None = None) -> list[Planned]:
    """Purge every received interview whose day has come; what was purged."""
    today = today or clock_today()
    due = [p for p in schedule(store, days) if not p.purged and p.purge_on <= today]
    for planned in due:
        store.purge(planned.interview_id)
    if due:
        store.compact()  # the removed details must not linger in free pages or the WAL
    return due
