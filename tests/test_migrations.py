"""Databases written by earlier schemas (0001: no bundles; 0002: no finalization order) migrated to
the newest: every row kept as it was, a backup of the old file taken first, and the migrated store
exports and syncs what it held."""

from __future__ import annotations

import shutil
from pathlib import Path

from db_helpers import open_db
from interview_factory import BASIC, interview

from cyberdesk.catalogue import installed
from cyberdesk.files import paths
from cyberdesk.model.interview import Status
from cyberdesk.services.export import export
from cyberdesk.services.laptop import open_store
from cyberdesk.services.outbox import waiting_count
from cyberdesk.services.sync import sync
from cyberdesk.services.verify import Verdict, verify
from cyberdesk.store.database import HEAD

FIXTURES = Path(__file__).parent / "fixtures" / "db"
FIXTURE = FIXTURES / "schema-0001.sqlite3"
INTERVIEW_COLUMNS = ("id, lineage_id, revision, previous_id, status, company_name, company_kana, "
                     "interview_date, plan, catalogue_id, catalogue_version, created_at, updated_at, "
                     "trashed_at, wizard_step, document")


def rows(path: Path, query: str, parameters: tuple = ()) -> list[tuple]:
    connection = open_db(path)
    try:
        return connection.execute(query, parameters).fetchall()
    finally:
        connection.close()


def test_schema_0001_is_migrated_to_head_with_its_data_and_a_backup(tmp_path):
    path = tmp_path / "cyberdesk.sqlite3"
    shutil.copyfile(FIXTURE, path)
    interviews = rows(path, f"SELECT {INTERVIEW_COLUMNS} FROM interviews ORDER BY id")
    settings = rows(path, "SELECT * FROM settings ORDER BY key")
    assert len(interviews) == 3 and rows(path, "SELECT version_num FROM alembic_version") == [("0001",)]

    with open_store(path) as store:
        assert len(store.summaries()) == 3
    assert rows(path, "SELECT version_num FROM alembic_version") == [(HEAD,)] and HEAD == "0005"
    assert rows(path, f"SELECT {INTERVIEW_COLUMNS} FROM interviews ORDER BY id") == interviews
    assert rows(path, "SELECT * FROM settings ORDER BY key") == settings
    assert rows(path, "SELECT count(*) FROM bundles") == [(0,)]
    columns = {row[1] for row in rows(path, "PRAGMA table_info(bundles)")}
    assert {"interview_id", "lineage_id", "revision", "file_name", "sha256", "created_at",
            "synced_at", "synced_to"} <= columns

    [backup] = paths.backups_dir().iterdir()
    assert "schema0001" in backup.name
    assert rows(backup, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert rows(backup, f"SELECT {INTERVIEW_COLUMNS} FROM interviews ORDER BY id") == interviews


def test_an_interview_exported_before_bundles_existed_can_be_sent(tmp_path):
    path = tmp_path / "cyberdesk.sqlite3"
    shutil.copyfile(FIXTURE, path)
    folder = tmp_path / "share"
    folder.mkdir()
    with open_store(path) as store:
        [old] = [s for s in store.summaries() if s.status is Status.EXPORTED]
        assert waiting_count(store) == 0  # it has no bundle yet: export makes one
        export(store, old.id)
        assert sync(store, folder).complete
        assert store.get(old.id).status is Status.SYNCED
    [report] = verify([folder])
    assert report.verdict is Verdict.OK and report.manifest["interview_id"] == old.id


def test_schema_0002_numbers_the_locked_interviews_and_keeps_their_bundles(tmp_path):
    path = tmp_path / "cyberdesk.sqlite3"
    shutil.copyfile(FIXTURES / "schema-0002.sqlite3", path)
    before = rows(path, f"SELECT {INTERVIEW_COLUMNS} FROM interviews ORDER BY id")
    old_columns = ("interview_id, lineage_id, revision, file_name, sha256, size, created_at, "
                   "synced_at, synced_to")
    bundles = rows(path, f"SELECT {old_columns} FROM bundles")
    folder = tmp_path / "share"
    folder.mkdir()
    with open_store(path) as store:
        assert rows(path, f"SELECT {INTERVIEW_COLUMNS} FROM interviews ORDER BY id") == before
        assert rows(path, f"SELECT {old_columns} FROM bundles") == bundles
        assert rows(path, "SELECT status, finalized_seq FROM interviews ORDER BY finalized_seq") == [
            ("draft", None), ("draft", None), ("exported", 1)]
        [draft] = [s for s in store.summaries() if s.status is Status.DRAFT and s.revision == 1]
        old_draft = store.get(draft.id)
        old_draft.quote = interview(BASIC).quote
        store.save(old_draft)  # a record needs its quote since format version 3
        store.finalize(draft.id, installed().current())  # the next number, after the old ones
        assert rows(path, "SELECT finalized_seq FROM interviews WHERE id = ?", (draft.id,)) == [(2,)]
        result = sync(store, folder)
        assert result.complete and len(result.copied) == 2
    assert [r.verdict for r in verify([folder])] == [Verdict.OK] * 2


def test_the_list_is_read_from_its_covering_index(tmp_path):
    """Migration 0005: the list and every search keystroke read the index alone, in its order,
    never the rows whole (whose documents would all be decrypted only to be skipped)."""
    from cyberdesk.store.store import SUMMARY_COLUMNS

    path = tmp_path / "cyberdesk.sqlite3"
    shutil.copyfile(FIXTURE, path)
    with open_store(path) as store:
        for where, parameters in (("", ()), (" AND status = ?", ("draft",)),
                                  (" AND (company_name LIKE ? OR company_kana LIKE ?)", ("%a%",) * 2)):
            plan = [row[-1] for row in store.read(
                f"EXPLAIN QUERY PLAN SELECT {SUMMARY_COLUMNS} FROM interviews WHERE trashed_at "
                f"IS NULL{where} ORDER BY updated_at DESC, id", parameters)]
            assert plan == ["SEARCH interviews USING COVERING INDEX ix_interviews_summary "
                            "(trashed_at=?)"]
