"""Opening the database: migrations from an empty file and from every earlier schema, a backup
before migrating, and the files that are refused — with a clear message naming them, and left
byte for byte as they were."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from db_helpers import open_db
from interview_factory import BASIC, WIDE, interview

from cyberdesk.files import paths
from cyberdesk.services.laptop import open_store
from cyberdesk.store import database
from cyberdesk.store.database import HEAD, StoreError, backup

FIXTURE_DBS = sorted((Path(__file__).parent / "fixtures" / "db").glob("schema-*.sqlite3"))
JAPANESE = ("ー", "ん")  # any of hiragana/katakana: the message is in Japanese


def revision_of(path: Path) -> str:
    connection = open_db(path)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_japanese(text: str) -> bool:
    return any("\u3041" <= ch <= "\u30ff" for ch in text)


def real_database(path: Path, interviews: int = 1) -> Path:
    """A database written by the app, closed cleanly (no -wal left)."""
    with open_store(path) as store:
        for index in range(interviews):
            iv = interview(WIDE)
            iv.id = iv.lineage_id = f"{index:032x}"
            store.add(iv)
    assert not path.with_name(path.name + "-wal").exists()
    return path


# Creating and migrating -------------------------------------------------------------------

def test_a_new_database_is_created_at_the_newest_schema(cyberdesk_home):
    with open_store() as store:
        assert store.summaries() == []
    assert revision_of(paths.database_path()) == HEAD
    assert list(paths.backups_dir().iterdir()) == []


def test_an_empty_file_is_refused_not_taken_for_a_new_database(tmp_path):
    """0 bytes where the database was is a truncated file (the interviews are gone): starting
    afresh on it would hide the loss, so the user is told, and the file is left as it is."""
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with pytest.raises(StoreError, match="0 バイト") as refused:
        open_store(path)
    assert str(path) in str(refused.value) and "backups/" in str(refused.value)
    assert path.stat().st_size == 0 and list(paths.backups_dir().iterdir()) == []


def test_a_relative_path_is_opened(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store(Path("relative.sqlite3")) as store:
        store.add(interview(BASIC))
    assert revision_of(tmp_path / "relative.sqlite3") == HEAD


def test_there_is_a_fixture_database_of_every_earlier_schema():
    known = {p.stem.removeprefix("schema-") for p in FIXTURE_DBS}
    assert set(database.KNOWN_REVISIONS) <= known | {HEAD}
    assert "0001" in known


@pytest.mark.parametrize("fixture", FIXTURE_DBS, ids=[p.stem for p in FIXTURE_DBS])
def test_every_earlier_schema_opens_with_its_data_and_a_backup_first(tmp_path, fixture):
    path = tmp_path / "cyberdesk.sqlite3"
    shutil.copyfile(fixture, path)
    old_revision = revision_of(path)
    with open_store(path) as store:
        summaries = store.summaries()
        assert sorted((s.revision, s.status.value) for s in summaries) == [
            (1, "draft"), (1, "exported"), (2, "draft")]
        revised = next(s for s in summaries if s.revision == 2)
        original = store.get(revised.lineage_id)
        assert store.get(revised.id).previous_id == original.id
        assert original.customer.company_name == "株式会社さくらシステム開発"
        assert store.setting("agent")["agent_name"] == "佐藤 恵美"
        assert store.step_of("9b2e7d4c6a1f4e3b8c5d0a7f6e2b9c14") == 3
        store.add(interview(DRAFT_FOR_OLD))
    assert revision_of(path) == HEAD
    backups = list(paths.backups_dir().iterdir())
    if old_revision == HEAD:
        assert backups == []
    else:
        [copy] = backups
        assert f"schema{old_revision}" in copy.name
        assert revision_of(copy) == old_revision
        assert copy.stat().st_mode & 0o077 == 0


DRAFT_FOR_OLD = BASIC.with_name("draft-minimal.json")


def test_the_backup_is_a_consistent_copy_of_a_live_database(tmp_path):
    path = real_database(tmp_path / "live.sqlite3", interviews=3)
    with open_store(path) as store:
        store.set_setting("language", "ja")  # committed, still in the write-ahead log
        target = backup(path, tmp_path / "copy.sqlite3", store.key)
        connection = open_db(target)
        try:
            assert connection.execute("SELECT count(*) FROM interviews").fetchone() == (3,)
            assert connection.execute("SELECT value FROM settings").fetchone() == ('"ja"',)
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        finally:
            connection.close()
    assert target.stat().st_mode & 0o077 == 0


# Refusals ---------------------------------------------------------------------------------

def refused(path: Path, *phrases: str) -> str:
    """Open `path`, expect a refusal, and check the file and its folder were left alone."""
    before = digest(path)
    neighbours = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StoreError) as caught:
        open_store(path)
    message = str(caught.value)
    assert str(path) in message
    assert is_japanese(message), message
    for phrase in phrases:
        assert phrase in message
    assert digest(path) == before
    after = sorted(p.name for p in path.parent.iterdir())
    assert [n for n in after if n not in neighbours and not n.endswith(".lock")] == []
    assert "\n" not in message
    return message


@pytest.mark.parametrize("content", [
    os.urandom(8192), "面談の記録です。\n".encode() * 100, b"SQLite format 2\x00" + bytes(100),
], ids=["random bytes", "a text file", "almost a header"])
def test_a_file_that_is_not_a_database_is_refused(tmp_path, content):
    path = tmp_path / "cyberdesk.sqlite3"
    path.write_bytes(content)
    refused(path, "CyberDesk")


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE customers (name TEXT)")
    connection.commit()
    connection.close()
    refused(path, "CyberDesk")


def test_a_damaged_database_is_refused(tmp_path):
    path = real_database(tmp_path / "damaged.sqlite3", interviews=40)
    data = bytearray(path.read_bytes())
    page = 4096  # SQLCipher 4's page size (the encrypted file has no readable header)
    assert len(data) > 6 * page
    for number in range(2, len(data) // page):  # every page but the first, scribbled on
        start = number * page + 40
        data[start:start + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    message = refused(path)
    assert "backups" in message


def test_the_check_is_skipped_only_for_the_very_bytes_left_by_a_clean_close(tmp_path):
    """A clean close notes the file's size and CRC, so the next start skips SQLite's integrity
    check (0.2 s with 10,000 interviews); damage that keeps the size and the time is still found."""
    path = real_database(tmp_path / "noted.sqlite3", interviews=40)
    assert path.with_name(path.name + ".clean").read_text(encoding="ascii").startswith(
        f"{path.stat().st_size} ")
    with open_store(path):  # the note is trusted: it opens
        pass
    stamp = path.stat()
    data = bytearray(path.read_bytes())
    data[-2000:-1936] = b"\xa5" * 64  # inside the last page, the file's size unchanged
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert "backups" in refused(path)


def test_a_database_with_a_damaged_header_is_refused(tmp_path):
    path = real_database(tmp_path / "header.sqlite3")
    data = bytearray(path.read_bytes())
    data[16:24] = b"\x00\x07\xff\xff\xff\xff\xff\xff"  # page size and format bytes
    path.write_bytes(bytes(data))
    refused(path)


def test_a_database_of_a_newer_version_is_refused(tmp_path):
    path = real_database(tmp_path / "newer.sqlite3")
    connection = open_db(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    message = refused(path)
    assert "CyberDesk" in message


def test_a_database_in_use_by_this_process_is_refused(tmp_path):
    path = real_database(tmp_path / "busy.sqlite3")
    with open_store(path) as first:
        first.summaries()
        with pytest.raises(StoreError, match="CyberDesk") as caught:
            open_store(path)
        assert str(path) in str(caught.value)
        assert first.summaries()  # the first copy goes on working
    with open_store(path) as again:  # and once it is closed the file opens again
        assert again.summaries()


HOLDER = """
import sys
from cyberdesk.services.laptop import open_store
with open_store(sys.argv[1]) as store:
    store.summaries()
    print("open", flush=True)
    sys.stdin.readline()
"""


@pytest.mark.slow
def test_a_database_in_use_by_another_running_copy_is_refused(tmp_path):
    path = real_database(tmp_path / "shared.sqlite3")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        before = digest(path)
        with pytest.raises(StoreError, match="CyberDesk") as caught:
            open_store(path)
        assert str(path) in str(caught.value)
        assert digest(path) == before
    finally:
        holder.communicate("\n", timeout=60)
    assert holder.returncode == 0
    with open_store(path) as store:  # the lock goes with the process that held it
        assert store.summaries()


def test_the_known_schema_revisions_are_the_migrations_shipped():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(database.__file__).with_name("migrations")))
    scripts = ScriptDirectory.from_config(config)
    shipped = [script.revision for script in reversed(list(scripts.walk_revisions()))]
    assert tuple(shipped) == database.KNOWN_REVISIONS
    assert scripts.get_current_head() == HEAD


CRASHER = """
import os, sys
sys.path.insert(0, sys.argv[2])
from interview_factory import interview, BASIC
from cyberdesk.services.laptop import open_store
store = open_store(sys.argv[1])
iv = store.add(interview(BASIC))
iv.customer.address = "最後に入力した所在地"
store.save(iv)
os._exit(0)  # the battery runs out: no close, no checkpoint
"""


@pytest.mark.slow
def test_what_was_saved_before_a_crash_is_there_after_it(tmp_path):
    path = tmp_path / "crash.sqlite3"
    crashed = subprocess.run([sys.executable, "-c", CRASHER, str(path), str(Path(__file__).parent)],
                             timeout=120)
    assert crashed.returncode == 0
    assert path.with_name(path.name + "-wal").exists()  # the last changes are only in the log
    with open_store(path) as store:
        [summary] = store.summaries()
        assert store.get(summary.id).customer.address == "最後に入力した所在地"


@pytest.mark.parametrize(("setting", "wait"), [
    (None, 15.0), ("2", 2.0), ("600", 600.0), ("0", 15.0), ("601", 15.0), ("nan", 15.0), ("x", 15.0),
])
def test_a_commands_wait_is_its_setting_when_in_range(monkeypatch, setting, wait):
    from cyberdesk.store.database import command_wait

    if setting is None:
        monkeypatch.delenv("CYBERDESK_COMMAND_WAIT", raising=False)
    else:
        monkeypatch.setenv("CYBERDESK_COMMAND_WAIT", setting)
    assert command_wait() == wait
