"""Sync into a real folder: every waiting bundle delivered once, checked, marked; a second run
copies nothing; the command line reports what it did."""

from __future__ import annotations

import pytest
from bundle_helpers import add_finalized, files
from conftest import run_cli

from cyberdesk.files import paths
from cyberdesk.model.interview import Status
from cyberdesk.services.export import export
from cyberdesk.services.laptop import open_store
from cyberdesk.services.outbox import waiting_count
from cyberdesk.services.sync import SyncError, sync
from cyberdesk.services.verify import Verdict, verify


def test_export_sync_verify_for_many_interviews(store, tmp_path):
    ids = add_finalized(store, count=20)
    for interview_id in ids[:15]:
        export(store, interview_id)  # the last five are exported by the sync itself
    assert waiting_count(store) == 20
    folder = tmp_path / "head-office"
    folder.mkdir()
    seen = []
    result = sync(store, folder, progress=seen.append)
    assert result.complete and len(result.copied) == 20 and result.already_there == []
    assert files(folder) == files(paths.outbox_dir())  # no temporary file left beside them
    assert {p.index for p in seen} == set(range(20)) and seen[-1].fraction == 1.0
    for interview_id in ids:
        assert store.get(interview_id).status is Status.SYNCED
        row = store.bundle(interview_id)
        assert row.synced_at and row.synced_to == str(folder)
    assert waiting_count(store) == 0
    reports = verify([folder])
    assert len(reports) == 20 and {r.verdict for r in reports} == {Verdict.OK}
    assert {r.manifest["interview_id"] for r in reports} == set(ids)


def test_a_second_sync_copies_nothing(store, tmp_path):
    add_finalized(store, count=3)
    sync(store, tmp_path)
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    again = sync(store, tmp_path)
    assert again.complete and again.copied == [] and again.already_there == []
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


def test_a_bundle_already_there_intact_is_only_marked(store, tmp_path):
    [interview_id] = add_finalized(store)
    bundle = export(store, interview_id).path
    (tmp_path / bundle.name).write_bytes(bundle.read_bytes())  # e.g. copied before a crash
    result = sync(store, tmp_path)
    assert result.already_there == [bundle.name] and result.copied == []
    assert store.get(interview_id).status is Status.SYNCED


def test_a_stale_partial_copy_is_replaced_and_stray_temporaries_removed(store, tmp_path):
    [interview_id] = add_finalized(store)
    bundle = export(store, interview_id).path
    (tmp_path / bundle.name).write_bytes(bundle.read_bytes()[:1000])  # another tool's half copy
    (tmp_path / f".{bundle.name}.0badc0de.tmp").write_bytes(b"half")  # a killed run's leftover
    result = sync(store, tmp_path)
    assert result.copied == [bundle.name]
    assert files(tmp_path) == {bundle.name: bundle.read_bytes()}


def test_a_bundle_lost_from_the_outbox_is_rebuilt_and_sent(store, tmp_path):
    [interview_id] = add_finalized(store)
    bundle = export(store, interview_id).path
    data = bundle.read_bytes()
    bundle.unlink()
    assert sync(store, tmp_path).copied == [bundle.name]
    assert (tmp_path / bundle.name).read_bytes() == data


def test_a_missing_folder_is_refused_and_nothing_changes(store, tmp_path):
    add_finalized(store, count=2)
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    for folder in (tmp_path / "missing", not_a_folder / "inside"):
        with pytest.raises(SyncError) as refused:
            sync(store, folder)
        assert str(folder) in str(refused.value)
    assert waiting_count(store) == 2 and store.waiting_bundles() == []  # not even exported


@pytest.mark.slow
def test_the_command_syncs_to_the_settings_folder_or_to(cyberdesk_home, tmp_path):
    settings_folder = tmp_path / "share"
    settings_folder.mkdir()
    with open_store() as store:
        add_finalized(store, count=2)
    unset = run_cli("sync")
    assert unset.returncode == 2 and len(unset.stderr.strip().splitlines()) == 1
    with open_store() as store:
        store.set_setting("sync_folder", str(settings_folder))
    done = run_cli("sync")
    assert done.returncode == 0, done.stderr
    assert len(list(settings_folder.iterdir())) == 2
    assert str(settings_folder) in done.stdout.strip().splitlines()[-1]

    with open_store() as store:
        add_finalized(store, count=1, prefix="more")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    override = run_cli("sync", "--to", str(elsewhere))
    assert override.returncode == 0, override.stderr
    assert len(list(elsewhere.iterdir())) == 1 and len(list(settings_folder.iterdir())) == 2

    missing = run_cli("sync", "--to", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    [line] = missing.stderr.strip().splitlines()
    assert str(tmp_path / "nowhere") in line and "Traceback" not in missing.stderr
