"""What delivering bundles safely costs, against the plainest possible copy of the same files.

Exports COUNT finalized interviews (encrypted, as a deployment file says; setup, timed apart),
then ROUNDS times, interleaved: a `shutil.copy` loop of the outbox into one folder, the same loop
with an fsync per file and one of the folder (the durability floor), and
`cyberdesk.services.sync.sync` into a third (temporary name, hashed as copied, fsync, rename,
one folder fsync, one database transaction), then a second sync that has nothing to do; the
bundles are then marked waiting again for the next round. Prints each round's times, the load
(`uptime`) before and after, and the min and median ratios.

    .venv/bin/python bench/sync_bench.py [--count 500] [--rounds 3] [--folder DIR]

--folder puts the targets under DIR (e.g. a mounted network share) instead of the temporary
folder beside the outbox.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cyberdesk.files.atomic import fsync_dir

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def durable_copy(source: Path, target: Path) -> None:
    """A copy that survives a power cut, without the checks: where the fsync floor lies."""
    with open(source, "rb") as reader, open(target, "wb") as writer:
        shutil.copyfileobj(reader, writer)
        writer.flush()
        os.fsync(writer.fileno())


def deploy(home: Path) -> None:
    """A deployment file as IT places it: bundles encrypted to a head office key of the run's."""
    from cyberdesk.services import messages, seal

    _identity, public = seal.new_identity()
    home.mkdir(parents=True)
    (home / "deployment.toml").write_text(
        f'format = "cyberdesk.deployment"\nversion = 1\nrecipients = ["{public}"]\n'
        f'office_signing_key = "{messages.public_text(messages.new_office_key().public_bytes)}"\n',
        encoding="utf-8")


def unsync(store, ids: list[str]) -> None:
    """Back to waiting (exported, not synced): the next round delivers the same bundles again.
    A bench's shortcut through the store's own transaction; the app never goes back."""
    from cyberdesk.model.interview import Status

    for interview_id in ids:
        interview = store.get(interview_id)
        interview.status = Status.EXPORTED
        store._write_status(interview, also=lambda transaction, i=interview_id: transaction.execute(
            "UPDATE bundles SET synced_at = NULL, synced_to = NULL WHERE interview_id = ?", (i,)))


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="where to put the target folders")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cyberdesk-sync-bench-"))
    os.environ["CYBERDESK_HOME"] = str(work / "home")
    deploy(work / "home")

    from bundle_helpers import add_finalized

    from cyberdesk.files import paths
    from cyberdesk.services.export import export
    from cyberdesk.services.laptop import open_store
    from cyberdesk.services.sync import sync

    base = Path(tempfile.mkdtemp(prefix="cyberdesk-sync-bench-", dir=args.folder)) if args.folder \
        else work
    times: dict[str, list[float]] = {"plain": [], "durable": [], "sync": [], "nothing": []}
    try:
        with open_store() as store:
            start = time.perf_counter()
            ids = add_finalized(store, count=args.count)
            for interview_id in ids:
                export(store, interview_id)
            setup = time.perf_counter() - start
            bundles = sorted(paths.outbox_dir().iterdir())
            size = sum(p.stat().st_size for p in bundles)
            print(f"{len(bundles)} encrypted bundles, {size / 1e6:.1f} MB; export (setup, PDF "
                  f"included) {setup:.1f} s", flush=True)
            print(f"load before: {uptime()}", flush=True)
            for round_ in range(args.rounds):
                folders = [base / f"{name}-{round_}" for name in ("plain", "durable", "synced")]
                for folder in folders:
                    folder.mkdir()
                plain_folder, durable_folder, sync_folder = folders

                start = time.perf_counter()
                for bundle in bundles:
                    shutil.copy(bundle, plain_folder)
                times["plain"].append(time.perf_counter() - start)

                start = time.perf_counter()
                for bundle in bundles:
                    durable_copy(bundle, durable_folder / bundle.name)
                fsync_dir(durable_folder)
                times["durable"].append(time.perf_counter() - start)

                start = time.perf_counter()
                result = sync(store, sync_folder)
                times["sync"].append(time.perf_counter() - start)
                assert result.complete and len(result.copied) == len(bundles), result.problems

                start = time.perf_counter()
                again = sync(store, sync_folder)
                times["nothing"].append(time.perf_counter() - start)
                assert again.copied == []
                print(f"round {round_ + 1}: copy {times['plain'][-1]:.3f} s, copy + fsync "
                      f"{times['durable'][-1]:.3f} s, sync {times['sync'][-1]:.3f} s, second "
                      f"sync {times['nothing'][-1]:.3f} s", flush=True)
                for folder in folders:
                    shutil.rmtree(folder)
                unsync(store, ids)
            print(f"load after: {uptime()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.folder:
            shutil.rmtree(base, ignore_errors=True)

    for name, base_name in (("sync", "durable"), ("sync", "plain")):
        ratios = [a / b for a, b in zip(times[name], times[base_name], strict=True)]
        print(f"{name} / {base_name:8s} min {min(ratios):5.2f}x  median "
              f"{statistics.median(ratios):5.2f}x   ({', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    main()
