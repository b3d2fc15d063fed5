"""Bundles encrypted to head office (age) and signed by the laptop (Ed25519): only ciphertext
leaves the laptop, head office opens it with CyberDesk or the age tool, and intake quarantines
tampered, re-signed, replayed and unknown-sender bundles with the right reason; a bundle
encrypted to an old recipient still opens after a rotation."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile

import pytest
from conftest import run_cli
from office_fixtures import register_laptop
from sealed_helpers import deploy, head_office_key, opened, other_key, repacked

from cyberdesk.office.intake import intake
from cyberdesk.office.store import OfficeStore
from cyberdesk.services import seal
from cyberdesk.services.laptop import open_store
from cyberdesk.services.verify import Verdict, verify


@pytest.fixture
def office(cyberdesk_home, tmp_path):
    """Head office's key, the laptop deployed with it, head office's database knowing the laptop."""
    key_file, public = head_office_key(tmp_path)
    deploy(cyberdesk_home, [public])
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    register_laptop(url)
    return key_file, public, url


def sent(folder, count: int = 1) -> list[str]:
    from office_helpers import sent_bundles

    with open_store() as store:
        return sent_bundles(store, folder, count=count)


def reasons(result) -> dict[str, str]:
    return {item.path.name: item.reasons[0].split(":")[0] for item in result.quarantined}


@pytest.mark.slow
def test_only_ciphertext_leaves_the_laptop_and_age_opens_it(office, cyberdesk_home, tmp_path):
    key_file, _public, url = office
    folder = tmp_path / "sync"
    sent(folder)
    [bundle] = sorted(folder.glob("*.age"))
    [outboxed] = sorted((cyberdesk_home / "outbox").iterdir())
    assert bundle.read_bytes() == outboxed.read_bytes()
    assert bundle.read_bytes().startswith(seal.AGE_MAGIC)
    assert "株式会社" not in bundle.name and bundle.name.endswith("_r01_" + bundle.name[-12:])
    for text in ("株式会社テスト000", "高橋 健一", "03-5555-0198", "y.nakamura@sakura-sysdev.example"):
        assert text.encode() not in bundle.read_bytes()
    # Head office without CyberDesk: the age tool gives the signed zip, which verify accepts.
    plain = tmp_path / "plain.zip"
    subprocess.run(["age", "-d", "-i", str(key_file), "-o", str(plain), str(bundle)], check=True)
    with zipfile.ZipFile(plain) as archive:
        assert archive.namelist() == ["manifest.json", "interview.json", "summary.pdf",
                                      "audit.json", "signature.json"]
    [report] = verify([plain])
    assert report.verdict is Verdict.OK
    [locked] = verify([bundle])
    assert [f.code for f in locked.findings] == ["encrypted"]
    done = run_cli("verify", "--identity", str(key_file), "--db", url, str(folder))
    assert done.returncode == 0, done.stdout + done.stderr


def test_tampered_resigned_replayed_and_unknown_bundles_are_quarantined(office, tmp_path):
    key_file, public, url = office
    folder, quarantine = tmp_path / "sync", tmp_path / "quarantine"
    sent(folder)
    [good] = sorted(folder.glob("*.age"))
    members = opened(good.read_bytes(), key_file)

    def rename(document):
        document["customer"]["contact_phone"] = "03-0000-0000"  # (not in the manifest)

    intruder = other_key()
    stranger = other_key()
    with OfficeStore.open(url) as store:  # a key registered to another agency
        assert store.register_key(stranger.fingerprint, "Z9999", "他社", "2026-11-27T00:00:00Z")
    forged = {
        "tampered.age": repacked(members, [public], edit_interview=rename),
        "resigned.age": repacked(members, [public], signer=intruder, edit_interview=rename),
        "other-agency.age": repacked(members, [public], signer=stranger),
        "reencrypted.age": repacked(members, [public]),
        "not-for-us.age": repacked(members, [str(seal.new_identity()[1])]),
    }
    with OfficeStore.open(url) as store:
        first = intake(store, [folder], quarantine, identities=seal.read_identities(key_file))
    assert (len(first.taken_in), first.quarantined) == (1, [])
    shutil.copy(good, folder / "copy-of-good.age")
    for name, data in forged.items():
        (folder / name).write_bytes(data)
    with OfficeStore.open(url) as store:
        result = intake(store, [folder], quarantine, identities=seal.read_identities(key_file))
        assert len(store.revisions()) == 1
    assert reasons(result) == {
        "tampered.age": "bad_signature", "resigned.age": "unknown_sender",
        "other-agency.age": "wrong_sender", "reencrypted.age": "replayed",
        "copy-of-good.age": "replayed", "not-for-us.age": "cannot_decrypt"}
    assert result.already_had == [good]
    for name in reasons(result):
        assert not (folder / name).exists()
        reason = (quarantine / f"{name}.reason.txt").read_text(encoding="utf-8")
        assert reasons(result)[name] in reason


@pytest.mark.slow
def test_an_unknown_laptop_is_quarantined_until_registered_and_a_revoked_one_again(
        office, tmp_path):
    key_file, _public, url = office
    folder = tmp_path / "sync"
    sent(folder)
    with OfficeStore.open(url) as store:
        [fingerprint] = store.senders()
        store.revoke_key(fingerprint, "2026-11-27T00:00:00Z")
        result = intake(store, [folder], tmp_path / "q", identities=seal.read_identities(key_file))
    assert list(reasons(result).values()) == ["unknown_sender"]
    assert "失効" in result.quarantined[0].reasons[0]  # revoked, not "not registered"
    checked = run_cli("verify", "--identity", str(key_file), "--db", url, str(tmp_path / "q"))
    assert checked.returncode == 1 and "失効" in checked.stdout, checked.stdout  # said here too
    # Registered from the command line, as head office does with what the agent reads out.
    moved = next((tmp_path / "q").glob("*.age"))
    shutil.move(moved, folder / moved.name)
    typed = fingerprint.lower().replace("-", " ")
    refused = run_cli("office", "agents", "--db", url, "--add", typed, "--agency", "A1234-567",
                      "--agent", "佐藤 恵美")
    assert refused.returncode == 1 and "失効" in refused.stderr  # revoked, said so, unchanged
    done = run_cli("office", "agents", "--db", url, "--add", typed, "--agency", "A1234-567",
                   "--agent", "佐藤 恵美", "--reinstate", "--operator", "本部 田中")
    assert done.returncode == 0, done.stderr
    listed = run_cli("office", "agents", "--db", url)
    assert fingerprint in listed.stdout and "A1234-567" in listed.stdout
    done = run_cli("office", "intake", "--db", url, "--identity", str(key_file),
                   "--quarantine", str(tmp_path / "q"), str(folder))
    assert done.returncode == 0 and done.stdout.startswith("取り込み 1件"), done.stdout + done.stderr


@pytest.mark.slow
def test_a_bundle_encrypted_to_the_old_key_opens_after_a_rotation(office, cyberdesk_home, tmp_path):
    old_file, old_public, url = office
    folder = tmp_path / "sync"
    sent(folder)  # encrypted to the old key only
    new_file, new_public = head_office_key(tmp_path, "new-key.txt")
    deploy(cyberdesk_home, [new_public, old_public])  # the rotation: both, for a while
    with open_store() as store:
        from bundle_helpers import add_finalized

        from cyberdesk.services.sync import sync

        add_finalized(store, 1, prefix="after")
        assert sync(store, folder).complete
    only_new = run_cli("office", "intake", "--db", url, "--identity", str(new_file),
                       "--quarantine", str(tmp_path / "q"), str(folder))
    assert only_new.returncode == 1 and "cannot_decrypt" in only_new.stderr  # the old bundle
    shutil.move(next((tmp_path / "q").glob("*.age")), folder)
    both = run_cli("office", "intake", "--db", url, "--identity", str(new_file), "--identity",
                   str(old_file), "--quarantine", str(tmp_path / "q"), str(folder))
    assert both.returncode == 0, both.stderr
    with OfficeStore.open(url) as store:
        assert len(store.revisions()) == 2


@pytest.mark.slow
def test_keygen_writes_a_private_key_file_and_prints_the_public_key(tmp_path):
    target = tmp_path / "office-key.txt"
    done = run_cli("office", "keygen", str(target))
    assert done.returncode == 0 and done.stdout.startswith("age1"), done.stderr
    assert target.stat().st_mode & 0o077 == 0
    assert done.stdout.strip() in target.read_text()
    [identity] = seal.read_identities(target)
    assert str(identity.to_public()) == done.stdout.strip()
    again = run_cli("office", "keygen", str(target))
    assert again.returncode == 2 and str(target) in again.stderr and "Traceback" not in again.stderr


@pytest.mark.slow
def test_bad_keys_and_fingerprints_are_bad_input(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("AGE-SECRET-KEY-1NOTAKEY\n")
    done = run_cli("office", "intake", "--identity", str(junk), str(tmp_path))
    assert done.returncode == 2 and str(junk) in done.stderr and "Traceback" not in done.stderr
    done = run_cli("office", "agents", "--add", "ABCD", "--agency", "A1")
    assert done.returncode == 2 and "ABCD" in done.stderr
    done = run_cli("office", "agents", "--add", "A" * 32)
    assert done.returncode == 2 and "--agency" in done.stderr


def test_a_broken_deployment_file_stops_the_export_rather_than_send_in_clear(cyberdesk_home):
    (cyberdesk_home / "deployment.toml").write_text('format = "cyberdesk.deployment"\n'
                                                    'version = 1\nrecipients = ["age1nope"]\n')
    from bundle_helpers import add_finalized

    from cyberdesk.services.export import ExportError, export

    with open_store() as store:
        [interview_id] = add_finalized(store, 1)
        with pytest.raises(ExportError, match="recipients"):
            export(store, interview_id)
    assert not os.listdir(cyberdesk_home / "outbox")


CRYPTO_PROBE = """
import sys
from cyberdesk.cli.main import main
code = main(sys.argv[1:])
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"pyrage", "cryptography"})
print("CRYPTO", code, loaded, file=sys.stderr)
"""


@pytest.mark.slow
def test_crypto_is_loaded_only_by_what_signs_or_encrypts(office, tmp_path):
    import subprocess
    import sys

    def loaded(*args: str) -> str:
        done = subprocess.run([sys.executable, "-c", CRYPTO_PROBE, *args], capture_output=True,
                              text=True, timeout=120)
        return done.stderr.strip().splitlines()[-1]

    assert loaded("list") == "CRYPTO 0 []"
    assert loaded("purge") == "CRYPTO 0 []"
    assert loaded("office", "report", "--db", office[2]) == "CRYPTO 0 []"
    folder = tmp_path / "sync"
    sent(folder)
    assert loaded("verify", "--identity", str(office[0]), str(folder)) == \
        "CRYPTO 0 ['cryptography', 'pyrage']"
