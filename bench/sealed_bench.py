"""What encrypting and signing costs on the agent's side: export + sync of COUNT finalized
interviews with a deployment file (signed with the laptop key, encrypted with age to two
head-office recipients) against today's plain path (neither), measured in the same run.

Each round exports COUNT interviews on each path in a fresh data folder, one from each path in
turn (so that the load of a shared machine hits both alike), then syncs each; the best round of
each path is reported, with the ratios. The goal is a ratio within 1.2.

    .venv/bin/python bench/sealed_bench.py [--count 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from scratch import scratch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def one_round(work: Path, count: int, recipients: list[str]) -> dict[bool, float]:
    """Export and sync `count` interviews on each path, each in a new data folder, the exports
    interleaved one by one (the machine's load hits both alike); the seconds each path took."""
    from bundle_helpers import add_finalized
    from sealed_helpers import deploy

    from cyberdesk.services.export import export
    from cyberdesk.services.laptop import open_store
    from cyberdesk.services.seal import Sealer
    from cyberdesk.services.sync import sync

    homes = {sealed: Path(tempfile.mkdtemp(dir=work)) for sealed in (False, True)}
    deploy(homes[True], recipients)
    stores, ids, spent = {}, {}, dict.fromkeys(homes, 0.0)
    for sealed, home in homes.items():
        os.environ["CYBERDESK_HOME"] = str(home)
        stores[sealed] = open_store()
        ids[sealed] = add_finalized(stores[sealed], count=count)
    try:
        for index in range(count):
            for sealed in homes:
                os.environ["CYBERDESK_HOME"] = str(homes[sealed])
                start = time.perf_counter()  # the default sealer: the laptop key, the deployment
                export(stores[sealed], ids[sealed][index], sealer=None if sealed else Sealer())
                spent[sealed] += time.perf_counter() - start
        for sealed in homes:
            os.environ["CYBERDESK_HOME"] = str(homes[sealed])
            folder = Path(tempfile.mkdtemp(dir=work, prefix="sync-"))
            start = time.perf_counter()
            result = sync(stores[sealed], folder)
            spent[sealed] += time.perf_counter() - start
            assert result.complete and len(result.copied) == count, result.problems
            suffix = ".age" if sealed else ".zip"
            assert all(p.name.endswith(suffix) for p in folder.iterdir() if p.is_file())
    finally:
        for store in stores.values():
            store.close()
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = scratch("cyberdesk-sealed-bench-")
    os.environ["CYBERDESK_KEYS"] = str(work / "keys")
    # head office's signing key, which the deployment file names (as the tests' conftest does)
    from cyberdesk.services import messages

    signing = work / "office.signing.txt"
    signing.write_text(messages.new_office_key().file_text(), encoding="ascii")
    os.environ["CYBERDESK_OFFICE_SIGNING_KEY"] = str(signing)

    from cyberdesk.services.seal import new_identity

    recipients = [new_identity()[1], new_identity()[1]]
    one_round(work, 2, recipients)  # warm-up: imports, fonts, the laptop key
    rounds = [one_round(work, args.count, recipients) for _round in range(args.rounds)]
    plain, sealed = min(r[False] for r in rounds), min(r[True] for r in rounds)
    ratios = sorted(r[True] / r[False] for r in rounds)
    print(f"export + sync of {args.count} interviews, best of {args.rounds} rounds")
    print(f"  plain (today's path):          {plain:7.2f} s  ({plain / args.count * 1000:6.1f} ms each)")
    print(f"  signed + encrypted (age, 2 r.): {sealed:7.2f} s  ({sealed / args.count * 1000:6.1f} ms each)")
    print(f"  ratio sealed / plain: {sealed / plain:.3f} (best rounds), per round "
          f"{', '.join(f'{r:.3f}' for r in ratios)}  (goal: within 1.2)")


if __name__ == "__main__":
    main()
