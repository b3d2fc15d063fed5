"""10,000 stored interviews against none, in one run: the start of the whole app, a keystroke in
the search field and clearing it.

Start: `cyberdesk gui --smoke` from launch to the window shown and to ready-to-save (as
bench/startup_bench.py times them), alternating an empty data folder and one with 10,000
interviews (median of --runs each); goal: at most 1.2x (issue 22: the list is read from a
covering index, migration 0005, without decrypting the documents). Search: in one process, a main
window on each folder side by side, half a second after they were shown; each keystroke of a
company name is typed into the search field, then the field is cleared; --rounds rounds, the
windows and the two ways of measuring interleaved (see typing_times: "app" is what the app does
before the next key, the goal's measure; "forced" is the earlier forced repaint). Reported per
keystroke as the median over rounds, then the max and median over the keystrokes, with the
slowest single keystroke, wall-clock and CPU, and the load before and after. Goals: a
keystroke within 16 ms and clearing within 50 ms with 10,000.

    .venv/bin/python bench/scale_bench.py [--runs 7] [--rounds 5] [--no-start]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import date, timedelta

from scratch import scratch

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


class _Paints:
    """Counts the table's paint events (a keystroke that changes the rows shown must paint)."""

    def __init__(self, viewport) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            count = 0

            def eventFilter(self, _watched, event) -> bool:
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        self.filter = Filter()
        viewport.installEventFilter(self.filter)


def typing_times(homes: dict[str, str], rounds: int) -> dict[str, dict[str, list[list[float]]]]:
    """Per data folder and way of measuring, per round, the seconds of each keystroke of TYPED and
    then of clearing the field, in main windows open side by side, the rounds interleaved.

    "app": the text set, then the event loop run until idle — what the app does before the next
    key: the search, the model, the view's layout and its paint (counted: a keystroke that
    changes the rows shown paints once; one that leaves them as they are need not paint).
    "forced": the text set, the table repainted at once (`viewport().repaint()`), then the event
    loop run — the measure before issue 22's last round, which paints twice when the number of
    rows changes (once forced, once after the view's layout) and once when nothing changed.
    Wall-clock and, separately, the main thread's CPU time (what the machine's load disturbs least)."""
    from PySide6.QtWidgets import QApplication

    from cyberdesk.gui.main_window import MainWindow
    from cyberdesk.services.laptop import open_store

    app = QApplication.instance()
    windows = {}
    for name, home in homes.items():
        os.environ["CYBERDESK_HOME"] = home
        store = open_store()
        window = MainWindow(store)
        window.resize(1280, 700)
        window.show()
        windows[name] = (store, window, _Paints(window.ui.table.viewport()))
    settle = time.perf_counter() + 0.5  # half a second after the start, before the first key
    while time.perf_counter() < settle:
        app.processEvents()
    texts = [TYPED[:length] for length in range(1, len(TYPED) + 1)] + [""]
    times: dict[str, dict[str, list[list[float]]]] = {
        name: {f"{way} {clock}": [] for way in ("app", "forced") for clock in ("wall", "cpu")}
        for name in homes}
    for _round in range(rounds):
        for way in ("app", "forced"):
            for name, (_store, window, paints) in windows.items():
                search, viewport = window.ui.searchEdit, window.ui.table.viewport()
                walls, cpus = [], []
                for text in texts:
                    paints.filter.count = 0
                    wall, cpu = time.perf_counter(), time.thread_time()
                    search.setText(text)
                    if way == "forced":
                        viewport.repaint()
                    app.processEvents()
                    walls.append(time.perf_counter() - wall)
                    cpus.append(time.thread_time() - cpu)
                    if (way, name) == ("app", "10k") and text in (TYPED[:9], "") \
                            and not paints.filter.count:
                        raise AssertionError("a keystroke that changed the rows did not paint")
                times[name][f"{way} wall"].append(walls)
                times[name][f"{way} cpu"].append(cpus)
    for store, window, _paints in windows.values():
        window.close()
        store.close()
    return times


def main() -> None:
    print(f"load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="launches of each start")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of typing")
    parser.add_argument("--no-start", action="store_true", help="measure the search only")
    args = parser.parse_args()
    runs = args.runs
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # the keys in a throw-away folder: no keychain needed (the default, where there is one)
    if "CYBERDESK_KEYS" not in os.environ:
        os.environ["CYBERDESK_KEYS"] = str(scratch("cyberdesk-keys-"))
    homes = {"none": str(scratch("cyberdesk-none-")), "10k": str(scratch("cyberdesk-10k-"))}
    fill(homes["none"], 0)
    fill(homes["10k"], STORED)
    start = {} if args.no_start else start_times(homes, runs)
    from PySide6.QtWidgets import QApplication

    from cyberdesk.gui.qt_setup import install_font

    app = QApplication(sys.argv)
    install_font(app)
    typing = typing_times(homes, args.rounds)
    for index, what in enumerate(() if args.no_start else ("window shown", "ready to save")):
        none, full = start["none"][index], start["10k"][index]
        print(f"start, launch to {what} (median of {runs}): none {none * 1e3:.0f} ms, "
              f"{STORED:,} {full * 1e3:.0f} ms — ratio {full / none:.2f} (goal ≤ 1.2)")
    keys = len(TYPED)
    print(f"search: {keys} keystrokes of {TYPED!r} then clearing, {args.rounds} rounds interleaved "
          "(ms; per keystroke the median over rounds, then the max and median over keystrokes; "
          "'every' = the slowest single keystroke of all rounds)")
    for measure in ("app wall", "app cpu", "forced wall", "forced cpu"):
        cells = []
        for name in ("none", "10k"):
            rounds = typing[name][measure]
            per_key = [statistics.median(r[i] for r in rounds) for i in range(keys)]
            every = max(max(r[:keys]) for r in rounds)
            clear = statistics.median(r[keys] for r in rounds)
            cells.append(f"{name}: max {max(per_key) * 1e3:5.1f} median "
                         f"{statistics.median(per_key) * 1e3:5.1f} every {every * 1e3:5.1f} "
                         f"clear {clear * 1e3:5.1f}")
        ratios = [max(t) / max(n) for t, n in zip((r[:keys] for r in typing["10k"][measure]),
                                                   (r[:keys] for r in typing["none"][measure]),
                                                   strict=True)]
        print(f"  {measure:<12} {' | '.join(cells)} | slowest 10k/none per round "
              f"min {min(ratios):.1f}x median {statistics.median(ratios):.1f}x")
    print("goal: every keystroke ≤ 16 ms, clearing ≤ 50 ms, with 10,000")
    print(f"load average after {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    app.quit()


if __name__ == "__main__":
    main()
