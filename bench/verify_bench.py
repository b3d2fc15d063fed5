"""What head office's `verify` costs now that it streams, bounds and cross-checks everything,
against the verify of commit 043b7b5 (before issue 9: its verify, bundle and interview-file
modules, loaded from git), measured in the same run on the same files.

1. COUNT copies of one real bundle in a folder (each is checked in full; all but the first are
   duplicates): the old `verify` and the new one, in this process, in turn, best of REPEAT each.
2. A zip bomb: a bundle whose summary.pdf inflates from about 3 MB to 3 GB, and a 2 GB sparse
   file that is not a zip: `cyberdesk verify` as a real process, its time and peak memory (RSS),
   against `python -c pass` (the floor of any process).

    .venv/bin/python bench/verify_bench.py [--count 2000] [--repeat 5] [--bomb-gb 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

from scratch import scratch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
BASELINE_COMMIT = "043b7b5"


def _old_module(name: str, source: str):
    """A module of the baseline commit, its own imports pointed at the other baseline modules."""
    code = subprocess.run(["git", "-C", str(ROOT), "show", f"{BASELINE_COMMIT}:{source}"],
                          capture_output=True, text=True, check=True).stdout
    code = code.replace("from cyberdesk.services.bundle import", "from old_bundle import")
    code = code.replace("from cyberdesk.model.document import", "from old_document import")
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    exec(compile(code, source, "exec"), module.__dict__)
    return module


def best_of_interleaved(repeat: int, *runs) -> list[float]:
    """The best time of each of `runs`, run in turn `repeat` times (so that a busy moment of the
    machine hits them alike)."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, kept in zip(runs, times, strict=True):
            start = time.perf_counter()
            run()
            kept.append(time.perf_counter() - start)
    return [min(kept) for kept in times]


def bomb(path: Path, gigabytes: int) -> None:
    """A zip whose one member inflates to `gigabytes` GB of zeros (deflate, about 1:1000)."""
    size = gigabytes << 30
    block = bytes(1 << 24)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc, data = 0, []
    for _ in range(size // len(block)):
        data.append(compressor.compress(block))
        crc = zlib.crc32(block, crc)
    data.append(compressor.flush())
    payload = b"".join(data)
    info = zipfile.ZipInfo("summary.pdf", date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", b"{}")
        # zipfile cannot write a member from already-deflated data: patch sizes in afterwards.
        archive.writestr(info, b"\0")
    raw = bytearray(path.read_bytes())
    at = raw.rfind(b"PK\x03\x04")
    header = raw[at:at + 30]
    name_len = int.from_bytes(header[26:28], "little")
    start = at + 30 + name_len
    central = raw.find(b"PK\x01\x02", start)
    old_data_len = central - start
    new = raw[:start] + payload + raw[start + old_data_len:]
    delta = len(payload) - old_data_len

    def patch(offset: int) -> None:  # crc, compressed, uncompressed of a local/central header
        new[offset:offset + 4] = crc.to_bytes(4, "little")
        new[offset + 4:offset + 8] = len(payload).to_bytes(4, "little")
        new[offset + 8:offset + 12] = (size & 0xFFFFFFFF if size < 1 << 32 else 0xFFFFFFFF) \
            .to_bytes(4, "little")
    patch(at + 14)
    cd = new.rfind(b"PK\x01\x02")
    patch(cd + 16)
    eocd = new.rfind(b"PK\x05\x06")
    cd_offset = int.from_bytes(new[eocd + 16:eocd + 20], "little") + delta
    new[eocd + 16:eocd + 20] = cd_offset.to_bytes(4, "little")
    path.write_bytes(bytes(new))


_MEASURE = ("import resource, subprocess, sys, time\n"
            "start = time.perf_counter()\n"
            "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
            "print(time.perf_counter() - start, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")


def process(*args: str) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of a real process, its output discarded, measured by
    a small parent of its own (a child of this process would count this process's memory)."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, *args],
                          capture_output=True, text=True, check=True)
    seconds, kib, code = done.stdout.split()
    return float(seconds), int(kib) / 1024, int(code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bomb-gb", type=int, default=3)
    args = parser.parse_args()
    work = scratch("cyberdesk-verify-bench-")
    os.environ["CYBERDESK_HOME"] = str(work / "home")

    from bundle_helpers import add_finalized

    from cyberdesk.services.export import export
    from cyberdesk.services.laptop import open_store
    from cyberdesk.services.verify import Verdict, verify

    with open_store() as store:
        [interview_id] = add_finalized(store)
        good = export(store, interview_id).path.read_bytes()
    folder = work / "inbox"
    folder.mkdir()
    for index in range(args.count):
        (folder / f"b{index:05d}.zip").write_bytes(good)

    _old_module("old_document", "cyberdesk/model/document.py")
    _old_module("old_bundle", "cyberdesk/services/bundle.py")
    old_verify = _old_module("old_verify", "cyberdesk/services/verify.py").verify
    new_reports: list = []
    old, new = best_of_interleaved(
        args.repeat, lambda: old_verify([folder]),
        lambda: new_reports.__setitem__(slice(None), verify([folder])))
    assert sum(r.verdict is Verdict.OK for r in new_reports) == 1, "the bundle must verify"
    print(f"verify of {args.count} good bundles (best of {args.repeat}):")
    print(f"  before issue 9 ({BASELINE_COMMIT}) {old:7.3f} s")
    print(f"  now                      {new:7.3f} s   ratio now/before {new / old:.2f}")

    bomb_path = work / "bomb.zip"
    bomb(bomb_path, args.bomb_gb)
    sparse = work / "big.zip"
    with open(sparse, "wb") as handle:
        handle.truncate(2 << 30)
    floor = process("-c", "pass")
    print(f"\nprocess floor (python -c pass): {floor[0]:.3f} s, {floor[1]:.0f} MB")
    for label, path in ((f"zip bomb ({bomb_path.stat().st_size >> 20} MB -> {args.bomb_gb} GB)",
                         bomb_path), ("2 GB file that is not a zip", sparse)):
        seconds, rss, code = process("-m", "cyberdesk", "verify", str(path))
        print(f"{label}: {seconds:.3f} s ({seconds / floor[0]:.1f}x the floor), "
              f"peak {rss:.0f} MB ({rss / floor[1]:.1f}x), exit {code}")


if __name__ == "__main__":
    main()
