"""Bundles sent the laptop's way, for head office's tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bundle_helpers import fixed_id, minimal_trail
from interview_factory import interview

from cyberdesk.catalogue import installed
from cyberdesk.clock import now
from cyberdesk.model.interview import Status
from cyberdesk.office.intake import intake
from cyberdesk.office.store import OfficeStore
from cyberdesk.services.bundle import build
from cyberdesk.services.seal import Sealer
from cyberdesk.trust.keys import laptop_key


def sent_bundles(store, folder: Path, count: int = 2, revise_first: bool = False,
                 prefix: str = "") -> list[str]:
    """`count` finalized interviews (the first revised and finalized again, when asked)
    synced into `folder` by the laptop's own sync; their interview ids."""
    from bundle_helpers import add_finalized

    from cyberdesk.catalogue import installed
    from cyberdesk.services.sync import sync

    ids = add_finalized(store, count, prefix=prefix)
    if revise_first:
        revised = store.revise(ids[0], "保険始期を変更したため")
        store.finalize(revised.id, installed().current())
        ids.append(revised.id)
    folder.mkdir(parents=True, exist_ok=True)
    assert sync(store, folder).complete
    return ids


def finalized(seed: str, company: str, on: date, change=None):
    """A finalized interview as a bundle would carry it; `change` plants a gap."""
    iv = interview()
    iv.id = iv.lineage_id = fixed_id(seed)
    iv.customer.company_name = company
    iv.interview_date = on
    if change:
        change(iv)
    iv.status, iv.finalized_at = Status.FINALIZED, now()
    return iv


def not_explained(iv) -> None:
    iv.confirmation.disclosure_explained = False


def held_interviews(office_url: str, tmp_path: Path) -> dict:
    """Head office holding three interviews (one with a planted exception, one revised)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    catalogue = installed().current()
    first = finalized("a", "株式会社アルファ", date(2026, 10, 5))
    gap = finalized("b", "株式会社<b>ベータ</b>", date(2026, 11, 2), not_explained)
    third = finalized("c", "株式会社ガンマ", date(2026, 11, 20))
    second = third.revise("補償内容の見直し")
    second.status, second.finalized_at = Status.FINALIZED, now()
    for iv in (first, gap, third, second):
        # the others came from a file: the laptop's trail says created, then finalized
        trail = wizard_trail(iv) if iv is first else minimal_trail(iv)
        bundle = build(iv, catalogue, trail, sealer=Sealer(laptop_key()))
        (inbox / bundle.name).write_bytes(bundle.data)
    with OfficeStore.open(office_url) as office:
        assert len(intake(office, [inbox], tmp_path / "q").taken_in) == 4
    return {"url": office_url, "first": first, "gap": gap, "third": third, "second": second}


def wizard_trail(iv) -> list:
    """The audit trail of an interview made in the wizard: wishes first, then the plans."""
    from cyberdesk.trust import audit

    events: list = []
    for name in (audit.CREATED, audit.INITIAL_WISHES, audit.PLANS_SHOWN, audit.FINALIZED):
        events.append(audit.follow(iv.id, events[-1] if events else None,
                                   "2026-10-05T01:00:00+00:00", "佐藤 恵美", name))
    return events


def take_in(office_url: str, tmp_path: Path, interviews: list) -> None:
    """Bundles of these finalized interviews taken in by head office."""
    inbox = tmp_path / "inbox-extra"
    inbox.mkdir(exist_ok=True)
    for iv in interviews:
        bundle = build(iv, installed().current(), sealer=Sealer(laptop_key()))
        (inbox / bundle.name).write_bytes(bundle.data)
    with OfficeStore.open(office_url) as office:
        assert len(intake(office, [inbox], tmp_path / "q").taken_in) == len(interviews)
