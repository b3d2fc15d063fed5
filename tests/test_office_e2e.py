"""The whole journey, on SQLite and PostgreSQL: two interviews typed into the real wizard (one
revised) → export → sync → intake (twice) → receipts → the laptop's sync → 受領済み; head office
holds one current revision per lineage and the history, and the report lists a planted
compliance exception."""

from __future__ import annotations

import pytest
from conftest import run_cli
from wizard_helpers import AGENT, new_interview, whole_interview

from cyberdesk.catalogue import installed
from cyberdesk.gui.wizard import InterviewWizard
from cyberdesk.model.interview import Status
from cyberdesk.office.intake import intake
from cyberdesk.office.report import build as build_report
from cyberdesk.office.store import OfficeStore
from cyberdesk.services.bundle import build
from cyberdesk.services.export import export
from cyberdesk.services.laptop import open_store
from cyberdesk.services.seal import Sealer
from cyberdesk.services.sync import sync
from cyberdesk.store.store import Store
from cyberdesk.trust.keys import laptop_key


def typed_in(qtbot, store: Store, plan_id: str) -> str:
    """An interview entered step by step in the wizard, then finalized; its id."""
    interview = new_interview(store)
    wizard = InterviewWizard(store, interview.id)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    whole_interview(wizard, plan_id, lambda _confirmation: None)
    qtbot.waitUntil(wizard.context.saver.is_idle)
    wizard.close()
    store.finalize(interview.id, installed().current())
    return interview.id


@pytest.mark.slow
def test_two_interviews_from_the_wizard_to_head_office_and_back(qapp, qtbot, office_url, tmp_path):
    folder, quarantine = tmp_path / "sync", tmp_path / "quarantine"
    folder.mkdir()
    store = open_store()
    first = typed_in(qtbot, store, "basic")
    second = typed_in(qtbot, store, "wide")
    for interview_id in (first, second):
        export(store, interview_id)
    assert sync(store, folder).complete
    revised = store.revise(first, "保険始期の変更")
    store.finalize(revised.id, installed().current())
    assert sync(store, folder).complete  # the new revision is exported and sent beside the old
    # A bundle with a gap head office must chase: made outside the wizard, which refuses it.
    planted = store.get(second).duplicate()
    planted.confirmation = store.get(second).confirmation
    planted.confirmation.disclosure_handed_over = False
    planted.initial_intent = store.get(second).initial_intent
    planted.proposal_reason = "planted"
    planted.status, planted.finalized_at = Status.FINALIZED, planted.updated_at
    bundle = build(planted, installed().current(), sealer=Sealer(laptop_key()))
    (folder / bundle.name).write_bytes(bundle.data)

    with OfficeStore.open(office_url) as office:
        # The wizard's agent works for another agency than the examples': the laptop moves.
        [fingerprint] = office.senders()
        assert not office.register_key(fingerprint, AGENT.agency_code, AGENT.agent_name, "now")
        office.revoke_key(fingerprint, "now")
        assert office.register_key(fingerprint, AGENT.agency_code, AGENT.agent_name, "now")
        taken = intake(office, [folder], quarantine)
        again = intake(office, [folder], quarantine)
        revisions = office.revisions()
        report = build_report(office)
    assert (len(taken.taken_in), len(taken.already_had), taken.ok) == (4, 0, True)
    assert (len(again.taken_in), len(again.already_had), again.ok) == (0, 4, True)
    by_lineage: dict[str, list] = {}
    for row in revisions:
        by_lineage.setdefault(row["lineage_id"], []).append((row["revision"], row["current"]))
    assert by_lineage[first] == [(1, False), (2, True)]  # the history, the latest current
    assert by_lineage[second] == [(1, True)]
    # The wizard's audit trail travelled signed: the wishes were heard before any plan was shown.
    in_order = {row["id"]: row["wishes_before_plans"] for row in revisions}
    assert in_order[first] is True and in_order[second] is True
    events = [e.event for e in store.audit_trail(first)]
    assert events.index("initial_wishes_recorded") < events.index("plans_shown") \
        < events.index("plan_chosen") < events.index("final_wishes_recorded") < events.index("finalized")
    assert [c.row["id"] for c in report.exceptions] == [planted.id]
    assert report.exceptions[0].exceptions == ["disclosure_not_handed_over"]

    result = sync(store, folder)
    assert sorted(result.received) == sorted(store.bundle(i).file_name
                                             for i in (first, second, revised.id))
    assert [store.get(i).status for i in (first, second, revised.id)] == [Status.RECEIVED] * 3
    assert len(result.ignored_messages) == 1  # the planted bundle's receipt: not this laptop's
    store.close()
    listed = run_cli("list")
    assert listed.stdout.count("受領済み") == 3
    printed = run_cli("office", "report", "--db", office_url)
    assert f"不備 {planted.document_number}：重要事項説明書が交付されていません" in printed.stdout
