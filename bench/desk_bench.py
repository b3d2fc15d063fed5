"""The review desk on 100,000 revisions in PostgreSQL: how long until the first rows show, how long
a filter change takes, and a page further down — against a baseline of the same first page read
with psycopg alone (no SQLAlchemy, no Qt) in the same run.

The revisions are generated in the database by one `INSERT … SELECT … generate_series` (a real
interview file and manifest in each row, ids, companies, agencies, agents, dates, exceptions and
review states varied), then ANALYZEd; summary PDFs for the first thousand. The desk is the real
window (offscreen), opened on a fresh connection.

    .venv/bin/python bench/desk_bench.py [--count 100000] [--rounds 5]

PostgreSQL is a throwaway cluster started with scripts/pg (fsync on, like a real server).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

INSERT = """
INSERT INTO interviews (id, lineage_id, revision, previous_id, revision_reason, document_number,
    agency_code, agency_name, agent_name, agent_email, company_name, interview_date, plan,
    catalogue_id, catalogue_version, finalized_at, received_at, bundle_name, bundle_sha256,
    manifest, document, signer, audit, wishes_before_plans, exceptions, flagged, superseded,
    review_state, reviewed_at, review_note)
SELECT md5(i::text), md5(i::text), 1, NULL, '', 'CD-' || upper(left(md5(i::text), 8)) || '-01',
    'A' || lpad((i %% 20)::text, 4, '0') || '-567', '代理店' || (i %% 20), '募集人' || (i %% 400), '',
    '株式会社ベンチ' || lpad(i::text, 6, '0'), date '2025-12-01' + (i %% 365), 'basic',
    %(catalogue_id)s, %(catalogue_version)s,
    to_char(timestamp '2025-12-01' + i * interval '5 minutes', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'),
    to_char(timestamp '2025-12-01' + i * interval '5 minutes' + interval '1 hour',
            'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'),
    'b' || i || '.zip', md5(i::text) || md5(i::text), %(manifest)s, %(document)s, NULL, NULL,
    CASE WHEN i %% 3 = 0 THEN NULL ELSE true END,
    CASE WHEN i %% 10 = 0 THEN 'disclosure_not_explained' WHEN i %% 25 = 0
         THEN 'plans_before_wishes' ELSE '' END,
    (i %% 10 = 0 OR i %% 25 = 0), false,
    CASE i %% 7 WHEN 0 THEN 'approved' WHEN 1 THEN 'returned' WHEN 2 THEN 'on_hold'
         ELSE 'unreviewed' END, NULL, ''
FROM generate_series(1, %(count)s) AS i
"""


def fill(url: str, count: int) -> float:
    """Migrate, then generate `count` revisions; the seconds it took."""
    import psycopg
    from interview_factory import interview
    from sqlalchemy.engine import make_url

    from cyberdesk.catalogue import installed
    from cyberdesk.clock import now
    from cyberdesk.model.document import dumps
    from cyberdesk.model.interview import Status
    from cyberdesk.office.store import OfficeStore
    from cyberdesk.services.bundle import MANIFEST, SUMMARY, build

    started = time.perf_counter()
    OfficeStore.open(url).close()  # migrated
    template = interview()
    template.status, template.finalized_at = Status.FINALIZED, now()
    catalogue = installed().current()
    members = zipfile.ZipFile(io.BytesIO(build(template, catalogue).data))
    parsed = make_url(url)
    with psycopg.connect(host=parsed.query["host"], port=int(parsed.query["port"]),
                         user="postgres", dbname=parsed.database) as connection:
        connection.execute(INSERT, {"count": count, "catalogue_id": catalogue.id,
                                    "catalogue_version": catalogue.version,
                                    "manifest": members.read(MANIFEST).decode(),
                                    "document": dumps(template)})
        connection.execute("INSERT INTO summary_pdfs (interview_id, data) SELECT md5(i::text), "
                           "%(pdf)s FROM generate_series(1, 1000) AS i",
                           {"pdf": members.read(SUMMARY)})
        connection.commit()
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE interviews")
    return time.perf_counter() - started


def baseline(url: str) -> float:
    """The first page of the queue read with psycopg alone: the floor the desk stands on."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    started = time.perf_counter()
    with psycopg.connect(host=parsed.query["host"], port=int(parsed.query["port"]),
                         user="postgres", dbname=parsed.database) as connection:
        connection.execute("SELECT id, document_number, review_state, exceptions, agency_code, "
                           "agent_name, company_name, interview_date, received_at FROM "
                           "interviews WHERE NOT superseded ORDER BY flagged DESC, received_at, "
                           "id LIMIT 200").fetchall()
    return time.perf_counter() - started


def desk(url: str, rounds: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    started = time.perf_counter()
    from cyberdesk.gui.qt_setup import apply_language, install_font
    from cyberdesk.office.desk.window import DeskWindow
    from cyberdesk.office.store import OfficeStore

    install_font(app)
    apply_language(app, "ja")
    store = OfficeStore.open(url)
    window = DeskWindow(store)
    window.show()
    app.processEvents()
    first_rows = time.perf_counter() - started
    assert window.model.rowCount() > 0
    changes = [
        ("state: returned", lambda: window.state.setCurrentIndex(window.state.findData("returned"))),
        ("agency", lambda: window.agency.setCurrentIndex(2)),
        ("agent", lambda: window.agent.setCurrentIndex(5)),
        ("month", lambda: window.month.setCurrentIndex(3)),
        ("exception type", lambda: window.exception.setCurrentIndex(
            window.exception.findData("plans_before_wishes"))),
        ("imported from file", lambda: window.origin.setCurrentIndex(1)),
        ("clear filters", window.clear_filters),
        ("text: company", lambda: (window.search.setText("ベンチ0421"), window.apply_filters())),
        ("text: document number", lambda: (window.search.setText("cd-c4ca"),
                                           window.apply_filters())),
        ("text cleared", lambda: (window.search.setText(""), window.apply_filters())),
    ]
    filter_ms: dict[str, list[float]] = {name: [] for name, _change in changes}
    for _round in range(rounds):
        for name, change in changes:
            started = time.perf_counter()
            change()
            app.processEvents()
            filter_ms[name].append((time.perf_counter() - started) * 1000)
        window.clear_filters()
        app.processEvents()
    started = time.perf_counter()
    window.model.fetchMore()
    next_page_ms = (time.perf_counter() - started) * 1000
    record_ms = []
    for number in (0, 1, 2, 3, 4):
        started = time.perf_counter()
        window.record.show_record(window.model.row_at(number)["id"])
        app.processEvents()
        record_ms.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    store.review.count(window.filters())
    count_ms = (time.perf_counter() - started) * 1000
    window.close()
    store.close()
    return {"first_rows_s": first_rows, "filter_ms": filter_ms, "next_page_ms": next_page_ms,
            "record_ms": statistics.median(record_ms), "count_ms": count_ms}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the filter changes")
    args = parser.parse_args()
    print("load:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix="cyberdesk-desk-bench-"))
    server = subprocess.run([str(ROOT / "scripts" / "pg"), "start", str(folder)], check=True,
                            capture_output=True, text=True).stdout.strip()
    try:
        from office_fixtures import new_pg_database

        url = new_pg_database(server)
        made = fill(url, args.count)
        print(f"{args.count:,} revisions generated in {made:.1f} s")
        floor = min(baseline(url) for _ in range(3))
        result = desk(url, args.rounds)
        first = result["first_rows_s"]
        print(f"baseline (psycopg, first page): {floor * 1000:.1f} ms")
        print(f"desk, first rows shown: {first:.2f} s (target ≤ 1.5 s; {first / floor:.0f}× "
              "the baseline, which opens no window and reads no record)")
        for name, ms in result["filter_ms"].items():
            print(f"  filter change, {name}: median {statistics.median(ms):.1f} ms, "
                  f"max {max(ms):.1f} ms")
        values = [ms for runs in result["filter_ms"].values() for ms in runs]
        medians = [statistics.median(runs) for runs in result["filter_ms"].values()]
        print(f"filter change ({args.rounds} rounds): median {statistics.median(values):.1f} ms, "
              f"slowest median {max(medians):.1f} ms, slowest of all {max(values):.1f} ms "
              "(target ≤ 100 ms)")
        print(f"next page (fetchMore, 200 rows): {result['next_page_ms']:.1f} ms")
        print(f"a record opened (PDF, data, trail, checks, revisions): median "
              f"{result['record_ms']:.1f} ms; the count of all (on its own thread): "
              f"{result['count_ms']:.1f} ms")
        print("load:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    finally:
        subprocess.run([str(ROOT / "scripts" / "pg"), "stop", str(folder)], capture_output=True)
        subprocess.run(["rm", "-rf", str(folder)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
