"""Head office's check: ok, damaged (whatever byte was changed, a member missing, not a zip, a
bad manifest) or duplicate; exit 0 only when everything is ok; --json for scripts."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
from bundle_helpers import add_finalized
from conftest import pilot_deployment, run_cli

from cyberdesk.services import bundle
from cyberdesk.services.bundle import AUDIT, INTERVIEW, MANIFEST, SUMMARY, pack
from cyberdesk.services.export import export
from cyberdesk.services.laptop import open_store
from cyberdesk.services.verify import Verdict, verify


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> bytes:
    """The bytes of one real bundle (exported once for the whole module)."""
    with pytest.MonkeyPatch.context() as patch:
        home = tmp_path_factory.mktemp("verify-home")
        patch.setenv("CYBERDESK_HOME", str(home))
        # its keys in a folder of its own, as every test's (conftest's cyberdesk_home comes later)
        patch.setenv("CYBERDESK_KEYS", str(tmp_path_factory.mktemp("verify-keys")))
        pilot_deployment(home)
        with open_store() as store:
            [interview_id] = add_finalized(store)
            return export(store, interview_id).path.read_bytes()


def members(data: bytes) -> dict[str, bytes]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def codes(path) -> list[str]:
    [report] = verify([path])
    return [finding.code for finding in report.findings] if report.verdict is Verdict.DAMAGED else []


def test_a_good_bundle_is_ok(good, tmp_path):
    path = tmp_path / "b.zip"
    path.write_bytes(good)
    [report] = verify([path])
    assert report.verdict is Verdict.OK and report.findings == []
    assert report.manifest["agent"]["name"] == "佐藤 恵美"


def offsets(size: int) -> list[int]:
    """Every byte of the headers at both ends, and a sample of the members between."""
    return sorted({*range(0, 400), *range(size - 600, size), *range(400, size - 600, 509)})


def test_any_one_byte_changed_is_damaged(good, tmp_path):
    path = tmp_path / "b.zip"
    missed = []
    for offset in offsets(len(good)):
        changed = bytearray(good)
        changed[offset] ^= 0x01
        path.write_bytes(bytes(changed))
        [report] = verify([path])
        if report.verdict is not Verdict.DAMAGED:
            missed.append(offset)
    assert missed == []


def test_a_changed_member_with_a_recomputed_checksum_is_damaged(good, tmp_path):
    parts = members(good)
    manifest = json.loads(parts[MANIFEST])
    pdf = parts[SUMMARY].replace(b"%%EOF", b"%%EOX")
    path = tmp_path / "b.zip"
    path.write_bytes(pack([(MANIFEST, parts[MANIFEST]), (INTERVIEW, parts[INTERVIEW]),
                           (SUMMARY, pdf), (AUDIT, parts[AUDIT])], manifest["created_at"]))
    assert codes(path) == ["hash_mismatch"]


def rezip(path, parts: dict[str, bytes], created_at: str) -> None:
    path.write_bytes(pack(list(parts.items()), created_at))


def test_missing_members_and_bad_manifests_are_damaged(good, tmp_path):
    parts = members(good)
    manifest = json.loads(parts[MANIFEST])
    at = manifest["created_at"]
    cases = {
        "member_missing": {MANIFEST: parts[MANIFEST], INTERVIEW: parts[INTERVIEW]},
        "manifest_invalid": {MANIFEST: b"{not json", INTERVIEW: parts[INTERVIEW],
                             SUMMARY: parts[SUMMARY]},
        "unexpected_member": {**parts, "run-me.exe": b"MZ"},
    }
    for code, content in cases.items():
        path = tmp_path / f"{code}.zip"
        rezip(path, content, at)
        assert code in codes(path), code
    wrong_format = dict(manifest, format="something.else")
    path = tmp_path / "format.zip"
    rezip(path, {**parts, MANIFEST: json.dumps(wrong_format).encode()}, at)
    assert codes(path) == ["manifest_invalid"]
    other_agent = dict(manifest, agent=dict(manifest["agent"], name="別人 太郎"))
    path = tmp_path / "agent.zip"
    rezip(path, {**parts, MANIFEST: json.dumps(other_agent, ensure_ascii=False).encode()}, at)
    assert codes(path) == ["manifest_mismatch"]
    no_manifest = tmp_path / "no-manifest.zip"
    rezip(no_manifest, {INTERVIEW: parts[INTERVIEW], SUMMARY: parts[SUMMARY]}, at)
    assert codes(no_manifest) == ["member_missing"]


def test_not_a_zip_and_an_empty_file_are_damaged(tmp_path):
    (tmp_path / "text.zip").write_text("これはzipではありません")
    (tmp_path / "empty.zip").write_bytes(b"")
    assert codes(tmp_path / "text.zip") == ["not_a_zip"]
    assert codes(tmp_path / "empty.zip") == ["not_a_zip"]


def test_the_same_revision_twice_is_a_duplicate(good, tmp_path):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "archive" / "2026-11").mkdir(parents=True)
    first = tmp_path / "archive" / "2026-11" / "b.zip"
    first.write_bytes(good)
    second = tmp_path / "inbox" / "renamed.zip"
    shutil.copyfile(first, second)
    reports = verify([tmp_path / "archive", tmp_path / "inbox", first])  # `first` twice: once
    assert [(r.path, r.verdict) for r in reports] == [(first, Verdict.OK),
                                                      (second, Verdict.DUPLICATE)]
    assert reports[1].duplicate_of == first


@pytest.mark.slow
def test_the_command_reports_each_bundle_and_exits_0_only_when_all_are_ok(good, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.zip").write_bytes(good)
    (folder / ".a.zip.1234abcd.tmp").write_bytes(good[:100])  # a copy in progress: reported
    done = run_cli("verify", str(folder))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 3 and lines[0].startswith("スキップ") and ".a.zip.1234abcd.tmp" in lines[0]
    assert "佐藤 恵美" in lines[1] and "A1234-567" in lines[1]

    damaged = bytearray(good)
    damaged[len(good) // 2] ^= 0xFF
    (folder / "b.zip").write_bytes(bytes(damaged))
    (folder / "c.zip").write_bytes(good)
    result = run_cli("verify", str(folder), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert [(b["path"].rsplit("/", 1)[-1], b["status"]) for b in report["bundles"]] == [
        (".a.zip.1234abcd.tmp", "skipped"), ("a.zip", "ok"), ("b.zip", "damaged"),
        ("c.zip", "duplicate")]
    assert report["bundles"][0]["problems"][0]["code"] == "copy_in_progress"
    assert report["bundles"][2]["problems"][0]["code"] in ("member_damaged", "hash_mismatch")
    assert report["bundles"][3]["duplicate_of"].endswith("a.zip")
    assert report["bundles"][1]["agency_code"] == "A1234-567"

    text = run_cli("verify", str(folder))
    assert text.returncode == 1 and len(text.stdout.strip().splitlines()) == 5

    missing = run_cli("verify", str(tmp_path / "nowhere"), str(tmp_path / "neither.zip"))
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 2
    assert "Traceback" not in missing.stderr


@pytest.mark.slow
def test_the_bundle_check_is_below_the_gui():
    import subprocess
    import sys

    code = ("import sys, cyberdesk.services.verify, cyberdesk.services.sync; "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
    assert bundle.FORMAT == "cyberdesk.bundle"
