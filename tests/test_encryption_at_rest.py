"""The database at rest: encrypted with the laptop's key, a plain database of an earlier version
converted on first start with nothing plain left behind (nor after a crash in the middle), and a
lost key told in one line with the file left as it was."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlcipher3
from conftest import FIXTURES, run_cli
from db_helpers import open_db
from interview_factory import BASIC, interview

from cyberdesk.files import paths
from cyberdesk.services.laptop import open_store
from cyberdesk.store import database
from cyberdesk.trust import keys, secretstore

COMPANY = "株式会社さくらシステム開発"  # in the fixture databases
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "shift_jis", "euc-jp")


def files_holding(folder: Path, text: str) -> list[Path]:
    """Every file under `folder` holding `text` in any encoding a file could use."""
    needles = [text.encode(encoding) for encoding in ENCODINGS]
    return [path for path in folder.rglob("*") if path.is_file()
            and any(needle in path.read_bytes() for needle in needles)]


def plain_export(encrypted: Path, target: Path) -> Path:
    """What an earlier version's database looked like: the same schema and rows, no key."""
    connection = database.connect(encrypted, keys.database_key())
    try:
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()
    assert database.is_plain(target)
    return target


def test_a_new_database_and_its_write_log_hold_no_customer_data(cyberdesk_home):
    with open_store() as store:
        stored = store.add(interview(BASIC))
        name = stored.customer.company_name
        store.set_setting("language", "ja")
        assert files_holding(cyberdesk_home, name) == []  # the -wal too, while open
    assert not database.is_plain(paths.database_path())
    assert files_holding(cyberdesk_home, name) == []
    with sqlite3.connect(paths.database_path()) as plain, pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchall()


def test_a_plain_database_is_encrypted_on_first_start_and_every_plain_copy_removed(cyberdesk_home):
    path = paths.database_path()
    shutil.copyfile(FIXTURES / "db" / "schema-0002.sqlite3", path)
    shutil.copyfile(path, paths.backups_dir() / "cyberdesk-20260101T000000-schema0001.sqlite3")
    assert files_holding(cyberdesk_home, COMPANY)
    with open_store() as store:
        assert COMPANY in {s.company_name for s in store.summaries()}
    assert not database.is_plain(path)
    assert files_holding(cyberdesk_home, COMPANY) == []
    [backup] = paths.backups_dir().iterdir()  # the migration's, taken after the conversion
    assert "schema0002" in backup.name and not database.is_plain(backup)
    with open_db(backup) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    assert sorted(p.name for p in cyberdesk_home.iterdir() if p.name.startswith(".")) == []


def test_the_plain_write_ahead_log_is_folded_in_before_the_conversion(cyberdesk_home, tmp_path):
    with open_store(tmp_path / "made.sqlite3") as store:
        store.add(interview(BASIC))
    plain = plain_export(tmp_path / "made.sqlite3", tmp_path / "plain.sqlite3")
    writer = sqlite3.connect(plain, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("""INSERT INTO settings (key, value) VALUES ('language', '"en"')""")
    shutil.copyfile(plain, paths.database_path())  # the file and its log, as a crash left them
    shutil.copyfile(f"{plain}-wal", f"{paths.database_path()}-wal")
    writer.close()
    with open_store() as store:
        assert store.setting("language") == "en"
        assert len(store.summaries()) == 1
    assert files_holding(cyberdesk_home, "株式会社") == []


def test_a_conversion_killed_before_its_rename_is_done_again(cyberdesk_home):
    path = paths.database_path()
    shutil.copyfile(FIXTURES / "db" / "schema-0002.sqlite3", path)
    half = path.with_name(f".{path.name}.encrypting.tmp")
    half.write_bytes(b"\x8f" * 3000)  # what a kill in the middle of the copy left
    with open_store() as store:
        assert len(store.summaries()) == 3
    assert not half.exists() and not database.is_plain(path)


@pytest.mark.slow
def test_plain_backups_left_by_a_crash_after_the_rename_are_removed(cyberdesk_home):
    assert run_cli("list").returncode == 0
    left = paths.backups_dir() / "cyberdesk-20260101T000000-plain.sqlite3"
    shutil.copyfile(FIXTURES / "db" / "schema-0001.sqlite3", left)
    other = paths.backups_dir() / "notes.txt"  # not a database: not ours to remove
    other.write_text("メモ", encoding="utf-8")
    assert run_cli("list").returncode == 0
    assert not left.exists() and other.exists()


@pytest.mark.slow
def test_a_lost_key_is_one_line_and_the_file_is_left_as_it_was():
    with open_store() as store:
        store.add(interview(BASIC))
    (secretstore.keys_dir() / "database.key").write_text("ab" * 32, encoding="ascii")  # another key
    before = paths.database_path().read_bytes()
    done = run_cli("list")
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert str(paths.database_path()) in line and "docs/security.md" in line
    assert "Traceback" not in done.stderr and "sqlcipher" not in done.stderr.lower()
    assert paths.database_path().read_bytes() == before


def test_the_raw_key_opens_the_file_and_a_passphrase_of_the_same_text_does_not(tmp_path):
    with open_store(tmp_path / "k.sqlite3") as store:
        store.add(interview(BASIC))
    raw = keys.database_key().hex()
    connection = sqlcipher3.connect(str(tmp_path / "k.sqlite3"))
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = '{raw}'")  # the hex as a passphrase: a different key
    try:
        with pytest.raises(sqlcipher3.DatabaseError):
            connection.execute("SELECT count(*) FROM interviews").fetchall()
    finally:
        connection.close()
