"""The deployment file: found where documented, every problem named by file and field, and the
sync folder it sets is the one used."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest

from cyberdesk.trust import deployment
from cyberdesk.trust.deployment import DeploymentError
from tests.conftest import deployment_text, run_cli


def recipient() -> str:
    return str(pyrage.x25519.Identity.generate().to_public())


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def good(folder: Path, recipients: list[str]) -> str:
    return deployment_text(recipients, f"sync_folder = '{folder}'\nagency_code = \"A123456\"\n"
                                       "retention_days = 90\n")


def test_without_a_file_nothing_is_set(cyberdesk_home):
    (cyberdesk_home / "deployment.toml").unlink()  # the tests' pilot file
    assert deployment.load() is None


def test_the_data_folder_file_is_read(cyberdesk_home, tmp_path, office_key):
    keys = [recipient(), recipient()]
    write(cyberdesk_home / "deployment.toml", good(tmp_path, keys))
    found = deployment.load()
    assert found == deployment.Deployment(cyberdesk_home / "deployment.toml", tuple(keys), tmp_path,
                                          "A123456", 90, office_key.public_bytes, False)


def test_the_variable_wins_and_a_missing_file_it_names_is_an_error(cyberdesk_home, tmp_path,
                                                                   monkeypatch):
    write(cyberdesk_home / "deployment.toml", good(tmp_path, [recipient()]))
    other = write(tmp_path / "it.toml", good(tmp_path / "share", [recipient()]))
    monkeypatch.setenv("CYBERDESK_DEPLOYMENT", str(other))
    assert deployment.load().sync_folder == tmp_path / "share"
    monkeypatch.setenv("CYBERDESK_DEPLOYMENT", str(tmp_path / "missing.toml"))
    with pytest.raises(DeploymentError) as caught:
        deployment.load()
    assert str(tmp_path / "missing.toml") in caught.value.problems[0]


def test_the_machine_place_is_documented_per_system():
    assert deployment.machine_path() == Path("/etc/cyberdesk/deployment.toml")
    assert deployment.candidates()[-1] == deployment.machine_path()


@pytest.mark.parametrize(("text", "fields"), [
    ('format = "x"\nversion = 2\nrecipients = []\nextra = 1\n',
     ["format", "version", "extra", "recipients", "office_signing_key"]),
    ('format = "cyberdesk.deployment"\nversion = 1\nrecipients = ["age1abc", 3]\n'
     'agency_code = "A 1"\nretention_days = 0\nsync_folder = ""\n',
     ["recipients[0]", "recipients[1]", "office_signing_key", "sync_folder", "agency_code",
      "retention_days"]),
    ('format = "cyberdesk.deployment"\nversion = true\nrecipients = "age1"\nretention_days = true\n',
     ["version", "recipients", "office_signing_key", "retention_days"]),
    ('format = "cyberdesk.deployment"\nversion = 1\nallow_unencrypted = "yes"\n'
     'office_signing_key = "AAAA"\n',
     ["allow_unencrypted", "recipients", "office_signing_key"]),
])
def test_each_problem_names_the_file_and_the_field(tmp_path, text, fields):
    path = write(tmp_path / "deployment.toml", text)
    with pytest.raises(DeploymentError) as caught:
        deployment.read(path)
    problems = caught.value.problems
    assert [line.split(": ")[1] for line in problems] == fields
    assert all(line.startswith(f"{path}: ") for line in problems)


@pytest.mark.parametrize("content", [b"recipients = [", b"\xff\xfe", b"x" * (64 * 1024 + 1)])
def test_unreadable_files_are_one_line(tmp_path, content):
    path = tmp_path / "deployment.toml"
    path.write_bytes(content)
    with pytest.raises(DeploymentError) as caught:
        deployment.read(path)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(f"{path}: ")


@pytest.mark.slow
def test_the_sync_command_uses_its_folder_and_reports_a_broken_file(cyberdesk_home, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    write(cyberdesk_home / "deployment.toml", good(share, [recipient()]))
    done = run_cli("sync")
    assert done.returncode == 0, done.stderr
    assert str(share) in done.stdout
    write(cyberdesk_home / "deployment.toml", 'format = "cyberdesk.deployment"\nversion = 1\n')
    done = run_cli("sync")
    assert done.returncode == 2
    assert "recipients" in done.stderr and "Traceback" not in done.stderr
