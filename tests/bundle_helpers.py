"""Finalized interviews in a real store, for the export, sync and verify tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from interview_factory import BASIC, interview

from cyberdesk.catalogue import installed
from cyberdesk.store.store import Store


def fixed_id(seed: str) -> str:
    return hashlib.md5(seed.encode()).hexdigest()


def add_finalized(store: Store, count: int = 1, company: str | None = None, path: Path = BASIC,
                  prefix: str = "") -> list[str]:
    """`count` finalized interviews (distinct ids and, unless given, company names)."""
    catalogue = installed().current()
    ids = []
    for index in range(count):
        iv = interview(path)
        iv.id = iv.lineage_id = fixed_id(f"{prefix}{path.name}{company}{index}")
        iv.customer.company_name = company if company is not None else f"株式会社テスト{prefix}{index:03d}"
        store.add(iv)
        store.finalize(iv.id, catalogue)
        ids.append(iv.id)
    return ids


def files(folder: Path) -> dict[str, bytes]:
    """Every file in `folder` (hidden ones included) by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def minimal_trail(interview) -> list:
    """The shortest audit trail a laptop writes: created, then finalized (for bundles made
    outside the store, which head office refuses with an empty trail)."""
    from cyberdesk.trust import audit

    at = interview.finalized_at.isoformat() if interview.finalized_at else "2026-11-18T02:40:00+00:00"
    created = audit.follow(interview.id, None, at, interview.agent.agent_name, audit.CREATED)
    return [created, audit.follow(interview.id, created, at, interview.agent.agent_name,
                                  audit.FINALIZED)]
