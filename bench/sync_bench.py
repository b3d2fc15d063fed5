"""What delivering bundles safely costs, against the plainest possible copy of the same files.

Exports COUNT finalized interviews (setup, timed apart), then in the same run: a `shutil.copy`
loop of the outbox into one folder, the same loop with an fsync per file (the durability floor),
and `cyberdesk.services.sync.sync` into a third (temporary name, fsync, rename, directory fsync,
read back and hash, one database transaction per bundle), then a second sync that has nothing
to do. Prints the times and the ratios.

    .venv/bin/python bench/sync_bench.py [--count 1000] [--folder DIR]

--folder puts both targets under DIR (e.g. a mounted network share) instead of the temporary
folder beside the outbox.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def durable_copy(source: Path, target: Path) -> None:
    """A copy that survives a power cut, without the checks: where the fsync floor lies."""
    with open(source, "rb") as reader, open(target, "wb") as writer:
        shutil.copyfileobj(reader, writer)
        writer.flush()
        os.fsync(writer.fileno())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--folder", type=Path, help="where to put the two target folders")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cyberdesk-sync-bench-"))
    os.environ["CYBERDESK_HOME"] = str(work / "home")

    from bundle_helpers import add_finalized

    from cyberdesk.files import paths
    from cyberdesk.services.export import export
    from cyberdesk.services.laptop import open_store
    from cyberdesk.services.sync import sync

    base = Path(tempfile.mkdtemp(prefix="cyberdesk-sync-bench-", dir=args.folder)) if args.folder \
        else work
    plain_folder, durable_folder, sync_folder = base / "plain", base / "durable", base / "synced"
    for folder in (plain_folder, durable_folder, sync_folder):
        folder.mkdir()
    try:
        with open_store() as store:
            start = time.perf_counter()
            for interview_id in add_finalized(store, count=args.count):
                export(store, interview_id)
            setup = time.perf_counter() - start
            bundles = sorted(paths.outbox_dir().iterdir())
            size = sum(p.stat().st_size for p in bundles)

            start = time.perf_counter()
            for bundle in bundles:
                shutil.copy(bundle, plain_folder)
            plain = time.perf_counter() - start

            start = time.perf_counter()
            for bundle in bundles:
                durable_copy(bundle, durable_folder / bundle.name)
            durable = time.perf_counter() - start

            start = time.perf_counter()
            result = sync(store, sync_folder)
            synced = time.perf_counter() - start
            assert result.complete and len(result.copied) == len(bundles), result.problems

            start = time.perf_counter()
            again = sync(store, sync_folder)
            nothing = time.perf_counter() - start
            assert again.copied == []
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.folder:
            shutil.rmtree(base, ignore_errors=True)

    print(f"{len(bundles)} bundles, {size / 1e6:.1f} MB; export (setup, PDF included) {setup:.1f} s")
    print(f"shutil.copy loop       {plain:8.3f} s  ({plain / len(bundles) * 1000:.2f} ms/bundle)")
    print(f"copy + fsync loop      {durable:8.3f} s  ({durable / len(bundles) * 1000:.2f} ms/bundle)")
    print(f"sync (checked)         {synced:8.3f} s  ({synced / len(bundles) * 1000:.2f} ms/bundle)")
    print(f"second sync (nothing)  {nothing:8.3f} s")
    print(f"ratio sync / plain copy: {synced / plain:.1f}x; sync / copy + fsync: {synced / durable:.1f}x")


if __name__ == "__main__":
    main()
