"""Start-up: how long the agent waits for the window, until the app can save and for it to quit,
against a bare PySide6 QWizard, from the checkout and from the frozen build.

Every figure is a whole process started the same way, alternating, in one run, timed from the
launch: the hello-world creates a QApplication, shows an empty QWizard and quits when idle.
`cyberdesk --smoke` (200 stored interviews, schema current) prints a line the moment its window
is shown and idle, and another once the wizard has loaded on its own thread and the app can save
(then it quits); the arrival of each line and the end of the process are timed here. The second
line also reports the longest stretch the GUI thread was busy in between (a 2 ms timer's
largest gap) and the CPU the app's other threads used during that stretch (near zero: the
machine, not the app, held the GUI thread).

Goals (issue 16): able to save <= 3.0x the hello-world's whole process; quitting (the able-to-save
line to the end of the process) <= 100 ms; no GUI pause over 50 ms caused by the app's threads.

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
from typing import NamedTuple

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


class Smoke(NamedTuple):
    """One `--smoke` process: seconds from its launch, and its longest GUI pause."""

    window: float
    ready: float  # able to save
    quit: float  # from the able-to-save line to the end of the process
    whole: float
    stall_ms: float
    others_cpu_ms: float  # CPU the app's other threads used during that pause


def smoke_run(command: list[str], env: dict[str, str]) -> Smoke:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True)
    assert process.stdout is not None
    window_line = process.stdout.readline()
    window = time.perf_counter() - started
    ready_line = process.stdout.readline()
    ready = time.perf_counter() - started
    process.wait()
    whole = time.perf_counter() - started
    if process.returncode or not window_line or not ready_line:
        raise SystemExit(f"{command} failed ({process.returncode})")
    numbers = [float(n) for n in re.findall(r"\d+", ready_line)]
    return Smoke(window, ready, whole - ready, whole, numbers[-2], numbers[-1])


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
    return (f"median {statistics.median(seconds) * 1000:5.0f} ms, min {min(seconds) * 1000:5.0f} "
            f"(max {max(seconds) * 1000:.0f})")


def ratio(seconds: list[float], base: list[float]) -> str:
    """Median over median and min over min."""
    return (f"= {statistics.median(seconds) / statistics.median(base):.2f}x median, "
            f"{min(seconds) / min(base):.2f}x min")


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
    figures: dict[str, list[Smoke]] = {name: [] for name in apps}
    for _run in range(options.runs):
        hello.append(hello_run(env))
        for name, command in apps.items():
            figures[name].append(smoke_run(command, env))
    print(f"runs: {options.runs} each, interleaved, {STORED} stored interviews, "
          f"QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}, load average {load()}")
    print(f"bare QWizard hello-world (whole process): {ms(hello)}")
    for name, runs in figures.items():
        for label, field, goal in (("window shown ", "window", ""),
                                   ("able to save ", "ready", " (goal <= 3.0x)"),
                                   ("whole process", "whole", "")):
            seconds = [getattr(run, field) for run in runs]
            print(f"{name}: {label} {ms(seconds)}  {ratio(seconds, hello)}{goal}")
        print(f"{name}: quitting      {ms([r.quit for r in runs])}  (goal <= 100 ms)")
        stalls = sorted(runs, key=lambda r: r.stall_ms)
        middle = stalls[len(stalls) // 2]
        print(f"{name}: longest GUI pause until it could save: median {middle.stall_ms:.0f} ms "
              f"(other threads' CPU in it {middle.others_cpu_ms:.0f} ms), min "
              f"{stalls[0].stall_ms:.0f} ms, max {stalls[-1].stall_ms:.0f} ms (other threads' CPU "
              f"{stalls[-1].others_cpu_ms:.0f} ms) (goal <= 50 ms caused by the app's threads)")
    if "frozen" in figures:
        for what in ("window", "ready", "whole"):
            frozen = statistics.median(getattr(run, what) for run in figures["frozen"])
            checkout = statistics.median(getattr(run, what) for run in figures["checkout"])
            print(f"frozen / checkout, {what}: {frozen / checkout:.2f}x")


def load() -> str:
    """The machine's load average (1, 5, 15 min): the figures mean little on a busy machine."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
