"""Head office's intake on SQLite and PostgreSQL: verify, store once, revisions, quarantine,
receipts, and two workers racing over one folder."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import run_cli
from office_fixtures import register_laptop
from office_helpers import sent_bundles

from cyberdesk.office.checking import POOL_MIN_BUNDLES, verification_pool
from cyberdesk.office.intake import intake
from cyberdesk.office.store import OfficeStore
from cyberdesk.services import messages
from cyberdesk.services.laptop import open_store
from cyberdesk.services.seal import Sealer
from cyberdesk.trust.keys import laptop_key


@pytest.fixture
def laptop():
    store = open_store()
    yield store
    store.close()


def test_intake_takes_each_bundle_once_and_writes_receipts(laptop, office_url, tmp_path):
    inbox = tmp_path / "sync"
    ids = sent_bundles(laptop, inbox, count=2, revise_first=True)
    with OfficeStore.open(office_url) as office:
        first = intake(office, [inbox], tmp_path / "quarantine")
        again = intake(office, [inbox], tmp_path / "quarantine")
        revisions = office.revisions()
        pdf = office.summary_pdf(ids[0])
    assert (len(first.taken_in), len(first.already_had), first.ok) == (3, 0, True)
    assert len(first.in_clear) == 3  # the tests' pilot deployment: each plain bundle flagged
    assert (len(again.taken_in), len(again.already_had), again.ok) == (0, 3, True)
    assert sorted(r["id"] for r in revisions) == sorted(ids)  # nothing stored twice
    current = {r["lineage_id"]: r["revision"] for r in revisions if r["current"]}
    assert current == {ids[0]: 2, ids[1]: 1}  # the highest revision of each lineage
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    receipts = messages.found_in(inbox)
    assert len(receipts) == 3
    sent = {laptop.bundle(i).sha256 for i in ids}
    key, opener = messages.laptop_office_key(), messages.laptop_opener()
    assert {messages.read(p, key, opener).body["bundle_sha256"] for p in receipts} == sent
    assert {p.suffix for p in receipts} == {".age"}  # sealed to this laptop, nothing in clear


@pytest.mark.slow  # forks the verification workers
def test_bundles_verified_in_worker_processes_are_taken_in_the_same(laptop, office_url, tmp_path):
    inbox = tmp_path / "sync"
    ids = sent_bundles(laptop, inbox, count=3, revise_first=True)
    damaged = inbox / laptop.bundle(ids[-1]).file_name
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with OfficeStore.open(office_url) as office:
        result = intake(office, [inbox], tmp_path / "quarantine", workers=2)
        again = intake(office, [inbox], tmp_path / "quarantine", workers=2)
        held = {r["id"] for r in office.revisions()}
    assert held == set(ids[:-1])  # the workers' verdicts, stored by this process
    assert len(result.taken_in) == 3 and [q.path for q in result.quarantined] == [damaged]
    assert not result.problems and (len(again.already_had), again.ok) == (3, True)
    # The workers wrote the answers: a receipt for each revision taken in, the refusal of the
    # damaged bundle, each sealed to the laptop (the refusal too: its signature still read)
    key, opener = messages.laptop_office_key(), messages.laptop_opener()
    answers = [messages.read(path, key, opener) for path in messages.found_in(inbox)]
    assert sorted(answer.kind for answer in answers) == ["receipt"] * 3 + ["refusal"]
    assert {a.interview_id for a in answers if a.kind == "receipt"} == set(ids[:-1])


def test_bytes_held_under_their_name_are_hashed_not_verified_again(laptop, tmp_path):
    """A laptop's folder keeps every bundle it sent: each run meets them again. Bytes that hash
    to what head office holds under the file's name are not verified (no key is even needed);
    any other bytes under that name are."""
    from cyberdesk.office.checking import Known, Rejected, open_bundle, open_in_worker

    inbox = tmp_path / "sync"
    (interview_id,) = sent_bundles(laptop, inbox, count=1)
    path = inbox / laptop.bundle(interview_id).file_name
    sha256 = open_bundle(path).sha256
    assert open_in_worker(path, held=sha256) == (path, sha256, Known())
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    _path, changed, verdict = open_in_worker(path, held=sha256)
    assert changed != sha256 and isinstance(verdict, Rejected)


def test_bytes_known_but_not_held_are_verified_after_all(laptop, office_url, tmp_path):
    """Head office only ever adds rows, but should a database be restored from an older copy
    between the hint and the verdict, bytes the worker only hashed are verified then."""
    from cyberdesk.office.checking import Known, open_bundle
    from cyberdesk.office.intake import _Run

    inbox = tmp_path / "sync"
    (interview_id,) = sent_bundles(laptop, inbox, count=1)
    path = inbox / laptop.bundle(interview_id).file_name
    with OfficeStore.open(office_url) as office:
        run = _Run(office, tmp_path / "q", None, None)
        run.take(*run.found(iter([(path, open_bundle(path).sha256, Known())])))
        assert [r["id"] for r in office.revisions()] == [interview_id]
    assert run.result.taken_in == [path]


def test_a_new_head_office_database_has_large_pages(tmp_path):
    """64 KiB pages for the summary PDFs; a database made before keeps its own."""
    import sqlite3

    old = tmp_path / "old.sqlite3"
    sqlite3.connect(old).execute("CREATE TABLE t (x)").connection.close()
    for path in (tmp_path / "new.sqlite3", old):
        OfficeStore.open(f"sqlite:///{path}").close()
    pages = {path.stem: sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
             for path in (tmp_path / "new.sqlite3", old)}
    assert pages == {"new": 65536, "old": 4096}


def test_a_revision_waits_for_its_predecessor(laptop, office_url, tmp_path):
    inbox, later = tmp_path / "sync", tmp_path / "later"
    ids = sent_bundles(laptop, inbox, count=1, revise_first=True)
    later.mkdir()
    first_revision = inbox / laptop.bundle(ids[0]).file_name
    first_revision.rename(later / first_revision.name)  # revision 1 is still on its way
    with OfficeStore.open(office_url) as office:
        early = intake(office, [inbox], tmp_path / "quarantine")
        assert (len(early.taken_in), len(early.waiting), early.ok) == (0, 1, True)
        assert [w["interview_id"] for w in office.waiting()] == [ids[1]]
        assert office.revisions() == []
        (later / first_revision.name).rename(first_revision)
        both = intake(office, [inbox], tmp_path / "quarantine")
        assert (len(both.taken_in), len(both.waiting)) == (2, 0)
        assert office.waiting() == []
        assert [(r["revision"], r["current"]) for r in office.revisions()] == [(1, False), (2, True)]


def test_damaged_and_duplicate_bundles_are_quarantined_and_the_run_goes_on(
        laptop, office_url, tmp_path):
    inbox, quarantine = tmp_path / "sync", tmp_path / "quarantine"
    ids = sent_bundles(laptop, inbox, count=3)
    names = [laptop.bundle(i).file_name for i in ids]
    damaged = inbox / names[0]
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    copy = inbox / "sub" / ("copy-" + names[1])
    copy.parent.mkdir()
    copy.write_bytes((inbox / names[1]).read_bytes())  # the same revision twice in one run
    with OfficeStore.open(office_url) as office:
        result = intake(office, [inbox], quarantine)
        held = {r["id"] for r in office.revisions()}
    assert held == {ids[1], ids[2]}
    assert not result.ok and len(result.taken_in) == 2
    moved = {q.path.name: q for q in result.quarantined}
    assert set(moved) == {names[0], copy.name}
    assert not damaged.exists() and not copy.exists()
    assert (quarantine / names[0]).exists()
    reason = (quarantine / (names[0] + ".reason.txt")).read_text(encoding="utf-8")
    assert str(damaged) in reason and ("member_damaged" in reason or "hash_mismatch" in reason)
    assert "duplicate" in moved[copy.name].reasons[0] or "重複" in moved[copy.name].reasons[0]


def test_another_bundle_of_a_revision_held_is_a_duplicate(laptop, office_url, tmp_path):
    """Same lineage and revision, different bytes (made again by another app version, or
    forged): quarantined, the one held stays."""
    from cyberdesk.catalogue import installed
    from cyberdesk.services.bundle import build

    inbox, quarantine = tmp_path / "sync", tmp_path / "quarantine"
    ids = sent_bundles(laptop, inbox, count=1)
    held_sha = laptop.bundle(ids[0]).sha256
    other = laptop.get(ids[0])
    other.finalized_at = other.finalized_at.replace(year=2025)
    trail = laptop.audit_trail(ids[0], through="finalized")
    (inbox / "other.zip").write_bytes(
        build(other, installed().current(), trail, sealer=Sealer(laptop_key())).data)
    with OfficeStore.open(office_url) as office:
        result = intake(office, [inbox], quarantine)
        rows = office.revisions()
    assert [r["bundle_sha256"] for r in rows] == [held_sha]
    assert [q.path.name for q in result.quarantined] == ["other.zip"]
    assert (quarantine / "other.zip").exists() and not (inbox / "other.zip").exists()
    assert laptop.bundle(ids[0]).file_name in result.quarantined[0].reasons[0]


@pytest.mark.slow
def test_cli_intake_summary_exit_codes_and_bad_input(laptop, office_url, tmp_path):
    inbox = tmp_path / "sync"
    sent_bundles(laptop, inbox, count=2)
    laptop.close()
    env = {"CYBERDESK_OFFICE_DB": office_url}
    done = run_cli("office", "intake", str(inbox), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "取り込み 2件、取り込み済み 0件、待機 0件、隔離 0件"
    (inbox / "junk.zip").write_bytes(b"not a zip")
    again = run_cli("office", "intake", str(inbox), "--quarantine", str(tmp_path / "q"), env=env)
    assert again.returncode == 1
    assert again.stdout.strip().splitlines()[-1] == "取り込み 0件、取り込み済み 2件、待機 0件、隔離 1件"
    assert "junk.zip" in again.stderr and "Traceback" not in again.stderr
    missing = run_cli("office", "intake", str(tmp_path / "nowhere"), env=env)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    bad_url = run_cli("office", "intake", str(inbox), "--db", "mysql://x@y/z")
    assert bad_url.returncode == 2 and bad_url.stderr.count("\n") == 1
    down = run_cli("office", "report", "--db",
                   "postgresql+psycopg://postgres:secret@/x?host=/nonexistent&port=1")
    assert down.returncode == 1 and down.stderr.count("\n") == 1
    assert "secret" not in down.stderr and "Traceback" not in down.stderr



@pytest.mark.slow  # forks the verification workers
def test_batches_verified_before_the_database_opens_are_checked_against_it(laptop, tmp_path):
    """The workers read and verify the first batches on their own (checking.start) while the
    writer opens the database; the sender and the bytes held are checked when their verdicts
    come, as for the batches the writer reads itself."""
    inbox = tmp_path / "sync"
    ids = sent_bundles(laptop, inbox, count=5)
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"  # this laptop's key is not registered
    with OfficeStore.open(url) as office:
        refused = intake(office, [inbox], tmp_path / "quarantine", batch=2, workers=2)
        assert office.revisions() == []
    assert len(refused.quarantined) == 5 and not refused.taken_in
    assert all(q.reasons[0].startswith("unknown_sender: ") for q in refused.quarantined)
    for item in refused.quarantined:
        item.moved_to.rename(item.path)
    register_laptop(url)
    with OfficeStore.open(url) as office:
        first = intake(office, [inbox], tmp_path / "quarantine", batch=2, workers=2)
        again = intake(office, [inbox], tmp_path / "quarantine", batch=2, workers=2)
        assert sorted(r["id"] for r in office.revisions()) == sorted(ids)
    assert (len(first.taken_in), first.ok) == (5, True)
    assert (len(again.taken_in), len(again.already_had), again.ok) == (0, 5, True)


RACE_BUNDLES = 24


@pytest.mark.slow
def test_two_intake_processes_racing_store_every_bundle_once(laptop, office_url, tmp_path):
    inbox = tmp_path / "sync"
    ids = sent_bundles(laptop, inbox, count=RACE_BUNDLES - 1, revise_first=True)
    laptop.close()
    env_db = office_url
    run_cli("office", "report", "--db", env_db)  # the schema exists before the race starts
    command = [sys.executable, "-m", "cyberdesk", "office", "intake", str(inbox), "--db", env_db]
    workers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert [w.returncode for w in workers] == [0, 0], [err for _out, err in outputs]
    taken = [int(out.strip().splitlines()[-1].split("取り込み ")[1].split("件")[0]) for out, _ in outputs]
    assert sum(taken) == RACE_BUNDLES  # each stored by exactly one worker
    with OfficeStore.open(office_url) as office:
        assert sorted(r["id"] for r in office.revisions()) == sorted(ids)
    assert len(messages.found_in(inbox)) == RACE_BUNDLES
    key, opener = messages.laptop_office_key(), messages.laptop_opener()
    for path in messages.found_in(inbox):
        assert messages.read(path, key, opener).kind == messages.RECEIPT  # whole, never half-written


def test_the_migrations_make_the_schema_the_code_describes(office_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from cyberdesk.office.schema import Base

    with OfficeStore.open(office_url) as office, office.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": "office_alembic_version"})
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.slow
def test_office_commands_load_neither_qt_nor_reportlab(laptop, office_url, tmp_path):
    from test_cli import PROBE

    inbox = tmp_path / "sync"
    sent_bundles(laptop, inbox, count=1)
    for args in (["office", "intake", str(inbox), "--db", office_url],
                 ["office", "report", "--db", office_url, "--csv", str(tmp_path / "r.csv"),
                  "--html", str(tmp_path / "r.html")]):
        done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                              timeout=120)
        assert done.stderr.strip().splitlines()[-1] == "HEAVY 0 []", done.stderr


def test_a_huge_file_is_quarantined_unread(laptop, tmp_path, monkeypatch):
    from cyberdesk.office import checking

    inbox = tmp_path / "sync"
    sent_bundles(laptop, inbox, count=1)
    monkeypatch.setattr(checking, "MAX_BUNDLE_BYTES", 1 << 20)
    (inbox / "huge.zip").write_bytes(b"\0" * ((1 << 20) + 1))
    url = f"sqlite:///{tmp_path / 'o.sqlite3'}"
    register_laptop(url)
    with OfficeStore.open(url) as office:
        result = intake(office, [inbox], tmp_path / "q")
    assert len(result.taken_in) == 1
    assert [(q.path.name, q.reasons[0].split(":")[0]) for q in result.quarantined] == [
        ("huge.zip", "too_large")]


def test_a_revision_started_on_the_laptop_is_reported_until_it_arrives(laptop, office_url, tmp_path):
    from cyberdesk.catalogue import installed
    from cyberdesk.office.report import build as build_report
    from cyberdesk.services import revision_notice
    from cyberdesk.services.sync import sync

    inbox = tmp_path / "sync"
    ids = sent_bundles(laptop, inbox, count=2)
    draft = laptop.revise(ids[0], "補償の追加を検討")
    laptop.revise(ids[1], "誤記の訂正")
    laptop.trash(next(s.id for s in laptop.summaries() if s.lineage_id == ids[1] and s.revision == 2))
    assert sync(laptop, inbox).complete
    notices = revision_notice.found_under(inbox)
    assert [p.name for p in notices] == [f"{ids[0]}.revision.json"]  # the discarded one is not
    with OfficeStore.open(office_url) as office:
        intake(office, [inbox], tmp_path / "q")
        [(notice, held)] = build_report(office).open_revisions
        # ids only: the agent's reason may quote the customer, and the sync folder is not encrypted
        assert (notice["interview_id"], notice["reason"]) == (draft.id, "")
        assert "補償の追加" not in notices[0].read_text(encoding="utf-8")
        assert notices[0].stat().st_mode & 0o777 == 0o600
        assert held["id"] == ids[0]
        laptop.finalize(draft.id, installed().current())
        assert sync(laptop, inbox).complete
        assert revision_notice.found_under(inbox) == []  # withdrawn once finalized
        result = intake(office, [inbox], tmp_path / "q")
        assert len(result.taken_in) == 1 and result.ok
        assert build_report(office).open_revisions == []


def test_a_quarantine_folder_that_cannot_be_written_does_not_stop_the_run(laptop, tmp_path):
    inbox, quarantine = tmp_path / "sync", tmp_path / "q"
    sent_bundles(laptop, inbox, count=1)
    (inbox / "junk.zip").write_bytes(b"junk")
    quarantine.write_text("a file where the folder should be")
    url = f"sqlite:///{tmp_path / 'o.sqlite3'}"
    register_laptop(url)
    with OfficeStore.open(url) as office:
        result = intake(office, [inbox], quarantine)
    assert len(result.taken_in) == 1 and not result.ok
    assert [q.moved_to for q in result.quarantined] == [None]
    assert (inbox / "junk.zip").exists() and "junk.zip" in result.problems[0]


def test_a_batch_the_database_refuses_is_stored_one_by_one(laptop, office_url, tmp_path):
    """Should a row break a constraint the checks before it could not see (a predecessor that
    lost its place to another worker's forged bundle a moment ago), only that one is left out."""
    from cyberdesk.office.checking import open_bundle, verify
    from cyberdesk.office.intake import _Run

    inbox = tmp_path / "sync"
    ids = sent_bundles(laptop, inbox, count=2)
    with OfficeStore.open(office_url) as office:
        arrivals = [verify(open_bundle(inbox / laptop.bundle(i).file_name), senders=office.senders())
                    for i in ids]
        arrivals[1].columns["previous_id"] = "e" * 32  # links to a revision nobody holds
        run = _Run(office, tmp_path / "q", None, None)
        run._store(arrivals)
        held = {r["id"] for r in office.revisions()}
    assert held == {ids[0]}
    assert [q.path for q in run.result.quarantined] == [arrivals[1].path]


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: verified in-process")
def test_the_workers_are_one_more_than_the_cores_and_none_for_a_few_bundles():
    """A worker waiting on a file or on the file system leaves its core to the extra one."""
    cores = len(os.sched_getaffinity(0))
    pool = verification_pool(POOL_MIN_BUNDLES)
    assert pool is not None
    try:
        assert pool._max_workers == cores + 1
    finally:
        pool.shutdown()
    assert verification_pool(POOL_MIN_BUNDLES - 1) is None
    assert verification_pool(1000, workers=1) is None  # asked for one: verified in-process
