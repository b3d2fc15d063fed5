"""draft → finalized → exported → synced; a locked interview is changed only by a new revision."""

from __future__ import annotations

from datetime import date

import pytest
from interview_factory import BASIC, WIDE, interview

from cyberdesk.model.document import to_document
from cyberdesk.model.interview import Interview, LifecycleError, Status

pytestmark = pytest.mark.dates

FORWARD = [Status.DRAFT, Status.FINALIZED, Status.EXPORTED, Status.SYNCED]


def at(status: Status):
    iv = interview(BASIC)
    for step in FORWARD[1:FORWARD.index(status) + 1]:
        iv.advance(step)
    return iv


def test_the_lifecycle_goes_forward_one_step_at_a_time():
    iv = interview(BASIC)
    assert iv.finalized_at is None and not iv.status.locked
    iv.advance(Status.FINALIZED)
    assert iv.status is Status.FINALIZED and iv.finalized_at == iv.updated_at
    iv.advance(Status.EXPORTED)
    iv.advance(Status.SYNCED)
    assert iv.status is Status.SYNCED and iv.status.locked


@pytest.mark.parametrize(("start", "target"), [
    (Status.DRAFT, Status.DRAFT), (Status.DRAFT, Status.EXPORTED), (Status.DRAFT, Status.SYNCED),
    (Status.FINALIZED, Status.DRAFT), (Status.FINALIZED, Status.FINALIZED),
    (Status.FINALIZED, Status.SYNCED), (Status.EXPORTED, Status.DRAFT),
    (Status.EXPORTED, Status.FINALIZED), (Status.SYNCED, Status.DRAFT),
    (Status.SYNCED, Status.FINALIZED),
])
def test_illegal_transitions_are_refused_and_change_nothing(start, target):
    iv = at(start)
    before = to_document(iv)
    with pytest.raises(LifecycleError) as caught:
        iv.advance(target)
    assert to_document(iv) == before
    assert start.label in str(caught.value) and target.label in str(caught.value)


@pytest.mark.parametrize(("start", "target"), [
    (Status.EXPORTED, Status.EXPORTED), (Status.SYNCED, Status.EXPORTED),
    (Status.SYNCED, Status.SYNCED),
])
def test_exporting_again_is_allowed(start, target):
    iv = at(start)
    iv.advance(target)
    assert iv.status is target


@pytest.mark.parametrize("status", FORWARD[1:])
def test_a_locked_interview_is_read_only(status):
    iv = at(status)
    with pytest.raises(LifecycleError, match="訂正版"):
        iv.ensure_editable()
    at(Status.DRAFT).ensure_editable()


def test_a_revision_is_a_new_linked_draft_and_the_original_is_untouched():
    original = at(Status.EXPORTED)
    before = to_document(original)
    revised = original.revise("  所在地の変更  ")
    assert to_document(original) == before
    assert revised.id != original.id
    assert (revised.lineage_id, revised.revision, revised.previous_id) == (
        original.lineage_id, 2, original.id)
    assert revised.revision_reason == "所在地の変更"
    assert revised.status is Status.DRAFT and revised.finalized_at is None
    assert revised.customer == original.customer and revised.customer is not original.customer
    assert revised.document_number == original.document_number[:-2] + "02"
    third = _finalized(revised).revise("担当者の変更")
    assert (third.revision, third.previous_id, third.lineage_id) == (3, revised.id, original.lineage_id)


def _finalized(iv):
    iv.advance(Status.FINALIZED)
    return iv


def test_a_draft_is_edited_not_revised_and_a_revision_needs_a_reason():
    with pytest.raises(LifecycleError):
        at(Status.DRAFT).revise("理由")
    with pytest.raises(LifecycleError):
        at(Status.FINALIZED).revise(" \u3000")


def test_duplicating_starts_a_new_interview_with_the_same_customer():
    original = at(Status.FINALIZED)
    before = to_document(original)
    copy = original.duplicate(on=date(2027, 11, 1))
    assert to_document(original) == before
    assert copy.id != original.id and copy.lineage_id == copy.id
    assert (copy.revision, copy.previous_id, copy.status) == (1, None, Status.DRAFT)
    assert copy.interview_date == date(2027, 11, 1)
    assert copy.customer == original.customer and copy.plan == original.plan
    assert copy.business_categories == original.business_categories
    assert copy.insured_parties == original.insured_parties
    assert copy.initial_intent.is_empty() and copy.confirmation.final.is_empty()
    assert not copy.confirmation.explanations and not copy.proposal_reason
    copy.customer.company_name = "別会社"
    copy.insured_parties[0].name = "別の下請"
    assert to_document(original) == before


def test_the_document_number_names_lineage_and_revision():
    iv = interview(WIDE)
    assert iv.document_number == "CD-9B2E7D4C-6A1F4E3B-8C5D0A7F-6E2B9C14-01"
    assert iv.document_number.startswith("CD-9B2E7D4C-")  # the number earlier releases printed


def test_document_numbers_never_collide_when_ids_differ_only_after_the_8th_character():
    one = Interview(id="9b2e7d4c" + "0" * 24)
    other = Interview(id="9b2e7d4c" + "0" * 23 + "1")
    assert one.document_number != other.document_number
    assert len(Interview(id="a" * 64, revision=999).document_number) <= 96  # the office's column


def test_status_labels_are_japanese():
    labels = [s.label for s in FORWARD]
    assert labels[:2] == ["下書き", "確定済み"]
    assert len(set(labels)) == 4 and all(not label.isascii() for label in labels)
