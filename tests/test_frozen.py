"""The release as agents get it: the one-folder PyInstaller build from build.spec, built here and
run for real. Every command runs in the frozen executable, so a module, data file, font,
translation or Qt plug-in the spec leaves out fails here, not on an agent's laptop.

The build (about half a minute) is made once and reused while nothing it is made from changes;
all these tests run on one xdist worker (`--dist loadgroup`), which builds while the other
worker runs the rest of the suite.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from pypdf import PdfReader

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("frozen")]

BUILD = ROOT / "build" / "frozen"
SOURCES = ("cyberdesk", "resources", "i18n", "scripts/version_info.py", "scripts/third_party_notices.py",
           "build.spec", "pyproject.toml", "LICENSE", "licences")
SIZE_LIMIT_MB = 220
EXAMPLES = ROOT / "examples"


def sources_digest() -> str:
    """What the build is made from: any change means building again."""
    digest = hashlib.sha256()
    for name in SOURCES:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def frozen() -> Path:
    """dist/CyberDesk of build.spec, as PyInstaller makes it."""
    BUILD.mkdir(parents=True, exist_ok=True)
    folder, stamp = BUILD / "dist" / "CyberDesk", BUILD / "sources.sha256"
    with open(BUILD / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        wanted = sources_digest()
        if not (folder.is_dir() and stamp.is_file() and stamp.read_text() == wanted):
            stamp.unlink(missing_ok=True)
            built = subprocess.run(
                [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                 "--distpath", str(BUILD / "dist"), "--workpath", str(BUILD / "work"),
                 str(ROOT / "build.spec")], capture_output=True, text=True, cwd=ROOT, timeout=900)
            assert built.returncode == 0, built.stderr[-3000:]
            stamp.write_text(wanted)
    return folder


@pytest.fixture
def run(frozen, cyberdesk_home):
    """Run the frozen console command as an agent would, in a fresh data folder."""
    env = {**os.environ, "CYBERDESK_HOME": str(cyberdesk_home), "QT_QPA_PLATFORM": "offscreen"}

    def cli(*args: str, code: int = 0, executable: str = "cyberdesk") -> subprocess.CompletedProcess:
        result = subprocess.run([str(frozen / executable), *args], capture_output=True, text=True,
                                env=env, timeout=180)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result

    return cli


def apparent_size_mb(folder: Path) -> float:
    return sum(p.lstat().st_size for p in folder.rglob("*")) / 1e6


def test_the_build_has_both_executables_and_stays_within_its_size(frozen):
    assert (frozen / "CyberDesk").is_file() and (frozen / "cyberdesk").is_file()
    assert list(frozen.rglob("_rl_accel*.so")) or list(frozen.rglob("_rl_accel*.pyd")), \
        "reportlab's C accelerators are missing: every PDF would be slower"
    size = apparent_size_mb(frozen)
    assert size < SIZE_LIMIT_MB, f"{size:.0f} MB"


def test_the_licences_and_the_notices_of_every_shipped_distribution_are_in_the_build(frozen):
    """LICENSE, THIRD-PARTY-NOTICES.txt (made by the build) and the LGPL/GPL texts Qt is used
    under, where Help ▸ About reads them (_internal) and beside the executables; every
    distribution with a package in _internal is in the notices."""
    import importlib.metadata as metadata

    internal = frozen / "_internal"
    notices = (internal / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    assert (frozen / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8") == notices
    assert (internal / "LICENSE").is_file() and (frozen / "LICENSE").is_file()
    assert (internal / "licences" / "LGPL-3.0.txt").is_file()
    owners = metadata.packages_distributions()
    shipped = {name for entry in internal.iterdir() for name in owners.get(entry.name.split(".")[0], ())
               if metadata.distribution(name).metadata["Name"] != "cyberdesk"}
    assert {"PySide6_Essentials", "shiboken6", "reportlab", "sqlcipher3"} <= shipped
    for name in shipped:
        assert f"\n{metadata.distribution(name).metadata['Name']} {metadata.version(name)}\n" in notices
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices and "pyinstaller" in notices.lower()


def test_every_command_runs_in_the_frozen_app(run, tmp_path):
    assert "使い方: cyberdesk" in run("--help").stdout
    assert run("--version").stdout.startswith("cyberdesk ")
    for smoke in (("gui", "--smoke"), ("--smoke",)):
        assert "ミリ秒で保存できる状態になりました" in run(*smoke).stdout
    assert "ミリ秒で画面を表示しました" in run("--smoke", executable="CyberDesk").stdout
    run("validate", *(str(p) for p in sorted(EXAMPLES.glob("*.json"))))
    interview_id = run("import", str(EXAMPLES / "interview-basic.json")).stdout.split()[-1]
    assert [row["id"] for row in json.loads(run("list", "--json").stdout)] == [interview_id]
    run("finalize", interview_id)

    pdf = tmp_path / "summary.pdf"
    assert run("render", interview_id, "-o", str(pdf)).stdout.strip() == str(pdf)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "補償内容のご案内" in text and "株式会社さくらシステム開発" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all("BIZUDPGothic" in row and " yes yes yes " in row for row in fonts.splitlines()[2:])

    bundle = Path(run("export", interview_id).stdout.splitlines()[-1])
    assert bundle.is_file()
    share = tmp_path / "share"
    share.mkdir()
    run("sync", "--to", str(share))
    assert [p.name for p in share.iterdir()] == [bundle.name]
    verified = json.loads(run("verify", "--json", str(share)).stdout)
    assert verified["ok"] and [b["status"] for b in verified["bundles"]] == ["ok"]
    # Head office's side (its own migrations shipped as data), and the receipt back.
    from cyberdesk.trust.keys import laptop_key  # the same key folder (CYBERDESK_KEYS) as the frozen app's

    run("office", "agents", "--add", laptop_key().fingerprint, "--agency", "A1234-567")
    assert "取り込み 1件" in run("office", "intake", str(share)).stdout
    run("office", "report", "--html", str(tmp_path / "report.html"))
    assert "本部が受領" in run("sync", "--to", str(share)).stdout


def test_the_frozen_window_opens_on_a_real_x_display(frozen, cyberdesk_home):
    """The xcb platform plug-in and the system libraries it needs, under Xvfb."""
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    result = subprocess.run(["xvfb-run", "-a", str(frozen / "CyberDesk"), "--smoke"], capture_output=True,
                            text=True, env={**env, "CYBERDESK_HOME": str(cyberdesk_home)}, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ミリ秒で保存できる状態になりました" in result.stdout


def test_a_missing_japanese_catalogue_stops_the_pdf_with_one_line(frozen, tmp_path, cyberdesk_home):
    """The printed summary is always Japanese: without the catalogue it is refused, never printed
    in English. Everything else still works (a copy of the build, hard-linked, minus the file)."""
    broken = tmp_path / "CyberDesk"
    shutil.copytree(frozen, broken, copy_function=os.link, symlinks=True)
    catalogue = broken / "_internal" / "i18n" / "ja" / "LC_MESSAGES" / "cyberdesk.mo"
    catalogue.unlink()
    env = {**os.environ, "CYBERDESK_HOME": str(cyberdesk_home)}
    pdf = tmp_path / "summary.pdf"
    rendered = subprocess.run([str(broken / "cyberdesk"), "render", str(EXAMPLES / "interview-basic.json"),
                               "-o", str(pdf)], capture_output=True, text=True, env=env, timeout=180)
    assert rendered.returncode == 1
    [line] = rendered.stderr.splitlines()
    assert str(catalogue) in line and "Traceback" not in line
    assert not pdf.exists()
    listed = subprocess.run([str(broken / "cyberdesk"), "list"], capture_output=True, text=True, env=env,
                            timeout=180)
    assert listed.returncode == 0, listed.stderr


def test_an_encrypted_signed_export_runs_in_the_frozen_app(run, cyberdesk_home, tmp_path):
    """The crypto is in the build: head office's key made, a bundle signed and encrypted to it,
    taken in by head office with its key and the laptop registered, and the receipt read back."""
    from cyberdesk.trust.keys import laptop_key  # the same key folder (CYBERDESK_KEYS) as the frozen app's

    key_file = tmp_path / "office-key.txt"
    run("office", "keygen", str(key_file))  # the age identity and, beside it, the signing key
    deployment = cyberdesk_home / "deployment.toml"
    deployment.unlink(missing_ok=True)  # the tests' pilot file: IT's real one replaces it
    written = tmp_path / "deployment.toml"
    run("office", "deployment", "--identity", str(key_file), "-o", str(written),
        "--retention-days", "30")
    deployment.write_text(written.read_text(encoding="utf-8") + 'purge_after = "receipt"\n',
                          encoding="utf-8")
    interview_id = run("import", str(EXAMPLES / "interview-basic.json")).stdout.split()[-1]
    run("finalize", interview_id)
    bundle = Path(run("export", interview_id).stdout.splitlines()[-1])
    assert bundle.name.endswith(".age") and bundle.read_bytes().startswith(b"age-encryption.org/v1\n")
    share = tmp_path / "share"
    share.mkdir()
    run("sync", "--to", str(share))
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    run("office", "agents", "--db", url, "--add", laptop_key().fingerprint, "--agency", "A1234-567")
    verified = json.loads(run("verify", "--json", "--identity", str(key_file), "--db", url,
                              str(share)).stdout)
    assert [b["status"] for b in verified["bundles"]] == ["ok"]
    assert "取り込み 1件" in run("office", "intake", "--db", url, "--identity", str(key_file),
                                 "--quarantine", str(tmp_path / "q"), str(share)).stdout
    assert "受領" in run("sync", "--to", str(share)).stdout
    assert "受領" in run("purge").stdout


def test_the_frozen_app_finds_no_keychain_here_and_keeps_its_keys_in_the_fallback_folder(
        frozen, cyberdesk_home, tmp_path):
    """keyring's backends are found through entry points (their metadata must be in the build);
    with none usable (CI) no key is made until the agent chooses files (`key --use-file`), then
    the keys go to the fallback folder and the database is encrypted."""
    env = {key: value for key, value in os.environ.items() if key != "CYBERDESK_KEYS"}
    env.update(CYBERDESK_HOME=str(cyberdesk_home), XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)

    def frozen_cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(frozen / "cyberdesk"), *args], capture_output=True, text=True,
                              env=env, timeout=180)

    refused = frozen_cli("import", str(EXAMPLES / "interview-basic.json"))
    assert refused.returncode != 0 and "キーチェーン" in refused.stderr
    assert not (tmp_path / "config" / "CyberDesk-keys").exists()  # nothing made in the outage
    assert frozen_cli("key", "--use-file").returncode == 0, "the agent's choice"
    result = frozen_cli("import", str(EXAMPLES / "interview-basic.json"))
    assert result.returncode == 0, result.stderr
    keys = tmp_path / "config" / "CyberDesk-keys"
    assert sorted(p.name for p in keys.iterdir()) == ["database.key", "signing-ed25519.key", "use-file"]
    database = (cyberdesk_home / "cyberdesk.sqlite3").read_bytes()
    assert not database.startswith(b"SQLite format 3") and "さくら".encode() not in database
