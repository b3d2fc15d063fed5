"""The audit trail: append-only and hash-chained, field names and never customer values, written
by the store with the change it records, carried signed in the bundle and checked on intake."""

from __future__ import annotations

import dataclasses
import json

import pytest
from interview_factory import BASIC, interview
from office_fixtures import register_laptop
from sealed_helpers import opened, repacked

from cyberdesk.catalogue import installed
from cyberdesk.model.interview import Intent
from cyberdesk.office.intake import intake
from cyberdesk.office.report import build as build_report
from cyberdesk.office.store import OfficeStore
from cyberdesk.services import seal
from cyberdesk.services.laptop import open_store
from cyberdesk.trust import audit


def chain(count: int = 4) -> list[audit.Event]:
    events: list[audit.Event] = []
    for n in range(count):
        events.append(audit.follow("i" * 32, events[-1] if events else None,
                                   f"2026-11-27T00:00:0{n}+00:00", "佐藤 恵美", audit.STEP_SHOWN,
                                   [f"step{n}"]))
    return events


def test_any_change_removal_or_reordering_breaks_the_chain():
    events = chain()
    assert audit.broken("i" * 32, events) is None
    assert audit.broken("i" * 32, [dataclasses.replace(events[1], agent="誰か")]) is not None
    altered = [events[0], dataclasses.replace(events[1], fields=["other"]), *events[2:]]
    assert "2" in audit.broken("i" * 32, altered)
    assert audit.broken("i" * 32, [events[0], *events[2:]]) is not None
    assert audit.broken("i" * 32, [events[1], events[0], *events[2:]]) is not None
    assert audit.broken("j" * 32, events) is not None  # another interview's trail
    data = audit.to_bytes("i" * 32, events)
    assert audit.parse(data, "i" * 32) == events
    with pytest.raises(ValueError):
        audit.parse(data.replace(b"step2", b"step9"), "i" * 32)


def test_the_store_records_each_step_and_answer_by_field_name_only(cyberdesk_home):
    draft = interview(BASIC)
    answers = (draft.initial_intent, draft.plan, draft.confirmation.final)
    draft.initial_intent, draft.plan, draft.confirmation.final = Intent(), None, Intent()
    draft.status, draft.finalized_at = type(draft.status)("draft"), None
    with open_store() as store:
        store.add(draft)
        draft.initial_intent = answers[0]
        store.save(draft, wizard_step=1)
        store.save(draft, wizard_step=4)  # the plan step: the plans are shown
        draft.plan = answers[1]
        store.save(draft, wizard_step=5)
        draft.confirmation.final = answers[2]
        store.save(draft, wizard_step=6)
        store.finalize(draft.id, installed().current())
        trail = store.audit_trail(draft.id)
        rows = [tuple(row) for row in store.read("SELECT agent, event, fields FROM audit_events")]
    assert [(e.event, e.fields) for e in trail] == [
        ("created", []),
        ("initial_wishes_recorded", ["expense_items", "liability_events", "other_wishes"]),
        ("step_shown", ["initial_intent"]),
        ("step_shown", ["plan"]), ("plans_shown", []),
        ("plan_chosen", ["plan"]), ("step_shown", ["confirmation"]),
        ("final_wishes_recorded", ["expense_items", "liability_events", "other_wishes"]),
        ("step_shown", ["output"]), ("finalized", [])]
    assert audit.broken(draft.id, trail) is None and audit.wishes_before_plans(trail) is True
    text = json.dumps(rows, ensure_ascii=False)
    for value in (draft.customer.company_name, answers[0].other_wishes, answers[1],
                  answers[0].liability_events[0]):
        assert value not in text


def test_intake_refuses_a_broken_trail_and_reports_plans_shown_before_the_wishes(
        cyberdesk_home, tmp_path):
    from sealed_helpers import deploy, head_office_key

    from cyberdesk.services.sync import sync
    from cyberdesk.trust.keys import laptop_key

    key_file, public = head_office_key(tmp_path)
    deploy(cyberdesk_home, [public])
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    register_laptop(url)
    folder = tmp_path / "sync"
    folder.mkdir()
    hasty = interview(BASIC)
    hasty.status, hasty.finalized_at = type(hasty.status)("draft"), None
    with open_store() as store:
        store.add(hasty)
        store.record_event(hasty.id, audit.PLANS_SHOWN)  # what the wizard records: plans first
        store.record_event(hasty.id, audit.INITIAL_WISHES, ["other_wishes"])
        store.finalize(hasty.id, installed().current())
        assert sync(store, folder).complete
    [good] = sorted(folder.glob("*.age"))
    members = opened(good.read_bytes(), key_file)
    document = json.loads(members["audit.json"])
    document["events"][0]["agent"] = "別の人"  # the signature is made again: only the chain tells
    forged = dict(members, **{"audit.json": (json.dumps(document, ensure_ascii=False) + "\n").encode()})
    (folder / "forged.age").write_bytes(repacked(forged, [public], signer=laptop_key()))
    with OfficeStore.open(url) as office:
        result = intake(office, [folder], tmp_path / "q", identities=seal.read_identities(key_file))
        report = build_report(office)
    assert [(q.path.name, q.reasons[0].split(":")[0]) for q in result.quarantined] == [
        ("forged.age", "audit_broken")]
    [current] = report.current
    assert current.row["wishes_before_plans"] is False
    assert current.exceptions == ["plans_before_wishes"]
