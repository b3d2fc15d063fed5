"""The command line as agents and head office run it: real processes, exit 0 / 2 / 1, one line
per problem on stderr, never a traceback, nothing stored after a refusal."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli
from db_helpers import open_db
from interview_factory import (
    BASIC,
    DRAFT,
    ECONOMY_CATALOGUE,
    WIDE,
    document,
    economy_document,
    interview,
)

from cyberdesk.files import paths
from cyberdesk.services.laptop import open_store

pytestmark = pytest.mark.slow

COMMANDS = ("gui", "validate", "import", "list", "export-json", "finalize")


def cli(*args: str, code: int = 0, **kwargs) -> subprocess.CompletedProcess:
    result = run_cli(*args, **kwargs)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    if code:
        assert result.stderr.strip(), "a failure always says why"
    return result


def lines(text: str) -> list[str]:
    return text.strip().splitlines()


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def stored_ids() -> list[str]:
    return [row["id"] for row in json.loads(cli("list", "--json").stdout)]


def imported(path: Path) -> str:
    return lines(cli("import", str(path)).stdout)[-1]


# Help -------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", COMMANDS)
def test_help_works_on_each_command(command):
    out = cli(command, "--help").stdout
    assert out.startswith("使い方: cyberdesk " + command)


def test_help_lists_every_command():
    out = cli("--help").stdout
    for command in COMMANDS:
        assert command in out
    assert "--smoke" in out  # `cyberdesk --smoke` works, so it is in the help


@pytest.mark.parametrize("args", [("frobnicate",), ("import",), ("list", "--status", "gone"),
                                  ("export-json", "abc")])
def test_a_usage_error_is_one_line_and_exit_2(args):
    assert len(lines(cli(*args, code=2).stderr)) == 1


# validate ---------------------------------------------------------------------------------

def test_validate_accepts_the_examples_and_a_draft_with_only_the_fixed_keys():
    result = cli("validate", str(BASIC), str(WIDE), str(DRAFT))
    assert len(lines(result.stdout)) == 3
    assert result.stderr == ""
    cli("validate", "--complete", str(BASIC), str(WIDE))


def test_validate_reports_every_problem_of_every_file_one_line_each(tmp_path):
    data = document(WIDE)
    data["customer"]["postal_code"] = "1-2"
    data["other_business_description"] = ""
    data["plan"] = "gold"
    broken = write(tmp_path / "broken.json", data)
    result = cli("validate", str(broken), str(BASIC), str(tmp_path / "absent.json"), code=2)
    problems = lines(result.stderr)
    assert [p.split(": ")[:2] for p in problems] == [
        [str(broken), "customer.postal_code"], [str(broken), "other_business_description"],
        [str(broken), "plan"], [str(tmp_path / "absent.json"), problems[3].split(": ")[1]]]
    assert lines(result.stdout) == [lines(cli("validate", str(BASIC)).stdout)[0]]


def test_validate_complete_lists_what_a_draft_still_needs():
    problems = lines(cli("validate", "--complete", str(DRAFT), code=2).stderr)
    assert len(problems) > 10
    assert all(p.startswith(f"{DRAFT}: ") for p in problems)


@pytest.mark.parametrize(("content", "name"), [
    (b"{", "truncated.json"), (b"\xff\xfe\x00", "utf16.json"), (b"[]", "list.json"),
    (b"", "empty.json"),
])
def test_a_file_that_is_not_an_interview_is_one_line_and_exit_2(tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    [line] = lines(cli("validate", str(path), code=2).stderr)
    assert line.startswith(f"{path}: (file): ")


def test_an_unreadable_file_is_exit_2(tmp_path):
    [line] = lines(cli("validate", str(tmp_path), code=2).stderr)  # a folder, not a file
    assert line.startswith(f"{tmp_path}: ")


# import -----------------------------------------------------------------------------------

def test_import_prints_the_id_last_and_stores_the_interview():
    interview_id = imported(BASIC)
    assert interview_id == document(BASIC)["id"]
    [row] = json.loads(cli("list", "--json").stdout)
    assert (row["id"], row["company_name"], row["plan"], row["status"]) == (
        interview_id, "株式会社さくらシステム開発", "basic", "draft")


def test_import_of_a_draft_without_an_id_gives_it_one():
    interview_id = imported(DRAFT)
    assert len(interview_id) == 32 and stored_ids() == [interview_id]


def _database_digest() -> bytes:
    connection = open_db(paths.database_path())
    try:
        return repr(connection.execute("SELECT * FROM interviews ORDER BY id").fetchall()).encode()
    finally:
        connection.close()


@pytest.mark.parametrize("change", ["invalid", "finalized but incomplete", "unknown key",
                                    "orphan revision", "duplicate"])
def test_nothing_is_stored_after_a_refused_import(tmp_path, change):
    imported(WIDE)
    before = _database_digest()
    data = document(BASIC)
    if change == "invalid":
        data["business_categories"] = [20]
    elif change == "finalized but incomplete":
        data = document(DRAFT) | {"status": "finalized"}
    elif change == "unknown key":
        data["customer"]["fax"] = "03-0000-0000"
    elif change == "orphan revision":
        data.update(revision=2, previous_id="0" * 32, id="1" * 32)
    else:
        data = document(WIDE)
    path = write(tmp_path / "refused.json", data)
    result = cli("import", str(path), code=2)
    assert result.stdout == ""
    assert all(line.startswith(f"{path}: ") for line in lines(result.stderr))
    assert _database_digest() == before


def test_an_import_of_a_finalized_complete_file_is_stored_locked(tmp_path):
    data = document(BASIC) | {"status": "finalized", "finalized_at": "2026-11-18T02:40:00+00:00"}
    interview_id = imported(write(tmp_path / "final.json", data))
    [line] = lines(cli("finalize", interview_id, code=2).stderr)
    assert line.startswith(interview_id)


# list -------------------------------------------------------------------------------------

def test_list_shows_a_header_and_each_interview_on_one_line():
    assert cli("list").stdout == "保存済みの面談はまだありません。\n"
    assert cli("list", "--trash").stdout == "ごみ箱は空です。\n"
    assert json.loads(cli("list", "--json").stdout) == []
    basic, wide = imported(BASIC), imported(WIDE)
    cli("finalize", basic)
    header, *rows = lines(cli("list").stdout)
    assert header.split("\t") == ["ID", "面談日", "状態", "版", "プラン", "法人名"]
    assert sorted(row.split("\t")[0] for row in rows) == sorted([basic, wide])
    assert any("株式会社さくらシステム開発" in row and "確定済み" in row for row in rows)
    assert sorted(row.split("\t")[4] for row in rows) == ["ベーシック", "ワイド"]  # not basic/wide
    english = lines(cli("list", env={"CYBERDESK_LANG": "en"}).stdout)[1:]
    assert sorted(row.split("\t")[4] for row in english) == ["Basic", "Wide"]
    finalized = json.loads(cli("list", "--json", "--status", "finalized").stdout)
    assert [row["id"] for row in finalized] == [basic]
    assert json.loads(cli("list", "--json", "--trash").stdout) == []


# export-json ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [BASIC, WIDE], ids=["basic", "wide"])
def test_import_then_export_gives_back_the_same_bytes(tmp_path, path):
    interview_id = imported(path)
    out = tmp_path / "out.json"
    cli("export-json", interview_id[:8], "-o", str(out))
    assert out.read_bytes() == path.read_bytes()
    assert out.stat().st_mode & 0o077 == 0


def test_export_of_an_unknown_id_or_to_a_missing_folder_is_exit_2(tmp_path):
    interview_id = imported(BASIC)
    [line] = lines(cli("export-json", "ffff", "-o", str(tmp_path / "x.json"), code=2).stderr)
    assert "ffff" in line
    target = tmp_path / "no" / "such" / "x.json"
    [line] = lines(cli("export-json", interview_id, "-o", str(target), code=2).stderr)
    assert str(target) in line
    assert list(tmp_path.iterdir()) == []


# finalize ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [BASIC, WIDE], ids=["basic", "wide"])
def test_finalize_locks_each_complete_example_once(path):
    interview_id = imported(path)
    assert interview_id in cli("finalize", interview_id).stdout
    [line] = lines(cli("finalize", interview_id, code=2).stderr)
    assert line.startswith(interview_id)
    assert json.loads(cli("list", "--json").stdout)[0]["status"] == "finalized"


def test_finalize_refuses_an_incomplete_interview_listing_what_is_missing():
    interview_id = imported(DRAFT)
    problems = lines(cli("finalize", interview_id, code=2).stderr)
    assert len(problems) > 10
    fields = [p.split(": ")[1] for p in problems]
    assert "customer.company_kana" in fields and "confirmation.customer_confirmed" in fields
    assert all(p.startswith(f"{interview_id}: ") for p in problems)
    assert json.loads(cli("list", "--json").stdout)[0]["status"] == "draft"


# A third plan needs no code change --------------------------------------------------------

def test_a_third_plan_goes_through_the_command_line(tmp_path, cyberdesk_home):
    path = write(tmp_path / "economy.json", economy_document())
    [line] = lines(cli("validate", str(path), code=2).stderr)
    assert line.startswith(f"{path}: catalogue.version: ")
    folder = cyberdesk_home / "catalogues"
    folder.mkdir()
    shutil.copy(ECONOMY_CATALOGUE, folder)
    cli("validate", "--complete", str(path))
    interview_id = imported(path)
    assert json.loads(cli("list", "--json").stdout)[0]["plan"] == "economy"
    cli("finalize", interview_id)
    out = tmp_path / "out.json"
    cli("export-json", interview_id, "-o", str(out))
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert (exported["plan"], exported["status"], exported["catalogue"]["id"]) == (
        "economy", "finalized", "test-economy")


# The database cannot be used: exit 1, one clean line -------------------------------------

def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for start in range(4096, len(data), 4096):  # the header of every page but the first
        data[start:start + 12] = b"\xa5" * 12
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["not a database", "damaged", "newer"])
@pytest.mark.parametrize("command", [("list",), ("import", str(BASIC)), ("finalize", "abc"),
                                     ("export-json", "abc", "-o", "x.json")],
                         ids=["list", "import", "finalize", "export-json"])
def test_an_unusable_database_is_one_line_and_exit_1(damage, command):
    with open_store() as store:
        for path in (BASIC, WIDE, DRAFT):
            store.add(interview(path))
    database = paths.database_path()
    if damage == "not a database":
        database.write_text("これはデータベースではありません", encoding="utf-8")
    elif damage == "damaged":
        _damage(database)
    else:
        connection = open_db(database)
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
        connection.close()
    before = database.read_bytes()
    [line] = lines(cli(*command, code=1).stderr)
    assert str(database) in line
    assert database.read_bytes() == before


HOLDER = """
import sys
from cyberdesk.services.laptop import open_store
with open_store() as store:
    print("open", flush=True)
    sys.stdin.readline()
"""


def test_a_command_works_beside_the_app_but_a_second_app_is_refused():
    """The app holds the database for its lifetime: a command-line import goes through beside it
    (SQLite serialises the writes), a second app on the same database is one line and exit 1."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert cli("import", str(BASIC)).stdout.split() == stored_ids()
        second = subprocess.run([sys.executable, "-c", SECOND_APP], capture_output=True,
                                text=True, timeout=60)
        assert second.returncode == 1 and len(second.stderr.splitlines()) == 1, second.stderr
        assert str(paths.database_path()) in second.stderr and "Traceback" not in second.stderr
    finally:
        holder.communicate("\n", timeout=60)


SECOND_APP = """
import sys
from cyberdesk.store.database import StoreError
from cyberdesk.services.laptop import open_store
try:
    open_store()
except StoreError as error:
    print(error, file=sys.stderr)
    sys.exit(1)
"""


# Light commands stay light ----------------------------------------------------------------

PROBE = """
import sys
from cyberdesk.cli.main import main
code = main(sys.argv[1:])
heavy = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6", "reportlab"))
print("HEAVY", code, heavy, file=sys.stderr)
"""


def test_the_file_and_store_commands_load_neither_qt_nor_reportlab(tmp_path):
    def probe(*args: str) -> None:
        result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                                text=True, timeout=120)
        report = result.stderr.strip().splitlines()[-1]
        assert report == "HEAVY 0 []", (args, result.stderr)
        return result.stdout

    probe("validate", str(BASIC))
    interview_id = probe("import", str(BASIC)).strip().splitlines()[-1]
    probe("list")
    probe("list", "--json")
    probe("export-json", interview_id, "-o", str(tmp_path / "out.json"))
    probe("finalize", interview_id)


COMMAND_PROBE = """
import sys
from cyberdesk.cli.main import main
code = main(sys.argv[1:])
print("COMMANDS", code, sorted(name for name in sys.modules if name.startswith("cyberdesk.cli.cmd_")
                               or name.startswith("cyberdesk.trust")), file=sys.stderr)
"""


def test_a_command_imports_its_own_module_only(tmp_path):
    """The parser lists every sub-command but imports only the chosen one's module: rendering a
    PDF loads neither head office's tools nor the keys."""
    result = subprocess.run([sys.executable, "-c", COMMAND_PROBE, "render", str(BASIC), "-o",
                             str(tmp_path / "out.pdf")], capture_output=True, text=True, timeout=120)
    assert result.stderr.strip().splitlines()[-1] == "COMMANDS 0 ['cyberdesk.cli.cmd_render']", \
        result.stderr


def test_text_from_a_file_never_breaks_the_one_line_rule(tmp_path):
    data = document(BASIC)
    data["customer"]["company_name"] = "株式会社\n改行\tタブ\u2028"
    interview_id = imported(write(tmp_path / "lines.json", data))
    _header, row = lines(cli("list").stdout)
    assert row.split("\t")[0] == interview_id
    assert row.split("\t")[-1] == "株式会社\\n改行\\tタブ\\u2028"
    data["plan"] = "gold\nsecond line"
    [line] = lines(cli("validate", str(write(tmp_path / "plan.json", data)), code=2).stderr)
    assert "gold\\nsecond line" in line


def test_head_office_imports_revisions_in_order(tmp_path, monkeypatch, catalogue):
    from cyberdesk.model.document import dumps

    with open_store() as store:
        first = store.add(interview(WIDE))
        store.finalize(first.id, catalogue)
        second = store.revise(first.id, "従業員数の訂正")
        second.customer.employees = 190
        store.save(second)
        store.finalize(second.id, catalogue)
        files = [write(tmp_path / f"r{n}.json", json.loads(dumps(store.get(i.id))))
                 for n, i in ((1, first), (2, second))]
    monkeypatch.setenv("CYBERDESK_HOME", str(tmp_path / "head-office"))
    [line] = lines(cli("import", str(files[1]), code=2).stderr)
    assert first.id in line
    assert imported(files[0]) == first.id
    assert imported(files[1]) == second.id
    rows = json.loads(cli("list", "--json").stdout)
    assert sorted((r["revision"], r["status"]) for r in rows) == [(1, "finalized"), (2, "finalized")]
