"""Schema 0002 (bundles) on a database written by schema 0001: every row kept as it was, a backup
of the old file taken first, and the migrated store exports and syncs what it held."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from cyberdesk import paths
from cyberdesk.model.interview import Status
from cyberdesk.services.export import export, waiting_count
from cyberdesk.services.sync import sync
from cyberdesk.services.verify import Verdict, verify
from cyberdesk.store.database import HEAD
from cyberdesk.store.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "db" / "schema-0001.sqlite3"


def rows(path: Path, query: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def test_schema_0001_is_migrated_to_head_with_its_data_and_a_backup(tmp_path):
    path = tmp_path / "cyberdesk.sqlite3"
    shutil.copyfile(FIXTURE, path)
    interviews = rows(path, "SELECT * FROM interviews ORDER BY id")
    settings = rows(path, "SELECT * FROM settings ORDER BY key")
    assert len(interviews) == 3 and rows(path, "SELECT version_num FROM alembic_version") == [("0001",)]

    with Store.open(path) as store:
        assert len(store.summaries()) == 3
    assert rows(path, "SELECT version_num FROM alembic_version") == [(HEAD,)] and HEAD == "0002"
    assert rows(path, "SELECT * FROM interviews ORDER BY id") == interviews
    assert rows(path, "SELECT * FROM settings ORDER BY key") == settings
    assert rows(path, "SELECT count(*) FROM bundles") == [(0,)]
    columns = {row[1] for row in rows(path, "PRAGMA table_info(bundles)")}
    assert {"interview_id", "lineage_id", "revision", "file_name", "sha256", "created_at",
            "synced_at", "synced_to"} <= columns

    [backup] = paths.backups_dir().iterdir()
    assert "schema0001" in backup.name
    assert rows(backup, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert rows(backup, "SELECT * FROM interviews ORDER BY id") == interviews


def test_an_interview_exported_before_bundles_existed_can_be_sent(tmp_path):
    path = tmp_path / "cyberdesk.sqlite3"
    shutil.copyfile(FIXTURE, path)
    folder = tmp_path / "share"
    folder.mkdir()
    with Store.open(path) as store:
        [old] = [s for s in store.summaries() if s.status is Status.EXPORTED]
        assert waiting_count(store) == 0  # it has no bundle yet: export makes one
        export(store, old.id)
        assert sync(store, folder).complete
        assert store.get(old.id).status is Status.SYNCED
    [report] = verify([folder])
    assert report.verdict is Verdict.OK and report.manifest["interview_id"] == old.id
