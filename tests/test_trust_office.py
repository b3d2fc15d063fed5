"""Head office's side of trust: the deployment file it writes, the proof it keeps per revision
(`office verify-record`), and outputs that never land on its database, keys, bundles or
quarantine, 0600 whatever the umask."""

from __future__ import annotations

import json
import shlex
import sqlite3
import subprocess
import sys

import pytest
from conftest import run_cli
from office_fixtures import register_laptop
from office_helpers import sent_bundles

from cyberdesk.office.intake import intake
from cyberdesk.office.proof import prove
from cyberdesk.office.store import OfficeStore
from cyberdesk.services import messages
from cyberdesk.services.laptop import open_store
from cyberdesk.trust import deployment
from cyberdesk.trust.keys import laptop_key


@pytest.fixture
def laptop():
    store = open_store()
    yield store
    store.close()


@pytest.mark.slow
def test_office_deployment_writes_a_file_the_laptop_reads(tmp_path):
    key_file = tmp_path / "office-2026.txt"
    made = run_cli("office", "keygen", str(key_file))
    assert made.returncode == 0, made.stderr
    public = made.stdout.strip()
    signing = tmp_path / "office-2026.signing.txt"
    assert signing.stat().st_mode & 0o777 == 0o600 and key_file.stat().st_mode & 0o777 == 0o600
    target = tmp_path / "it" / "deployment.toml"
    target.parent.mkdir()
    done = run_cli("office", "deployment", "--identity", str(key_file), "-o", str(target),
                   "--agency", "A1234-567", "--sync-folder", r"\\server\share\佐藤",
                   "--retention-days", "90")
    assert done.returncode == 0, done.stderr
    fixed = deployment.read(target)
    assert fixed.recipients == (public,) and fixed.agency_code == "A1234-567"
    assert str(fixed.sync_folder) == r"\\server\share\佐藤" and fixed.retention_days == 90
    assert fixed.office_signing_key == messages.read_office_key(signing).public_bytes
    assert target.stat().st_mode & 0o777 == 0o600
    bad = run_cli("office", "deployment", "--identity", str(key_file), "-o", str(tmp_path / "d2"),
                  "--agency", "A 1", "--retention-days", "0")
    assert bad.returncode == 2 and not (tmp_path / "d2").exists()
    assert "agency_code" in bad.stderr and "retention_days" in bad.stderr
    onto_key = run_cli("office", "deployment", "--identity", str(key_file), "-o", str(signing))
    assert onto_key.returncode == 2 and "AGE-SECRET" not in onto_key.stderr
    assert messages.read_office_key(signing)  # untouched
    again = run_cli("office", "keygen", str(key_file))
    assert again.returncode == 2 and key_file.read_text().count("AGE-SECRET-KEY") == 1


def test_a_recipient_with_one_wrong_letter_is_refused_when_read(tmp_path):
    from conftest import deployment_text

    good = "age1zh8mu6wtcd0yjk7hk3nx60n6klr7wugdvsxpxhyeds7a5ggezqqqt480a5"
    typo = good[:30] + ("q" if good[30] != "q" else "p") + good[31:]
    path = tmp_path / "deployment.toml"
    path.write_text(deployment_text([typo]), encoding="utf-8")
    with pytest.raises(deployment.DeploymentError) as caught:
        deployment.read(path)
    assert caught.value.problems == [f"{path}: recipients[0]: age の公開鍵ではありません。チェック"
                                     "サムが一致しません(文字の誤りがありませんか)。"]


def test_a_deeply_nested_deployment_file_is_one_line(tmp_path):
    path = tmp_path / "deployment.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(deployment.DeploymentError) as caught:
        deployment.read(path)
    assert len(caught.value.problems) == 1 and str(path) in caught.value.problems[0]


def test_a_record_proves_itself_from_the_database_alone(laptop, tmp_path):
    inbox = tmp_path / "sync"
    [interview_id] = sent_bundles(laptop, inbox, count=1)
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    register_laptop(url)
    with OfficeStore.open(url) as office:
        assert len(intake(office, [inbox], tmp_path / "q").taken_in) == 1
        number = laptop.get(interview_id).document_number
        [row] = office.records(number.lower())
        assert json.loads(row["signature"])["algorithm"] == "Ed25519"
        assert prove(office, row).ok
    with sqlite3.connect(tmp_path / "office.sqlite3") as db:  # someone edits the record
        db.execute("UPDATE interviews SET document = replace(document, 'テスト', 'テヌト')")
    with OfficeStore.open(url) as office:
        [row] = office.records(number)
        proof = prove(office, row)
    assert not proof.ok and any("interview.json" in line for line in proof.problems)


@pytest.mark.slow
def test_verify_record_command(laptop, tmp_path):
    inbox = tmp_path / "sync"
    [interview_id] = sent_bundles(laptop, inbox, count=1)
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    register_laptop(url)
    with OfficeStore.open(url) as office:
        intake(office, [inbox], tmp_path / "q")
    number = laptop.get(interview_id).document_number
    done = run_cli("office", "verify-record", number, "--db", url)
    assert done.returncode == 0, done.stderr
    assert "署名" in done.stdout or "signature" in done.stdout
    missing = run_cli("office", "verify-record", "CD-00000000-01", "--db", url)
    assert missing.returncode == 1


@pytest.mark.slow
def test_every_office_output_refuses_the_database_and_key_files(laptop, tmp_path):
    database = tmp_path / "office.sqlite3"
    url = f"sqlite:///{database}"
    with OfficeStore.open(url):
        pass
    key_file = tmp_path / "office-key.txt"
    assert run_cli("office", "keygen", str(key_file)).returncode == 0
    before = {p: p.read_bytes() for p in (database, key_file, tmp_path / "office-key.signing.txt")}
    for option in ("--csv", "--html"):
        for target in before:
            done = run_cli("office", "report", "--db", url, option, str(target))
            assert done.returncode == 2, (option, target, done.stderr)
    onto_db = run_cli("office", "deployment", "--identity", str(key_file), "-o", str(database),
                      "--db", url)
    assert onto_db.returncode == 2
    assert {p: p.read_bytes() for p in before} == before
    env = {"CYBERDESK_OFFICE_DB": url}
    ok = run_cli("office", "report", "--csv", str(tmp_path / "r.csv"), env=env)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "r.csv").stat().st_mode & 0o777 == 0o600


@pytest.mark.slow
def test_head_office_files_are_private_whatever_the_umask(laptop, tmp_path):
    inbox = tmp_path / "sync"
    sent_bundles(laptop, inbox, count=1)
    (inbox / "junk.zip").write_bytes(b"junk")
    url = f"sqlite:///{tmp_path / 'db' / 'office.sqlite3'}"
    quarantine = tmp_path / "quarantine"
    quarantine.mkdir(mode=0o755)
    quarantine.chmod(0o755)  # as an earlier version left it
    office = f"{shlex.quote(sys.executable)} -m cyberdesk office"
    script = (f"umask 000 && {office} agents --db '{url}' --add {laptop_key().fingerprint} "
              f"--agency A1234-567 && {office} intake --db '{url}' --quarantine '{quarantine}' "
              f"'{inbox}'")
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr  # the junk was quarantined
    for path in [tmp_path / "db" / "office.sqlite3", *quarantine.iterdir(),
                 *(inbox / messages.FOLDER).iterdir()]:
        assert path.stat().st_mode & 0o077 == 0, path
    for folder in (quarantine, inbox / messages.FOLDER, tmp_path / "db"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder


@pytest.mark.slow
def test_verify_says_encrypted_not_opened_and_signed_not_checked(laptop, tmp_path, cyberdesk_home):
    from sealed_helpers import deploy, head_office_key

    plain = tmp_path / "plain"
    sent_bundles(laptop, plain, count=1)
    done = run_cli("verify", str(plain))
    assert done.returncode == 0, done.stdout
    assert "登録簿とは照合していません" in done.stdout and laptop_key().fingerprint in done.stdout
    key_file, public = head_office_key(tmp_path)
    deploy(cyberdesk_home, [public])
    sealed = tmp_path / "sealed"
    sent_bundles(laptop, sealed, count=1, prefix="sealed")
    locked = run_cli("verify", str(sealed))
    assert locked.returncode == 1
    assert locked.stdout.startswith("暗号化 — 未開封\t") and "破損 0件" in locked.stdout
    opened = run_cli("verify", "--identity", str(key_file), str(sealed))
    assert opened.returncode == 0, opened.stdout
