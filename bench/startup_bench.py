"""Start-up time: the whole `cyberdesk gui --smoke` process against a bare PySide6 QWizard.

Both are whole processes started the same way, alternating, in one run: CyberDesk opens its
database (already at the current schema, 200 stored interviews), lists them, shows the main
window and quits when the event loop is idle; the hello-world creates a QApplication, shows an
empty QWizard and quits when idle. The goal is CyberDesk at most 3x the hello-world (medians).

    .venv/bin/python bench/startup_bench.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

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


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def fill(home: str) -> None:
    """A data folder holding `STORED` interviews at the current schema (no migration at start)."""
    os.environ["CYBERDESK_HOME"] = home
    from cyberdesk.catalogue import installed
    from cyberdesk.model.interview import Customer, Interview
    from cyberdesk.store.store import Store

    catalogue = installed().current()
    with Store.open() as store:
        for number in range(STORED):
            store.add(Interview(
                customer=Customer(company_name=f"株式会社サンプル{number:03d}", company_kana="サンプル"),
                interview_date=date(2026, 1, 1) + timedelta(days=number),
                catalogue_id=catalogue.id, catalogue_version=catalogue.version))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    home = tempfile.mkdtemp(prefix="cyberdesk-bench-")
    fill(home)
    env = {**os.environ, "CYBERDESK_HOME": home}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = [sys.executable, "-m", "cyberdesk", "gui", "--smoke"]
    hello = [sys.executable, "-c", HELLO]
    timed(app, env), timed(hello, env)  # warm the file cache for both
    app_times, hello_times = [], []
    for _run in range(runs):
        app_times.append(timed(app, env))
        hello_times.append(timed(hello, env))
    app_median, hello_median = statistics.median(app_times), statistics.median(hello_times)
    print(f"runs: {runs} each, {STORED} stored interviews, QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}")
    print(f"bare QWizard hello-world:  median {hello_median * 1000:6.0f} ms "
          f"(min {min(hello_times) * 1000:.0f}, max {max(hello_times) * 1000:.0f})")
    print(f"cyberdesk gui --smoke:     median {app_median * 1000:6.0f} ms "
          f"(min {min(app_times) * 1000:.0f}, max {max(app_times) * 1000:.0f})")
    ratio = app_median / hello_median
    print(f"ratio: {ratio:.2f}x (goal <= 3x): {'met' if ratio <= 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
