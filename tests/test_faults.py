"""The database and the data folder when things go wrong for real: empty, a folder, a dangling
link, read-only, locked for longer than the wait, a full disk (tmpfs), many writers at once.
Each is one line naming the file (exit 1), nothing stored changes, and no customer data is
printed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import run_cli, tmpfs
from db_helpers import open_db
from fault_helpers import remount_read_only, run_cli_as_nobody
from interview_factory import BASIC, document

from cyberdesk.files import paths
from cyberdesk.model.document import dumps, from_document
from cyberdesk.model.interview import new_id
from cyberdesk.services.laptop import open_store

COMPANY = "株式会社ひみつ情報"  # must never appear in an error message


def one_fault_line(result, *words: str) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    [line] = result.stderr.splitlines()
    assert "Traceback" not in line
    for word in words:
        assert word in line, line
    assert COMPANY not in result.stderr and "INSERT" not in result.stderr
    assert "sqlite3." not in result.stderr and "OperationalError" not in result.stderr
    return line


def interview_file(folder: Path, company: str = COMPANY) -> Path:
    data = document(BASIC)
    data["id"] = data["lineage_id"] = new_id()
    data["customer"]["company_name"] = company
    path = folder / f"{data['id']}.json"
    path.write_text(dumps(from_document(data)), encoding="utf-8")
    return path


def stored_ids() -> list[str]:
    with open_store() as store:
        return sorted(s.id for s in store.summaries())


@pytest.mark.slow
def test_an_empty_database_file_is_named_not_replaced(cyberdesk_home):
    database = cyberdesk_home / "cyberdesk.sqlite3"
    database.touch()
    one_fault_line(run_cli("list"), str(database), "0")
    assert database.stat().st_size == 0


@pytest.mark.slow
def test_a_folder_or_a_dangling_link_where_the_database_should_be(cyberdesk_home, tmp_path):
    database = cyberdesk_home / "cyberdesk.sqlite3"
    database.mkdir()
    one_fault_line(run_cli("import", str(interview_file(tmp_path))), str(database))
    database.rmdir()
    database.symlink_to(tmp_path / "gone.sqlite3")
    one_fault_line(run_cli("list"), str(database))
    assert database.is_symlink() and not (tmp_path / "gone.sqlite3").exists()


@pytest.mark.slow
def test_list_never_changes_the_mode_of_a_read_only_database(cyberdesk_home, tmp_path):
    assert run_cli("import", str(interview_file(tmp_path))).returncode == 0
    database = cyberdesk_home / "cyberdesk.sqlite3"
    database.chmod(0o444)
    result = run_cli("list")
    assert oct(database.stat().st_mode & 0o777) == oct(0o444)
    if os.geteuid() != 0:  # root writes a 0444 file anyway: then the list simply works
        one_fault_line(result, str(database))


@pytest.mark.slow
def test_a_read_only_database_file_is_one_line(tmp_path):
    """As an ordinary user, a database owned by someone else (mode 0644) cannot be written."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CYBERDESK_HOME", str(tmp_path / "source"))
        assert run_cli("import", str(interview_file(tmp_path))).returncode == 0
        data = (tmp_path / "source" / "cyberdesk.sqlite3").read_bytes()
    result = run_cli_as_nobody({"home/cyberdesk.sqlite3": data}, lambda root: None, "list")
    one_fault_line(result, "cyberdesk.sqlite3")


@pytest.mark.slow
def test_a_read_only_data_folder_is_one_line(tmp_path):
    """The database is the user's own, but its folder cannot be written (SQLite needs it for the
    write-ahead log): one line, as an ordinary user; the folder stays read-only for its owner (only
    the others' rights are taken away, as from every data folder)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CYBERDESK_HOME", str(tmp_path / "source"))
        assert run_cli("import", str(interview_file(tmp_path))).returncode == 0
        data = (tmp_path / "source" / "cyberdesk.sqlite3").read_bytes()

    def read_only_folder(root: Path) -> None:
        database = root / "home" / "cyberdesk.sqlite3"
        if os.geteuid() == 0:
            os.chown(database, 65534, 65534)
        database.chmod(0o600)
        (root / "home").chmod(0o555)

    modes = []
    result = run_cli_as_nobody({"home/cyberdesk.sqlite3": data}, read_only_folder, "list",
                               after=lambda root: modes.append((root / "home").stat().st_mode))
    one_fault_line(result, "home")  # the folder is named (its backups/ cannot be made)
    assert modes[0] & 0o777 == 0o500


@pytest.mark.slow
def test_a_read_only_disk_is_one_line(tmp_path, monkeypatch):
    home = tmp_path / "ro-home"
    with tmpfs(home, "size=4m,mode=0700"):
        monkeypatch.setenv("CYBERDESK_HOME", str(home))
        source = interview_file(tmp_path)
        assert run_cli("import", str(source)).returncode == 0
        remount_read_only(home)
        line = one_fault_line(run_cli("import", str(interview_file(tmp_path))), str(home))
        assert "read-only" in line or "書き込めません" in line or "読み取り専用" in line


@pytest.mark.slow
def test_a_full_disk_is_one_line_without_customer_data(tmp_path, monkeypatch):
    home = tmp_path / "full-home"
    with tmpfs(home, "size=1m,mode=0700"):
        monkeypatch.setenv("CYBERDESK_HOME", str(home))
        assert run_cli("import", str(interview_file(tmp_path, "株式会社はじめ"))).returncode == 0
        before = stored_ids()
        filler = home / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)  # fill the disk to the last block
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        big = interview_file(tmp_path)
        text = big.read_text(encoding="utf-8").replace('"proposal_reason": "',
                                                        '"proposal_reason": "' + "理由" * 4000)
        big.write_text(text, encoding="utf-8")
        result = run_cli("import", str(big))
        filler.unlink()
        line = one_fault_line(result, str(home))
        assert "full" in line or "いっぱい" in line, line
        assert stored_ids() == before


@pytest.mark.slow
def test_a_lock_held_longer_than_the_wait_is_one_line(tmp_path):
    assert run_cli("list").returncode == 0  # creates the database
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom cyberdesk.trust.keys import database_key\n"
         "from cyberdesk.store.database import connect\n"
         f"c = connect({str(paths.database_path())!r}, database_key())\nc.isolation_level = None\n"
         "c.execute('BEGIN EXCLUSIVE'); print('held', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        start = time.monotonic()
        result = run_cli("import", str(interview_file(tmp_path)), env={"CYBERDESK_COMMAND_WAIT": "2"})
        assert 2 <= time.monotonic() - start < 30  # it waits its turn that long, then gives up
        one_fault_line(result, str(paths.database_path()))
    finally:
        holder.communicate("\n", timeout=30)
    assert stored_ids() == []


@pytest.mark.slow
def test_twenty_parallel_imports_while_the_app_is_open_all_succeed(tmp_path):
    files = [interview_file(tmp_path, f"株式会社並列{n:02d}") for n in range(20)]
    with open_store() as app:  # the app's store, open throughout
        with ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(lambda f: run_cli("import", str(f)), files))
        assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results if r.returncode]
        assert len(app.summaries()) == 20


@pytest.mark.slow
def test_a_migration_waits_for_commands_and_commands_wait_for_it(tmp_path, cyberdesk_home):
    """An old database is upgraded by the first process to open it; twenty parallel imports on
    it all succeed (the others wait for the upgrade, bounded)."""
    shutil.copyfile(Path(__file__).parent / "fixtures" / "db" / "schema-0001.sqlite3",
                    cyberdesk_home / "cyberdesk.sqlite3")
    files = [interview_file(tmp_path, f"株式会社移行{n:02d}") for n in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda f: run_cli("import", str(f)), files))
    assert [r.returncode for r in results] == [0] * 8, [r.stderr for r in results]
    assert len(list(paths.backups_dir().iterdir())) == 1  # one upgrade, one backup


def test_a_write_log_deleted_under_a_running_store_loses_nothing(tmp_path):
    """Deleting the -wal under the running app: reads go on through the connection that still
    holds the log, later writes too, and everything is in the file once the app closes."""
    with open_store() as store:
        first = from_document({**document(BASIC), "id": new_id(), "lineage_id": None})
        store.add(first)
        Path(f"{store.path}-wal").unlink()
        assert [s.id for s in store.summaries()] == [first.id]
        second = from_document({**document(BASIC), "id": new_id(), "lineage_id": None})
        store.add(second)
        assert len(store.summaries()) == 2
    assert open_db(paths.database_path()).execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert sorted(stored_ids()) == sorted([first.id, second.id])
