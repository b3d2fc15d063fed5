"""Every command's output goes through one helper (cyberdesk.cli.common): a file name, a folder,
a company or an agent holding ESC, a line break and a right-to-left override (U+202E) is printed
escaped, one line per item — never a raw control, never a forged line, never reversed text.

One real process per command (the laptop's and head office's), each given the hostile name
where that command prints a name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bundle_helpers import add_finalized
from conftest import ROOT, pilot_deployment, run_cli
from interview_factory import BASIC, document, interview

from cyberdesk.services.laptop import open_store

HOSTILE = "悪\x1b[2J\n偽の行\u202egpj.exe"
ESCAPED = "悪\\x1b[2J\\n偽の行\\u202egpj.exe"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
FINGERPRINT = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6723"  # base32: A-Z and 2-7


def named(folder: Path, suffix: str) -> Path:
    return folder / f"{HOSTILE}{suffix}"


def written(folder: Path, suffix: str, data: dict | None = None) -> Path:
    path = named(folder, suffix)
    path.write_text(json.dumps(data or document(BASIC), ensure_ascii=False), encoding="utf-8")
    return path


def stored_with(company: str) -> str:
    draft = interview(BASIC)
    draft.customer.company_name = company
    with open_store() as store:
        return store.add(draft).id


def finalized() -> str:
    with open_store() as store:
        return add_finalized(store)[0]


def conflicting(folder: Path) -> Path:
    """An interview file whose interview is stored already: its import is refused, naming it."""
    stored_with("株式会社A")
    return written(folder, ".json")


def listed(company: str) -> str:
    stored_with(company)
    return "list"


def sent(folder: Path) -> str:
    finalized()
    return str(folder)


def junk_bundle(folder: Path) -> Path:
    named(folder, ".zip").write_bytes(b"not a zip")
    return folder


def office_db(folder: Path, agent: str | None = None) -> str:
    from cyberdesk.office.store import OfficeStore

    url = f"sqlite:///{folder.parent / 'office.sqlite3'}"
    with OfficeStore.open(url) as office:
        if agent is not None:
            office.register_key(FINGERPRINT, "A1234-567", agent, "2026-11-27T00:00:00+00:00")
    return url


def existing(path: Path) -> Path:
    path.write_text("", encoding="utf-8")
    return path


# Each case: the command line in a hostile folder (made ready in-process), the number of lines
# expected on stdout and on stderr, and the exit code.
Case = Callable[[Path], list[str]]
CASES: dict[str, tuple[Case, int, int, int]] = {
    "validate": (lambda d: ["validate", str(written(d, ".json"))], 1, 0, 0),
    "import": (lambda d: ["import", str(conflicting(d))], 0, 1, 2),
    "list": (lambda d: [listed(HOSTILE)], 2, 0, 0),
    "export-json": (lambda d: ["export-json", stored_with("株式会社A"), "-o",
                               str(named(d, ".json"))], 1, 0, 0),
    "finalize": (lambda d: ["finalize", HOSTILE], 0, 1, 2),
    "render": (lambda d: ["render", stored_with("株式会社A"), "-o", str(named(d, ".pdf"))], 1, 0, 0),
    "export": (lambda d: ["export", finalized()], 1, 1, 0),  # stderr: the pilot's warning
    "sync": (lambda d: ["sync", "--to", sent(d)], 2, 1, 0),
    "purge": (lambda d: ["purge"], 1, 0, 0),
    "verify": (lambda d: ["verify", str(junk_bundle(d))], 2, 0, 1),
    "office intake": (lambda d: ["office", "intake", str(junk_bundle(d)), "--db", office_db(d),
                                 "--quarantine", str(named(d, "-q"))], 1, 1, 1),
    "office report": (lambda d: ["office", "report", "--db", office_db(d),
                                 "--csv", str(named(d, "/none/x.csv"))], 0, 1, 1),
    "office keygen": (lambda d: ["office", "keygen", str(existing(named(d, ".key")))
                                 if existing(named(d, ".signing.key")) else ""], 0, 1, 2),
    "office agents --add": (lambda d: ["office", "agents", "--db", office_db(d), "--add", FINGERPRINT,
                                       "--agency", "A1234-567", "--agent", HOSTILE], 1, 0, 0),
    "office agents": (lambda d: ["office", "agents", "--db", office_db(d, HOSTILE)], 1, 0, 0),
}


@pytest.fixture
def hostile_home(tmp_path, monkeypatch) -> Path:
    """The data folder itself has the hostile name: every path a command prints holds it."""
    home = tmp_path / f"home{HOSTILE}"
    pilot_deployment(home)  # the laptop sends only with a deployment file
    monkeypatch.setenv("CYBERDESK_HOME", str(home))
    folder = tmp_path / f"in{HOSTILE}" / "folder"
    folder.mkdir(parents=True)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("command", CASES)
def test_every_command_prints_hostile_names_escaped_one_line_each(command, hostile_home):
    prepare, out_lines, err_lines, code = CASES[command]
    args = prepare(hostile_home)
    result = run_cli(*args)
    said = result.stdout + result.stderr
    assert result.returncode == code, (result.returncode, said)
    assert "Traceback" not in said
    assert not RAW.search(said), [line for line in said.splitlines() if RAW.search(line)]
    assert (len(result.stdout.splitlines()), len(result.stderr.splitlines())) == (
        out_lines, err_lines), said
    assert ESCAPED in said or command == "purge"  # purge names no file
    if command == "render":  # a stored record saved as a PDF is in its audit trail, as in the app
        with open_store() as store:
            [summary] = store.summaries()
            assert [e.fields for e in store.audit_trail(summary.id) if e.event == "printed"] == [
                ["pdf_file"]]


def test_no_command_prints_but_through_the_helper():
    """`say`/`say_row`/`say_json` are the only way out: a bare print() would skip the escaping."""
    bare = re.compile(r"(?<![\w.])print\(")
    offenders = [path.name for path in (ROOT / "cyberdesk" / "cli").glob("*.py")
                 if path.name != "common.py" and bare.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
