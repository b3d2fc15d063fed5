"""Enrolment without reading 32 letters aloud: `cyberdesk key` prints the fingerprint with a
check group that catches a typo, `cyberdesk enrol` writes a signed enrolment file, `office agents
--enrol` registers it; a revoked key is said to be revoked, moving a key to another agency needs
--move, and every change to the register is kept with who and when."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from cyberdesk.office.store import OfficeStore
from cyberdesk.services import enrolment
from cyberdesk.trust import keys


def test_the_check_group_catches_a_misread_letter():
    fingerprint = keys.laptop_key().fingerprint
    printed = keys.with_check(fingerprint)
    assert keys.parse_fingerprint(printed.lower().replace("-", " ")) == fingerprint
    assert keys.parse_fingerprint(fingerprint) == fingerprint  # without the group: as before
    letters = printed.replace("-", "")
    for index in (0, 17, 31):
        wrong = letters[:index] + ("A" if letters[index] != "A" else "B") + letters[index + 1:]
        with pytest.raises(ValueError):
            keys.parse_fingerprint(wrong)
    for typo in ("0", "1", "8", "9"):  # not in base32: never a fingerprint
        with pytest.raises(ValueError):
            keys.parse_fingerprint(typo + letters[1:])


def test_an_enrolment_file_is_signed_by_the_key_it_carries(tmp_path):
    key = keys.laptop_key()
    path = tmp_path / "enrol.json"
    path.write_bytes(enrolment.build(key, "A1234-567", "佐藤 恵美"))
    found = enrolment.read(path)
    assert (found.fingerprint, found.agency_code, found.agent_name) == (
        key.fingerprint, "A1234-567", "佐藤 恵美")
    document = json.loads(path.read_text(encoding="utf-8"))
    document["payload"] = document["payload"].replace("A1234-567", "Z9999")  # another agency
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(enrolment.NotAnEnrolment):
        enrolment.read(path)
    with pytest.raises(enrolment.NotAnEnrolment):
        enrolment.build(key, "A 1", "x")


def test_register_changes_are_explicit_and_kept(tmp_path):
    fingerprint = keys.laptop_key().fingerprint
    with OfficeStore.open(f"sqlite:///{tmp_path / 'o.sqlite3'}") as office:
        assert office.register_key(fingerprint, "A1", "佐藤", "t1", "tanaka").outcome == "added"
        moved = office.register_key(fingerprint, "B2", "佐藤", "t2", "tanaka")
        assert (moved.ok, moved.outcome, moved.agency_code) == (False, "other_agency", "A1")
        assert office.register_key(fingerprint, "B2", "佐藤", "t3", "suzuki", move=True).outcome \
            == "moved"
        assert office.revoke_key(fingerprint, "t4", "suzuki")
        again = office.register_key(fingerprint, "B2", "佐藤", "t5", "tanaka")
        assert (again.ok, again.outcome, again.revoked_at) == (False, "revoked", "t4")
        assert office.register_key(fingerprint, "B2", "佐藤", "t6", "tanaka",
                                   reinstate=True).outcome == "reinstated"
        history = [(e["action"], e["agency_code"], e["operator"], e["at"])
                   for e in office.key_events()]
    assert history == [("added", "A1", "tanaka", "t1"), ("moved", "B2", "suzuki", "t3"),
                       ("revoked", "B2", "suzuki", "t4"), ("reinstated", "B2", "tanaka", "t6")]


@pytest.mark.slow
def test_key_enrol_and_office_agents_enrol(tmp_path):
    shown = run_cli("key")
    assert shown.returncode == 0, shown.stderr
    printed = shown.stdout.strip()
    assert len(printed.split("-")) == 9
    file = tmp_path / "sato.enrol.json"
    done = run_cli("enrol", "-o", str(file), "--agency", "A1234-567", "--agent", "佐藤 恵美")
    assert done.returncode == 0, done.stderr
    url = f"sqlite:///{tmp_path / 'o.sqlite3'}"
    added = run_cli("office", "agents", "--db", url, "--enrol", str(file), "--operator", "田中")
    assert added.returncode == 0, added.stderr
    listed = run_cli("office", "agents", "--db", url)
    assert printed[:39] in listed.stdout and "A1234-567" in listed.stdout
    last = "Q" if printed[-1] != "Q" else "R"
    typo = run_cli("office", "agents", "--db", url, "--add", printed[:-1] + last, "--agency", "A1")
    assert typo.returncode == 2
    bad_agency = run_cli("office", "agents", "--db", url, "--add", printed, "--agency", "A 1!")
    assert bad_agency.returncode == 2
    history = run_cli("office", "agents", "--db", url, "--history")
    assert "田中" in history.stdout and "added" in history.stdout
