"""Customer data protected end to end: interview → finalize → export → sync → intake → receipt →
purge, each step as the agent and head office run it (real processes, real files), then not one
byte sequence of the customer's company name, representative, phone or e-mail — in any encoding
the files use — is left in any file under the laptop's data folder or the sync folder."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import run_cli
from office_fixtures import register_laptop
from sealed_helpers import deploy, head_office_key

from cyberdesk import clock
from cyberdesk.model.interview import Status
from cyberdesk.services.laptop import open_store
from cyberdesk.services.purge import purge_due, schedule

pytestmark = pytest.mark.dates

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "interview-basic.json"
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "cp932", "euc-jp", "iso-2022-jp")
RETENTION = 30


def needles(customer: dict) -> dict[bytes, str]:
    """Every byte form of the customer's identifying values: each encoding the files may use,
    JSON's \\u escapes, and the parts of names written with a blank."""
    values = [customer["company_name"], customer["representative_name"],
              *customer["representative_name"].split(), customer["contact_phone"],
              customer["contact_email"]]
    found: dict[bytes, str] = {}
    for value in values:
        for encoding in ENCODINGS:
            try:
                found[value.encode(encoding)] = f"{value} ({encoding})"
            except UnicodeEncodeError:
                continue
        found[json.dumps(value).strip('"').encode()] = f"{value} (JSON escapes)"
    return found


def leaks(folders: list[Path], forms: dict[bytes, str]) -> list[str]:
    found = []
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                path = Path(root) / name
                data = path.read_bytes()
                found += [f"{path}: {what}" for form, what in forms.items()
                          if form in data or form in path.name.encode()]
    return found


@pytest.mark.slow
def test_nothing_of_the_customer_is_left_on_the_laptop_or_in_the_sync_folder(
        cyberdesk_home, tmp_path):
    key_file, public = head_office_key(tmp_path)
    deploy(cyberdesk_home, [public], retention_days=RETENTION)
    sync_folder, office_url = tmp_path / "sync", f"sqlite:///{tmp_path / 'office.sqlite3'}"
    sync_folder.mkdir()
    register_laptop(office_url)
    forms = needles(json.loads(EXAMPLE.read_text(encoding="utf-8"))["customer"])
    control = tmp_path / "control"
    control.mkdir()
    (control / "a.json").write_bytes(EXAMPLE.read_bytes())
    (control / "b.txt").write_bytes("株式会社さくらシステム開発".encode("cp932"))
    assert len(leaks([control], forms)) >= 6  # the scan finds what is there

    draft = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    draft["status"], draft["finalized_at"] = "draft", None
    (tmp_path / "draft.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    imported = run_cli("import", str(tmp_path / "draft.json"))
    assert imported.returncode == 0, imported.stderr
    interview_id = imported.stdout.split()[-1]
    for step in (("finalize", interview_id), ("export", interview_id),
                 ("sync", "--to", str(sync_folder))):
        done = run_cli(*step)
        assert done.returncode == 0, (step, done.stderr)
    assert leaks([sync_folder], forms) == []  # in transit: only ciphertext
    intake = run_cli("office", "intake", "--db", office_url, "--identity", str(key_file),
                     "--quarantine", str(tmp_path / "quarantine"), str(sync_folder))
    assert intake.returncode == 0 and "取り込み 1件" in intake.stdout, intake.stdout + intake.stderr
    received = run_cli("sync", "--to", str(sync_folder))
    assert received.returncode == 0 and "受領" in received.stdout, received.stdout
    assert os.listdir(cyberdesk_home / "outbox") == []  # the bundle left with the receipt

    shown = run_cli("purge")
    assert f"{clock.today() + timedelta(days=RETENTION)}" in shown.stdout, shown.stdout
    with open_store() as store:
        assert purge_due(store, RETENTION, clock.today() + timedelta(days=RETENTION - 1)) == []
        [purged] = purge_due(store, RETENTION, clock.today() + timedelta(days=RETENTION))
        assert purged.interview_id == interview_id
        tomb = store.get(interview_id)
        assert tomb.status is Status.RECEIVED and tomb.customer.company_name == ""
        assert [p.purged for p in schedule(store, RETENTION)] == [True]
        assert [e.event for e in store.audit_trail(interview_id)][-1] == "purged"
        [summary] = store.summaries()
        assert summary.purged and summary.status is Status.RECEIVED
    listed = run_cli("list", "--json")
    [row] = json.loads(listed.stdout)
    assert (row["id"], row["status"], row["company_name"]) == (interview_id, "received", "")

    assert leaks([cyberdesk_home, sync_folder], forms) == []
