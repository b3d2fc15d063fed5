"""Start-up: how long the agent waits for the window and until the app can save, against a bare
PySide6 QWizard, from the checkout and from the frozen build.

Every figure is a whole process started the same way, alternating, in one run, timed from the
launch: the hello-world creates a QApplication, shows an empty QWizard and quits when idle.
`cyberdesk --smoke` (200 stored interviews, schema current) prints a line the moment its window
is shown and idle, and another once the ORM has loaded on its own thread and the app can save;
the arrival of each line is timed here. The second line also reports the longest stretch the GUI
thread was busy in between (a 2 ms timer's largest gap).

Goals (issue 8): window ≤ 3.0× the hello-world, able to save ≤ 4.0×, no GUI pause over 50 ms.

    .venv/bin/python bench/startup_bench.py [--runs 9] [--frozen build/frozen/dist/CyberDesk]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HELLO = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard, QWizardPage
app = QApplication(sys.argv)
wizard = QWizard()
page = QWizardPage()
page.setTitle("Hello")
wizard.addPage(page)
wizard.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""
STORED = 200


def hello_run(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", HELLO], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def smoke_run(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(window, ready to save) seconds from launch, and the longest GUI pause in ms."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    window_line = process.stdout.readline()
    window = time.perf_counter() - started
    ready_line = process.stdout.readline()
    ready = time.perf_counter() - started
    process.wait()
    if process.returncode or not window_line or not ready_line:
        raise SystemExit(f"{command} failed ({process.returncode})")
    stall = float(re.findall(r"\d+", ready_line)[-1])
    return window, ready, stall


def fill(home: str) -> None:
    """A data folder holding `STORED` interviews at the current schema (no migration at start)."""
    os.environ["CYBERDESK_HOME"] = home
    from cyberdesk.catalogue import installed
    from cyberdesk.model.interview import Customer, Interview
    from cyberdesk.services.laptop import open_store

    catalogue = installed().current()
    with open_store() as store:
        for number in range(STORED):
            store.add(Interview(
                customer=Customer(company_name=f"株式会社サンプル{number:03d}", company_kana="サンプル"),
                interview_date=date(2026, 1, 1) + timedelta(days=number),
                catalogue_id=catalogue.id, catalogue_version=catalogue.version))


def ms(seconds: list[float]) -> str:
    return (f"median {statistics.median(seconds) * 1000:6.0f} ms "
            f"(min {min(seconds) * 1000:.0f}, max {max(seconds) * 1000:.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--frozen", type=Path, help="a one-folder build to time as well")
    options = parser.parse_args()
    home = tempfile.mkdtemp(prefix="cyberdesk-bench-")
    fill(home)
    env = {**os.environ, "CYBERDESK_HOME": home}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    apps = {"checkout": [sys.executable, "-m", "cyberdesk", "--smoke"]}
    if options.frozen:
        apps["frozen"] = [str(options.frozen / "cyberdesk"), "--smoke"]
    hello_run(env)
    for command in apps.values():  # warm the file cache
        smoke_run(command, env)
    hello: list[float] = []
    figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in apps}
    for _run in range(options.runs):
        hello.append(hello_run(env))
        for name, command in apps.items():
            figures[name].append(smoke_run(command, env))
    base = statistics.median(hello)
    print(f"runs: {options.runs} each, {STORED} stored interviews, "
          f"QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}")
    print(f"bare QWizard hello-world (whole process): {ms(hello)}")
    for name, runs in figures.items():
        window, ready, stall = ([run[i] for run in runs] for i in range(3))
        print(f"{name}: window shown    {ms(window)}  = {statistics.median(window) / base:.2f}x "
              f"(goal <= 3.0x)")
        print(f"{name}: able to save    {ms(ready)}  = {statistics.median(ready) / base:.2f}x "
              f"(goal <= 4.0x)")
        print(f"{name}: longest GUI pause until it could save: median {statistics.median(stall):.0f} ms, "
              f"max {max(stall):.0f} ms (goal <= 50 ms)")
    if "frozen" in figures:
        for index, what in ((0, "window"), (1, "able to save")):
            frozen = statistics.median(run[index] for run in figures["frozen"])
            checkout = statistics.median(run[index] for run in figures["checkout"])
            print(f"frozen / checkout, {what}: {frozen / checkout:.2f}x")


if __name__ == "__main__":
    main()
