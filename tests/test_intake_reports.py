"""Intake reports everything it does not take (exit 1): unreadable, special, oddly named or
hidden files, huge side files; it checks revision chains as the laptop does and the audit
trail's content; it never writes through a link planted in the sync folder."""

from __future__ import annotations

import os

import pytest
from bundle_helpers import add_finalized, minimal_trail
from office_fixtures import register_laptop
from office_helpers import sent_bundles

from cyberdesk.catalogue import installed
from cyberdesk.office.intake import intake
from cyberdesk.office.store import OfficeStore
from cyberdesk.services import messages
from cyberdesk.services.bundle import build
from cyberdesk.services.laptop import open_store
from cyberdesk.services.seal import Sealer
from cyberdesk.trust import audit
from cyberdesk.trust.keys import laptop_key


@pytest.fixture
def laptop():
    store = open_store()
    yield store
    store.close()


@pytest.fixture
def office(tmp_path):
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    register_laptop(url)
    with OfficeStore.open(url) as store:
        yield store


def test_what_is_not_taken_in_is_reported(laptop, office, tmp_path):
    inbox = tmp_path / "sync"
    [interview_id] = sent_bundles(laptop, inbox, count=1)
    name = laptop.bundle(interview_id).file_name
    data = (inbox / name).read_bytes()
    (inbox / f"{name}.part").write_bytes(data)  # renamed by a copy tool
    (inbox / f".{name}").write_bytes(data)  # hidden with a dot
    os.mkfifo(inbox / "pipe.zip")
    (inbox / "gone.zip").symlink_to(tmp_path / "nowhere.zip")
    (inbox / "revisions").mkdir()
    with open(inbox / "revisions" / f"{'a' * 32}.revision.json", "wb") as huge:
        huge.truncate(1536 << 20)  # 1.5 GB, sparse: refused by its size, never read
    result = intake(office, [inbox], tmp_path / "q")
    assert len(result.taken_in) == 1 and not result.ok
    reported = "\n".join(result.problems)
    for file in (f"{name}.part", f".{name}", "pipe.zip", "gone.zip", ".revision.json"):
        assert file in reported, (file, reported)


def test_revision_chains_are_checked_as_the_laptop_does(laptop, office, tmp_path):
    inbox = tmp_path / "sync"
    first, other = sent_bundles(laptop, inbox, count=2)
    catalogue = installed().current()
    crossed = laptop.get(laptop.revise(first, "訂正").id)
    crossed.previous_id = other  # its predecessor is in another lineage
    crossed.status, crossed.finalized_at = crossed.status.FINALIZED, crossed.updated_at
    skipping = laptop.get(first).duplicate()
    skipping.lineage_id, skipping.previous_id, skipping.revision = first, first, 3  # 3 after 1
    skipping.revision_reason = "訂正"
    skipping.status, skipping.finalized_at = skipping.status.FINALIZED, skipping.updated_at
    for number, interview in enumerate((crossed, skipping)):
        made = build(interview, catalogue, minimal_trail(interview), Sealer(laptop_key()))
        (inbox / f"forged{number}.zip").write_bytes(made.data)
    result = intake(office, [inbox], tmp_path / "q")
    reasons = {q.path.name: q.reasons[0] for q in result.quarantined}
    assert set(reasons) == {"forged0.zip", "forged1.zip"}, result.problems
    assert all(reason.startswith("revision_chain") for reason in reasons.values()), reasons
    assert len(result.taken_in) == 2


@pytest.mark.parametrize("trail", ["value", "after"])
def test_the_audit_trail_s_content_is_checked(laptop, office, tmp_path, trail):
    inbox = tmp_path / "sync"
    inbox.mkdir()
    [interview_id] = add_finalized(laptop)
    interview = laptop.get(interview_id)
    events = laptop.audit_trail(interview_id, through=audit.FINALIZED)
    at, agent = events[-1].at, events[-1].agent
    if trail == "value":
        events = minimal_trail(interview)
        events = [events[0], audit.follow(interview.id, events[0], at, agent,
                                          audit.INITIAL_WISHES, ["株式会社テスト000"])]
        events.append(audit.follow(interview.id, events[-1], at, agent, audit.FINALIZED))
    else:
        events = [*events, audit.follow(interview.id, events[-1], at, agent, audit.PRINTED)]
    made = build(interview, installed().current(), events, Sealer(laptop_key()))
    (inbox / made.name).write_bytes(made.data)
    result = intake(office, [inbox], tmp_path / "q")
    [refused] = result.quarantined
    assert refused.reasons[0].startswith("audit_broken"), refused.reasons


def test_an_empty_trail_is_taken_in_and_listed_to_chase(laptop, office, tmp_path):
    """An interview finalized before audit trails existed carries none: the record is what the
    laptop sent, so it is kept, and the report lists it as `no_audit_trail`."""
    from cyberdesk.office.compliance import NO_AUDIT_TRAIL
    from cyberdesk.office.report import build as build_report

    inbox = tmp_path / "sync"
    inbox.mkdir()
    [interview_id] = add_finalized(laptop)
    made = build(laptop.get(interview_id), installed().current(), [], Sealer(laptop_key()))
    (inbox / made.name).write_bytes(made.data)
    assert len(intake(office, [inbox], tmp_path / "q").taken_in) == 1
    [current] = build_report(office).current
    assert NO_AUDIT_TRAIL in current.exceptions


def test_answers_are_never_written_through_a_planted_link(laptop, office, tmp_path):
    inbox, elsewhere = tmp_path / "sync", tmp_path / "elsewhere"
    elsewhere.mkdir()
    sent_bundles(laptop, inbox, count=1)
    (inbox / messages.FOLDER).symlink_to(elsewhere)
    result = intake(office, [inbox], tmp_path / "q")
    assert len(result.taken_in) == 1 and not result.ok
    assert list(elsewhere.iterdir()) == []
    assert any("リンク" in line for line in result.problems)


def test_no_link_is_written_through_quarantine_or_revisions(laptop, office, tmp_path):
    inbox, elsewhere = tmp_path / "sync", tmp_path / "elsewhere"
    elsewhere.mkdir()
    sent_bundles(laptop, inbox, count=1)
    (inbox / "junk.zip").write_bytes(b"junk")
    (tmp_path / "q").symlink_to(elsewhere)
    result = intake(office, [inbox], tmp_path / "q")
    assert (inbox / "junk.zip").exists() and list(elsewhere.iterdir()) == []
    assert any("junk.zip" in line for line in result.problems)
    [interview_id] = [s.id for s in laptop.summaries()]
    laptop.revise(interview_id, "訂正")
    (inbox / "revisions").symlink_to(elsewhere)
    from cyberdesk.services.sync import sync

    done = sync(laptop, inbox)
    assert list(elsewhere.iterdir()) == [] and done.problems
