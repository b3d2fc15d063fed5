"""Signing on the screen without a window: a signature binds the record's content hash, an edit
after it voids it, both valid signatures finalize, the paper path is recorded, and the audit
trail names each signature by its role — never its strokes."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from interview_factory import SIGNED, document
from interview_factory import interview as example

from cyberdesk.catalogue import installed
from cyberdesk.clock import JST, frozen
from cyberdesk.model import signing
from cyberdesk.model.document import content_hash, dumps, from_document, loads, to_document
from cyberdesk.model.interview import Interview, LifecycleError, Status
from cyberdesk.model.problems import ProblemsError
from cyberdesk.model.validation import validate
from cyberdesk.services.session import InterviewSession
from cyberdesk.store.store import Store
from cyberdesk.trust import audit, keys

STROKES = [[(100, 200, 0.4, 0), (180.26, 120.04, 0.61, 16), (260, 210, 0.5, 33)],
           [(300, 150), (420, 150)]]


def open_session(store: Store, interview: Interview) -> InterviewSession:
    store.add(interview)
    return InterviewSession(store, interview.id)


def test_the_content_hash_ignores_status_times_and_signatures_but_no_answer():
    interview = example()
    digest = content_hash(interview)
    interview.updated_at = datetime(2030, 1, 1, tzinfo=JST)
    signing.sign(interview, "customer", STROKES, "高橋 健一", "A" * 4 + "-AAAA" * 7)
    assert content_hash(interview) == digest
    interview.confirmation.confirmed_by = "高橋 健二"
    assert content_hash(interview) != digest
    assert signing.void_changed(interview) == ["customer"]
    assert interview.signatures.customer is None


def test_strokes_are_rounded_and_travel_through_the_file_unchanged():
    interview = example()
    with frozen(datetime(2026, 12, 1, 14, 5, tzinfo=JST)):
        made = signing.sign(interview, "agent", STROKES, " 山田 太郎 ", "ABCD-" * 7 + "EFGH")
    assert made.strokes[0][1] == (180.3, 120.0, 0.61, 16)
    assert made.signer_name == "山田 太郎"
    assert made.signed_at.isoformat() == "2026-12-01T14:05:00+09:00"
    again = loads(dumps(interview))
    assert again.signatures == interview.signatures
    assert to_document(again)["signatures"]["agent"]["box"] == [1000, 300]


def test_an_edit_in_the_session_voids_the_signature_and_the_trail_says_so(store):
    session = open_session(store, example())
    assert session.sign("customer", STROKES) is False
    stored = store.get(session.id)
    assert signing.is_valid(stored, "customer") and stored.signatures.customer.key_fingerprint \
        == keys.laptop_key().fingerprint
    session.interview.confirmation.final.other_wishes += "。追記"
    session.changed()
    assert session.interview.signatures.customer is None
    session.flush()
    assert store.get(session.id).signatures.customer is None
    trail = store.audit_trail(session.id)
    assert [(e.event, e.fields) for e in trail if e.event.startswith("sign")] == [
        (audit.SIGNED, ["customer"]), (audit.SIGNATURE_VOIDED, ["customer"])]
    assert not any("100" in json.dumps(e.fields) for e in trail)  # never a stroke
    session.close()


def test_both_signatures_finalize_and_nothing_else_does(store):
    session = open_session(store, example())
    with pytest.raises(ProblemsError) as refused:
        session.finalize()
    fields = [p.field for p in refused.value.problems]
    assert "signatures" in fields  # with the record's version 3 keys, each named
    assert set(fields) <= {"signatures", "contact_record", "name_substitutes", "confirmation.items",
                           "agent.registration_number", "agent.authority", "quote.deductible",
                           "quote.retroactive_date", "quote.period_reason"}
    assert session.sign("customer", STROKES) is False
    assert session.sign("agent", STROKES[:1]) is True
    stored = store.get(session.id)
    assert stored.status is Status.FINALIZED and session.read_only
    assert signing.fully_signed(stored) and not stored.signatures.paper
    events = [e.event for e in store.audit_trail(session.id)]
    assert events[-3:] == [audit.SIGNED, audit.SIGNED, audit.FINALIZED]
    with pytest.raises(LifecycleError):
        session.sign("customer", STROKES)


def test_an_incomplete_record_and_empty_strokes_are_not_signed(store):
    session = open_session(store, example())
    with pytest.raises(ProblemsError) as refused:
        session.sign("customer", [[]])
    assert [p.field for p in refused.value.problems] == ["signatures.customer.strokes"]
    session.interview.plan = None
    session.changed()
    with pytest.raises(ProblemsError) as refused:
        session.sign("customer", STROKES)
    assert "plan" in {p.field for p in refused.value.problems}
    assert session.interview.signatures.customer is None
    session.close()


def test_the_paper_path_is_recorded(store):
    session = open_session(store, example())
    session.finalize(paper=True)
    stored = store.get(session.id)
    assert stored.status is Status.FINALIZED and stored.signatures.paper
    assert audit.SIGNED_ON_PAPER in [e.event for e in store.audit_trail(session.id)]


def test_the_signed_example_is_finalized_signed_by_both_and_valid():
    interview = loads(SIGNED.read_bytes())
    assert interview.status is Status.FINALIZED and signing.fully_signed(interview)
    assert validate(interview, installed().current(), complete=True) == []
    assert SIGNED.read_text(encoding="utf-8") == dumps(interview)


def test_a_signed_file_changed_afterwards_is_refused_by_validation():
    data = json.loads(SIGNED.read_text(encoding="utf-8"))
    data["quote"]["annual_premium"] += 1000
    problems = validate(from_document(data), installed().current())
    assert {p.field for p in problems} == {"signatures.customer", "signatures.agent"}


def test_a_revision_starts_unsigned():
    interview = loads(SIGNED.read_bytes())
    revised = interview.revise("保険料の訂正")
    assert revised.signatures.customer is None and revised.signatures.agent is None


HOSTILE = {
    "not-a-list": ("strokes", "x", "signatures.customer.strokes"),
    "no-strokes": ("strokes", [], "signatures.customer.strokes"),
    "empty-stroke": ("strokes", [[]], "signatures.customer.strokes"),
    "201-strokes": ("strokes", [[[1, 1]]] * 201, "signatures.customer.strokes"),
    "5001-points": ("strokes", [[[1, 1]] * 5001], "signatures.customer.strokes"),
    "20001-points": ("strokes", [[[1, 1]] * 5000] * 4 + [[[1, 1]]], "signatures.customer.strokes"),
    "negative": ("strokes", [[[-1, 1]]], "signatures.customer.strokes[0]"),
    "below-the-box": ("strokes", [[[1, 301]]], "signatures.customer.strokes[0]"),
    "pressure": ("strokes", [[[1, 1, 1.5]]], "signatures.customer.strokes[0]"),
    "time": ("strokes", [[[1, 1, 0.5, 600_001]]], "signatures.customer.strokes[0]"),
    "five-numbers": ("strokes", [[[1, 1, 0.5, 1, 1]]], "signatures.customer.strokes[0]"),
    "bool-number": ("strokes", [[[True, 1]]], "signatures.customer.strokes[0]"),
    "text-number": ("strokes", [[["1", 1]]], "signatures.customer.strokes[0]"),
    "box": ("box", [2000, 600], "signatures.customer.box"),
    "hash": ("content_sha256", "0" * 63, "signatures.customer.content_sha256"),
    "fingerprint": ("key_fingerprint", "nobody", "signatures.customer.key_fingerprint"),
    "naive-time": ("signed_at", "2026-11-18T11:40:00", "signatures.customer.signed_at"),
    "name": ("signer_name", "高" * 201, "signatures.customer.signer_name"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_signatures_are_refused_naming_the_field(name):
    key, value, field = HOSTILE[name]
    data = document(SIGNED)
    data["signatures"]["customer"][key] = value
    with pytest.raises(ProblemsError) as refused:
        from_document(data)
    assert [p.field for p in refused.value.problems] == [field]


def test_a_signature_in_a_version_2_file_is_an_unknown_key():
    data = document(SIGNED)
    data["version"] = 2
    with pytest.raises(ProblemsError) as refused:
        from_document(data)
    fields = [p.field for p in refused.value.problems]
    assert "signatures" in fields  # with the record's version 3 keys, each named
    assert set(fields) <= {"signatures", "contact_record", "name_substitutes", "confirmation.items",
                           "agent.registration_number", "agent.authority", "quote.deductible",
                           "quote.retroactive_date", "quote.period_reason"}


def test_signatures_at_every_limit_fit_in_the_file_and_read_back():
    interview = loads(SIGNED.read_bytes())
    full = [[(999.9, 299.9, 0.999, 599_999)] * 5000] * 4
    for signature in (interview.signatures.customer, interview.signatures.agent):
        signature.strokes = full
    text = dumps(interview)
    assert len(text.encode()) < 2 * 1024 * 1024
    assert loads(text).signatures == interview.signatures
