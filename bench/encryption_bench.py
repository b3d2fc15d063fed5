"""The encrypted database against the plain one it replaced, in one run: the app's start-up
(window shown, able to save) and the time a change takes to reach the disk.

The plain baseline is the code before the database was encrypted (by default `main` while it is
plain, else the parent of the commit that added cyberdesk/trust/secretstore.py), checked out into a
temporary git worktree and run with the same Python. Each tree fills its own data folder with
the same 200 interviews; runs alternate between the two so that the machine's load falls on both
alike.

Goals (issue 13): start-up with SQLCipher within 1.2x of the plain database; typing-to-disk
unchanged. A keystroke never waits for the disk (the wizard saves on a worker thread), so what
the agent can notice is a change's way to the disk: the autosave throttle plus one save, as the
saver makes it. Both that and the bare save are reported.

    .venv/bin/python bench/encryption_bench.py [--runs 7] [--baseline REF]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import scratch
from startup_bench import ms, smoke_run  # the same whole-process timing

ROOT = Path(__file__).resolve().parent.parent

FILL = """
import sys
sys.path.insert(0, {bench!r})
from startup_bench import fill
fill({home!r})
"""
# One interview saved SAVES times, as the wizard's saver does after each change: the median.
SAVE = """
import statistics, time
from cyberdesk.catalogue import installed
from cyberdesk.model.interview import Customer, Interview
from cyberdesk.services.laptop import open_store
catalogue = installed().current()
with open_store() as store:
    store.summaries()
    interview = store.add(Interview(customer=Customer(company_name="株式会社計測"),
                                    catalogue_id=catalogue.id, catalogue_version=catalogue.version))
    times = []
    for number in range({saves}):
        interview.customer.company_name = f"株式会社計測{{number}}"
        started = time.perf_counter()
        store.save(interview, wizard_step=0)
        times.append(time.perf_counter() - started)
print(statistics.median(times))
"""
SAVES = 200
# What a machine with a keychain adds to the start-up: keyring's import and backend discovery
# (here no backend answers, so this is a lower bound; the keychain's own reply comes on top).
KEYCHAIN = """
import time
started = time.perf_counter()
import keyring
keyring.get_keyring()
print(time.perf_counter() - started)
"""


def baseline_ref() -> str:
    on_main = subprocess.run(["git", "cat-file", "-e", "main:cyberdesk/trust/secretstore.py"], cwd=ROOT,
                             capture_output=True)
    if on_main.returncode != 0:
        return "main"
    added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--",
                            "cyberdesk/trust/secretstore.py"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    if not added:
        raise SystemExit("no commit adds cyberdesk/trust/secretstore.py: give --baseline REF")
    return f"{added[-1]}^"


def environment(tree: Path, home: str, keys: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree), "CYBERDESK_HOME": home, "CYBERDESK_KEYS": keys,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", help="the plain database's commit (default: see above)")
    options = parser.parse_args()
    ref = options.baseline or baseline_ref()
    folder = scratch("cyberdesk-bench-")
    plain_tree = folder / "plain-tree"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(plain_tree), ref], cwd=ROOT,
                   check=True)
    try:
        trees = {"plain": plain_tree, "encrypted": ROOT}
        envs = {}
        for name, tree in trees.items():
            home, keys = str(folder / f"{name}-home"), str(folder / f"{name}-keys")
            envs[name] = environment(tree, home, keys)
            subprocess.run([sys.executable, "-c", FILL.format(bench=str(tree / "bench"), home=home)],
                           env=envs[name], check=True, capture_output=True)
        command = [sys.executable, "-m", "cyberdesk", "--smoke"]
        for name in trees:  # warm the file cache
            smoke_run(command, envs[name])
        starts: dict[str, list[tuple[float, float, float]]] = {name: [] for name in trees}
        saves: dict[str, list[float]] = {name: [] for name in trees}
        keychain: list[float] = []
        for _run in range(options.runs):
            keychain.append(float(subprocess.run([sys.executable, "-c", KEYCHAIN], env=envs["encrypted"],
                                                 check=True, capture_output=True, text=True).stdout))
            for name in trees:
                starts[name].append(smoke_run(command, envs[name]))
                done = subprocess.run([sys.executable, "-c", SAVE.format(saves=SAVES)],
                                      env=envs[name], check=True, capture_output=True, text=True)
                saves[name].append(float(done.stdout.split()[-1]))
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(plain_tree)], cwd=ROOT,
                       check=False)
    print(f"runs: {options.runs} each, alternating; baseline {ref}; 200 stored interviews")
    for index, what in ((0, "window shown"), (1, "able to save")):
        plain = [run[index] for run in starts["plain"]]
        encrypted = [run[index] for run in starts["encrypted"]]
        print(f"start-up, {what}: plain {ms(plain)}")
        print(f"start-up, {what}: encrypted {ms(encrypted)} = "
              f"{statistics.median(encrypted) / statistics.median(plain):.2f}x (goal <= 1.2x)")
    window = statistics.median(run[0] for run in starts["plain"])
    extra = statistics.median(keychain)
    print(f"keychain lookup (keyring import and discovery, not used here): {ms(keychain)}; with it "
          f"the encrypted window would be about "
          f"{(statistics.median(run[0] for run in starts['encrypted']) + extra) / window:.2f}x")
    from cyberdesk.services.session import DELAY_S

    plain, encrypted = statistics.median(saves["plain"]), statistics.median(saves["encrypted"])
    print(f"one save (median of {SAVES} per run): plain {plain * 1e3:.2f} ms, "
          f"encrypted {encrypted * 1e3:.2f} ms = {encrypted / plain:.2f}x")
    throttle = DELAY_S
    print(f"change to disk (throttle {DELAY_S * 1000:.0f} ms + one save): "
          f"{(throttle + encrypted) / (throttle + plain):.3f}x (goal: unchanged, <= 1.2x)")


if __name__ == "__main__":
    main()
