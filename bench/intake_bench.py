"""What head office's intake costs, against the plainest possible load of the same bundles.

Makes COUNT valid bundles (distinct interviews; one summary PDF rendered once and shared, which
`verify` allows: it checks the PDF's hash, not its words), then in the same run, each on a fresh
database:

- baseline: unzip each bundle, parse its interview.json, insert the JSON text into one table,
  all in one transaction — into SQLite, and into PostgreSQL;
- `cyberdesk office intake` (a real process, its start-up included: verify everything, store
  interview, manifest and PDF, write a receipt) into SQLite, into PostgreSQL with one worker,
  and into PostgreSQL with two workers racing over the same folder.

Prints the times and the ratios to the baseline of the same database.

    .venv/bin/python bench/intake_bench.py [--count 10000]

PostgreSQL is a throwaway cluster started with scripts/pg (with fsync on, like a real server).
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def make_bundles(folder: Path, count: int) -> None:
    """`count` bundles as a laptop sends them (signed, with their audit trail), made without
    rendering the PDF each time: one summary is rendered, and each copy gets its own interview's
    id and document number in the keywords (the same length, so the PDF stays valid)."""
    from interview_factory import interview

    from cyberdesk.catalogue import installed
    from cyberdesk.clock import now
    from cyberdesk.model.document import dumps
    from cyberdesk.model.interview import Status
    from cyberdesk.services.bundle import (
        AUDIT,
        INTERVIEW,
        MANIFEST,
        SIGNATURE,
        SUMMARY,
        build,
        bundle_name,
        manifest_for,
        pack,
    )
    from cyberdesk.services.seal import Sealer
    from cyberdesk.trust import audit
    from cyberdesk.trust.keys import laptop_key

    sealer = Sealer(signing_key=laptop_key())
    template = interview()
    template.status, template.finalized_at = Status.FINALIZED, now()
    pdf = zipfile.ZipFile(io.BytesIO(build(template, installed().current()).data)).read(SUMMARY)
    stamp = f"{template.id} {template.document_number}".encode()
    for index in range(count):
        iv = copy.deepcopy(template)
        iv.id = iv.lineage_id = f"{index:032x}"
        iv.customer.company_name = f"株式会社ベンチ{index:05d}"
        iv.agent.agent_name = f"募集人{index % 40:02d}"
        summary = pdf.replace(stamp, f"{iv.id} {iv.document_number}".encode())
        members = {INTERVIEW: dumps(iv).encode("utf-8"), SUMMARY: summary,
                   AUDIT: audit.to_bytes(iv.id, [])}
        manifest = (json.dumps(manifest_for(iv, members, sealer.signer), ensure_ascii=False,
                               indent=2) + "\n").encode("utf-8")
        data = pack([(MANIFEST, manifest), *members.items(), (SIGNATURE, sealer.signature(manifest))],
                    iv.finalized_at.isoformat())
        (folder / bundle_name(iv)).write_bytes(data)


def baseline(folder: Path, url: str) -> None:
    """Unzip, parse, insert the JSON: one transaction."""
    rows = []
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            text = archive.read("interview.json").decode("utf-8")
        rows.append((json.loads(text)["id"], text))
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        connection.execute("CREATE TABLE interviews (id TEXT PRIMARY KEY, document TEXT)")
        with connection:
            connection.executemany("INSERT INTO interviews VALUES (?, ?)", rows)
        connection.close()
        return
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    with psycopg.connect(host=parsed.query["host"], port=int(parsed.query["port"]),
                         user="postgres", dbname=parsed.database) as connection:
        connection.execute("CREATE TABLE interviews (id TEXT PRIMARY KEY, document TEXT)")
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO interviews VALUES (%s, %s)", rows)
        connection.commit()


def create_schema(url: str) -> None:
    """Before the clock starts: the workers race over bundles, not over the migration; and head
    office knows the laptop that signed them."""
    from office_fixtures import register_laptop

    subprocess.run([sys.executable, "-m", "cyberdesk", "office", "report", "--db", url],
                   check=True, capture_output=True)
    register_laptop(url)


def intake(folder: Path, url: str, workers: int) -> list[str]:
    command = [sys.executable, "-m", "cyberdesk", "office", "intake", str(folder), "--db", url]
    running = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(workers)]
    outputs = [process.communicate() for process in running]
    for process, (_out, err) in zip(running, outputs, strict=True):
        if process.returncode != 0:
            raise SystemExit(f"intake failed: {err}")
    shutil.rmtree(folder / "receipts")
    return [out.strip().splitlines()[-1] for out, _err in outputs]


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cyberdesk-intake-bench-"))
    os.environ["CYBERDESK_HOME"] = str(work / "home")
    sys.path.insert(0, str(ROOT / "tests"))
    from office_fixtures import new_pg_database

    inbox = work / "inbox"
    inbox.mkdir()
    pg_dir = Path(tempfile.mkdtemp(prefix="cyberdesk-pg-"))
    server = subprocess.run([str(ROOT / "scripts" / "pg"), "start", str(pg_dir)], check=True,
                            capture_output=True, text=True).stdout.strip()
    try:
        seconds, _ = timed(lambda: make_bundles(inbox, args.count))
        size = sum(p.stat().st_size for p in inbox.glob("*.zip"))
        print(f"setup: {args.count} bundles, {size / 1e6:.0f} MB, made in {seconds:.1f} s")
        results = {}
        for name, url, work_ in (
            ("baseline SQLite", f"sqlite:///{work / 'base.sqlite3'}", None),
            ("intake SQLite, 1 worker", f"sqlite:///{work / 'office.sqlite3'}", 1),
            ("baseline PostgreSQL", new_pg_database(server), None),
            ("intake PostgreSQL, 1 worker", new_pg_database(server), 1),
            ("intake PostgreSQL, 2 workers", new_pg_database(server), 2),
        ):
            if work_ is not None:
                create_schema(url)
            job = (lambda url=url: baseline(inbox, url)) if work_ is None else (
                lambda url=url, n=work_: intake(inbox, url, n))
            seconds, lines = timed(job)
            results[name] = seconds
            print(f"{name:32s} {seconds:8.2f} s  {args.count / seconds:8.0f} bundles/s"
                  + (f"   {' | '.join(lines)}" if lines else ""))
        print("ratios (lower is better):")
        for name, base in (("intake SQLite, 1 worker", "baseline SQLite"),
                           ("intake PostgreSQL, 1 worker", "baseline PostgreSQL"),
                           ("intake PostgreSQL, 2 workers", "baseline PostgreSQL")):
            print(f"  {name:32s} {results[name] / results[base]:5.2f}x its baseline")
        print(f"  2 workers vs 1 on PostgreSQL     "
              f"{results['intake PostgreSQL, 2 workers'] / results['intake PostgreSQL, 1 worker']:5.2f}x")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"largest intake process: {peak:.0f} MB resident at its peak")
    finally:
        subprocess.run([str(ROOT / "scripts" / "pg"), "stop", str(pg_dir)], capture_output=True)
        shutil.rmtree(pg_dir, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
