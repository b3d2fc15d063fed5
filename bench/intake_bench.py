"""What head office's intake costs, against a fair baseline process over the same bundles.

Makes COUNT encrypted, signed bundles (distinct interviews; one summary PDF rendered once and
shared, which `verify` allows: it checks the PDF's hash, not its words), then ROUNDS times, the
runs interleaved, each on a fresh database and a fresh copy (hard links) of the folder, read
once before the clock starts (`read_through`):

- baseline: a separate process that does everything intake must do except verification and
  receipts — read, decrypt, unzip, parse, insert the interview JSON *and* the summary PDF in one
  transaction — into SQLite, and into PostgreSQL;
- `cyberdesk office intake` (a real process, its start-up included: decrypt, verify everything,
  store interview, manifest and PDF, sign and write a receipt) into SQLite, into PostgreSQL with
  one worker, and into PostgreSQL with two workers racing over the same folder.

Prints each round's ratios to the baseline of the same database and round, their min and
median, for the wall time and for the CPU time (each process with the worker processes it
reaped, from `wait4`: on a machine others load, the wall time follows the CPU the scheduler
grants), the load (`uptime`) before and after, and the largest intake process's peak memory.

    .venv/bin/python bench/intake_bench.py [--count 500] [--rounds 3]

PostgreSQL is a throwaway cluster started with scripts/pg (with fsync on, like a real server).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def make_bundles(folder: Path, count: int, recipient: str) -> None:
    """`count` encrypted bundles as a laptop sends them: finalized interviews with random ids,
    both on-screen signatures (a name of 20 strokes, 40 points each, as the pad rounds them)
    and an audit trail of a whole interview (25 events), signed by the laptop. One summary is
    rendered, and each copy gets its own interview's id and document number in the keywords
    (the same length, so the PDF stays valid): the PDF's words are not what intake checks,
    its hash is. Before, the bundles had no signature, an empty trail and ids made of zeros,
    which cost intake's checks far less than real ones (~7 ms a bundle against ~2 ms)."""
    import math
    import random

    from interview_factory import interview

    from cyberdesk.catalogue import installed
    from cyberdesk.clock import now
    from cyberdesk.model.document import dumps
    from cyberdesk.model.interview import Status
    from cyberdesk.model.signing import sign
    from cyberdesk.services.bundle import (
        AUDIT,
        INTERVIEW,
        MANIFEST,
        SIGNATURE,
        SUMMARY,
        build,
        manifest_for,
        pack,
        sealed_name,
    )
    from cyberdesk.services.seal import Sealer
    from cyberdesk.trust import audit
    from cyberdesk.trust.keys import laptop_key

    sealer = Sealer(signing_key=laptop_key(), recipients=[recipient])
    fingerprint = laptop_key().fingerprint
    template = interview()
    finalized = copy.deepcopy(template)
    finalized.status, finalized.finalized_at = Status.FINALIZED, now()
    pdf = zipfile.ZipFile(io.BytesIO(build(finalized, installed().current()).data)).read(SUMMARY)
    stamp = f"{finalized.id} {finalized.document_number}".encode()
    trail = (["created"] + ["step_shown"] * 12
             + ["initial_wishes_recorded", "plans_shown", "plan_chosen", "step_shown",
                "final_wishes_recorded", "step_shown", "printed", "signed", "signed",
                "step_shown", "printed", "finalized"])
    ids = random.Random(22)
    for index in range(count):
        iv = copy.deepcopy(template)
        iv.id = iv.lineage_id = f"{ids.getrandbits(128):032x}"
        iv.customer.company_name = f"株式会社ベンチ{index:05d}"
        iv.agent.agent_name = f"募集人{index % 40:02d}"
        strokes = [[(60 + 14 * stroke + 6 * math.cos((point + index) / 5),
                     40 + 2.5 * point + 4 * math.sin(point / 3), 0.4 + point / 100)
                    for point in range(40)] for stroke in range(20)]
        sign(iv, "customer", strokes, "高橋 健一", fingerprint)
        sign(iv, "agent", strokes[::-1], "佐藤 恵美", fingerprint)
        iv.status, iv.finalized_at = Status.FINALIZED, now()
        at, events, last = iv.finalized_at.isoformat(), [], None
        for name in trail:
            last = audit.follow(iv.id, last, at, iv.agent.agent_name, name,
                                ["customer"] if name == "signed" else ())
            events.append(last)
        summary = pdf.replace(stamp, f"{iv.id} {iv.document_number}".encode())
        members = {INTERVIEW: dumps(iv).encode("utf-8"), SUMMARY: summary,
                   AUDIT: audit.to_bytes(iv.id, events)}
        manifest = (json.dumps(manifest_for(iv, members, sealer.signer), ensure_ascii=False,
                               indent=2) + "\n").encode("utf-8")
        data = pack([(MANIFEST, manifest), *members.items(), (SIGNATURE, sealer.signature(manifest))],
                    iv.finalized_at.isoformat())
        (folder / sealed_name(iv, id_length=32)).write_bytes(sealer.encrypt(data))


def baseline(folder: Path, url: str, identity_file: Path) -> None:
    """The fair floor, run as its own process: everything intake must do but verify and answer —
    read each file, decrypt it, unzip it, parse its interview, and insert the interview's JSON
    and its summary PDF, all in one transaction (SQLite with its default rollback journal and
    synchronous=FULL, as durable as intake's), streaming: one bundle in memory at a time."""
    import pyrage

    identities = [pyrage.x25519.Identity.from_str(line) for line in
                  identity_file.read_text().splitlines() if line.startswith("AGE-SECRET-KEY-")]

    def rows():
        for path in sorted(folder.glob("*.age")):
            plain = pyrage.decrypt(path.read_bytes(), identities)
            with zipfile.ZipFile(io.BytesIO(plain)) as archive:
                text = archive.read("interview.json").decode("utf-8")
                pdf = archive.read("summary.pdf")
            yield json.loads(text)["id"], text, pdf

    schema = ("CREATE TABLE interviews (id TEXT PRIMARY KEY, document TEXT NOT NULL)",
              "CREATE TABLE pdfs (id TEXT PRIMARY KEY REFERENCES interviews (id), data {blob})")
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("PRAGMA synchronous = FULL")
        for statement in schema:
            connection.execute(statement.format(blob="BLOB"))
        connection.execute("BEGIN")
        for key, text, pdf in rows():
            connection.execute("INSERT INTO interviews VALUES (?, ?)", (key, text))
            connection.execute("INSERT INTO pdfs VALUES (?, ?)", (key, pdf))
        connection.execute("COMMIT")
        connection.close()
        return
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    with psycopg.connect(host=parsed.query["host"], port=int(parsed.query["port"]),
                         user="postgres", dbname=parsed.database) as connection:
        for statement in schema:
            connection.execute(statement.format(blob="BYTEA"))
        with connection.pipeline(), connection.cursor() as cursor:
            for key, text, pdf in rows():
                cursor.execute("INSERT INTO interviews VALUES (%s, %s)", (key, text))
                cursor.execute("INSERT INTO pdfs VALUES (%s, %s)", (key, pdf))
        connection.commit()


def create_schema(url: str) -> None:
    """Before the clock starts: the workers race over bundles, not over the migration; and head
    office knows the laptop that signed them."""
    from office_fixtures import register_laptop

    subprocess.run([sys.executable, "-m", "cyberdesk", "office", "report", "--db", url],
                   check=True, capture_output=True)
    register_laptop(url)


def run_processes(commands: list[list[str]], folder: Path
                  ) -> tuple[float, float, float, float, list[str]]:
    """Run the commands side by side: wall seconds, CPU seconds (all of them, with their
    children) and the system's share of them, the largest peak RSS (MB), last lines."""
    with contextlib.ExitStack() as stack:
        outputs = [stack.enter_context(tempfile.TemporaryFile()) for _ in commands]
        return _run(commands, outputs, folder)


def _run(commands: list[list[str]], outputs: list, folder: Path
         ) -> tuple[float, float, float, float, list[str]]:
    start = time.perf_counter()
    running = [subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
               for command, out in zip(commands, outputs, strict=True)]
    peak = cpu = system = 0.0
    for process in running:
        _pid, status, usage = os.wait4(process.pid, 0)
        peak = max(peak, usage.ru_maxrss / 1024)
        cpu += usage.ru_utime + usage.ru_stime
        system += usage.ru_stime
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    lines = []
    for process, out in zip(running, outputs, strict=True):
        out.seek(0)
        text = out.read().decode("utf-8", "replace").strip()
        if process.returncode != 0:
            raise SystemExit(f"{folder}: a run failed ({process.returncode}): {text[-2000:]}")
        lines.append(text.splitlines()[-1] if text else "")
    return seconds, cpu, system, peak, lines


def fresh_copy(master: Path, target: Path) -> Path:
    """The bundles as hard links in a new folder: every run starts from the same inbox."""
    target.mkdir()
    for path in master.iterdir():
        os.link(path, target / path.name)
    return target


def read_through(folder: Path) -> None:
    """Every bundle read once before the clock starts, for the baseline and intake alike: on this
    virtual machine, file pages left alone for a few minutes are slow to read again though the
    system holds them (10,000 bundles: 6.7 s of waiting the first time, 0.9 s the next), and
    whichever run came first after such a pause paid for it."""
    for path in folder.iterdir():
        with path.open("rb") as handle:
            while handle.read(1 << 20):
                pass


def compile_bytecode(cache: Path) -> None:
    """Every process of the bench reads compiled bytecode, as on an installed head office (pip
    compiles on install): a checkout run with PYTHONDONTWRITEBYTECODE (this machine's shells
    set it) would compile CyberDesk's sources in every intake process, ~0.15 s of CPU that the
    baseline, made of the standard library and pyrage, never pays. Kept in a folder of the
    bench's own (PYTHONPYCACHEPREFIX), compiled before the clock starts."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(cache)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "cyberdesk")],
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", "import cyberdesk.cli.main, cyberdesk.office.intake, "
                    "sqlalchemy.dialects.sqlite, pyrage, psycopg"], check=True)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--baseline", nargs=3, metavar=("FOLDER", "URL", "KEYFILE"),
                        help=argparse.SUPPRESS)  # the baseline process itself
    args = parser.parse_args()
    if args.baseline:
        folder, url, key = args.baseline
        baseline(Path(folder), url, Path(key))
        return
    work = Path(tempfile.mkdtemp(prefix="cyberdesk-intake-bench-"))
    os.environ["CYBERDESK_HOME"] = str(work / "home")
    os.environ.setdefault("CYBERDESK_KEYS", str(work / "keys"))  # no keychain needed
    compile_bytecode(work / "pycache")
    from office_fixtures import new_pg_database

    master = work / "master"
    master.mkdir()
    key_file = work / "office.txt"
    subprocess.run([sys.executable, "-m", "cyberdesk", "office", "keygen", str(key_file)],
                   check=True, capture_output=True)
    recipient = next(line.split(": ", 1)[1] for line in key_file.read_text().splitlines()
                     if line.startswith("# public key: "))
    pg_dir = Path(tempfile.mkdtemp(prefix="cyberdesk-pg-"))
    server = None if args.no_pg else subprocess.run(
        [str(ROOT / "scripts" / "pg"), "start", str(pg_dir)], check=True, capture_output=True,
        text=True).stdout.strip()
    variants = [("baseline SQLite", "sqlite", 0), ("intake SQLite", "sqlite", 1)]
    if server:
        variants += [("baseline PostgreSQL", "pg", 0), ("intake PostgreSQL", "pg", 1),
                     ("intake PostgreSQL, 2 workers", "pg", 2)]
    try:
        start = time.perf_counter()
        make_bundles(master, args.count, recipient)
        size = sum(p.stat().st_size for p in master.iterdir())
        print(f"setup: {args.count} encrypted bundles, {size / 1e6:.0f} MB, made in "
              f"{time.perf_counter() - start:.1f} s")
        print(f"load before: {uptime()}")
        times: dict[str, list[float]] = {name: [] for name, _kind, _n in variants}
        cpus: dict[str, list[float]] = {name: [] for name, _kind, _n in variants}
        peak = 0.0
        for round_ in range(args.rounds):
            for number, (name, kind, workers) in enumerate(variants):
                folder = fresh_copy(master, work / f"inbox-{round_}-{number}")
                read_through(folder)
                url = (f"sqlite:///{work / f'db-{round_}-{number}.sqlite3'}" if kind == "sqlite"
                       else new_pg_database(server))
                if workers:
                    create_schema(url)
                    command = [sys.executable, "-m", "cyberdesk", "office", "intake", str(folder),
                               "--db", url, "--identity", str(key_file),
                               "--quarantine", str(work / f"quarantine-{round_}-{number}")]
                else:
                    command = [sys.executable, __file__, "--baseline", str(folder), url,
                               str(key_file)]
                seconds, cpu, system, rss, lines = run_processes([command] * max(workers, 1),
                                                                 folder)
                if workers:
                    peak = max(peak, rss)
                times[name].append(seconds)
                cpus[name].append(cpu)
                print(f"round {round_ + 1}  {name:30s} {seconds:7.2f} s  CPU {cpu:6.2f} s "
                      f"(system {system:5.2f} s)  "
                      f"{rss:5.0f} MB"
                      + (f"   {' | '.join(lines)}" if workers else ""), flush=True)
                # The database goes (its pages back to the system: on this virtual machine,
                # memory never touched before costs every later run more); the folder, its
                # 500 receipts included, stays until the end: deleting them just before the next
                # run made ext4 pass over the inodes it had just freed for each new receipt
                # (`recently_deleted`, ~0.35 s of the system's CPU per 500), a cost of the
                # bench's own clean-up that only intake, which writes files, paid.
                if kind == "sqlite":
                    for leftover in work.glob(f"db-{round_}-{number}.sqlite3*"):
                        leftover.unlink()
        print(f"load after: {uptime()}")
        print("ratios, each to its baseline in the same round (lower is better): min / median")
        pairs = [("intake SQLite", "baseline SQLite")]
        if server:
            pairs += [("intake PostgreSQL", "baseline PostgreSQL"),
                      ("intake PostgreSQL, 2 workers", "baseline PostgreSQL"),
                      ("intake PostgreSQL, 2 workers", "intake PostgreSQL")]
        for what, table in (("wall", times), ("CPU", cpus)):
            for name, base in pairs:
                ratios = [a / b for a, b in zip(table[name], table[base], strict=True)]
                print(f"  {what:4s} {name:30s} / {base:20s} {min(ratios):5.2f}x / "
                      f"{statistics.median(ratios):5.2f}x   "
                      f"({', '.join(f'{r:.2f}' for r in ratios)})")
        print(f"largest intake process: {peak:.0f} MB resident at its peak")
    finally:
        if server:
            subprocess.run([str(ROOT / "scripts" / "pg"), "stop", str(pg_dir)],
                           capture_output=True)
        shutil.rmtree(pg_dir, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
