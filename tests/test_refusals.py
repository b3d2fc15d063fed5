"""Refusals come back: a bundle head office quarantines produces a signed refusal notice, the
laptop says 「本部で受け付けられませんでした」 with the reason and what to do, and the bundle is
received once the cause is fixed — taken in again from the quarantine, or resent (recognised by
its manifest's hash, not its randomised ciphertext)."""

from __future__ import annotations

import pytest
from office_fixtures import register_laptop
from office_helpers import sent_bundles
from sealed_helpers import deploy, head_office_key

from cyberdesk.files import paths
from cyberdesk.model.interview import Status
from cyberdesk.office.intake import intake, release_quarantine
from cyberdesk.office.store import OfficeStore
from cyberdesk.services import messages, refusals, seal
from cyberdesk.services.laptop import open_store
from cyberdesk.services.sync import sync


@pytest.fixture
def laptop():
    store = open_store()
    yield store
    store.close()


def test_an_unregistered_laptop_hears_why_and_is_received_after_registration(laptop, tmp_path):
    inbox, quarantine = tmp_path / "sync", tmp_path / "q"
    [interview_id] = sent_bundles(laptop, inbox, count=1)
    name = laptop.bundle(interview_id).file_name
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    with OfficeStore.open(url) as office:  # intake before `agents --add`
        first = intake(office, [inbox], quarantine)
    assert [q.reasons[0].split(":")[0] for q in first.quarantined] == ["unknown_sender"]
    assert len(messages.found_in(inbox)) == 1
    result = sync(laptop, inbox)
    [line] = result.refused
    assert "本部で受け付けられませんでした" in line and "登録" in line and "cyberdesk enrol" in line
    assert laptop.get(interview_id).status is Status.SYNCED
    assert (paths.outbox_dir() / name).exists()  # nothing deleted for a refusal
    register_laptop(url)
    folders, problems = release_quarantine(quarantine)
    assert (folders, problems) == ([inbox], []) and (inbox / name).exists()
    with OfficeStore.open(url) as office:
        again = intake(office, folders, quarantine)
    assert len(again.taken_in) == 1 and again.ok
    done = sync(laptop, inbox)
    assert done.received == [name] and done.refused == []
    assert laptop.get(interview_id).status is Status.RECEIVED and refusals.current(laptop) == []


def test_a_damaged_copy_is_refused_then_resent_and_received(laptop, tmp_path):
    inbox, quarantine = tmp_path / "sync", tmp_path / "q"
    [interview_id] = sent_bundles(laptop, inbox, count=1)
    name = laptop.bundle(interview_id).file_name
    (inbox / name).write_bytes(b"PK\x03\x04 damaged on the way")
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    register_laptop(url)
    with OfficeStore.open(url) as office:
        assert len(intake(office, [inbox], quarantine).quarantined) == 1
    [line] = sync(laptop, inbox).refused
    assert "壊れて" in line and "再送" in line
    refusals.resend(laptop, interview_id)
    assert laptop.get(interview_id).status is Status.EXPORTED
    resent = sync(laptop, inbox)
    assert resent.copied == [name] and resent.refused == []
    with OfficeStore.open(url) as office:
        assert len(intake(office, [inbox], quarantine).taken_in) == 1
    assert sync(laptop, inbox).received == [name]
    with pytest.raises(refusals.NotRefused):
        refusals.resend(laptop, interview_id)


def test_a_rebuilt_bundle_is_a_resend_not_a_replay(laptop, tmp_path, cyberdesk_home):
    """age's encryption is randomised: the same revision exported again is other bytes. Head
    office recognises the same signed content by the manifest's hash and answers with a receipt
    for the new bytes, instead of quarantining it as replayed."""
    key_file, public = head_office_key(tmp_path)
    deploy(cyberdesk_home, [public])
    inbox, quarantine = tmp_path / "sync", tmp_path / "q"
    [interview_id] = sent_bundles(laptop, inbox, count=1)
    row = laptop.bundle(interview_id)
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    register_laptop(url)
    identities = seal.read_identities(key_file)
    with OfficeStore.open(url) as office:
        assert len(intake(office, [inbox], quarantine, identities=identities).taken_in) == 1
    first = (inbox / row.file_name).read_bytes()
    (inbox / row.file_name).unlink()  # the folder's copy, and the outbox's, are lost
    (paths.outbox_dir() / row.file_name).unlink()
    for message in messages.found_in(inbox):
        message.unlink()  # before the laptop saw the receipt
    laptop.record_bundle(laptop.get(interview_id), Status.EXPORTED, row.file_name, row.sha256,
                         row.size, delivered=False)
    assert sync(laptop, inbox).copied == [row.file_name]
    assert (inbox / row.file_name).read_bytes() != first  # rebuilt: a new envelope
    with OfficeStore.open(url) as office:
        again = intake(office, [inbox], quarantine, identities=identities)
    assert (len(again.already_had), again.quarantined) == (1, [])
    assert sync(laptop, inbox).received == [row.file_name]


@pytest.mark.slow
def test_the_commands_retry_the_quarantine_and_resend(laptop, tmp_path):
    from conftest import run_cli

    from cyberdesk.trust.keys import laptop_key

    inbox, quarantine = tmp_path / "sync", tmp_path / "q"
    [interview_id] = sent_bundles(laptop, inbox, count=1)
    laptop.close()
    env = {"CYBERDESK_OFFICE_DB": f"sqlite:///{tmp_path / 'office.sqlite3'}"}
    refused = run_cli("office", "intake", "--quarantine", str(quarantine), str(inbox), env=env)
    assert refused.returncode == 1 and "unknown_sender" in refused.stderr
    told = run_cli("sync", "--to", str(inbox))
    assert "本部で受け付けられませんでした" in told.stderr
    assert run_cli("resend", interview_id[:8]).returncode == 0
    assert run_cli("resend", "nothing").returncode == 2
    assert run_cli("office", "intake", env=env).returncode == 2  # no folder, no --retry-quarantine
    registered = run_cli("office", "agents", "--add", laptop_key().fingerprint, "--agency",
                         "A1234-567", env=env)
    assert registered.returncode == 0, registered.stderr
    retried = run_cli("office", "intake", "--retry-quarantine", "--quarantine", str(quarantine),
                      env=env)
    assert retried.returncode == 0, retried.stderr
    assert "取り込み 1件" in retried.stdout
    done = run_cli("sync", "--to", str(inbox))
    assert "本部が受領" in done.stdout and "受け付けられません" not in done.stderr
