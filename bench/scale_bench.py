"""10,000 stored interviews against none, in one run: the start of the whole app, a keystroke in
the search field and clearing it.

Start: `cyberdesk gui --smoke` from launch to the window shown and to ready-to-save (as
bench/startup_bench.py times them), alternating an empty data folder and one with 10,000
interviews (median of --runs each); goal: at most 1.2x (issue 22: the list is read from a
covering index, migration 0005, without decrypting the documents). Search: in one process, a main
window on each folder; each keystroke of a company name is typed into the search field and the
table repainted at once (viewport().repaint()), half a second after the window was shown; then
the field is cleared the same way; goals:
a keystroke within 16 ms and clearing within 50 ms with 10,000 (the figures are also given as
ratios to the empty window, measured in the same run).

    .venv/bin/python bench/scale_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta

STORED = 10_000
TYPED = "株式会社サンプル1234"


def fill(home: str, count: int) -> None:
    """A data folder with `count` drafts at the current schema: one stored through the app, the
    rest copied from it in SQL (what matters here is reading and listing them, not writing)."""
    os.environ["CYBERDESK_HOME"] = home
    from cyberdesk.catalogue import installed
    from cyberdesk.model.interview import Customer, Interview
    from cyberdesk.services.laptop import open_store

    catalogue = installed().current()
    with open_store() as store:
        if not count:
            return
        customer = Customer(company_name="株式会社サンプル0", company_kana="サンプル")
        first = store.add(Interview(customer=customer, catalogue_id=catalogue.id,
                                    catalogue_version=catalogue.version))
        path, key = store.path, store.key
    from cyberdesk.store import database

    connection = database.connect(path, key)  # the database is encrypted with the laptop's key
    cursor = connection.execute("SELECT * FROM interviews WHERE id = ?", (first.id,))
    columns = [column[0] for column in cursor.description]
    row = dict(zip(columns, cursor.fetchone(), strict=True))
    copies = []
    for number in range(1, count):
        copy = dict(row)
        copy["id"] = copy["lineage_id"] = uuid.uuid4().hex
        copy["company_name"] = f"株式会社サンプル{number}"
        copy["interview_date"] = (date(2020, 1, 1) + timedelta(days=number % 2500)).isoformat()
        copies.append(tuple(copy[column] for column in columns))
    with connection:
        connection.executemany(f"INSERT INTO interviews ({', '.join(columns)}) VALUES "
                               f"({', '.join('?' * len(columns))})", copies)
    connection.close()


def start_times(homes: dict[str, str], runs: int) -> dict[str, tuple[float, float]]:
    """Median seconds from launch to the window shown and to ready-to-save, per data folder
    (startup_bench's measure: the arrival of each line `gui --smoke` prints)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from startup_bench import smoke_run

    command = [sys.executable, "-m", "cyberdesk", "gui", "--smoke"]
    envs = {name: {**os.environ, "CYBERDESK_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
            for name, home in homes.items()}
    for env in envs.values():
        smoke_run(command, env)  # warm the file cache
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in homes}
    for _run in range(runs):
        for name, env in envs.items():
            run = smoke_run(command, env)
            times[name].append((run.window, run.ready))
    return {name: (statistics.median(w for w, _r in values), statistics.median(r for _w, r in values))
            for name, values in times.items()}


def typing_times(home: str) -> tuple[list[float], float]:
    """Seconds per keystroke (search + repaint) and for clearing, in a main window on `home`."""
    from PySide6.QtWidgets import QApplication

    from cyberdesk.gui.main_window import MainWindow
    from cyberdesk.services.laptop import open_store

    os.environ["CYBERDESK_HOME"] = home
    app = QApplication.instance()
    with open_store() as store:
        window = MainWindow(store)
        window.resize(1280, 700)
        window.show()
        settle = time.perf_counter() + 0.5  # half a second after the start, before the first key
        while time.perf_counter() < settle:
            app.processEvents()
        search, viewport = window.ui.searchEdit, window.ui.table.viewport()

        def one(text: str) -> float:
            started = time.perf_counter()
            search.setText(text)
            viewport.repaint()
            app.processEvents()
            return time.perf_counter() - started

        keys = [one(TYPED[:length]) for length in range(1, len(TYPED) + 1)]
        clear = statistics.median([one(TYPED) and one("") for _round in range(5)])
        window.close()
    return keys, clear


def main() -> None:
    print(f"load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    homes = {"none": tempfile.mkdtemp(prefix="cyberdesk-none-"),
             "10k": tempfile.mkdtemp(prefix="cyberdesk-10k-")}
    fill(homes["none"], 0)
    fill(homes["10k"], STORED)
    start = start_times(homes, runs)
    from PySide6.QtWidgets import QApplication

    from cyberdesk.gui.qt_setup import install_font

    app = QApplication(sys.argv)
    install_font(app)
    typing = {name: typing_times(home) for name, home in homes.items()}
    key = {name: max(keys) for name, (keys, _clear) in typing.items()}
    typical = {name: statistics.median(keys) for name, (keys, _clear) in typing.items()}
    clear = {name: value for name, (_keys, value) in typing.items()}
    for index, what in enumerate(("window shown", "ready to save")):
        none, full = start["none"][index], start["10k"][index]
        print(f"start, launch to {what} (median of {runs}): none {none * 1e3:.0f} ms, "
              f"{STORED:,} {full * 1e3:.0f} ms — ratio {full / none:.2f} (goal ≤ 1.2)")
    print(f"search keystroke + repaint (median of {len(TYPED)}): none {typical['none'] * 1e3:.1f} ms, "
          f"{STORED:,} {typical['10k'] * 1e3:.1f} ms — ratio {typical['10k'] / typical['none']:.1f}; "
          f"slowest: none {key['none'] * 1e3:.1f} ms, {STORED:,} {key['10k'] * 1e3:.1f} ms (goal ≤ 16 ms)")
    print(f"clearing the search + repaint (median of 5): none {clear['none'] * 1e3:.1f} ms, "
          f"{STORED:,} {clear['10k'] * 1e3:.1f} ms — ratio {clear['10k'] / clear['none']:.1f} "
          f"(goal ≤ 50 ms)")
    app.quit()


if __name__ == "__main__":
    main()
