"""Interview files, output paths, stored interviews and catalogue files made to break CyberDesk:
each is refused with one line per problem naming the file and the field (exit 2), fast, and
nothing stored changes; one bad interview never blocks the others."""

from __future__ import annotations

import json
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bundle_helpers import add_finalized
from conftest import run_cli
from db_helpers import open_db
from interview_factory import BASIC, SIGNED, document

from cyberdesk.catalogue import installed
from cyberdesk.files import paths
from cyberdesk.model.document import from_document
from cyberdesk.model.interview import Status, new_id
from cyberdesk.services.laptop import open_store


def refused(result, *words: str) -> list[str]:
    """The stderr lines of a run that must be exit 2, one line per problem, no internals."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert lines and "Traceback" not in result.stderr and "Error:" not in result.stderr
    for word in words:
        assert any(word in line for line in lines), (word, lines)
    return lines


def stored_ids() -> list[str]:
    with open_store() as store:
        return sorted(s.id for s in store.summaries())


def write(path: Path, data) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
                    encoding="utf-8")
    return path


def fresh(**changes) -> dict:
    data = document(BASIC)
    data["id"] = data["lineage_id"] = new_id()
    data.update(changes)
    return data


def finalized(**changes) -> dict:
    return fresh(**{"status": "finalized", "finalized_at": "2026-11-18T11:40:00+09:00", **changes})


def signed_by_customer(**changes) -> dict:
    """The signed example as a new interview whose customer's signature has `changes`."""
    data = document(SIGNED)
    data["id"] = data["lineage_id"] = new_id()
    data["signatures"]["customer"].update(changes)
    return data


TEXT_CASES = {
    "deep": ('{"format": "cyberdesk.interview", "x": ' + "[" * 1000 + "]" * 1000 + "}",
             "(file)"),
    "digits": ('{"format": "cyberdesk.interview", "version": ' + "7" * 5000 + "}", "(file)"),
    "duplicate": ('{"format": "cyberdesk.interview", "format": "x", "version": 1}', "format"),
    "nan": ('{"format": "cyberdesk.interview", "version": NaN}', "NaN"),
    "huge-float": ('{"format": "cyberdesk.interview", "version": 1e999}', "(file)"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", TEXT_CASES)
def test_files_beyond_the_json_limits_are_one_line(tmp_path, name):
    text, word = TEXT_CASES[name]
    source = write(tmp_path / f"{name}.json", text)
    for command in ("validate", "import"):
        [line] = refused(run_cli(command, str(source)), word)
        assert line.startswith(str(source))


FIELD_CASES = {
    "bool-date": (lambda: fresh(interview_date=True), "interview_date"),
    "bool-version": (lambda: fresh(version=True), "version"),
    "far-past-moment": (lambda: fresh(created_at="0001-01-01T00:00:00+14:00"), "created_at"),
    "1970": (lambda: finalized(finalized_at="1970-01-01T00:00:00+00:00"), "finalized_at"),
    "2200": (lambda: fresh(interview_date="2200-01-01"), "interview_date"),
    "newline-id": (lambda: fresh(id=new_id() + "\n"), "id"),
    "finalized-without-time": (lambda: fresh(status="finalized", finalized_at=None),
                               "finalized_at"),
    "draft-with-time": (lambda: fresh(finalized_at="2026-11-18T11:40:00+09:00"), "finalized_at"),
    "parties": (lambda: fresh(insured_parties=[{"name": "株式会社下請", "role": "subcontractor"}]
                              * 101), "insured_parties"),
    "explanations": (lambda: fresh(confirmation={**document(BASIC)["confirmation"], "explanations":
                                                 {f"k{n}": "x" for n in range(65)}}),
                     "confirmation.explanations"),
    "letters": (lambda: fresh(initial_intent={**document(BASIC)["initial_intent"],
                                              "expense_items": ["ア"] * 41}),
                "initial_intent.expense_items"),
    "stroke-outside-the-box": (lambda: signed_by_customer(strokes=[[[10, 20], [1e6, 20]]]),
                               "signatures.customer.strokes[0]"),
    "too-many-points": (lambda: signed_by_customer(strokes=[[[1, 1]] * 5000] * 5),
                        "signatures.customer.strokes"),
    "signature-key": (lambda: signed_by_customer(image="data:image/png;base64,AAAA"),
                      "signatures.customer.image"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", FIELD_CASES)
def test_each_hostile_field_is_refused_by_validate_and_import_alike(tmp_path, name):
    make, field = FIELD_CASES[name]
    source = write(tmp_path / f"{name}.json", make())
    for command in ("validate", "import"):
        lines = refused(run_cli(command, str(source)), f": {field}")
        assert all(line.startswith(str(source)) for line in lines)
    assert stored_ids() == []


@pytest.mark.slow
def test_a_huge_file_is_refused_before_it_is_parsed_and_render_is_never_reached(tmp_path):
    """50 MB with 200,000 insured parties: refused at once on its size."""
    data = fresh(insured_parties=[{"name": "株式会社下請", "role": "subcontractor"}] * 200_000)
    source = write(tmp_path / "huge.json", data)
    assert source.stat().st_size > 2 * 1024 * 1024
    start = time.monotonic()
    [line] = refused(run_cli("render", str(source), "-o", str(tmp_path / "huge.pdf")), "KiB")
    assert time.monotonic() - start < 10 and not (tmp_path / "huge.pdf").exists()
    assert line.startswith(str(source))


@pytest.mark.slow
def test_an_id_with_a_final_newline_cannot_hide_the_real_interview(tmp_path):
    real = fresh()
    assert run_cli("import", str(write(tmp_path / "real.json", real))).returncode == 0
    twin = dict(real, id=real["id"] + "\n", lineage_id=real["id"] + "\n")
    refused(run_cli("import", str(write(tmp_path / "twin.json", twin))), ": id")
    assert run_cli("export-json", real["id"], "-o", str(tmp_path / "out.json")).returncode == 0


@pytest.mark.slow
def test_revision_chains_are_checked_on_import(tmp_path):
    first = finalized(id="a" * 32, lineage_id="a" * 32)
    other = finalized(id="b" * 32, lineage_id="b" * 32)
    for name, data in (("first", first), ("other", other)):
        assert run_cli("import", str(write(tmp_path / f"{name}.json", data))).returncode == 0
    revision = {"revision_reason": "住所の変更", "lineage_id": "a" * 32}
    cases = {
        "other-lineage": fresh(**revision, revision=2, previous_id="b" * 32),
        "skips-one": fresh(**revision, revision=3, previous_id="a" * 32),
        "first-claims-lineage": fresh(lineage_id="b" * 32),
    }
    for name, data in cases.items():
        lines = refused(run_cli("import", str(write(tmp_path / f"{name}.json", data))))
        assert len(lines) == 1 and lines[0].startswith(str(tmp_path / f"{name}.json")), name
    good = fresh(**revision, revision=2, previous_id="a" * 32)
    assert run_cli("import", str(write(tmp_path / "good.json", good))).returncode == 0
    assert len(stored_ids()) == 3


# Outputs never destroy the user's data --------------------------------------------------------

@pytest.mark.slow
def test_outputs_never_replace_the_database_its_backups_the_outbox_or_the_input(tmp_path):
    source = write(tmp_path / "in.json", fresh())
    interview_id = run_cli("import", str(source)).stdout.split()[-1]
    database = paths.database_path()
    (paths.backups_dir() / "old.sqlite3").write_bytes(b"backup")
    (paths.outbox_dir() / "b.zip").write_bytes(b"bundle")
    before = {p: p.read_bytes() for p in (database, source, paths.backups_dir() / "old.sqlite3",
                                          paths.outbox_dir() / "b.zip")}
    link = tmp_path / "link.json"
    link.hardlink_to(source)
    attempts = [
        ("render", interview_id, "-o", str(database)),
        ("render", interview_id, "-o", f"{database}-wal"),
        ("render", str(source), "-o", str(source)),
        ("render", str(source), "-o", str(link)),
        ("export-json", interview_id, "-o", str(database)),
        ("export-json", interview_id, "-o", str(paths.backups_dir() / "old.sqlite3")),
        ("export-json", interview_id, "-o", str(paths.outbox_dir() / "b.zip")),
    ]
    for args in attempts:
        [line] = refused(run_cli(*args))
        assert args[-1] in line, line
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.slow
def test_sync_to_the_outbox_or_the_data_folder_is_refused_and_marks_nothing(tmp_path):
    with open_store() as store:
        [interview_id] = add_finalized(store)
    for folder in (paths.outbox_dir(), paths.home(), paths.home().parent):
        [line] = refused(run_cli("sync", "--to", str(folder)))
        assert str(folder) in line
    with open_store() as store:
        assert [s.status for s in store.summaries()] == [Status.FINALIZED]
    assert interview_id


# One bad interview never blocks the others ------------------------------------------------

@pytest.mark.slow
def test_a_stored_interview_that_no_longer_reads_does_not_block_export_or_sync(tmp_path):
    with open_store() as store:
        good_ids = add_finalized(store, 2)
        bad = from_document(fresh())
        store.add(bad)
        store.finalize(bad.id, installed().current())
        document_ = json.loads(store.read("SELECT document FROM interviews WHERE id = ?",
                                          (bad.id,))[0][0])
        document_["finalized_at"] = datetime(1970, 1, 1, tzinfo=UTC).isoformat()
        with closing(open_db(store.path)) as older, older:  # stored by an older CyberDesk
            older.execute("UPDATE interviews SET document = ? WHERE id = ?",
                          (json.dumps(document_, ensure_ascii=False), bad.id))
    folder = tmp_path / "sync"
    folder.mkdir()
    result = run_cli("sync", "--to", str(folder))
    assert result.returncode == 1, result.stderr
    assert bad.id in result.stderr and "Traceback" not in result.stderr
    assert len(list(folder.glob("*.zip"))) == 2
    with open_store() as store:
        states = {s.id: s.status for s in store.summaries()}
    assert [states[i] for i in good_ids] == [Status.SYNCED] * 2
    refused(run_cli("export", bad.id), bad.id)
    for args in (("render", bad.id, "-o", str(tmp_path / "bad.pdf")),
                 ("export-json", bad.id, "-o", str(tmp_path / "bad.json"))):
        assert len(refused(run_cli(*args), bad.id, "finalized_at")) == 1


@pytest.mark.slow
def test_an_interview_file_that_is_a_fifo_is_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    start = time.monotonic()
    [line] = refused(run_cli("validate", str(fifo)))
    assert time.monotonic() - start < 30 and line.startswith(str(fifo))


# Catalogue files ----------------------------------------------------------------------------

@pytest.mark.slow
def test_a_hostile_catalogue_file_is_set_aside_and_every_command_still_works(cyberdesk_home,
                                                                              tmp_path):
    folder = cyberdesk_home / "catalogues"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "digits.json").write_text('{"format_version": ' + "9" * 5000 + "}")
    (folder / "big.json").write_bytes(b" " * (2 * 1024 * 1024))
    result = run_cli("validate", str(BASIC))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if "catalogues" in line]) == 3
