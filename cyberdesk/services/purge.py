"""Purge after receipt: once head office's receipt has arrived, the bundle leaves the outbox at
once, and the interview itself is reduced to a tombstone after the deployment file's retention
days (counted from the receipt), so the list still shows what was done. Nothing is ever purged
without a receipt, and without a deployment file's `retention_days` nothing is purged at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cyberdesk.clock import local_date
from cyberdesk.clock import today as clock_today
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


def schedule(store: Store, days: int | None) -> list[Planned]:
    """Every received interview with its purge day, soonest first (empty when `days` is None)."""
    if days is None:
        return []
    planned = []
    for item in store.received():
        received_on = local_date(datetime.fromisoformat(item.received_at))
        planned.append(Planned(item.interview_id, item.document_number, received_on,
                               received_on + timedelta(days=days), item.purged_at is not None))
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
