"""The laptop reads head office's signed messages on sync: a receipt signed by head office's key
(the deployment file's) that matches a bundle it delivered marks the interview received; anything
else — forged, unsigned, for another bundle — changes nothing (no status, no deletion, no purge)
and is reported once."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from datetime import timedelta

import pytest
from bundle_helpers import add_finalized
from conftest import PILOT, deployment_text, run_cli
from office_helpers import sent_bundles

from cyberdesk import clock
from cyberdesk.files import paths
from cyberdesk.model.interview import Status
from cyberdesk.services import messages
from cyberdesk.services.export import export
from cyberdesk.services.laptop import open_store
from cyberdesk.services.purge import purge_due
from cyberdesk.services.sync import sync
from cyberdesk.store.store import Store


@pytest.fixture
def laptop():
    store = open_store()
    yield store
    store.close()


def receipt_for(store: Store, interview_id: str, **changes) -> messages.Message:
    """The receipt head office's intake sends for this laptop's bundle."""
    row = store.bundle(interview_id)
    body = {"bundle_name": row.file_name, "bundle_sha256": row.sha256,
            "received_at": "2026-11-27T01:00:00+00:00"}
    fields = {"interview_id": interview_id, "lineage_id": row.lineage_id, "revision": row.revision,
              "document_number": store.get(interview_id).document_number}
    fields.update(changes)
    return messages.message(messages.RECEIPT, body, issued_at=body["received_at"], **fields)


def plant(folder, name: str, data: bytes) -> None:
    (folder / messages.FOLDER).mkdir(exist_ok=True)
    (folder / messages.FOLDER / name).write_bytes(data)


def test_a_matching_receipt_marks_the_interview_received_once(laptop, tmp_path, office_key):
    folder = tmp_path / "sync"
    ids = sent_bundles(laptop, folder, count=2)
    messages.send(folder, receipt_for(laptop, ids[0]), office_key)
    result = sync(laptop, folder)
    assert result.received == [laptop.bundle(ids[0]).file_name] and result.ignored_messages == []
    assert laptop.get(ids[0]).status is Status.RECEIVED
    assert laptop.get(ids[1]).status is Status.SYNCED
    assert laptop.counts()[Status.RECEIVED] == 1
    assert not (paths.outbox_dir() / laptop.bundle(ids[0]).file_name).exists()
    again = sync(laptop, folder)
    assert again.received == [] and again.complete
    export(laptop, ids[0])  # exporting a received revision again leaves it received, not re-sent
    assert laptop.get(ids[0]).status is Status.RECEIVED and laptop.waiting_bundles() == []


def test_other_messages_change_nothing_and_are_reported_once(laptop, tmp_path, office_key):
    folder = tmp_path / "sync"
    ids = sent_bundles(laptop, folder, count=1)
    name = laptop.bundle(ids[0]).file_name
    genuine = receipt_for(laptop, ids[0])
    forged = dataclasses.replace(genuine, body={**genuine.body, "bundle_sha256": "0" * 64})
    plant(folder, "forged.json", messages.sign(forged, office_key))
    stranger = dataclasses.replace(genuine, interview_id="f" * 32)
    plant(folder, "stranger.json", messages.sign(stranger, office_key))
    plant(folder, "garbage.json", b"{\"format\": \"x\"")
    os.mkfifo(folder / messages.FOLDER / "fifo.json")  # must not block the sync
    plant(folder, "large.json", b" " * (messages.MAX_BYTES + 1))
    (folder / messages.FOLDER / "link.json").symlink_to(folder / messages.FOLDER / "garbage.json")
    unsent = add_finalized(laptop, 1, prefix="unsent")[0]
    export(laptop, unsent)  # exported, not delivered: a receipt for it is not believed
    row = laptop.bundle(unsent)
    plant(folder, "unsent.json", messages.sign(dataclasses.replace(
        genuine, interview_id=unsent, lineage_id=row.lineage_id,
        body={**genuine.body, "bundle_sha256": row.sha256}), office_key))
    result = _apply_only(laptop, folder)
    assert result.received == []
    assert laptop.get(ids[0]).status is Status.SYNCED
    assert (paths.outbox_dir() / name).exists()  # nothing deleted for an ignored receipt
    problems = "\n".join(result.ignored)
    assert len(result.ignored) == 7, problems
    for file in ("forged", "stranger", "garbage", "fifo", "large", "link", "unsent"):
        assert f"{file}.json" in problems
    assert "送っていない" in problems and "一致しません" in problems
    assert name not in problems
    assert _apply_only(laptop, folder).ignored == []  # reported once, not at every sync


def test_a_forged_receipt_purges_nothing(laptop, tmp_path, cyberdesk_home):
    """The attack: write access to the sync folder alone. Hash the bundle, write a matching
    receipt (unsigned as before, or signed by the attacker's own key), delete the bundle. The
    laptop changes nothing: still 送付済み, the outbox copy kept, nothing purged however late."""
    (cyberdesk_home / "deployment.toml").write_text(
        deployment_text(extra=PILOT + "retention_days = 1\npurge_after = \"receipt\"\n"), encoding="utf-8")
    folder = tmp_path / "sync"
    ids = sent_bundles(laptop, folder, count=1)
    row = laptop.bundle(ids[0])
    sha256 = hashlib.sha256((folder / row.file_name).read_bytes()).hexdigest()
    assert sha256 == row.sha256
    attacker = messages.new_office_key()
    plant(folder, "signed-by-another.json", messages.sign(receipt_for(laptop, ids[0]), attacker))
    old_style = json.dumps({"format": "cyberdesk.receipt", "version": 1, "interview_id": ids[0],
                            "lineage_id": row.lineage_id, "revision": 1, "document_number": "x",
                            "bundle_name": row.file_name, "bundle_sha256": sha256,
                            "received_at": "2026-11-27T01:00:00+00:00"})
    plant(folder, "unsigned.json", old_style.encode())
    envelope = json.loads(messages.sign(receipt_for(laptop, ids[0]), attacker))
    envelope["signer"] = "SAME-AS-HEAD-OFFICE"  # a name proves nothing: only the key does
    plant(folder, "renamed.json", json.dumps(envelope).encode())
    (folder / row.file_name).unlink()
    result = sync(laptop, folder)
    assert result.received == [] and len(result.ignored_messages) == 3
    assert all("本部の鍵" in line or "本部からのメッセージではありません" in line
               for line in result.ignored_messages), result.ignored_messages
    assert laptop.get(ids[0]).status is Status.SYNCED
    assert (paths.outbox_dir() / row.file_name).exists()
    with clock.shifted(timedelta(days=400)):
        assert purge_due(laptop, 1) == []
        sync(laptop, folder)
    assert laptop.get(ids[0]).status is Status.SYNCED and laptop.get(ids[0]).customer.company_name


def test_without_head_office_key_in_force_nothing_is_believed(laptop, tmp_path, cyberdesk_home,
                                                              office_key):
    folder = tmp_path / "sync"
    ids = sent_bundles(laptop, folder, count=1)
    messages.send(folder, receipt_for(laptop, ids[0]), office_key)
    other = messages.new_office_key()
    text = deployment_text(extra=PILOT).replace(
        messages.public_text(office_key.public_bytes), messages.public_text(other.public_bytes))
    (cyberdesk_home / "deployment.toml").write_text(text, encoding="utf-8")  # head office's new key
    result = _apply_only(laptop, folder)
    assert result.received == [] and len(result.ignored) == 1
    assert laptop.get(ids[0]).status is Status.SYNCED


def _apply_only(store: Store, folder):
    """Apply head office's messages as sync does, without delivering what waits."""
    from cyberdesk.services.inbox import apply_messages

    return apply_messages(store, folder)


@pytest.mark.slow
def test_cli_sync_says_what_head_office_received(laptop, tmp_path, office_key):
    folder = tmp_path / "sync"
    ids = sent_bundles(laptop, folder, count=1)
    messages.send(folder, receipt_for(laptop, ids[0]), office_key)
    plant(folder, "x.json", b"[]")
    laptop.close()
    done = run_cli("sync", "--to", str(folder))
    assert done.returncode == 0, done.stderr
    assert "本部が受領" in done.stdout
    assert done.stderr.count("\n") == 1 and "x.json" in done.stderr
    listed = run_cli("list")
    assert "受領済み" in listed.stdout
