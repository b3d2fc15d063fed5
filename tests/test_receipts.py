"""The laptop reads head office's receipts on sync: a matching one marks the interview received,
anything else changes nothing and is reported."""

from __future__ import annotations

import dataclasses
import os

import pytest
from bundle_helpers import add_finalized
from conftest import run_cli
from office_helpers import sent_bundles

from cyberdesk.model.interview import Status
from cyberdesk.services import receipt
from cyberdesk.services.export import export
from cyberdesk.services.laptop import open_store
from cyberdesk.services.sync import sync
from cyberdesk.store.store import Store


@pytest.fixture
def laptop():
    store = open_store()
    yield store
    store.close()


def receipt_for(store: Store, interview_id: str) -> receipt.Receipt:
    """The receipt head office's intake writes for this laptop's bundle."""
    row = store.bundle(interview_id)
    return receipt.Receipt(
        interview_id=interview_id, lineage_id=row.lineage_id, revision=row.revision,
        document_number=store.get(interview_id).document_number, bundle_name=row.file_name,
        bundle_sha256=row.sha256, received_at="2026-11-27T01:00:00+00:00")


def test_a_matching_receipt_marks_the_interview_received_once(laptop, tmp_path):
    folder = tmp_path / "sync"
    ids = sent_bundles(laptop, folder, count=2)
    receipt.write(folder / laptop.bundle(ids[0]).file_name, receipt_for(laptop, ids[0]))
    result = sync(laptop, folder)
    assert result.received == [laptop.bundle(ids[0]).file_name] and result.ignored_receipts == []
    assert laptop.get(ids[0]).status is Status.RECEIVED
    assert laptop.get(ids[1]).status is Status.SYNCED
    assert laptop.counts()[Status.RECEIVED] == 1
    again = sync(laptop, folder)
    assert again.received == [] and again.complete
    export(laptop, ids[0])  # exporting a received revision again leaves it received, not re-sent
    assert laptop.get(ids[0]).status is Status.RECEIVED and laptop.waiting_bundles() == []


def test_other_receipts_change_nothing_and_are_reported(laptop, tmp_path):
    folder = tmp_path / "sync"
    ids = sent_bundles(laptop, folder, count=1)
    name = laptop.bundle(ids[0]).file_name
    genuine = receipt_for(laptop, ids[0])
    (folder / "receipts").mkdir()
    forged = dataclasses.replace(genuine, bundle_sha256="0" * 64)
    (folder / "receipts" / "forged.receipt.json").write_bytes(forged.to_bytes())
    stranger = dataclasses.replace(genuine, interview_id="f" * 32)
    (folder / "receipts" / "stranger.receipt.json").write_bytes(stranger.to_bytes())
    (folder / "receipts" / "garbage.receipt.json").write_bytes(b"{\"format\": \"x\"")
    os.mkfifo(folder / "receipts" / "fifo.receipt.json")  # must not block the sync
    unsent = add_finalized(laptop, 1, prefix="unsent")[0]
    export(laptop, unsent)  # exported, not delivered: a receipt for it is not believed
    row = laptop.bundle(unsent)
    (folder / "receipts" / "unsent.receipt.json").write_bytes(dataclasses.replace(
        genuine, interview_id=unsent, lineage_id=row.lineage_id, bundle_sha256=row.sha256).to_bytes())
    result = _sync_without_sending(laptop, folder)
    assert result.received == []
    assert laptop.get(ids[0]).status is Status.SYNCED
    problems = "\n".join(result.ignored_receipts)
    assert len(result.ignored_receipts) == 5
    for file in ("forged", "stranger", "garbage", "fifo", "unsent"):
        assert f"{file}.receipt.json" in problems
    assert "送っていない" in problems and "一致しません" in problems and "受領証ではありません" in problems
    assert name not in problems


def _sync_without_sending(store: Store, folder):
    """Read the receipts as sync does, without delivering what waits."""
    from cyberdesk.services.sync import SyncResult, take_receipts

    result = SyncResult(folder)
    take_receipts(store, folder, result)
    return result


@pytest.mark.slow
def test_cli_sync_says_what_head_office_received(laptop, tmp_path):
    folder = tmp_path / "sync"
    ids = sent_bundles(laptop, folder, count=1)
    receipt.write(folder / laptop.bundle(ids[0]).file_name, receipt_for(laptop, ids[0]))
    (folder / "receipts" / "x.receipt.json").write_bytes(b"[]")
    laptop.close()
    done = run_cli("sync", "--to", str(folder))
    assert done.returncode == 0, done.stderr
    assert "本部が受領" in done.stdout
    assert done.stderr.count("\n") == 1 and "x.receipt.json" in done.stderr
    listed = run_cli("list")
    assert "受領済み" in listed.stdout
